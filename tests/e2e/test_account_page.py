"""The account page a person can scan (issue 11), one test per item: cards that open one at a
time, deletion asked twice, the sign-in page saying why, FranceConnect places by name, and the
e-mail change resend counting down."""

from __future__ import annotations

import re
import time

from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.account_steps import (
    card_button,
    create_account,
    field_in,
    open_account,
    open_card,
    section,
)
from tests.e2e.conftest import (
    RESEND_INTERVAL_SECONDS,
    SyncMailbox,
    check_axe,
    screenshot,
    unique_email,
)
from tests.e2e.signup_steps import GOOD_PASSWORD

CARDS = (
    "Connexion à votre compte",
    "Mot de passe",
    "Mes informations",
    "FranceConnect",
    "Mes sessions",
    "Activité récente",
    "Télécharger mes données",
    "Supprimer mon compte",
    "Déconnexion",
)
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def page_height(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def test_cards_a_person_can_scan_one_open_at_a_time(page: Page, mailbox: SyncMailbox) -> None:
    email = create_account(page, mailbox, "cartes")
    page.set_viewport_size(DESKTOP)
    open_account(page)
    for title in CARDS:
        expect(section(page, title)).to_be_visible()
    expect(section(page, "Connexion à votre compte")).to_contain_text(email)
    expect(section(page, "Mes sessions")).to_contain_text("1 session ouverte")
    expect(page.locator(".card-details:visible")).to_have_count(0)  # every form closed
    expect(page.locator("#contenu input:visible")).to_have_count(0)
    assert page_height(page) < 2600, "the closed cards should read as one short page"
    check_axe(page)
    screenshot(page, "24-mon-compte-cartes-1280")
    page.set_viewport_size(PHONE)
    check_axe(page)
    screenshot(page, "24-mon-compte-cartes-375")
    page.set_viewport_size(DESKTOP)

    # One card opens, focus moves into it; another opens and the first closes.
    login = open_card(page, "Connexion à votre compte")
    expect(field_in(login, "Nouveau courriel")).to_be_focused()
    check_axe(page)
    screenshot(page, "25-mon-compte-carte-ouverte")
    sessions = open_card(page, "Mes sessions")
    expect(card_button(page, "Connexion à votre compte")).to_have_attribute(
        "aria-expanded", "false"
    )
    expect(login.locator(".card-details")).to_be_hidden()
    expect(page.locator(".card-details:visible")).to_have_count(1)
    expect(sessions.get_by_role("heading", level=3)).to_be_focused()

    # A message stays in its card, and is gone once another card opens.
    data = section(page, "Télécharger mes données")
    with page.expect_download():
        data.get_by_role("button", name="Télécharger mes données").click()
    expect(data.get_by_role("status")).to_contain_text("mes-donnees-mon-paris.json")
    expect(page.get_by_role("status").filter(has_text="Le téléchargement")).to_have_count(1)
    open_card(page, "Mot de passe")
    expect(data.get_by_text("mes-donnees-mon-paris.json")).to_have_count(0)

    # Closing gives focus back to the card's button; the keyboard opens a card too.
    password_button = card_button(page, "Mot de passe")
    password_button.click()
    expect(password_button).to_have_attribute("aria-expanded", "false")
    expect(password_button).to_be_focused()
    password_button.press("Enter")
    expect(password_button).to_have_attribute("aria-expanded", "true")
    expect(field_in(section(page, "Mot de passe"), "Mot de passe actuel")).to_be_focused()
    section(page, "Mot de passe").get_by_role("button", name="Annuler").click()
    expect(password_button).to_be_focused()
    expect(page.locator(".card-details:visible")).to_have_count(0)


def test_deletion_is_dangerous_exact_and_asked_twice(
    page: Page, context: BrowserContext, mailbox: SyncMailbox
) -> None:
    create_account(page, mailbox, "suppression")
    open_account(page)
    block = open_card(page, "Supprimer mon compte")
    delete = block.get_by_role("button", name="Supprimer mon compte", exact=True)
    expect(delete).to_have_class(re.compile(r"\bbutton-danger\b"))
    expect(field_in(block, "Mot de passe")).to_be_focused()

    field_in(block, "Mot de passe").fill(GOOD_PASSWORD)
    field_in(block, "Pour confirmer, saisissez SUPPRIMER").fill("supprimer")
    delete.click()
    expect(page.locator("#delete_confirmation-error")).to_have_text(
        "Pour confirmer, saisissez SUPPRIMER en majuscules."
    )  # lower case is refused, as the message says
    expect(block.get_by_text("Êtes-vous sûr·e ?")).to_have_count(0)

    # Enter in the field asks the second question, it does not delete.
    word = field_in(block, "Pour confirmer, saisissez SUPPRIMER")
    word.fill("SUPPRIMER")
    word.press("Enter")
    question = block.get_by_text("Êtes-vous sûr·e ? Cette action est définitive.")
    expect(question).to_be_visible()
    expect(page.locator("#delete-confirm-title")).to_be_focused()
    final = block.get_by_role("button", name="Supprimer définitivement")
    expect(final).to_have_class(re.compile(r"\bbutton-danger\b"))
    check_axe(page)
    screenshot(page, "26-suppression-confirmation")

    # "Annuler" keeps the account, by keyboard: Tab reaches it after "Supprimer définitivement".
    final.focus()
    page.keyboard.press("Tab")
    cancel = block.get_by_role("button", name="Annuler")
    expect(cancel).to_be_focused()
    page.keyboard.press("Enter")
    expect(question).to_have_count(0)
    expect(delete).to_be_focused()

    delete.click()
    final = block.get_by_role("button", name="Supprimer définitivement")
    final.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/\?notice=deleted$"))
    expect(page.get_by_role("status").filter(has_text="Votre compte a été supprimé")).to_have_text(
        "Votre compte a été supprimé. Un courriel vous le confirme."
    )
    check_axe(page)
    screenshot(page, "27-compte-supprime")


def test_the_sign_in_page_says_why_it_was_opened(page: Page) -> None:
    page.goto("/mon-compte")
    notice = page.get_by_role("status").filter(has_text="connecté·e")
    expect(notice).to_have_text("Vous devez être connecté·e pour accéder à cette page.")
    expect(page).to_have_url(re.compile(r"/connexion/?$"))  # no reason kept in the address
    check_axe(page)
    screenshot(page, "28-connexion-requise")
    page.reload()
    expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
    expect(page.get_by_text("Vous devez être connecté·e")).to_have_count(0)


def test_the_email_change_resend_counts_down(page: Page, mailbox: SyncMailbox) -> None:
    create_account(page, mailbox, "compte-a-rebours")
    new_email = unique_email("rebours")
    open_account(page)
    login = open_card(page, "Connexion à votre compte")
    field_in(login, "Nouveau courriel").fill(new_email)
    login.get_by_role("button", name="Recevoir un code de validation").click()
    resend = login.get_by_role("button", name=re.compile("^renvoyez le message"))
    expect(resend).to_have_text(re.compile(r"renvoyez le message \(possible dans \d+ s\)"))
    expect(resend).to_be_disabled()
    check_axe(page)
    screenshot(page, "30-courriel-compte-a-rebours")
    time.sleep(RESEND_INTERVAL_SECONDS)
    expect(resend).to_have_text("renvoyez le message")
    expect(resend).to_be_enabled()
    resend.click()
    expect(login.get_by_role("status")).to_have_text(f"Un nouveau code a été envoyé à {new_email}.")
    expect(resend).to_be_disabled()  # counting down again, not "sends exhausted"
    mailbox.code_for(new_email, 2)
