"""Every limit against a concurrent attacker: bursts fired with ``asyncio.gather``.

A limit that holds for one request at a time but not for thirty at once is not a limit. Each
test counts what really happened (code comparisons, password checks, stored counters), on
SQLite and on PostgreSQL. Per-IP limits are switched off here so that the rule under test is
the only one standing between the burst and the account.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import (
    code_checks,
    email_change,
    password_reset,
    registration,
    sign_in,
)
from monparis_app.core.code_checks import CodeRefused
from monparis_app.core.errors import RateLimited
from monparis_app.models import CodeFlow, RegistrationFlow, SignInThrottle
from tests.conftest import Mailbox
from tests.helpers import (
    CAPTCHA_TEST_ANSWER,
    GOOD_PASSWORD,
    code_in,
    create_account,
    signup_form,
    solved_captcha,
)

IP = "203.0.113.50"
UA = "Mozilla/5.0 Chrome/120.0"
EMAIL = "compte@exemple.fr"
NEW_PASSWORD = "Nouveau!Mot2Passe"
BURST = 30


@pytest.fixture(autouse=True)
def _no_per_ip_limits(configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMITS="off", CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every candidate code really compared against a stored code."""
    seen: list[str] = []
    real = code_checks.code_matches

    def spy(digest: str, purpose: str, context: str, candidate: str) -> bool:
        seen.append(candidate)
        return real(digest, purpose, context, candidate)

    monkeypatch.setattr(code_checks, "code_matches", spy)
    return seen


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password really verified against a hash at sign-in."""
    seen: list[str] = []
    real = sign_in.verify_password

    async def spy(stored: str, password: str) -> bool:
        seen.append(password)
        return await real(stored, password)

    monkeypatch.setattr(sign_in, "verify_password", spy)
    return seen


def wrong_codes(right: str, count: int) -> list[str]:
    """``count`` distinct 4-digit codes, none of them the right one."""
    return [c for c in (f"{n:04d}" for n in range(count + 1)) if c != right][:count]


async def last_code(mailbox: Mailbox, address: str, count: int = 1) -> str:
    await send_due()
    return code_in((await mailbox.wait_for(address, count))[-1])


async def burst(calls: list[Callable[[], Any]]) -> list[Any]:
    return await asyncio.gather(*(call() for call in calls), return_exceptions=True)


# --- codes --------------------------------------------------------------------------------


async def test_sign_up_burst_of_wrong_codes_compares_three(
    db: str, smtp_server: Mailbox, compared: list[str]
) -> None:
    flow = await registration.start_registration(await signup_form(), IP)
    address = flow.email
    right = await last_code(smtp_server, address)

    outcomes = await burst(
        [
            lambda c=c: registration.verify_code(str(flow.id), c, IP)  # type: ignore[misc]
            for c in wrong_codes(right, BURST)
        ]
    )

    assert len(compared) == 3
    assert all(
        isinstance(o, registration.InvalidCode | registration.TooManyAttempts) for o in outcomes
    )
    assert sum(isinstance(o, registration.TooManyAttempts) for o in outcomes) >= BURST - 3
    assert (await RegistrationFlow.get(id=flow.id)).code_attempts == 3
    after = await registration.verify_code(str(flow.id), right, IP)
    assert isinstance(after, registration.TooManyAttempts)
    assert len(compared) == 3  # the right code, sent after the burst, was not even compared


async def test_password_reset_burst_with_the_right_code_inside_compares_three(
    db: str, smtp_server: Mailbox, compared: list[str]
) -> None:
    """The finding: 59 wrong codes plus the right one at once used to reset the password."""
    await create_account()
    requested = await password_reset.request_password_reset(EMAIL, IP)
    right = await last_code(smtp_server, EMAIL)
    candidates = [*wrong_codes(right, 59), right]

    outcomes = await burst(
        [
            lambda c=c: password_reset.reset_password(  # type: ignore[misc]
                str(requested.flow_id), c, NEW_PASSWORD, NEW_PASSWORD, client_ip=IP, user_agent=UA
            )
            for c in candidates
        ]
    )

    assert len(compared) == 3
    done = [o for o in outcomes if isinstance(o, password_reset.PasswordResetDone)]
    # Done only if the right code happened to be one of the three compared.
    assert len(done) == (1 if right in compared else 0)
    assert (await CodeFlow.get(id=requested.flow_id)).code_attempts == 3


async def test_password_reset_burst_then_right_code_is_refused(
    db: str, smtp_server: Mailbox, compared: list[str]
) -> None:
    await create_account()
    requested = await password_reset.request_password_reset(EMAIL, IP)
    right = await last_code(smtp_server, EMAIL)

    await burst(
        [
            lambda c=c: password_reset.reset_password(  # type: ignore[misc]
                str(requested.flow_id), c, NEW_PASSWORD, NEW_PASSWORD, client_ip=IP, user_agent=UA
            )
            for c in wrong_codes(right, BURST)
        ]
    )
    refused = await password_reset.reset_password(
        str(requested.flow_id), right, NEW_PASSWORD, NEW_PASSWORD, client_ip=IP, user_agent=UA
    )

    assert refused == CodeRefused("code.too_many_attempts", 0)
    assert len(compared) == 3
    signed = await sign_in.authenticate(EMAIL, GOOD_PASSWORD, client_ip=IP, user_agent=UA)
    assert isinstance(signed, sign_in.SignedIn)  # the old password still works


async def test_email_change_burst_of_wrong_codes_compares_three(
    db: str, smtp_server: Mailbox, compared: list[str]
) -> None:
    owner = await create_account()
    pending = await email_change.request_email_change(owner.id, "nouvelle@exemple.fr", IP)
    right = await last_code(smtp_server, "nouvelle@exemple.fr")

    outcomes = await burst(
        [
            lambda c=c: email_change.confirm_email_change(  # type: ignore[misc]
                owner.id, str(pending.flow_id), c, client_ip=IP, user_agent=UA
            )
            for c in wrong_codes(right, BURST)
        ]
    )

    assert len(compared) == 3
    assert all(isinstance(o, CodeRefused) for o in outcomes)
    refused = await email_change.confirm_email_change(
        owner.id, str(pending.flow_id), right, client_ip=IP
    )
    assert refused == CodeRefused("code.too_many_attempts", 0)


async def test_a_new_code_gets_fresh_tries_but_old_candidates_never_reach_it(
    db: str, smtp_server: Mailbox, compared: list[str], frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    """A try is claimed on the very code it read: a resend in the middle of a burst cannot
    let the burst's leftovers be compared against the new code unnoticed."""
    flow = await registration.start_registration(await signup_form(), IP)
    first = await last_code(smtp_server, flow.email)
    row = await RegistrationFlow.get(id=flow.id)
    frozen_clock.advance(61)
    await registration.resend_code(str(flow.id), IP)
    # A request that read the flow before the resend now claims against the old digest.
    verdict = await code_checks.judge(RegistrationFlow, row, "registration-code", first)
    assert verdict == code_checks.Verdict.WRONG
    assert compared == []
    assert (await RegistrationFlow.get(id=flow.id)).code_attempts == 0


