"""The code a resend replaced: told apart from a wrong one, in the three code journeys, and
never worth more to a guesser than a wrong code (it spends a try, it opens nothing)."""

from __future__ import annotations

import asyncio

import pytest

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import code_checks, email_change, password_reset
from monparis_app.core import registration as reg
from monparis_app.core.clock import FrozenClock
from monparis_app.core.code_checks import CodeRefused
from monparis_app.models import Account, CodeFlow, RegistrationFlow
from monparis_app.settings import get_settings
from tests.conftest import Mailbox
from tests.helpers import CAPTCHA_TEST_ANSWER, code_in, create_account, signup_form

IP = "203.0.113.40"
EMAIL = "angele.dubois@exemple.fr"
NEW_PASSWORD = "Nouveau!Mot2Passe"


@pytest.fixture(autouse=True)
def _captcha_answer(configure) -> None:  # type: ignore[no-untyped-def]
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)


async def codes_to(mailbox: Mailbox, address: str, count: int) -> list[str]:
    await send_due()
    return [code_in(message) for message in await mailbox.wait_for(address, count)]


def other_than(*codes: str) -> str:
    return next(c for c in (f"{n:04d}" for n in range(10000)) if c not in codes)


async def registration_with_two_codes(
    mailbox: Mailbox, clock: FrozenClock
) -> tuple[reg.FlowView, str, str]:
    """A sign-up whose first code was replaced by a resend (the two codes differ)."""
    while True:
        flow = await reg.start_registration(await signup_form(), IP)
        [first] = await codes_to(mailbox, EMAIL, 1)
        clock.advance(get_settings().code_resend_interval_seconds)
        assert isinstance(await reg.resend_code(str(flow.id), IP), reg.FlowView)
        second = (await codes_to(mailbox, EMAIL, 2))[-1]
        if first != second:
            return flow, first, second
        await RegistrationFlow.all().delete()  # 1 chance in 10,000: draw again
        mailbox.messages.clear()


async def test_the_replaced_code_is_told_apart_and_spends_a_try(
    db: str, smtp_server: Mailbox, frozen_clock: FrozenClock
) -> None:
    flow, first, second = await registration_with_two_codes(smtp_server, frozen_clock)
    row = await RegistrationFlow.get(id=flow.id)
    assert row.previous_code_digest == code_checks.digest_for("registration-code", flow.id, first)

    assert await reg.verify_code(str(flow.id), first, IP) == reg.CodeReplaced(attempts_left=2)
    wrong = other_than(first, second)
    assert await reg.verify_code(str(flow.id), wrong, IP) == reg.InvalidCode(attempts_left=1)
    assert isinstance(await reg.verify_code(str(flow.id), second, IP), reg.AccountCreated)


async def test_the_last_try_burns_the_code_whatever_was_typed(
    db: str, smtp_server: Mailbox, frozen_clock: FrozenClock
) -> None:
    flow, first, second = await registration_with_two_codes(smtp_server, frozen_clock)
    wrong = other_than(first, second)
    for _ in range(get_settings().code_max_attempts - 1):
        assert isinstance(await reg.verify_code(str(flow.id), wrong, IP), reg.InvalidCode)
    # The old code on the last try: "too many tries" says what to do next, "replaced" would not.
    assert isinstance(await reg.verify_code(str(flow.id), first, IP), reg.TooManyAttempts)
    assert isinstance(await reg.verify_code(str(flow.id), second, IP), reg.TooManyAttempts)
    assert await Account.all().count() == 0


