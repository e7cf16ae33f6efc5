"""Passkeys in Chromium with the DevTools protocol's virtual authenticator (resident keys and
user verification on): add a passkey, sign out, sign in with it, remove it; a second browser
without the key still signs in with the password."""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.account_steps import (
    ACCOUNT_HEADING,
    create_account,
    field_in,
    open_account,
    open_card,
    section,
    sign_in,
    sign_out,
)
from tests.e2e.conftest import SyncMailbox, check_axe, screenshot
from tests.e2e.signup_steps import GOOD_PASSWORD

CARD = "Clés d’accès"


def add_virtual_authenticator(context: BrowserContext, page: Page) -> None:
    """The phone's screen lock, as Chromium's DevTools protocol simulates it."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def sign_in_with_the_passkey(page: Page) -> None:
    """The button, or the e-mail field's autofill: the virtual authenticator answers the page's
    conditional request at once when it holds a key, so either may sign the person in first."""
    page.goto("/connexion")
    button = page.get_by_role("button", name="Se connecter avec une clé d’accès")
    with contextlib.suppress(PlaywrightError):
        button.click(timeout=5_000)
    expect(page).to_have_url(re.compile(r"/mon-compte/?$"))


def test_a_passkey_is_added_used_to_sign_in_and_removed(
    context: BrowserContext, page: Page, mailbox: SyncMailbox, browser: Browser, base_url: str
) -> None:
    add_virtual_authenticator(context, page)
    email = create_account(page, mailbox, "cle")
    open_account(page)
    card = open_card(page, CARD)
    field_in(card, "Mot de passe actuel").fill(GOOD_PASSWORD)
    field_in(card, "Nom de la clé").fill("Mon téléphone")
    card.get_by_role("button", name="Ajouter une clé d’accès").click()
    expect(card).to_contain_text("La clé d’accès « Mon téléphone » a été ajoutée.")
    check_axe(page)
    screenshot(page, "passkey-added")
    open_card(page, "Activité récente")
    expect(section(page, "Activité récente")).to_contain_text("Mon téléphone")

    sign_out(page)
    sign_in_with_the_passkey(page)
    expect(page.get_by_role("heading", name=ACCOUNT_HEADING, level=1)).to_be_visible()
    expect(page.locator("#login-email")).to_have_text(email)

    card = open_card(page, CARD)
    expect(card).to_contain_text("dernière utilisation")
    expect(card).not_to_contain_text("dernière utilisation : jamais")
    field_in(card, "Nouveau nom").fill("Téléphone pro")
    card.get_by_role("button", name="Renommer").click()
    expect(card).to_contain_text("La clé d’accès s’appelle maintenant « Téléphone pro ».")
    card.get_by_role("button", name="Supprimer la clé d’accès Téléphone pro").click()
    expect(card).to_contain_text("La clé d’accès « Téléphone pro » a été supprimée.")

    # Another browser, with no passkey: the password still opens the account.
    other = browser.new_context(base_url=base_url, locale="fr-FR")
    try:
        other_page = other.new_page()
        sign_in(other_page, email)
    finally:
        other.close()


def test_the_sign_in_page_offers_passkeys_without_getting_in_the_way(page: Page) -> None:
    page.goto("/connexion")
    expect(page.get_by_role("button", name="Se connecter avec une clé d’accès")).to_be_visible()
    expect(page.get_by_label(re.compile("^Courriel"))).to_have_attribute(
        "autocomplete", "email webauthn"
    )
    check_axe(page)