# --- sign-in ------------------------------------------------------------------------------


async def test_sign_in_burst_is_judged_like_the_same_tries_in_a_row(
    db: str, password_checks: list[str]
) -> None:
    await create_account()

    outcomes = await burst(
        [
            lambda: sign_in.authenticate(EMAIL, "Mauvais!123", client_ip=IP, user_agent=UA)
            for _ in range(40)
        ]
    )

    assert len(password_checks) == 3
    codes = sorted(o.code for o in outcomes)
    assert codes.count("sign_in.invalid") == 3
    assert codes.count("sign_in.captcha_required") + codes.count("sign_in.too_fast") == 37
    assert (await SignInThrottle.all().values_list("failures", flat=True)) == [3]
    # As after three wrong passwords in a row: the right one needs a captcha now.
    right = await sign_in.authenticate(EMAIL, GOOD_PASSWORD, client_ip=IP, user_agent=UA)
    assert right == sign_in.SignInRefused("sign_in.captcha_required", True)


async def test_sign_in_burst_with_captchas_meets_the_delay(
    db: str, password_checks: list[str]
) -> None:
    """With a solved captcha each, a burst still gets one comparison per step of the delay
    rule: after the 5th failure every try waits, whatever the number of connections."""
    await create_account()
    for _ in range(3):
        await sign_in.authenticate(EMAIL, "Mauvais!123", client_ip=IP, user_agent=UA)
    captchas = [await solved_captcha() for _ in range(BURST)]

    outcomes = await burst(
        [
            lambda c=c: sign_in.authenticate(  # type: ignore[misc]
                EMAIL,
                "Mauvais!123",
                client_ip=IP,
                user_agent=UA,
                captcha_id=c[0],
                captcha_answer=c[1],
            )
            for c in captchas
        ]
    )

    # Tries 4 and 5 are compared; the 5th starts a 30 s delay that stops every other.
    assert len(password_checks) == 5
    codes = [o.code for o in outcomes]
    assert codes.count("sign_in.invalid") == 2
    assert all(c in ("sign_in.invalid", "sign_in.blocked", "sign_in.too_fast") for c in codes)
    throttle = await SignInThrottle.get()
    assert throttle.failures == 5
    assert throttle.blocked_until is not None


