"""Sign-in with e-mail and password, and what makes an 8-character policy acceptable.

CNIL 2022-100 accepts 8 characters only with access restrictions, so failures are counted per
e-mail address (whether or not it has an account) and per IP: after a few, a captcha is asked;
after more, each new try must wait longer; the owner of a real account is told by e-mail. An
unknown address is answered exactly like a wrong password, after the same argon2 work, so
neither the answer nor its timing tells whether an account exists.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from monparis_app.core import audit, clock, emails, outbox, rate_limits
from monparis_app.core.captcha import consume_answer
from monparis_app.core.errors import InvalidInput
from monparis_app.core.identity_fields import normalize_email
from monparis_app.core.password_hashing import hash_password, needs_rehash, verify_password
from monparis_app.models import Account, SignInThrottle
from monparis_app.settings import get_settings

_dummy_hash: str | None = None


@dataclass(frozen=True)
class SignedIn:
    account_id: UUID


@dataclass(frozen=True)
class SignInRefused:
    """``code``: sign_in.invalid, sign_in.captcha_required, captcha.invalid, sign_in.blocked,
    sign_in.email_required or sign_in.password_required."""

    code: str
    captcha_required: bool
    retry_after: int | None = None


async def _equal_work_hash() -> str:
    """A real argon2 hash to verify against when the address has no account."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = await hash_password("pas-de-compte-pour-cette-adresse")
    return _dummy_hash


def _throttle_key(email: str) -> str:
    return hashlib.sha256(("sign-in:" + email.strip().lower()).encode()).hexdigest()


async def captcha_required_for(email: str) -> bool:
    """Lets a page show the captcha before the person submits again."""
    row = await SignInThrottle.get_or_none(key_digest=_throttle_key(email))
    return bool(row and row.failures >= get_settings().sign_in_captcha_after)


async def authenticate(
    email: str,
    password: str,
    *,
    client_ip: str,
    user_agent: str,
    captcha_id: str = "",
    captcha_answer: str = "",
) -> SignedIn | SignInRefused:
    """Check e-mail and password under the brute-force rules. Raises ``RateLimited`` per IP.

    An empty field is refused before anything is counted: it is a slip, not an attack.
    """
    if not email.strip():
        return SignInRefused("sign_in.email_required", False)
    if not password:
        return SignInRefused("sign_in.password_required", False)
    settings = get_settings()
    await rate_limits.hit_per_ip("sign-in", client_ip, settings.rate_limit_sign_in)
    key = _throttle_key(email)
    throttle, _ = await SignInThrottle.get_or_create(key_digest=key)
    now = clock.now()
    if throttle.blocked_until and now < throttle.blocked_until:
        wait = math.ceil((throttle.blocked_until - now).total_seconds())
        return SignInRefused("sign_in.blocked", True, wait)
    captcha_required = throttle.failures >= settings.sign_in_captcha_after
    if captcha_required:
        if not captcha_answer.strip():
            return SignInRefused("sign_in.captcha_required", True)
        if not await consume_answer(captcha_id, captcha_answer):
            return SignInRefused("captcha.invalid", True)
    account = await _account_for(email)
    stored_hash = account.password_hash if account and account.password_hash else None
    matches = await verify_password(stored_hash or await _equal_work_hash(), password[:1024])
    if account and stored_hash and matches:
        await _succeed(account, throttle, password, client_ip, user_agent)
        return SignedIn(account.id)
    return await _fail(account, throttle, client_ip, user_agent)


async def _account_for(email: str) -> Account | None:
    try:
        return await Account.get_or_none(email=normalize_email(email))
    except InvalidInput:
        return None


async def _succeed(
    account: Account, throttle: SignInThrottle, password: str, client_ip: str, user_agent: str
) -> None:
    await SignInThrottle.filter(key_digest=throttle.key_digest).delete()
    if account.password_hash and needs_rehash(account.password_hash):
        account.password_hash = await hash_password(password)
        await account.save(update_fields=["password_hash"])
    await audit.record(account.id, "signed_in", client_ip=client_ip, user_agent=user_agent)


async def _fail(
    account: Account | None, throttle: SignInThrottle, client_ip: str, user_agent: str
) -> SignInRefused:
    settings = get_settings()
    now = clock.now()
    failures = throttle.failures + 1
    delay = 0
    if failures >= settings.sign_in_delay_after:
        exponent = failures - settings.sign_in_delay_after
        delay = min(30 * 2**exponent, settings.sign_in_max_delay_seconds)
    await SignInThrottle.filter(key_digest=throttle.key_digest).update(
        failures=failures,
        last_failure_at=now,
        blocked_until=now + timedelta(seconds=delay) if delay else None,
    )
    if account is not None:
        await audit.record(account.id, "sign_in_failed", client_ip=client_ip, user_agent=user_agent)
        if failures == settings.sign_in_delay_after:
            await _warn_owner(account, client_ip, user_agent)
    return SignInRefused(
        "sign_in.invalid", failures >= settings.sign_in_captcha_after, delay or None
    )


async def _warn_owner(account: Account, client_ip: str, user_agent: str) -> None:
    """Told once per series of failures, when sign-ins start being delayed."""
    await outbox.queue_email(account.email, emails.sign_in_blocked())
    outbox.wake_sender()
    await audit.record(account.id, "locked", client_ip=client_ip, user_agent=user_agent)


async def reset_failures(email: str) -> None:
    """A proven password reset ends the delays for that address."""
    await SignInThrottle.filter(key_digest=_throttle_key(email)).delete()
