"""The four sign-up steps in Chromium, every path QA needs, with axe and screenshots."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import (
    CODE_TTL_SECONDS,
    RESEND_INTERVAL_SECONDS,
    SyncMailbox,
    advance_clock,
    check_axe,
    screenshot,
    unique_email,
)
from tests.e2e.signup_steps import (
    GOOD_PASSWORD,
    enter_code,
    expect_captcha_shown,
    field,
    fill_signup,
    open_signup,
    sign_up_until_code,
    submit_signup,
    wrong,
)

DONE = "Votre compte a bien été créé !"


def test_happy_path_four_steps(page: Page, mailbox: SyncMailbox) -> None:
    email = unique_email("heureux")
    page.goto("/")
    expect(page.get_by_text("Vous n'avez pas encore de compte ?")).to_be_visible()
    check_axe(page)
    screenshot(page, "0-accueil")

    open_signup(page)
    check_axe(page)
    fill_signup(page, email)
    screenshot(page, "1-formulaire")
    submit_signup(page)
    check_axe(page)
    screenshot(page, "2-code")

    code = mailbox.code_for(email)
    enter_code(page, code)
    expect(page.get_by_role("heading", name=DONE)).to_be_visible()
    for heading in ["Un compte unique", "Gérer vos données personnelles", "Besoin d'aide ?"]:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    check_axe(page)
    screenshot(page, "4-compte-cree")

    confirmation = mailbox.wait_for_sync(email, 2)[1]
    assert confirmation["Subject"] == "Votre compte Mon Paris a bien été créé"


def test_every_field_error_is_shown_under_its_field(page: Page) -> None:
    open_signup(page)
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("alert")).to_contain_text("erreurs")
    expected = {
        "sex-error": "Indiquez votre sexe",
        "first_name-error": "Veuillez saisir votre ou vos prénoms.",
        "last_name-error": "Veuillez saisir votre nom de naissance.",
        "email-error": "Veuillez saisir votre adresse de courriel.",
        "password-error": "Veuillez créer un mot de passe.",
        "password_confirmation-error": "Veuillez confirmer votre mot de passe.",
        "accept_terms-error": "Vous devez accepter les Conditions Générales",
        "captcha_answer-error": "Veuillez saisir le code de vérification.",
    }
    for error_id, text in expected.items():
        expect(page.locator(f"#{error_id}")).to_contain_text(text)
    expect(page.get_by_label("Femme")).to_be_focused()
    expect(field(page, "Prénom")).to_have_attribute("aria-invalid", "true")
    check_axe(page)
    screenshot(page, "1-erreurs")

    fill_signup(
        page, "pas-un-courriel", password="Azerty123!", **{"Prénom": "J3an", "Téléphone": "12"}
    )
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("#first_name-error")).to_contain_text("que des lettres")
    expect(page.locator("#email-error")).to_contain_text("adresse de courriel valide")
    expect(page.locator("#phone-error")).to_contain_text("numéro de téléphone valide")
    expect(page.locator("#password-error")).to_contain_text("trop courant")
    expect(field(page, "Prénom")).to_be_focused()


def test_field_is_checked_when_the_person_leaves_it(page: Page) -> None:
    open_signup(page)
    field(page, "Courriel").fill("jean@")
    field(page, "Téléphone").focus()
    expect(page.locator("#email-error")).to_contain_text("adresse de courriel valide")
    field(page, "Courriel").fill("jean@exemple.fr")
    field(page, "Téléphone").focus()
    expect(page.locator("#email-error")).to_be_empty()


def test_password_rules_tick_live_without_server_round_trip(page: Page) -> None:
    open_signup(page)
    frames: list[str] = []
    page.wait_for_timeout(300)
    password = field(page, "Créer un mot de passe")
    password.focus()
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(str(payload))))
    rules = page.locator("#password-rules li")
    checks = [
        ("a", {"lowercase"}),
        ("aB", {"lowercase", "uppercase"}),
        ("aB3", {"lowercase", "uppercase", "digit"}),
        ("aB3!", {"lowercase", "uppercase", "digit", "special"}),
        ("aB3!wxyz", {"min_length", "lowercase", "uppercase", "digit", "special"}),
    ]
    typed = ""
    for value, met in checks:
        password.press_sequentially(value[len(typed) :])
        typed = value
        for rule in ["min_length", "lowercase", "uppercase", "digit", "special"]:
            expect(rules.and_(page.locator(f"[data-rule={rule}]"))).to_have_attribute(
                "data-met", "true" if rule in met else "false"
            )
    confirmation = field(page, "Confirmation du mot de passe")
    confirmation.press_sequentially("aB3!wxy")
    expect(page.locator("#password-match")).to_have_text(
        "Les deux mots de passe ne sont pas identiques."
    )
    confirmation.press("z")
    expect(page.locator("#password-match")).to_have_text("Les deux mots de passe sont identiques.")
    sent_while_typing = [f for f in frames if "check_field" in f or "password" in f]
    assert sent_while_typing == []
    screenshot(page, "1-mot-de-passe-en-direct")


def test_random_password_fills_both_fields_and_can_be_seen(page: Page) -> None:
    open_signup(page)
    page.get_by_role("button", name="Proposition de mot de passe aléatoire").click()
    proposal = page.locator("#proposed-password")
    expect(proposal).to_have_text(re.compile(r"^\S{16}$"))
    value = proposal.inner_text()
    expect(field(page, "Créer un mot de passe")).to_have_value(value)
    expect(field(page, "Confirmation du mot de passe")).to_have_value(value)
    expect(field(page, "Créer un mot de passe")).to_have_attribute("type", "text")
    expect(page.locator("#password-rules li[data-met=false]")).to_have_count(0)
    expect(page.get_by_role("button", name="Copier le mot de passe proposé")).to_be_visible()
    page.get_by_role("button", name="Masquer les mots de passe").click()
    expect(field(page, "Créer un mot de passe")).to_have_attribute("type", "password")


def test_wrong_then_burnt_code(page: Page, mailbox: SyncMailbox) -> None:
    email = unique_email("brule")
    code = sign_up_until_code(page, mailbox, email)
    enter_code(page, wrong(code))
    expect(page.locator("#code-error")).to_have_text(
        "Le code de validation est incorrect. Il vous reste 2 essais."
    )
    expect(field(page, "Code de validation")).to_be_focused()
    screenshot(page, "3-code-incorrect")
    enter_code(page, wrong(code))
    enter_code(page, wrong(code))
    expect(page.locator("#code-error")).to_contain_text("Trop d'essais incorrects")
    enter_code(page, code)
    expect(page.locator("#code-error")).to_contain_text("Trop d'essais incorrects")
    # The way on: a new code.
    page.get_by_role("button", name=re.compile("^renvoyez le message$")).click(
        timeout=RESEND_INTERVAL_SECONDS * 3000
    )
    expect(
        page.get_by_role("status").filter(has_text="Un nouveau code a été envoyé")
    ).to_be_visible()
    enter_code(page, mailbox.code_for(email, 2))
    expect(page.get_by_role("heading", name=DONE)).to_be_visible()


def test_resend_is_throttled_with_a_countdown(page: Page, mailbox: SyncMailbox) -> None:
    email = unique_email("renvoi")
    sign_up_until_code(page, mailbox, email)
    throttled = page.get_by_role(
        "button", name=re.compile("renvoyez le message \\(possible dans \\d+ s\\)")
    )
    expect(throttled).to_be_disabled()
    enabled = page.get_by_role("button", name=re.compile("^renvoyez le message$"))
    expect(enabled).to_be_enabled(timeout=RESEND_INTERVAL_SECONDS * 3000)
    enabled.click()
    second = mailbox.code_for(email, 2)
    expect(throttled).to_be_disabled()
    enter_code(page, second)
    expect(page.get_by_role("heading", name=DONE)).to_be_visible()


def test_expired_code_says_so_and_a_new_one_works(
    page: Page, mailbox: SyncMailbox, base_url: str
) -> None:
    email = unique_email("expire")
    code = sign_up_until_code(page, mailbox, email)
    advance_clock(base_url, CODE_TTL_SECONDS)  # the code's last instant is over
    enter_code(page, code)
    expect(page.locator("#code-error")).to_have_text(
        "Ce code a expiré. Demandez l'envoi d'un nouveau code."
    )
    page.get_by_role("button", name=re.compile("^renvoyez le message$")).click()
    enter_code(page, mailbox.code_for(email, 2))
    expect(page.get_by_role("heading", name=DONE)).to_be_visible()


def test_cancel_returns_to_the_form_and_ends_the_flow(page: Page, mailbox: SyncMailbox) -> None:
    code = sign_up_until_code(page, mailbox, unique_email("annule"))
    page.get_by_role("button", name="Annuler").click()
    expect(page.get_by_role("heading", name="Créer un compte Mon Paris", level=1)).to_be_visible()
    page.goto("/inscription/code")
    expect(page.get_by_text("a expiré ou n'existe pas")).to_be_visible()
    expect(page.get_by_role("link", name="Recommencer votre inscription")).to_be_visible()
    assert code


def test_already_used_email_shows_the_same_screens(page: Page, mailbox: SyncMailbox) -> None:
    email = unique_email("deja")
    enter_code(page, sign_up_until_code(page, mailbox, email))
    expect(page.get_by_role("heading", name=DONE)).to_be_visible()

    open_signup(page)
    fill_signup(page, email)
    submit_signup(page)
    expect(page.get_by_text(email)).to_be_visible()
    expect(field(page, "Code de validation")).to_be_visible()
    warning = mailbox.wait_for_sync(email, 3)[2]
    assert "Tentative de création" in warning["Subject"]


def test_reload_and_second_tab_keep_the_flow(
    page: Page, context: BrowserContext, mailbox: SyncMailbox
) -> None:
    email = unique_email("recharge")
    code = sign_up_until_code(page, mailbox, email)
    page.reload()
    expect(page.get_by_text(email)).to_be_visible()
    other = context.new_page()
    other.goto("/inscription/code")
    expect(other.get_by_text(email)).to_be_visible()
    enter_code(other, code)
    expect(other.get_by_role("heading", name=DONE)).to_be_visible()
    enter_code(page, code)
    expect(page.get_by_text("Votre compte a déjà été créé.")).to_be_visible()


def test_keyboard_only_sign_up(page: Page, mailbox: SyncMailbox) -> None:
    email = unique_email("clavier")
    page.goto("/inscription")
    expect_captcha_shown(page)

    def tab_to(element_id: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
                return
        raise AssertionError(f"#{element_id} cannot be reached with Tab")

    tab_to("sex-female")
    page.keyboard.press("Space")
    for element_id, text in [
        ("first_name", "Angèle"),
        ("last_name", "Dubois"),
        ("email", email),
        ("password", GOOD_PASSWORD),
        ("password_confirmation", GOOD_PASSWORD),
    ]:
        tab_to(element_id)
        page.keyboard.type(text)
    tab_to("accept_terms")
    page.keyboard.press("Space")
    tab_to("captcha_answer")
    page.keyboard.type("MONPARIS")
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Valider votre courriel de connexion Mon Paris")
    ).to_be_visible()
    tab_to("code")
    page.keyboard.type(mailbox.code_for(email))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=DONE)).to_be_visible()


def test_static_pages_pass_axe(page: Page) -> None:
    for path, heading in [
        (
            "/conditions-generales-utilisation",
            "Conditions Générales d'Utilisation du compte Mon Paris",
        ),
        ("/donnees-personnelles", "Politique de gestion des données à caractère personnel"),
        ("/franceconnect/comment-l-utiliser", "Comment l'utiliser ?"),
        ("/inscription/code", "Valider votre courriel de connexion Mon Paris"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        check_axe(page)


def test_signup_page_at_320px_has_no_horizontal_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    open_signup(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.emulate_media(color_scheme="dark")
    check_axe(page)
    screenshot(page, "1-formulaire-sombre")


def test_the_resend_countdown_runs_in_the_browser(page: Page, mailbox: SyncMailbox) -> None:
    """The countdown ticks with no websocket frame a second: the page counts by itself."""
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append("f")))
    sign_up_until_code(page, mailbox, unique_email("compte-a-rebours"))
    button = page.get_by_role("button", name=re.compile(r"renvoyez le message \(possible dans"))
    expect(button).to_be_disabled()
    first = button.inner_text()
    page.wait_for_timeout(500)  # the page's answer to the sign-up has arrived by now
    before = len(frames)
    page.wait_for_timeout(3000)
    assert button.inner_text() != first  # it counted down…
    assert len(frames) == before  # …without the server
