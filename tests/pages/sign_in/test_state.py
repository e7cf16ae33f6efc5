"""The sign-in door without a browser: what each core answer shows."""

# Reflex types an @rx.event method as an EventNamespace: called on an instance it is a method.
# mypy: disable-error-code="operator"

from __future__ import annotations

from typing import Any

import pytest

from monparis_app.core import sessions
from monparis_app.models import SignInTicket
from monparis_app.pages import session as web_session
from monparis_app.pages.sign_in.state import SignInState
from tests.helpers import CAPTCHA_TEST_ANSWER, GOOD_PASSWORD, create_account
from tests.pages.states import in_tree

EMAIL = "connexion@exemple.fr"


@pytest.fixture
def sign_in_state() -> SignInState:
    return in_tree(SignInState)


async def test_empty_form_is_not_a_failed_sign_in(db: str, sign_in_state: SignInState) -> None:
    await sign_in_state._authenticate({"email": " ", "password": ""})
    assert sign_in_state.errors["email"] == "Veuillez saisir votre adresse de courriel."
    await sign_in_state._authenticate({"email": EMAIL, "password": ""})
    assert sign_in_state.errors["email"] == ""
    assert sign_in_state.errors["password"] == "Veuillez saisir votre mot de passe."


async def test_failures_bring_the_captcha_then_a_delay(
    db: str, sign_in_state: SignInState, configure: Any
) -> None:
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)
    await create_account(email=EMAIL)
    wrong = {"email": EMAIL, "password": "Faux-Passe-9", "captcha_answer": CAPTCHA_TEST_ANSWER}
    for _ in range(3):
        await sign_in_state._authenticate(wrong)
    assert sign_in_state.errors["password"] == "Courriel ou mot de passe incorrect."
    assert sign_in_state.captcha_required
    assert sign_in_state.captcha_image.startswith("/captcha/")
    for _ in range(2):
        await sign_in_state._authenticate(wrong)
    assert "Réessayez dans 30 secondes" in sign_in_state.form_message

    await sign_in_state._authenticate(wrong | {"password": GOOD_PASSWORD})
    assert sign_in_state.errors["password"] == ""
    assert sign_in_state.form_message.startswith("Trop de tentatives de connexion échouées")
    assert await SignInTicket.all().count() == 0


async def test_success_hands_a_ticket_to_the_browser(
    db: str, sign_in_state: SignInState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_session, "browser_binding", lambda _state: "ce-navigateur")
    await create_account(email=EMAIL)
    event = await sign_in_state._authenticate({"email": EMAIL, "password": GOOD_PASSWORD})
    assert "/auth/session/complete?ticket=" in str(event)
    ticket = await SignInTicket.get()
    assert ticket.next_path == "/mon-compte"
    assert ticket.browser_binding_digest == sessions.token_digest("ce-navigateur")


async def test_a_browser_without_its_binding_cookie_gets_no_ticket(
    db: str, sign_in_state: SignInState
) -> None:
    await create_account(email=EMAIL)
    event = await sign_in_state._authenticate({"email": EMAIL, "password": GOOD_PASSWORD})
    assert "cookies" in str(event)
    assert await SignInTicket.all().count() == 0
