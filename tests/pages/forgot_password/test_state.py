"""The forgotten-password door without a browser: each step, and what each core answer shows."""

# Reflex types an @rx.event method as an EventNamespace: called on an instance it is a method.
# mypy: disable-error-code="operator"

from __future__ import annotations

from monparis_app.core.clock import FrozenClock
from monparis_app.pages.forgot_password.state import (
    FLOW_EXPIRED,
    NEW_CODE_SENT,
    SENDS_EXHAUSTED,
    ForgotPasswordState,
)
from monparis_app.settings import get_settings
from tests.helpers import GOOD_PASSWORD, create_account
from tests.pages.states import in_tree

EMAIL = "oubli@exemple.fr"


async def test_forgotten_password_steps(db: str) -> None:
    state = in_tree(ForgotPasswordState)
    await state.request_code({"email": "pas-de-compte@exemple.fr"})
    assert state.step == "code"
    assert state.flow_id
    await state.reset_password({"code": "12", "password": "x", "password_confirmation": "y"})
    assert state.errors["code"] == "Le code de validation est composé de 4 chiffres."
    assert state.errors["password"] != ""

    state.flow_id = "00000000-0000-0000-0000-000000000000"
    await state.reset_password(
        {"code": "1234", "password": GOOD_PASSWORD, "password_confirmation": GOOD_PASSWORD}
    )
    assert (state.step, state.notice) == ("email", FLOW_EXPIRED)


async def test_the_resend_countdown_is_the_cores(db: str, frozen_clock: FrozenClock) -> None:
    """The link waits exactly as long as the core refuses a resend, and no longer."""
    await create_account(email=EMAIL)
    state = in_tree(ForgotPasswordState)
    await state.request_code({"email": EMAIL})
    assert state.resend_wait == get_settings().code_resend_interval_seconds

    await state.resend()  # the server keeps the moment: too soon, nothing asked of the core
    assert state.resend_wait == get_settings().code_resend_interval_seconds  # refused: too soon
    assert state.notice == ""

    sends_left = get_settings().code_max_sends_per_flow - 1
    for _ in range(sends_left):
        frozen_clock.advance(state.resend_wait)
        await state.resend()
        assert (state.notice, state.step) == (NEW_CODE_SENT, "code")
        assert state.resend_wait == get_settings().code_resend_interval_seconds

    frozen_clock.advance(state.resend_wait)
    await state.resend()
    assert (state.step, state.notice) == ("email", SENDS_EXHAUSTED)
