"""The account page in Chromium: every edit, the e-mail change, sessions, data, deletion."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.account_steps import (
    NEW_PASSWORD,
    WRONG_PASSWORD,
    create_account,
    expect_refused,
    field_in,
    fill_sign_in,
    open_account,
    open_card,
    open_sign_in,
    section,
    sign_in,
)
from tests.e2e.conftest import (
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
    submit_signup,
    wrong,
)

PROFILE = {
    "Nom d'usage": "Martin",
    "Date de naissance": "1990-05-17",
    "Lieu de naissance": "Lyon",
    "Pays de naissance": "France",
    "Adresse": "12 rue de Rivoli",
    "Code postal": "75004",
    "Commune": "Paris",
    "Pays": "France",
}


def test_account_page_needs_a_session(page: Page) -> None:
    page.goto("/mon-compte")
    expect(page.get_by_role("status").filter(has_text="Vous devez être connecté·e")).to_have_text(
        "Vous devez être connecté·e pour accéder à cette page."
    )
    expect(page).to_have_url(re.compile(r"/connexion/?$"))  # the reason left the address bar


def test_profile_edits_persist(page: Page, mailbox: SyncMailbox) -> None:
    create_account(page, mailbox, "profil")
    open_account(page)
    expect(section(page, "Mes informations")).to_contain_text("Angèle Dubois-Martin")
    info = open_card(page, "Mes informations")
    expect(page.get_by_label("Madame")).to_be_focused()  # the form's first field
    expect(page.get_by_label("Madame")).to_be_checked()
    expect(field(page, "Prénoms")).to_have_value("Angèle")
    expect(field(page, "Nom de naissance")).to_have_value("Dubois-Martin")
    check_axe(page)
    screenshot(page, "20-mon-compte")

    field_in(info, "Prénoms").fill("")
    info.get_by_role("button", name="Enregistrer mes informations").click()
    expect(page.locator("#first_names-error")).to_have_text("Veuillez saisir votre ou vos prénoms.")
    expect(field_in(info, "Prénoms")).to_be_focused()
    expect(field_in(info, "Prénoms")).to_have_attribute("aria-invalid", "true")
    check_axe(page)

    field_in(info, "Prénoms").fill("Angèle Marie")
    info.get_by_label("Monsieur").check()
    for label, value in PROFILE.items():
        field_in(info, label).fill(value)
    field_in(info, "Téléphone").fill("07 98 76 54 32")
    info.get_by_role("button", name="Enregistrer mes informations").click()
    expect(info.get_by_role("status")).to_have_text("Vos informations ont été enregistrées.")
    expect(info.locator(".card-details")).to_be_hidden()  # the card closed, its summary updated
    expect(info).to_contain_text("Angèle Marie Martin")
    expect(info).to_contain_text("12 rue de Rivoli, 75004 Paris, France")

    page.reload()
    expect(page.get_by_role("heading", name="Mes informations")).to_be_visible()
    open_card(page, "Mes informations")
    expect(field(page, "Prénoms")).to_have_value("Angèle Marie")
    expect(page.get_by_label("Monsieur")).to_be_checked()
    for label, value in PROFILE.items():
        expect(field(page, label)).to_have_value(value)
    expect(field(page, "Téléphone")).to_have_value("07 98 76 54 32")  # shown as typed in France
    activity = open_card(page, "Activité récente")
    expect(activity.get_by_role("cell", name="Données personnelles modifiées")).to_be_visible()


def test_password_change(page: Page, context: BrowserContext, mailbox: SyncMailbox) -> None:
    email = create_account(page, mailbox, "motdepasse")
    open_account(page)
    expect(
        section(page, "Mot de passe").get_by_text(
            re.compile(r"Mot de passe modifié le \d\d/\d\d/\d{4}")
        )
    ).to_be_visible()
    block = open_card(page, "Mot de passe")
    expect(field_in(block, "Mot de passe actuel")).to_be_focused()
    field_in(block, "Mot de passe actuel").fill(WRONG_PASSWORD)
    field_in(block, "Nouveau mot de passe").fill(NEW_PASSWORD)
    field_in(block, "Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    block.get_by_role("button", name="Modifier mon mot de passe").click()
    expect(page.locator("#current_password-error")).to_have_text(
        "Le mot de passe actuel est incorrect."
    )
    expect(field_in(block, "Mot de passe actuel")).to_be_focused()

    field_in(block, "Mot de passe actuel").fill(GOOD_PASSWORD)
    block.get_by_role("button", name="Modifier mon mot de passe").click()
    expect(block.get_by_role("status")).to_contain_text("Votre mot de passe a été modifié.")
    expect(field_in(block, "Mot de passe actuel")).to_have_value("")
    changed = mailbox.wait_for_sync(email, 3)[2]
    assert changed["Subject"] == "Le mot de passe de votre compte Mon Paris a été modifié"

    context.clear_cookies()  # another browser, so to speak (sign-out is tested with sign-in)
    open_sign_in(page)
    fill_sign_in(page, email, GOOD_PASSWORD)
    expect_refused(page)
    sign_in(page, email, NEW_PASSWORD)


def test_email_change_with_a_code(
    page: Page, context: BrowserContext, mailbox: SyncMailbox
) -> None:
    old_email = create_account(page, mailbox, "ancien")
    new_email = unique_email("nouveau")
    open_account(page)
    login = open_card(page, "Connexion à votre compte")
    expect(field_in(login, "Nouveau courriel")).to_be_focused()
    field_in(login, "Nouveau courriel").fill(new_email)
    login.get_by_role("button", name="Recevoir un code de validation").click()
    expect(
        login.get_by_role("heading", name="Valider votre courriel de connexion Mon Paris")
    ).to_be_visible()
    expect(login).to_contain_text(
        f"Nous avons envoyé un courriel à {new_email} pour que nous puissions procéder à la "
        "vérification de votre adresse de courriel. Après validation, votre courriel de "
        "connexion sera modifié."
    )
    expect(field_in(login, "Code de validation")).to_be_focused()
    code = mailbox.code_for(new_email)
    check_axe(page)
    screenshot(page, "21-changement-courriel")

    field_in(login, "Code de validation").fill(wrong(code))
    login.get_by_role("button", name="Valider", exact=True).click()
    expect(page.locator("#email_code-error")).to_have_text("Le code de validation est incorrect.")
    expect(page.locator("#login-email")).to_have_text(old_email)  # kept until the code is right

    # The first code may take a while to arrive: ask for another (the e2e app waits 5 s, and
    # the link counts down to that moment).
    resend = login.get_by_role("button", name=re.compile("^renvoyez le message"))
    expect(resend).to_be_disabled()
    time.sleep(RESEND_INTERVAL_SECONDS)
    expect(resend).to_be_enabled()
    resend.click()
    expect(login.get_by_role("status")).to_have_text(f"Un nouveau code a été envoyé à {new_email}.")
    code = mailbox.code_for(new_email, 2)
    field_in(login, "Code de validation").fill(code)
    login.get_by_role("button", name="Valider", exact=True).click()
    expect(login.get_by_role("status")).to_have_text(
        f"Votre courriel de connexion est maintenant {new_email}."
    )
    expect(page.locator("#login-email")).to_have_text(new_email)
    notice = mailbox.wait_for_sync(old_email, 3)[2]
    assert notice["Subject"] == "Votre courriel de connexion Mon Paris a été modifié"

    context.clear_cookies()  # another browser, so to speak (sign-out is tested with sign-in)
    open_sign_in(page)
    fill_sign_in(page, old_email, GOOD_PASSWORD)
    expect_refused(page)
    sign_in(page, new_email)


def test_data_download(page: Page, mailbox: SyncMailbox) -> None:
    email = create_account(page, mailbox, "export")
    open_account(page)
    data = section(page, "Télécharger mes données")
    with page.expect_download() as download_info:
        data.get_by_role("button", name="Télécharger mes données").click()
    download = download_info.value
    assert download.suggested_filename == "mes-donnees-mon-paris.json"
    content = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert content["account"]["email"] == email
    assert content["account"]["first_names"] == "Angèle"
    events = [entry["event"] for entry in content["activity"]]
    assert "created" in events
    assert "data_exported" in events
    subjects = [mail["subject"] for mail in content["emails_sent"]]
    assert "Votre compte Mon Paris a bien été créé" in subjects
    expect(data.get_by_role("status")).to_contain_text("mes-donnees-mon-paris.json")
    activity = open_card(page, "Activité récente")
    expect(activity.get_by_text("Données téléchargées").first).to_be_visible()


def test_account_deletion(page: Page, context: BrowserContext, mailbox: SyncMailbox) -> None:
    email = create_account(page, mailbox, "adieu")
    open_account(page)
    block = open_card(page, "Supprimer mon compte")
    confirm_word = field_in(block, "Pour confirmer, saisissez SUPPRIMER")
    field_in(block, "Mot de passe").fill(WRONG_PASSWORD)
    confirm_word.fill("oui")
    block.get_by_role("button", name="Supprimer mon compte", exact=True).click()
    expect(page.locator("#delete_confirmation-error")).to_have_text(
        "Pour confirmer, saisissez SUPPRIMER en majuscules."
    )
    expect(confirm_word).to_be_focused()
    check_axe(page)
    screenshot(page, "22-suppression-erreurs")

    confirm_word.fill("SUPPRIMER")
    block.get_by_role("button", name="Supprimer mon compte", exact=True).click()
    block.get_by_role("button", name="Supprimer définitivement").click()
    expect(page.locator("#delete_password-error")).to_have_text(
        "Le mot de passe actuel est incorrect."
    )
    expect(field_in(block, "Mot de passe")).to_be_focused()

    field_in(block, "Mot de passe").fill(GOOD_PASSWORD)
    block.get_by_role("button", name="Supprimer mon compte", exact=True).click()
    block.get_by_role("button", name="Supprimer définitivement").click()
    expect(page).to_have_url(re.compile(r"/\?notice=deleted$"))
    expect(
        page.get_by_text("Votre compte a été supprimé. Un courriel vous le confirme.")
    ).to_be_visible()
    goodbye = mailbox.wait_for_sync(email, 3)[2]
    assert goodbye["Subject"] == "Votre compte Mon Paris a été supprimé"
    page.goto("/mon-compte")
    expect(page).to_have_url(re.compile(r"/connexion/?$"))

    fill_sign_in(page, email, GOOD_PASSWORD)
    expect_refused(page)

    context.clear_cookies()  # the address is free again: a new sign-up gets its own code
    open_signup(page)
    fill_signup(page, email)
    submit_signup(page)
    enter_code(page, mailbox.code_for(email, 4))
    expect(page.get_by_role("heading", name="Votre compte a bien été créé !")).to_be_visible()


def test_sessions_seen_and_ended_from_another_browser(
    page: Page, browser: Browser, base_url: str, mailbox: SyncMailbox
) -> None:
    email = create_account(page, mailbox, "sessions")
    other = browser.new_context(base_url=base_url, locale="fr-FR")
    try:
        second = other.new_page()
        sign_in(second, email)
        expect(section(second, "Mes sessions")).to_contain_text("2 sessions ouvertes")
        expect(open_card(second, "Mes sessions").get_by_role("listitem")).to_have_count(2)

        open_account(page)
        sessions = open_card(page, "Mes sessions")
        expect(sessions.get_by_role("listitem")).to_have_count(2)
        expect(sessions.locator("[data-current='true']")).to_have_count(1)
        expect(sessions.locator("[data-current='true']")).to_contain_text("Cette session")
        expect(sessions.locator("strong", has_text="Chrome")).to_have_count(2)
        check_axe(page)
        screenshot(page, "23-sessions")
        sessions.get_by_role("button", name="Terminer cette session").click()
        expect(sessions.get_by_role("status")).to_have_text("La session a été terminée.")
        expect(sessions.get_by_role("listitem")).to_have_count(1)

        second.reload()  # the ended session opens nothing any more
        expect(second).to_have_url(re.compile(r"/connexion/?$"))

        sign_in(second, email)
        page.reload()
        open_card(page, "Mes sessions")
        expect(sessions.get_by_role("listitem")).to_have_count(2)
        sessions.get_by_role("button", name="Terminer toutes les autres sessions").click()
        expect(sessions.get_by_role("status")).to_have_text("Votre autre session a été terminée.")
        open_card(second, "Mes informations")  # the other browser still shows the page
        second.get_by_role("button", name="Enregistrer mes informations").click()
        expect(second).to_have_url(re.compile(r"/connexion/?$"))
        expect(
            second.get_by_text("Vous devez être connecté·e pour accéder à cette page.")
        ).to_be_visible()
    finally:
        other.close()
