"""Signed-in journeys as a person does them: create an account, sign in and out."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import SyncMailbox, unique_email
from tests.e2e.signup_steps import GOOD_PASSWORD, enter_code, field, sign_up_until_code

ACCOUNT_HEADING = "Gérer vos données personnelles"
SIGN_IN_HEADING = "Se connecter"
NEW_PASSWORD = "Nv8?rTq2wXm"
WRONG_PASSWORD = "Faux-Passe-9"


def create_account(page: Page, mailbox: SyncMailbox, prefix: str = "compte") -> str:
    """The four sign-up steps; at the end the browser is signed in (step 4 opens a session)."""
    email = unique_email(prefix)
    code = sign_up_until_code(page, mailbox, email)
    enter_code(page, code)
    expect(page.get_by_role("heading", name="Votre compte a bien été créé !")).to_be_visible()
    return email


def open_account(page: Page) -> None:
    page.goto("/mon-compte")
    expect(page.get_by_role("heading", name=ACCOUNT_HEADING, level=1)).to_be_visible()
    expect(page.locator("#login-email")).not_to_be_empty()


def fill_sign_in(page: Page, email: str, password: str) -> None:
    field(page, "Courriel").fill(email)
    field(page, "Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter", exact=True).click()


def open_sign_in(page: Page) -> None:
    page.goto("/connexion")
    expect(page.get_by_role("heading", name=SIGN_IN_HEADING, level=1)).to_be_visible()


def sign_in(page: Page, email: str, password: str = GOOD_PASSWORD) -> None:
    open_sign_in(page)
    fill_sign_in(page, email, password)
    expect(page).to_have_url(re.compile(r"/mon-compte/?$"))
    expect(page.get_by_role("heading", name=ACCOUNT_HEADING, level=1)).to_be_visible()
    expect(page.locator("#login-email")).to_have_text(email)


def sign_out(page: Page) -> None:
    """The account page's own "Se déconnecter" button (the header has one too)."""
    page.get_by_role("main").get_by_role("button", name="Se déconnecter").click()
    expect(header_link(page, "Se connecter")).to_be_visible()


def header_link(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Votre compte").get_by_role("link", name=name)


def field_in(scope: Locator, label: str) -> Locator:
    """Like ``field``, inside one section of the page."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def section(page: Page, title: str) -> Locator:
    """One card of the account page, by its title (exactly: "Activité récente" also names the
    table's scrolling region inside it)."""
    return page.get_by_role("region", name=title, exact=True)


def card_button(page: Page, title: str) -> Locator:
    """The card's one button ("Modifier", "Voir"…), the one that says whether it is open."""
    return section(page, title).locator("button[aria-expanded]")


def open_card(page: Page, title: str) -> Locator:
    """Opens a card of the account page (closing any other) and returns it."""
    block = section(page, title)
    button = card_button(page, title)
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(block.locator(".card-details")).to_be_visible()
    return block


def expect_refused(page: Page) -> None:
    """Wrong password and unknown address get this same answer, on the password field."""
    error = page.locator("#password-error")
    expect(error).to_have_text("Courriel ou mot de passe incorrect.")
    expect(field(page, "Mot de passe")).to_have_attribute("aria-invalid", "true")
    # Focus lands on the field in error (as a person sees it) before anything else is typed.
    expect(field(page, "Mot de passe")).to_be_focused()