async def test_a_burst_of_old_codes_gets_no_more_comparisons_than_the_tries(
    db: str, smtp_server: Mailbox, frozen_clock: FrozenClock, configure
) -> None:  # type: ignore[no-untyped-def]
    """Only a request whose UPDATE claimed a try may compare: thirty requests carrying the
    replaced code claim ``code_max_attempts`` tries between them, and fewer than that are told
    "replaced" (the try that spends the last one says "too many", as do the unclaimed)."""
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER, RATE_LIMIT_VERIFY="100/minute")
    flow, first, second = await registration_with_two_codes(smtp_server, frozen_clock)
    outcomes = await asyncio.gather(*[reg.verify_code(str(flow.id), first, IP) for _ in range(30)])
    replaced = [o for o in outcomes if isinstance(o, reg.CodeReplaced)]
    assert len(replaced) <= get_settings().code_max_attempts - 1
    assert all(isinstance(o, reg.CodeReplaced | reg.TooManyAttempts) for o in outcomes)
    row = await RegistrationFlow.get(id=flow.id)
    assert row.code_attempts == get_settings().code_max_attempts
    assert isinstance(await reg.verify_code(str(flow.id), second, IP), reg.TooManyAttempts)


async def test_an_address_that_gets_no_code_has_no_replaced_code_either(
    db: str, smtp_server: Mailbox, frozen_clock: FrozenClock
) -> None:
    """An address with an account gets a warning instead of a code: its flow's digests are
    unguessable, the previous one included, so no typed code is ever "replaced"."""
    await create_account(EMAIL)
    flow = await reg.start_registration(await signup_form(), IP)
    frozen_clock.advance(get_settings().code_resend_interval_seconds)
    await reg.resend_code(str(flow.id), IP)
    row = await RegistrationFlow.get(id=flow.id)
    assert row.previous_code_digest and row.previous_code_digest != row.code_digest
    outcomes = [await reg.verify_code(str(flow.id), code, IP) for code in ("0000", "1111")]
    assert all(isinstance(o, reg.InvalidCode) for o in outcomes)


async def test_password_reset_says_a_newer_code_was_sent(
    db: str, smtp_server: Mailbox, frozen_clock: FrozenClock
) -> None:
    await create_account(EMAIL)
    requested = await password_reset.request_password_reset(EMAIL, IP)
    [first] = await codes_to(smtp_server, EMAIL, 1)
    frozen_clock.advance(get_settings().code_resend_interval_seconds)
    assert await password_reset.resend_reset_code(str(requested.flow_id), IP) is not None
    second = (await codes_to(smtp_server, EMAIL, 2))[-1]
    if first == second:
        pytest.skip("the resend drew the same code (1 chance in 10,000)")
    refused = await password_reset.reset_password(
        str(requested.flow_id), first, NEW_PASSWORD, NEW_PASSWORD, client_ip=IP, user_agent="UA"
    )
    assert refused == CodeRefused("code.replaced", attempts_left=2)
    done = await password_reset.reset_password(
        str(requested.flow_id), second, NEW_PASSWORD, NEW_PASSWORD, client_ip=IP, user_agent="UA"
    )
    assert isinstance(done, password_reset.PasswordResetDone)


async def test_email_change_says_a_newer_code_was_sent(
    db: str, smtp_server: Mailbox, frozen_clock: FrozenClock
) -> None:
    account = await create_account("ancien@exemple.fr")
    new_address = "nouveau@exemple.fr"
    pending = await email_change.request_email_change(account.id, new_address, IP)
    [first] = await codes_to(smtp_server, new_address, 1)
    frozen_clock.advance(get_settings().code_resend_interval_seconds)
    assert await email_change.resend_email_change_code(account.id, str(pending.flow_id), IP)
    second = (await codes_to(smtp_server, new_address, 2))[-1]
    if first == second:
        pytest.skip("the resend drew the same code (1 chance in 10,000)")
    row = await CodeFlow.get(id=pending.flow_id)
    assert row.previous_code_digest != "" and row.previous_code_digest != row.code_digest
    refused = await email_change.confirm_email_change(account.id, str(pending.flow_id), first)
    assert refused == CodeRefused("code.replaced", attempts_left=2)
    confirmed = await email_change.confirm_email_change(account.id, str(pending.flow_id), second)
    assert confirmed == new_address
