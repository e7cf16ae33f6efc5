"""Sign-up through both doors: a wrong code, then the right one; a code or a flow that ended."""

from __future__ import annotations

import pytest

from monparis_app.core.clock import FrozenClock
from monparis_app.messages import message_for
from monparis_app.models import Account
from monparis_app.settings import get_settings
from tests.conftest import Mailbox
from tests.helpers import code_in
from tests.journeys.doors import SIGNUP_FORM, Door, expect

EMAIL = str(SIGNUP_FORM["email"])


def wrong(code: str) -> str:
    return f"{(int(code) + 5) % 10000:04d}"


async def code_sent(mail_sender: Mailbox, count: int = 1) -> str:
    return code_in((await mail_sender.wait_for(EMAIL, count))[-1])


async def test_a_wrong_code_then_the_right_one(door: Door, mail_sender: Mailbox) -> None:
    expect(door, await door.register(), "pending")
    code = await code_sent(mail_sender)
    refused = await door.verify_code(wrong(code))
    expect(
        door, refused, "code_refused", message_for("code.invalid_attempts_left", attempts_left=2)
    )
    assert refused.message == "Le code de validation est incorrect. Il vous reste 2 essais."
    expect(door, await door.verify_code(code), "account_created")
    assert await Account.filter(email=EMAIL).count() == 1
    expect(door, await door.verify_code(code), "flow_completed", message_for("flow.completed"))


async def test_bad_fields_are_refused_field_by_field(door: Door) -> None:
    outcome = await door.register(first_name="", email="courriel-invalide", accept_terms=False)
    expect(
        door,
        outcome,
        "field_errors",
        errors={
            "first_name": "Veuillez saisir votre ou vos prénoms.",
            "email": "Saisissez une adresse de courriel valide, par exemple nom@exemple.fr.",
            "accept_terms": message_for("accept_terms.required"),
        },
    )
    assert await Account.all().count() == 0


async def test_an_expired_code_asks_for_a_new_one(
    door: Door, mail_sender: Mailbox, frozen_clock: FrozenClock
) -> None:
    expect(door, await door.register(), "pending")
    code = await code_sent(mail_sender)
    frozen_clock.advance(11 * 60)
    expired = await door.verify_code(code)
    expect(door, expired, "code_refused", "Ce code a expiré. Demandez l'envoi d'un nouveau code.")
    assert await Account.all().count() == 0


async def test_an_expired_flow_is_over(
    door: Door, mail_sender: Mailbox, frozen_clock: FrozenClock
) -> None:
    """The page writes its own sentence for an ended sign-up (not the catalogue's): its
    state holds none, so only GraphQL's words are checked here."""
    expect(door, await door.register(), "pending")
    code = await code_sent(mail_sender)
    frozen_clock.advance(2 * 24 * 3600)
    expect(door, await door.verify_code(code), "flow_expired", message_for("flow.expired"))
    assert await Account.all().count() == 0


async def test_the_older_code_after_a_resend_says_a_newer_one_was_sent(
    door: Door, mail_sender: Mailbox, frozen_clock: FrozenClock
) -> None:
    expect(door, await door.register(), "pending")
    first = await code_sent(mail_sender)
    frozen_clock.advance(get_settings().code_resend_interval_seconds)
    resent = await door.resend_code()
    expect(door, resent, "code_resent", message_for("code.sent_again", email=EMAIL))
    second = await code_sent(mail_sender, 2)
    if first == second:
        pytest.skip("the resend drew the same code (1 chance in 10,000)")
    replaced = await door.verify_code(first)
    expect(door, replaced, "code_refused", message_for("code.replaced"))
    assert replaced.message == (
        "Un nouveau code vous a été envoyé : celui-ci n'est plus valable. "
        "Saisissez le dernier code reçu."
    )
    # It spent a try, like any code that opens nothing.
    refused = await door.verify_code(wrong(second))
    expect(
        door, refused, "code_refused", message_for("code.invalid_attempts_left", attempts_left=1)
    )
    expect(door, await door.verify_code(second), "account_created")


async def test_a_wrong_captcha_is_reported_with_the_other_errors(door: Door) -> None:
    outcome = await door.register(email="courriel-invalide", captcha_answer="FAUX")
    expect(
        door,
        outcome,
        "field_errors",
        errors={
            "email": message_for("email.invalid"),
            "captcha": message_for("captcha.invalid"),
        },
    )
    assert await Account.all().count() == 0
