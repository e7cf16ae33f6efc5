"""Changing the login e-mail: a code goes to the new address, and only that code switches it.

The old address stays the login until the code is entered, and is told once it changed. A
taken address gets the same answers (and a notice instead of a code), so this cannot be used
to find out who has an account. The code obeys the rules of every e-mailed code
(``core.code_checks``): a wrong one is answered with the same ``CodeRefused`` as at sign-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from monparis_app.core import (
    audit,
    clock,
    code_checks,
    emails,
    outbox,
    rate_limits,
    security_events,
)
from monparis_app.core.code_checks import CodeRefused
from monparis_app.core.errors import FieldError, InvalidInput
from monparis_app.core.identity_fields import normalize_email
from monparis_app.core.verification_codes import new_code
from monparis_app.models import Account, CodeFlow, CodeFlowPurpose
from monparis_app.settings import get_settings

_EMAIL_PURPOSE = "email-change-code"


@dataclass(frozen=True)
class EmailChangePending:
    flow_id: UUID
    new_email: str
    next_resend_at: datetime  # when "renvoyez le message" is first accepted


async def request_email_change(
    account_id: UUID, new_email: str, client_ip: str
) -> EmailChangePending:
    """A code goes to the new address; the old one stays the login until it is entered.

    A taken address gets the same answer (and a notice instead of a code), so this cannot be
    used to find out who has an account.
    """
    settings = get_settings()
    await rate_limits.hit_per_ip("email-change", client_ip, settings.rate_limit_resend)
    address = normalize_email(new_email, "new_email")
    account = await Account.get(id=account_id)
    if address == account.email:
        raise InvalidInput([FieldError("new_email", "new_email.same")])
    await code_checks.spend_address_budget(code_checks.Budget.EMAIL_CHANGE, address, client_ip)
    taken = await Account.exists(email=address)
    async with in_transaction() as connection:
        flow, code = await code_checks.start_code_flow(
            CodeFlowPurpose.EMAIL_CHANGE,
            _EMAIL_PURPOSE,
            account_id=account_id,
            email=address,
            sendable=not taken,
            connection=connection,
        )
        await _queue_code(account_id, address, code, taken, connection)
    outbox.wake_sender()
    return EmailChangePending(flow.id, address, code_checks.next_send_at(flow))


async def _queue_code(
    account_id: UUID, address: str, code: str, taken: bool, connection: BaseDBAsyncClient
) -> None:
    """The code to a free address; to a taken one, a notice that belongs to that address's
    owner (the changing account's data export must not reveal that it has an account)."""
    content = (
        emails.email_change_on_taken_address()
        if taken
        else emails.email_change_code(code, code_checks.code_ttl_minutes())
    )
    owner = await outbox.owner_of(address, connection) if taken else account_id
    await outbox.queue_email(address, content, connection, account_id=owner)


async def resend_email_change_code(
    account_id: UUID, flow_id: str, client_ip: str
) -> datetime | None:
    """A new code replaces the old one (same throttle and caps as sign-up): when the next
    resend is accepted, as the other code journeys answer, so the page counts down to it;
    None when the request is over or used all its sends. Raises ``RateLimited`` while
    throttled (too early is not "no more sends")."""
    await rate_limits.hit_per_ip("resend", client_ip, get_settings().rate_limit_resend)
    flow = await _live_email_flow(account_id, flow_id)
    if flow is None or not code_checks.check_resend_allowed(flow):
        return None
    taken = await Account.exists(email=flow.email)
    code = new_code()
    async with in_transaction() as connection:
        digest = code_checks.digest_for(_EMAIL_PURPOSE, flow.id, code, not taken)
        await code_checks.store_new_code(
            CodeFlow,
            flow,
            digest,
            connection,
            budget=code_checks.Budget.EMAIL_CHANGE,
            client_ip=client_ip,
            completed_at=None,
        )
        await _queue_code(account_id, flow.email, code, taken, connection)
    outbox.wake_sender()
    await flow.refresh_from_db(fields=["last_sent_at"])
    return code_checks.next_send_at(flow)


async def _live_email_flow(account_id: UUID, flow_id: str) -> CodeFlow | None:
    try:
        uuid_ = UUID(str(flow_id))
    except ValueError:
        return None
    flow = await CodeFlow.get_or_none(
        id=uuid_, account_id=account_id, purpose=CodeFlowPurpose.EMAIL_CHANGE, completed_at=None
    )
    if flow is None or clock.now() >= flow.expires_at:
        return None
    return flow


async def confirm_email_change(
    account_id: UUID, flow_id: str, code: str, *, client_ip: str = "", user_agent: str = ""
) -> str | CodeRefused | None:
    """The new login e-mail; ``CodeRefused`` for a wrong, expired or burnt code; None when
    the flow is over. Raises ``InvalidInput`` (code.required / code.format) for what is no
    code at all, which costs no try."""
    await rate_limits.hit_per_ip("verify", client_ip, get_settings().rate_limit_verify)
    candidate, malformed = code_checks.parse_candidate(code)
    if candidate is None:
        raise InvalidInput(malformed)
    flow = await _live_email_flow(account_id, flow_id)
    if flow is None:
        return None
    verdict = await code_checks.judge(CodeFlow, flow, _EMAIL_PURPOSE, candidate)
    if verdict != code_checks.Verdict.RIGHT:
        return code_checks.refusal(verdict, flow)
    return await _switch_email(flow, client_ip, user_agent)


async def _switch_email(flow: CodeFlow, client_ip: str, user_agent: str) -> str | None:
    """Flow claimed, login switched, old address told, audited: one transaction. None when a
    concurrent right code won, or the address got an account meanwhile."""
    assert flow.account_id is not None
    account = await Account.get(id=flow.account_id)
    old_email = account.email
    try:
        async with in_transaction() as connection:
            claimed = (
                await CodeFlow.filter(id=flow.id, completed_at=None)
                .using_db(connection)
                .update(completed_at=clock.now())
            )
            if not claimed:
                return None
            await Account.filter(id=account.id).using_db(connection).update(email=flow.email)
            # Sent to the old address: its link gives that address back to the account.
            not_me = await security_events.link_for(
                account.id,
                security_events.EMAIL_CHANGED,
                client_ip=client_ip,
                user_agent=user_agent,
                previous_email=old_email,
                connection=connection,
            )
            await outbox.queue_email(
                old_email,
                emails.email_changed(flow.email, not_me),
                connection,
                account_id=account.id,
            )
            await audit.record(
                account.id,
                "email_changed",
                client_ip=client_ip,
                user_agent=user_agent,
                connection=connection,
            )
    except IntegrityError:
        return None
    outbox.wake_sender()
    return flow.email
