"""The sign-up as a person does it, step by step, with accessible names as selectors."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import CAPTCHA_ANSWER, SyncMailbox

GOOD_PASSWORD = "Kw7!pLx9zQ"


def field(page: Page, label: str) -> Locator:
    """The input labelled exactly ``label`` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def open_signup(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Créer votre compte Mon Paris").click()
    expect(page.get_by_role("heading", name="Créer un compte Mon Paris", level=1)).to_be_visible()
    expect_captcha_shown(page)


def expect_captcha_shown(page: Page) -> None:
    """The captcha image is served by its own URL (not inlined in the page state) and has
    loaded at the size it is drawn."""
    image = page.get_by_role("img", name=re.compile("Code de vérification"))
    expect(image).to_have_attribute("src", re.compile(r"^/captcha/[0-9a-f-]+/image\.png$"))
    page.wait_for_function(
        "() => { const i = document.querySelector('img.captcha-image');"
        " return i && i.complete && i.naturalWidth === 280; }"
    )


def fill_signup(page: Page, email: str, password: str = GOOD_PASSWORD, **overrides: str) -> None:
    values = {
        "Prénom": "Angèle",
        "Nom": "Dubois-Martin",
        "Courriel": email,
        "Téléphone": "06 12 34 56 78",
        "Créer un mot de passe": password,
        "Confirmation du mot de passe": password,
        "Code de vérification": CAPTCHA_ANSWER,
    } | overrides
    page.get_by_label("Femme").check()
    for label, value in values.items():
        field(page, label).fill(value)
    page.get_by_role("checkbox", name=re.compile("J'accepte les Conditions")).check()


def submit_signup(page: Page) -> None:
    page.get_by_role("button", name="Continuer").click()
    expect(
        page.get_by_role("heading", name="Valider votre courriel de connexion Mon Paris")
    ).to_be_visible()


def enter_code(page: Page, code: str) -> None:
    field(page, "Code de validation").fill(code)
    page.get_by_role("button", name="Valider mon compte").click()


def sign_up_until_code(page: Page, mailbox: SyncMailbox, email: str) -> str:
    open_signup(page)
    fill_signup(page, email)
    submit_signup(page)
    expect(page.get_by_text(email)).to_be_visible()
    return mailbox.code_for(email)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10000:04d}"
