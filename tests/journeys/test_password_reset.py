"""Forgotten password through both doors: request, a wrong code, the right code with a new
password, and the new password is the one that signs in."""

from __future__ import annotations

import pytest

from monparis_app.core.clock import FrozenClock
from monparis_app.messages import message_for
from monparis_app.settings import get_settings
from tests.conftest import Mailbox
from tests.helpers import GOOD_PASSWORD, code_in, create_account
from tests.journeys.doors import Door, expect

EMAIL = "oubli@exemple.fr"
NEW_PASSWORD = "Nouveau!Mot2Passe"


def wrong(code: str) -> str:
    return f"{(int(code) + 5) % 10000:04d}"


async def test_request_wrong_code_right_code_new_password(door: Door, mail_sender: Mailbox) -> None:
    await create_account(email=EMAIL)
    requested = await door.request_reset(EMAIL)
    expect(door, requested, "reset_requested", message_for("password_reset.requested"))
    code = code_in((await mail_sender.wait_for(EMAIL))[-1])

    refused = await door.reset_password(wrong(code), NEW_PASSWORD)
    expect(
        door, refused, "code_refused", message_for("code.invalid_attempts_left", attempts_left=2)
    )
    done = await door.reset_password(code, NEW_PASSWORD)
    expect(door, done, "password_reset_done", message_for("password_reset.done"))

    old = await door.sign_in(EMAIL, GOOD_PASSWORD)
    expect(door, old, "refused", "Courriel ou mot de passe incorrect.")
    expect(door, await door.sign_in(EMAIL, NEW_PASSWORD), "signed_in")


async def test_an_unknown_address_gets_the_same_answer(door: Door, mail_sender: Mailbox) -> None:
    requested = await door.request_reset("inconnu@exemple.fr")
    expect(door, requested, "reset_requested", message_for("password_reset.requested"))
    assert mail_sender.to("inconnu@exemple.fr") == []


async def test_the_older_code_after_a_resend_says_a_newer_one_was_sent(
    door: Door, mail_sender: Mailbox, frozen_clock: FrozenClock
) -> None:
    await create_account(email=EMAIL)
    expect(
        door,
        await door.request_reset(EMAIL),
        "reset_requested",
        message_for("password_reset.requested"),
    )
    first = code_in((await mail_sender.wait_for(EMAIL))[-1])
    frozen_clock.advance(get_settings().code_resend_interval_seconds)
    assert (await door.resend_reset_code()).kind == "code_resent"
    second = code_in((await mail_sender.wait_for(EMAIL, 2))[-1])
    if first == second:
        pytest.skip("the resend drew the same code (1 chance in 10,000)")
    replaced = await door.reset_password(first, NEW_PASSWORD)
    expect(door, replaced, "code_refused", message_for("code.replaced"))
    done = await door.reset_password(second, NEW_PASSWORD)
    expect(door, done, "password_reset_done", message_for("password_reset.done"))