async def test_look_alike_addresses_share_one_counter(db: str, password_checks: list[str]) -> None:
    """A full-width letter normalises to the same account, so it meets the same counter."""
    await create_account()
    for spelling in ("compte@exemple.fr", "COMPTE@EXEMPLE.FR", "compte@ｅxemple.fr"):
        await sign_in.authenticate(spelling, "Mauvais!123", client_ip=IP, user_agent=UA)
    assert (await SignInThrottle.all().values_list("failures", flat=True)) == [3]
    fourth = await sign_in.authenticate(
        " compte@ｅｘｅｍｐｌｅ.fr ", GOOD_PASSWORD, client_ip=IP, user_agent=UA
    )
    assert fourth == sign_in.SignInRefused("sign_in.captcha_required", True)


async def test_an_address_that_cannot_exist_is_refused_before_counting(
    db: str, password_checks: list[str]
) -> None:
    refused = await sign_in.authenticate("pas une adresse", "x", client_ip=IP, user_agent=UA)
    assert refused == sign_in.SignInRefused("email.invalid", False)
    assert password_checks == []
    assert await SignInThrottle.all().count() == 0


# --- budgets of codes per address ---------------------------------------------------------


async def test_sign_ups_with_someones_address_do_not_spend_their_reset_budget(
    db: str, smtp_server: Mailbox
) -> None:
    await create_account()
    outsider = "198.51.100.66"
    for _ in range(10):
        await registration.start_registration(await signup_form(email=EMAIL), outsider)
    with pytest.raises(RateLimited):
        await registration.start_registration(await signup_form(email=EMAIL), outsider)

    requested = await password_reset.request_password_reset(EMAIL, IP)
    assert requested.email == EMAIL


async def test_resets_asked_by_strangers_do_not_spend_the_owners_budget(
    db: str, smtp_server: Mailbox
) -> None:
    await create_account()
    stranger = "198.51.100.67"
    outcomes = await burst(
        [lambda: password_reset.request_password_reset(EMAIL, stranger) for _ in range(BURST)]
    )
    assert sum(isinstance(o, password_reset.ResetRequested) for o in outcomes) == 10
    assert sum(isinstance(o, RateLimited) for o in outcomes) == BURST - 10

    mine = await password_reset.request_password_reset(EMAIL, IP)
    assert isinstance(mine, password_reset.ResetRequested)


async def test_burst_of_resends_sends_one_code(db: str, smtp_server: Mailbox, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    flow = await registration.start_registration(await signup_form(), IP)
    await last_code(smtp_server, flow.email)
    frozen_clock.advance(61)
    outcomes = await burst(
        [lambda: registration.resend_code(str(flow.id), IP) for _ in range(BURST)]
    )
    assert sum(isinstance(o, registration.FlowView) for o in outcomes) == 1
    assert all(isinstance(o, registration.FlowView | RateLimited) for o in outcomes)
    assert (await RegistrationFlow.get(id=flow.id)).sends_count == 2
