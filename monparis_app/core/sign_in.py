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
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from monparis_app.core import audit, clock, emails, metrics, outbox, rate_limits, security_events
from monparis_app.core.captcha import consume_answer
from monparis_app.core.errors import InvalidInput, RateLimited
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
    sign_in.email_required, sign_in.password_required or sign_in.must_reset_password (the
    right password of an account secured by "Ce n'était pas moi": a new one must be set)."""

    code: str
    captcha_required: bool
    retry_after: int | None = None


async def _equal_work_hash() -> str:
    """A real argon2 hash to verify against when the address has no account."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = await hash_password(
            "pas-de-compte-pour-cette-adresse", refuse_when_full=False
        )
    return _dummy_hash


def _throttle_key(address: str) -> str:
    """``address`` is the normalised form that finds the account, so look-alike spellings of
    one address (case, full-width letters, …) share one counter."""
    return hashlib.sha256(("sign-in:" + address).encode()).hexdigest()


def _normalised_or_none(email: str) -> str | None:
    try:
        return normalize_email(email)
    except InvalidInput:
        return None


async def captcha_required_for(email: str) -> bool:
    """Lets a page show the captcha before the person submits again."""
    address = _normalised_or_none(email)
    if address is None:
        return False
    row = await SignInThrottle.get_or_none(key_digest=_throttle_key(address))
    return bool(row and row.failures >= get_settings().sign_in_captcha_after)


