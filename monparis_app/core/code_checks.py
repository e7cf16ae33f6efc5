"""The rules of an e-mailed 4-digit code, shared by every flow that sends one.

Sign-up, password reset and e-mail change all keep the same fields on their flow row
(``code_digest``, ``previous_code_digest``, ``code_expires_at``, ``code_attempts``,
``sends_count``, ``last_sent_at``) and obey the same limits: 10 minutes, 3 wrong tries burn the
code, 60 s between sends, 5 sends. The digest of the code a resend replaced is kept so that a
person typing the older e-mail's code is told a newer one was sent, rather than "incorrect".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F

from monparis_app.core import clock, rate_limits
from monparis_app.core.errors import FieldError, RateLimited
from monparis_app.core.verification_codes import (
    code_digest,
    code_matches,
    new_code,
    normalize_code,
    unguessable_digest,
)
from monparis_app.models import CodeFlow, CodeFlowPurpose
from monparis_app.settings import get_settings


class CodeFlowRow(Protocol):
    id: Any
    email: str
    code_digest: str
    previous_code_digest: str
    code_expires_at: datetime
    code_attempts: int
    sends_count: int
    last_sent_at: datetime

    async def refresh_from_db(self, fields: Any = None) -> None: ...


class Verdict(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    EXPIRED = "expired"
    BURNT = "burnt"
    REPLACED = "replaced"  # the code a resend replaced: wrong too, but the person is told why


@dataclass(frozen=True)
class CodeRefused:
    """The one answer of every code journey (sign-up, password reset, e-mail change) to a code
    it does not accept. ``code`` keys the message: ``code.invalid``, ``code.replaced`` (the code
    of an earlier e-mail), ``code.expired`` or ``code.too_many_attempts`` (a password reset also
    says ``flow.expired``);
    ``attempts_left`` is what remains of the current code's tries."""

    code: str
    attempts_left: int = 0

    def field_errors(self) -> list[FieldError]:
        """The refusal as an error on the form's code field, for a door that shows it so."""
        return [FieldError("code", self.code)]


REFUSAL_CODES = {
    Verdict.WRONG: "code.invalid",
    Verdict.EXPIRED: "code.expired",
    Verdict.BURNT: "code.too_many_attempts",
    Verdict.REPLACED: "code.replaced",
}


def refusal(verdict: Verdict, flow: CodeFlowRow) -> CodeRefused:
    """Why ``judge`` did not accept the code, in the shape every journey returns."""
    return CodeRefused(REFUSAL_CODES.get(verdict, "code.invalid"), attempts_left(flow))


def parse_candidate(code: str) -> tuple[str | None, list[FieldError]]:
    """The typed code normalised, or why it is no code at all (then no try is counted)."""
    candidate = normalize_code(code)
    if candidate is not None:
        return candidate, []
    return None, [FieldError("code", "code.required" if not code.strip() else "code.format")]


def digest_for(purpose: str, flow_id: Any, code: str, sendable: bool = True) -> str:
    """Where no code is sent (an address we must not reveal), no code may ever match."""
    return code_digest(purpose, str(flow_id), code) if sendable else unguessable_digest()


def attempts_left(flow: CodeFlowRow) -> int:
    return max(0, get_settings().code_max_attempts - flow.code_attempts)


def next_send_at(flow: CodeFlowRow) -> datetime:
    return flow.last_sent_at + timedelta(seconds=get_settings().code_resend_interval_seconds)


def sends_left(flow: CodeFlowRow) -> int:
    return max(0, get_settings().code_max_sends_per_flow - flow.sends_count)


async def judge(model: Any, flow: CodeFlowRow, purpose: str, candidate: str) -> Verdict:
    """Check ``candidate`` (already normalised) against the flow's current code.

    The try is claimed *before* the comparison, by one conditional update whose row count
    decides: only a request that moved ``code_attempts`` below the limit, on the very code it
    read, may compare. Thirty requests sent at once therefore get at most
    ``MONPARIS_CODE_MAX_ATTEMPTS`` comparisons between them; the others are refused unseen.
    A right code uses its claimed try too: the flow is over then, so nobody needs it back.

    A candidate that is the code a resend replaced (``previous_code_digest``) is ``REPLACED``:
    it spent its try like any wrong code, so telling it apart gives a guesser nothing (the old
    code opens nothing), while the person learns to type the newer code. The last try burns
    the code whatever was typed: ``BURNT`` comes first.
    """
    settings = get_settings()
    now = clock.now()
    if now >= flow.code_expires_at:
        return Verdict.EXPIRED
    claimed = await model.filter(
        id=flow.id,
        code_digest=flow.code_digest,
        code_attempts__lt=settings.code_max_attempts,
        code_expires_at__gt=now,
    ).update(code_attempts=F("code_attempts") + 1)
    if not claimed:
        return await _unclaimed_verdict(model, flow)
    if code_matches(flow.code_digest, purpose, str(flow.id), candidate):
        return Verdict.RIGHT
    await flow.refresh_from_db(fields=["code_attempts"])
    if attempts_left(flow) <= 0:
        return Verdict.BURNT
    return Verdict.REPLACED if _was_replaced(flow, purpose, candidate) else Verdict.WRONG


