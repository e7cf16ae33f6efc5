"""Forgotten password: a 4-digit code by e-mail, then a new password under the same policy.

The answer to a request never says whether the address has an account: a flow is created
either way, and only a real account gets a code (a flow without one can never succeed).
Success revokes every session and tells the owner by e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from monparis_app.core import (
    audit,
    clock,
    code_checks,
    emails,
    outbox,
    rate_limits,
    security_events,
    sessions,
    sign_in,
)
from monparis_app.core.code_checks import CodeRefused
from monparis_app.core.errors import InvalidInput
from monparis_app.core.identity_fields import normalize_email
from monparis_app.core.password_hashing import hash_password
from monparis_app.core.password_policy import check_new_password
from monparis_app.core.verification_codes import new_code
from monparis_app.models import Account, CodeFlow, CodeFlowPurpose
from monparis_app.settings import get_settings

_PURPOSE = "password-reset-code"


@dataclass(frozen=True)
class ResetRequested:
    flow_id: UUID
    email: str
    next_resend_at: datetime  # when "renvoyez le message" is first accepted


@dataclass(frozen=True)
class PasswordResetDone:
    account_id: UUID


async def request_password_reset(email: str, client_ip: str) -> ResetRequested:
    settings = get_settings()
    await rate_limits.hit_per_ip("reset", client_ip, settings.rate_limit_resend)
    address = normalize_email(email)
    await code_checks.spend_address_budget(code_checks.Budget.PASSWORD_RESET, address, client_ip)
    account = await Account.get_or_none(email=address)
    async with in_transaction() as connection:
        flow, code = await code_checks.start_code_flow(
            CodeFlowPurpose.PASSWORD_RESET,
            _PURPOSE,
            account_id=account.id if account else None,
            email=address,
            sendable=account is not None,
            connection=connection,
        )
        if account is not None:
            content = emails.password_reset_code(code, code_checks.code_ttl_minutes())
            await outbox.queue_email(address, content, connection, account_id=account.id)
    outbox.wake_sender()
    return ResetRequested(flow.id, address, code_checks.next_send_at(flow))


async def _live_flow(flow_id: str) -> CodeFlow | None:
    try:
        uuid_ = UUID(str(flow_id))
    except ValueError:
        return None
    flow = await CodeFlow.get_or_none(
        id=uuid_, purpose=CodeFlowPurpose.PASSWORD_RESET, completed_at=None
    )
    if flow is None or clock.now() >= flow.expires_at:
        return None
    return flow


async def reset_password(
    flow_id: str, code: str, password: str, confirmation: str, *, client_ip: str, user_agent: str
) -> PasswordResetDone | CodeRefused:
    """``CodeRefused`` (the same as every code journey's; ``flow.expired`` when the flow is
    over). Raises ``InvalidInput`` for a malformed code or a refused password (no try counted)."""
    await rate_limits.hit_per_ip("verify", client_ip, get_settings().rate_limit_verify)
    flow = await _live_flow(flow_id)
    if flow is None:
        return CodeRefused("flow.expired")
    candidate, errors = code_checks.parse_candidate(code)
    errors += check_new_password(password, confirmation, [flow.email])
    if errors:
        raise InvalidInput(errors)
    assert candidate is not None
    verdict = await code_checks.judge(CodeFlow, flow, _PURPOSE, candidate)
    if verdict != code_checks.Verdict.RIGHT or flow.account_id is None:
        return code_checks.refusal(verdict, flow)
    return await _apply(flow, password, client_ip, user_agent)


async def _apply(
    flow: CodeFlow, password: str, client_ip: str, user_agent: str
) -> PasswordResetDone:
    # The right code has been spent on this: the hash waits its turn rather than refuse.
    password_hash = await hash_password(password, refuse_when_full=False)
    now = clock.now()
    assert flow.account_id is not None
    async with in_transaction() as connection:
        claimed = (
            await CodeFlow.filter(id=flow.id, completed_at=None)
            .using_db(connection)
            .update(completed_at=now)
        )
        if not claimed:
            return PasswordResetDone(flow.account_id)
        # A new password proven by an e-mailed code also lifts "Sécuriser mon compte"'s block.
        await (
            Account.filter(id=flow.account_id)
            .using_db(connection)
            .update(password_hash=password_hash, password_changed_at=now, must_reset_password=False)
        )
        not_me = await security_events.link_for(
            flow.account_id,
            security_events.PASSWORD_RESET,
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
        await outbox.queue_email(
            flow.email, emails.password_changed(not_me), connection, account_id=flow.account_id
        )
        await audit.record(
            flow.account_id,
            "password_reset",
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
    outbox.wake_sender()
    await sessions.revoke_all_sessions(flow.account_id)
    await sign_in.reset_failures(flow.email)
    return PasswordResetDone(flow.account_id)


async def resend_reset_code(flow_id: str, client_ip: str) -> datetime | None:
    """When the next resend is accepted, once a new code is sent; None when the flow is over or
    used all its sends. Raises ``RateLimited`` if too soon."""
    await rate_limits.hit_per_ip("resend", client_ip, get_settings().rate_limit_resend)
    flow = await _live_flow(flow_id)
    if flow is None or not code_checks.check_resend_allowed(flow):
        return None
    code = new_code()
    async with in_transaction() as connection:
        digest = code_checks.digest_for(_PURPOSE, flow.id, code, flow.account_id is not None)
        await code_checks.store_new_code(
            CodeFlow,
            flow,
            digest,
            connection,
            budget=code_checks.Budget.PASSWORD_RESET,
            client_ip=client_ip,
            completed_at=None,
        )
        if flow.account_id is not None:
            content = emails.password_reset_code(code, code_checks.code_ttl_minutes())
            await outbox.queue_email(flow.email, content, connection, account_id=flow.account_id)
    outbox.wake_sender()
    await flow.refresh_from_db(fields=["last_sent_at"])
    return code_checks.next_send_at(flow)


__all__ = [
    "CodeRefused",
    "PasswordResetDone",
    "ResetRequested",
    "request_password_reset",
    "resend_reset_code",
    "reset_password",
]