def _delay_after(failures: int) -> int:
    """Seconds to wait after the ``failures``-th failure in a row: 30 s, doubling, capped."""
    settings = get_settings()
    if failures < settings.sign_in_delay_after:
        return 0
    exponent = failures - settings.sign_in_delay_after
    return int(min(30 * 2**exponent, settings.sign_in_max_delay_seconds))


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

    An empty field or an address that cannot exist is refused before anything is counted:
    it is a slip, not a guess. Every other try is counted before its password is compared
    (see ``_claim_try``), so parallel guesses are limited exactly like sequential ones.
    """
    if not email.strip():
        return SignInRefused("sign_in.email_required", False)
    if not password:
        return SignInRefused("sign_in.password_required", False)
    address = _normalised_or_none(email)
    if address is None:
        return SignInRefused("email.invalid", False)
    await rate_limits.hit_per_ip("sign-in", client_ip, get_settings().rate_limit_sign_in)
    claim = await _claim_try(_throttle_key(address), captcha_id, captcha_answer)
    if isinstance(claim, SignInRefused):
        return claim
    account = await Account.get_or_none(email=address)
    stored_hash = account.password_hash if account and account.password_hash else None
    try:
        matches = await verify_password(stored_hash or await _equal_work_hash(), password[:1024])
    except RateLimited:
        # The server was too busy to compare: this try was no guess, so it is given back.
        await _give_back(claim)
        raise
    if account and stored_hash and matches:
        if account.must_reset_password:
            # Said only to whoever knows the password, so it reveals nothing to a guesser.
            captcha = claim.failures >= get_settings().sign_in_captcha_after
            return SignInRefused("sign_in.must_reset_password", captcha)
        await _succeed(account, claim.key, password, client_ip, user_agent)
        return SignedIn(account.id)
    return await _fail(account, claim, client_ip, user_agent)


@dataclass(frozen=True)
class _ClaimedTry:
    key: str
    failures: int  # counting this try, as if it fails
    blocked_until: datetime | None = None  # the delay this try wrote, as if it fails


async def _give_back(claim: _ClaimedTry) -> None:
    """Undo a claimed try that was never compared, by atomic updates: other tries claimed
    meanwhile keep their count, and only the delay this very try wrote is lifted."""
    await SignInThrottle.filter(key_digest=claim.key, failures__gte=1).update(
        failures=F("failures") - 1
    )
    if claim.blocked_until is not None:
        await SignInThrottle.filter(key_digest=claim.key, blocked_until=claim.blocked_until).update(
            blocked_until=None
        )


_CLAIM_ROUNDS = 20


async def _claim_try(key: str, captcha_id: str, captcha_answer: str) -> _ClaimedTry | SignInRefused:
    """Count this try as a failure *before* the password is compared, by a compare-and-set.

    The update succeeds only if the counter still holds the value read and no delay is in
    force, and it writes the delay this try earns if it fails. A request that loses the race
    reads the counter again and is judged on the new value, so a burst is judged exactly as
    the same tries one after the other: the first few are compared, then a captcha is asked
    of every other. A right password deletes the counter afterwards (``_succeed``).
    """
    settings = get_settings()
    captcha_passed = False
    for _ in range(_CLAIM_ROUNDS):
        throttle, _created = await SignInThrottle.get_or_create(key_digest=key)
        now = clock.now()
        if throttle.blocked_until and now < throttle.blocked_until:
            wait = math.ceil((throttle.blocked_until - now).total_seconds())
            return SignInRefused("sign_in.blocked", True, wait)
        if throttle.failures >= settings.sign_in_captcha_after and not captcha_passed:
            if not captcha_answer.strip():
                return SignInRefused("sign_in.captcha_required", True)
            if not await consume_answer(captcha_id, captcha_answer):
                return SignInRefused("captcha.invalid", True)
            captcha_passed = True
        failures = throttle.failures + 1
        delay = _delay_after(failures)
        blocked_until = now + timedelta(seconds=delay) if delay else None
        claimed = await SignInThrottle.filter(
            Q(blocked_until=None) | Q(blocked_until__lte=now),
            key_digest=key,
            failures=throttle.failures,
        ).update(failures=failures, last_failure_at=now, blocked_until=blocked_until)
        if claimed:
            return _ClaimedTry(key, failures, blocked_until)
    return SignInRefused("sign_in.too_fast", captcha_passed, 1)


async def _succeed(
    account: Account, key: str, password: str, client_ip: str, user_agent: str
) -> None:
    await SignInThrottle.filter(key_digest=key).delete()
    if account.password_hash and needs_rehash(account.password_hash):
        # The person is already signed in: an upgrade waits its turn rather than fail the sign-in.
        account.password_hash = await hash_password(password, refuse_when_full=False)
        await account.save(update_fields=["password_hash"])
    await audit.record(account.id, "signed_in", client_ip=client_ip, user_agent=user_agent)


async def _fail(
    account: Account | None, claim: _ClaimedTry, client_ip: str, user_agent: str
) -> SignInRefused:
    """The try was counted when claimed; here the owner is told and the answer is built."""
    settings = get_settings()
    metrics.count(metrics.SIGN_IN_FAILED)
    if account is not None:
        await audit.record(account.id, "sign_in_failed", client_ip=client_ip, user_agent=user_agent)
        if claim.failures == settings.sign_in_delay_after:
            await _warn_owner(account, client_ip, user_agent)
    delay = _delay_after(claim.failures)
    return SignInRefused(
        "sign_in.invalid", claim.failures >= settings.sign_in_captcha_after, delay or None
    )


async def _warn_owner(account: Account, client_ip: str, user_agent: str) -> None:
    """Told once per series of failures, when sign-ins start being delayed."""
    async with in_transaction() as connection:
        not_me = await security_events.link_for(
            account.id,
            security_events.SIGN_IN_BLOCKED,
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
        await outbox.queue_email(
            account.email, emails.sign_in_blocked(not_me), connection, account_id=account.id
        )
        await audit.record(
            account.id, "locked", client_ip=client_ip, user_agent=user_agent, connection=connection
        )
    outbox.wake_sender()


async def reset_failures(email: str) -> None:
    """A proven password reset ends the delays for that address."""
    address = _normalised_or_none(email)
    if address is not None:
        await SignInThrottle.filter(key_digest=_throttle_key(address)).delete()
