"""Sign-in under the brute-force rules, each limit at its edge."""

from __future__ import annotations

import pytest

from monparis_app.adapters.mail_sender import send_due
from monparis_app.core import sign_in
from monparis_app.core.errors import RateLimited
from monparis_app.models import AuditEvent
from tests.conftest import Mailbox
from tests.helpers import CAPTCHA_TEST_ANSWER, GOOD_PASSWORD, create_account, solved_captcha

IP = "192.0.2.10"
UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"
EMAIL = "compte@exemple.fr"


async def attempt(email: str = EMAIL, password: str = "Mauvais!123", **captcha: str):  # type: ignore[no-untyped-def]
    return await sign_in.authenticate(email, password, client_ip=IP, user_agent=UA, **captcha)


async def test_right_password_signs_in_and_is_audited(db: str) -> None:
    account = await create_account()
    outcome = await attempt(EMAIL.upper(), GOOD_PASSWORD)
    assert outcome == sign_in.SignedIn(account.id)
    assert await AuditEvent.filter(account_id=account.id, kind="signed_in").count() == 1


async def test_unknown_email_gets_the_same_answer_as_a_wrong_password(db: str) -> None:
    await create_account()
    wrong = await attempt(EMAIL)
    unknown = await attempt("personne@exemple.fr")
    assert wrong == unknown == sign_in.SignInRefused("sign_in.invalid", False, None)


async def test_captcha_required_from_the_third_failure(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)
    await create_account()
    assert (await attempt()).captcha_required is False
    assert (await attempt()).captcha_required is False
    third = await attempt()
    assert third.captcha_required is True  # type: ignore[union-attr]
    assert await attempt(password=GOOD_PASSWORD) == sign_in.SignInRefused(
        "sign_in.captcha_required", True
    )
    captcha_id, answer = await solved_captcha()
    assert isinstance(
        await attempt(password=GOOD_PASSWORD, captcha_id=captcha_id, captcha_answer=answer),
        sign_in.SignedIn,
    )


async def test_delay_from_the_fifth_failure_and_owner_warned(
    db: str, configure, smtp_server: Mailbox, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    configure(
        CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER,
        SMTP_URL=f"smtp://127.0.0.1:{smtp_server_port(smtp_server)}",
    )
    await create_account()
    for _ in range(4):
        captcha_id, answer = await solved_captcha()
        outcome = await attempt(captcha_id=captcha_id, captcha_answer=answer)
        assert outcome.retry_after is None  # type: ignore[union-attr]
    captcha_id, answer = await solved_captcha()
    fifth = await attempt(captcha_id=captcha_id, captcha_answer=answer)
    assert fifth.retry_after == 30  # type: ignore[union-attr]
    blocked = await attempt(password=GOOD_PASSWORD)
    assert blocked.code == "sign_in.blocked" and blocked.retry_after == 30  # type: ignore[union-attr]
    await send_due()
    [warning] = await smtp_server.wait_for(EMAIL)
    assert "bloquée" in warning["Subject"]
    frozen_clock.advance(30)
    captcha_id, answer = await solved_captcha()
    assert isinstance(
        await attempt(password=GOOD_PASSWORD, captcha_id=captcha_id, captcha_answer=answer),
        sign_in.SignedIn,
    )


def smtp_server_port(mailbox: Mailbox) -> str:
    import os

    return os.environ["MONPARIS_SMTP_URL"].rsplit(":", 1)[1]


async def test_unknown_address_is_throttled_like_a_real_one(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(CAPTCHA_TEST_ANSWER=CAPTCHA_TEST_ANSWER)
    for _ in range(3):
        await attempt("personne@exemple.fr")
    assert (await attempt("personne@exemple.fr")).code == "sign_in.captcha_required"  # type: ignore[union-attr]


async def test_per_ip_limit(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMIT_SIGN_IN="2/minute")
    await attempt("a@exemple.fr")
    await attempt("b@exemple.fr")
    with pytest.raises(RateLimited):
        await attempt("c@exemple.fr")


async def test_hash_is_upgraded_at_sign_in_when_parameters_change(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    account = await create_account()
    assert ",t=2," in (account.password_hash or "")
    configure(ARGON2_TIME_COST="3")
    assert isinstance(await attempt(password=GOOD_PASSWORD), sign_in.SignedIn)
    await account.refresh_from_db()
    assert ",t=3," in (account.password_hash or "")
    assert isinstance(await attempt(password=GOOD_PASSWORD), sign_in.SignedIn)


async def test_empty_fields_are_refused_without_counting_a_failure(db: str) -> None:
    await create_account()
    for _ in range(5):
        assert (await attempt(email="  ")).code == "sign_in.email_required"  # type: ignore[union-attr]
        assert (await attempt(password="")).code == "sign_in.password_required"  # type: ignore[union-attr]
    assert await sign_in.captcha_required_for(EMAIL) is False
    assert isinstance(await attempt(password=GOOD_PASSWORD), sign_in.SignedIn)


async def test_a_try_refused_for_a_full_hash_queue_is_not_counted(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    """The server too busy to compare the password: no guess was made, so the failure counter
    (and any delay it would have started) is left as it was, and the person may try again."""
    import asyncio

    from monparis_app.core.password_hashing import hash_password
    from monparis_app.models import SignInThrottle

    await create_account(EMAIL)
    for _ in range(2):
        assert isinstance(await attempt(), sign_in.SignInRefused)
    before = (await SignInThrottle.all().first()).failures  # type: ignore[union-attr]
    configure(HASH_QUEUE_LIMIT="1", HASH_CONCURRENCY="1")
    busy = asyncio.create_task(hash_password("Un autre mot de passe 1!", refuse_when_full=False))
    await asyncio.sleep(0)  # the other hash holds the only place in the queue
    with pytest.raises(RateLimited):
        await attempt()
    await busy
    throttle = await SignInThrottle.all().first()
    assert throttle is not None
    assert throttle.failures == before
    assert throttle.blocked_until is None