def _was_replaced(flow: CodeFlowRow, purpose: str, candidate: str) -> bool:
    """``candidate`` is the code the last resend replaced (the row the claim matched holds
    the very ``previous_code_digest`` read with it: a resend changes both digests at once)."""
    previous = flow.previous_code_digest
    return bool(previous) and code_matches(previous, purpose, str(flow.id), candidate)


async def _unclaimed_verdict(model: Any, flow: CodeFlowRow) -> Verdict:
    """Why no try could be claimed: the tries are spent, the code expired, or a new code
    replaced the one this request read (then the candidate was meant for an old code)."""
    await flow.refresh_from_db(fields=["code_digest", "code_expires_at", "code_attempts"])
    if attempts_left(flow) <= 0:
        return Verdict.BURNT
    if clock.now() >= flow.code_expires_at:
        return Verdict.EXPIRED
    return Verdict.WRONG


class Budget(StrEnum):
    """Whose budget of codes a send spends. Each purpose has its own, so what an outsider
    does with someone's address (sign-ups, e-mail changes) never spends that person's
    password-reset budget."""

    REGISTRATION = "registration"
    EMAIL_CHANGE = "email-change"
    PASSWORD_RESET = "password-reset"


async def spend_address_budget(budget: Budget, address: str, client_ip: str) -> None:
    """Count one code e-mailed to ``address`` (normalised); raises ``RateLimited`` past it.

    A password reset is asked for without any proof, so its budget is kept per address *and*
    requesting IP: strangers elsewhere cannot exhaust the owner's, and each of them is capped
    (plus the per-IP limit of the request itself and the per-flow cap of sends).
    """
    key = f"{address}|{client_ip}" if budget == Budget.PASSWORD_RESET else address
    await rate_limits.hit(f"code-send:{budget}", key, get_settings().rate_limit_per_address)


def check_resend_allowed(flow: CodeFlowRow) -> bool:
    """False when the flow used all its sends; raises ``RateLimited`` while throttled.

    Read from the row, this only answers early; ``store_new_code`` decides atomically.
    """
    if sends_left(flow) <= 0:
        return False
    wait = (next_send_at(flow) - clock.now()).total_seconds()
    if wait > 0:
        raise RateLimited(int(wait) + (wait % 1 > 0))
    return True


async def store_new_code(
    model: Any,
    flow: CodeFlowRow,
    digest: str,
    connection: BaseDBAsyncClient,
    *,
    budget: Budget,
    client_ip: str,
    **conditions: Any,
) -> None:
    """Replace the code; of a burst of resends only one claims the flow and spends the
    address's budget. Call inside the transaction that queues the e-mail: a refusal raised
    here (``RateLimited``) rolls it back, so nothing is sent."""
    settings = get_settings()
    now = clock.now()
    claimed = (
        await model.filter(
            id=flow.id,
            sends_count=flow.sends_count,
            sends_count__lt=settings.code_max_sends_per_flow,
            last_sent_at__lte=now - timedelta(seconds=settings.code_resend_interval_seconds),
            **conditions,
        )
        .using_db(connection)
        .update(
            # The code it replaces, judged as "replaced" rather than "wrong" from now on
            # (SQL reads the right-hand side from the row before the update).
            previous_code_digest=F("code_digest"),
            code_digest=digest,
            code_expires_at=now + timedelta(seconds=settings.code_ttl_seconds),
            code_attempts=0,
            sends_count=flow.sends_count + 1,
            last_sent_at=now,
        )
    )
    if not claimed:
        raise RateLimited(settings.code_resend_interval_seconds)
    await spend_address_budget(budget, flow.email, client_ip)


async def start_code_flow(
    purpose: CodeFlowPurpose,
    digest_purpose: str,
    *,
    account_id: Any,
    email: str,
    sendable: bool,
    connection: BaseDBAsyncClient,
) -> tuple[CodeFlow, str]:
    """A new password-reset or e-mail-change flow and the code to e-mail (if ``sendable``)."""
    settings = get_settings()
    now = clock.now()
    flow_id = uuid.uuid4()
    code = new_code()
    flow = await CodeFlow.create(
        id=flow_id,
        purpose=purpose,
        account_id=account_id,
        email=email,
        code_digest=digest_for(digest_purpose, flow_id, code, sendable),
        code_expires_at=now + timedelta(seconds=settings.code_ttl_seconds),
        last_sent_at=now,
        expires_at=now + timedelta(seconds=settings.flow_ttl_seconds),
        using_db=connection,
    )
    return flow, code


def code_ttl_minutes() -> int:
    return max(1, get_settings().code_ttl_seconds // 60)
