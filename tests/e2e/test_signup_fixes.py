"""Issue 11, "things that go wrong" on the sign-up and code pages: one test per item, in
Chromium, as a person meets each of them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import (
    CAPTCHA_ANSWER,
    RESEND_INTERVAL_SECONDS,
    SyncMailbox,
    check_axe,
    screenshot,
    unique_email,
)
from tests.e2e.signup_steps import (
    GOOD_PASSWORD,
    enter_code,
    field,
    fill_signup,
    open_signup,
    sign_up_until_code,
    submit_signup,
)

DONE = "Votre compte a bien été créé !"
# Long enough for the debounced check (400 ms) and its answer to come back and re-render.
SETTLE_MS = 1500


def summary_count(page: Page, count: int) -> None:
    noun = "erreur" if count == 1 else "erreurs"
    expect(page.get_by_role("alert")).to_have_text(
        f"Le formulaire contient {count} {noun}. Corrigez les champs signalés."
    )


def test_shown_passwords_stay_shown_while_typing(page: Page) -> None:
    open_signup(page)
    password = field(page, "Créer un mot de passe")
    confirmation = field(page, "Confirmation du mot de passe")
    password.fill("Kw7!")
    page.get_by_role("button", name="Afficher les mots de passe").click()
    toggle = page.get_by_role("button", name="Masquer les mots de passe")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(password).to_have_attribute("type", "text")

    password.press("End")
    password.press_sequentially("pLx9zQ")  # keystrokes, and the state's answers to them
    page.wait_for_timeout(SETTLE_MS)
    expect(password).to_have_attribute("type", "text")
    expect(password).to_have_value(GOOD_PASSWORD)
    confirmation.press_sequentially(GOOD_PASSWORD)
    field(page, "Téléphone").focus()  # leaving the fields re-renders them with their errors
    page.wait_for_timeout(SETTLE_MS)
    expect(password).to_have_attribute("type", "text")
    expect(confirmation).to_have_attribute("type", "text")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    check_axe(page)
    screenshot(page, "11-1-mots-de-passe-affiches")

    toggle.click()
    expect(page.get_by_role("button", name="Afficher les mots de passe")).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(password).to_have_attribute("type", "password")
    expect(confirmation).to_have_attribute("type", "password")


def test_an_error_goes_as_soon_as_its_field_is_fixed(page: Page) -> None:
    open_signup(page)
    page.get_by_role("button", name="Continuer").click()
    summary_count(page, 8)
    expect(page.locator("#sex-error")).to_contain_text("Indiquez votre sexe")

    page.get_by_label("Femme").check()
    expect(page.locator("#sex-error")).to_be_empty()
    summary_count(page, 7)

    field(page, "Créer un mot de passe").fill(GOOD_PASSWORD)
    expect(page.locator("#password-error")).to_be_empty()
    summary_count(page, 6)
    field(page, "Confirmation du mot de passe").fill(GOOD_PASSWORD)
    expect(page.locator("#password-match")).to_have_text("Les deux mots de passe sont identiques.")
    expect(page.locator("#password_confirmation-error")).to_be_empty()
    expect(page.get_by_text("Veuillez confirmer votre mot de passe.")).to_have_count(0)
    summary_count(page, 5)

    page.get_by_role("checkbox", name=re.compile("J'accepte les Conditions")).check()
    expect(page.locator("#accept_terms-error")).to_be_empty()
    field(page, "Code de vérification").fill(CAPTCHA_ANSWER)
    field(page, "Prénom").focus()  # focus leaves the captcha block
    expect(page.locator("#captcha_answer-error")).to_be_empty()
    summary_count(page, 3)

    field(page, "Prénom").fill("Angèle")
    field(page, "Nom").fill("Dubois")
    field(page, "Courriel").fill(unique_email("corrige"))
    field(page, "Téléphone").focus()
    expect(page.locator(".field-error:not(:empty)")).to_have_count(0)
    expect(page.locator("form [role=alert]")).to_have_text("")  # the summary is gone
    check_axe(page)
    screenshot(page, "11-2-erreurs-corrigees")


def test_the_checklist_tells_the_servers_truth_about_a_common_password(page: Page) -> None:
    open_signup(page)
    password = field(page, "Créer un mot de passe")
    common_line = page.locator("#password-rules li[data-rule=not_common]")
    expect(common_line).to_have_text("Pas un mot de passe trop courant")

    password.fill(GOOD_PASSWORD)
    expect(common_line).to_have_attribute("data-met", "true")

    password.fill("Password1!")
    for rule in ["min_length", "lowercase", "uppercase", "digit", "special"]:
        expect(page.locator(f"#password-rules li[data-rule={rule}]")).to_have_attribute(
            "data-met", "true"
        )
    expect(common_line).to_have_attribute("data-met", "false")
    expect(page.locator("#password-verdict-status")).to_contain_text("trop courant")
    screenshot(page, "11-3-mot-de-passe-courant")

    # What the server says at submit is what the list said.
    fill_signup(page, unique_email("courant"), password="Password1!")
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("#password-error")).to_contain_text("trop courant")
    expect(common_line).to_have_attribute("data-met", "false")
    check_axe(page)


def test_the_captcha_is_judged_with_the_other_fields_and_its_answer_goes_with_its_image(
    page: Page, mailbox: SyncMailbox
) -> None:
    email = unique_email("captcha")
    open_signup(page)
    answer = field(page, "Code de vérification")
    answer.fill("ABC")
    page.get_by_role("button", name="Afficher un autre code").click()
    expect(answer).to_have_value("")

    fill_signup(page, "pas-un-courriel", **{"Code de vérification": "FAUX"})
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("#email-error")).to_contain_text("adresse de courriel valide")
    expect(page.locator("#captcha_answer-error")).to_contain_text(
        "Le code de vérification est incorrect"
    )
    summary_count(page, 2)
    expect(answer).to_have_value("")  # a new image: the old answer is gone with it
    check_axe(page)
    screenshot(page, "11-4-captcha-avec-les-autres-erreurs")

    field(page, "Courriel").fill(email)
    answer.fill(CAPTCHA_ANSWER)
    submit_signup(page)
    expect(page.get_by_text(email)).to_be_visible()
    assert mailbox.code_for(email)


def test_the_older_code_after_a_resend_says_a_newer_one_was_sent(
    page: Page, mailbox: SyncMailbox
) -> None:
    email = unique_email("ancien-code")
    first = sign_up_until_code(page, mailbox, email)
    page.get_by_role("button", name=re.compile("^renvoyez le message$")).click(
        timeout=RESEND_INTERVAL_SECONDS * 3000
    )
    second = mailbox.code_for(email, 2)
    if first == second:
        pytest.skip("the resend drew the same code (1 chance in 10,000)")
    enter_code(page, first)
    expect(page.locator("#code-error")).to_have_text(
        "Un nouveau code vous a été envoyé : celui-ci n'est plus valable. "
        "Saisissez le dernier code reçu."
    )
    expect(field(page, "Code de validation")).to_be_focused()
    check_axe(page)
    screenshot(page, "11-5-ancien-code")
    enter_code(page, second)
    expect(page.get_by_role("heading", name=DONE)).to_be_visible()


def test_only_the_tab_that_just_signed_up_is_congratulated(
    page: Page, context: BrowserContext, mailbox: SyncMailbox
) -> None:
    page.goto("/inscription/compte-cree")
    expect(page).to_have_url(re.compile(r"/inscription$"))
    expect(page.get_by_role("heading", name="Créer un compte Mon Paris", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=DONE)).to_have_count(0)

    email = unique_email("felicite")
    enter_code(page, sign_up_until_code(page, mailbox, email))
    expect(page.get_by_role("heading", name=DONE)).to_be_visible()
    page.reload()  # the same tab, right after: still its congratulation
    expect(page.get_by_role("heading", name=DONE)).to_be_visible()

    other = context.new_page()
    other.goto("/inscription/compte-cree")
    expect(other).to_have_url(re.compile(r"/inscription$"))
    expect(other.get_by_role("heading", name=DONE)).to_have_count(0)
