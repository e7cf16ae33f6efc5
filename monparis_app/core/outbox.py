"""The outbox: e-mails are rows written in the caller's transaction, sent later by a sender.

If the transaction rolls back, no e-mail leaves; if the SMTP server is down, the row waits and is
retried. ``wake_sender`` lets the sender of this process send at once instead of at its next poll.

Codes at rest: the flows keep only an HMAC of a code, so the outbox must not keep it in clear
either. The stored bodies never contain it (they hold ``emails.CODE_MASK``); the code has one
copy, in the row's ``code`` column, which the sender reads to fill in the message it hands to
SMTP and clears in the same update that records the delivery. A code that expires unsent is
cleared too, and its row given up (``give_up``): a late code is useless, the person asks for a
new one. Only the dev mailbox keeps a delivered code until it expires, since showing it at
/dev/mailbox is its purpose (and prod refuses to run with it).

Every row carries ``account_id``, so an export or a deletion finds the e-mails of an account
whatever address they went to (an earlier login e-mail, the new one being confirmed). Rows are
deleted ``mail_retention_days`` after they were sent or given up (``purge_old_emails``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from monparis_app.core import clock, metrics
from monparis_app.core.emails import EmailContent, fill_in_code
from monparis_app.models import Account, OutboxEmail
from monparis_app.settings import get_settings

logger = logging.getLogger("monparis.mail")

CODE_EXPIRED = "code_expired"

_events: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Event] = (
    weakref.WeakKeyDictionary()
)


def _pending() -> asyncio.Event:
    """One event per event loop (each test runs its own loop)."""
    return _events.setdefault(asyncio.get_running_loop(), asyncio.Event())


async def queue_email(
    recipient: str,
    content: EmailContent,
    connection: BaseDBAsyncClient | None = None,
    *,
    account_id: UUID | None,
    code_expires_at: datetime | None = None,
) -> OutboxEmail:
    """Queue ``content`` for ``recipient`` in the caller's transaction.

    ``account_id`` is required (None only for an address with no account) so that no call site
    forgets it: export and deletion rely on it. A code e-mail expires with its code; by default
    the code was issued in this transaction, so it lives ``code_ttl_seconds`` from now.
    """
    metrics.count(metrics.EMAIL_QUEUED, kind=content.kind)
    now = clock.now()
    if content.code is not None and code_expires_at is None:
        code_expires_at = now + timedelta(seconds=get_settings().code_ttl_seconds)
    return await OutboxEmail.create(
        account_id=account_id,
        recipient=recipient,
        kind=content.kind,
        subject=content.subject,
        text_body=content.text,
        html_body=content.html,
        code=content.code,
        code_expires_at=code_expires_at if content.code is not None else None,
        next_attempt_at=now,
        using_db=connection,
    )


async def owner_of(address: str, connection: BaseDBAsyncClient | None = None) -> UUID | None:
    """The account whose login e-mail is ``address``, if any: what a notice to it belongs to."""
    ids = (
        await Account.filter(email=address)
        .using_db(connection)
        .limit(1)
        .values_list("id", flat=True)
    )
    return UUID(str(ids[0])) if ids else None


def delivered_bodies(row: OutboxEmail) -> tuple[str, str]:
    """Text and HTML as the recipient gets them (the code filled in while the row has it)."""
    return (
        fill_in_code(row.text_body, row.code),
        fill_in_code(row.html_body, row.code, html=True),
    )


def belonging_to(account_id: UUID, current_email: str) -> Q:
    """The rows of an account: its own, and the unowned ones to its current address (a sign-up
    code sent before the account existed, or a row queued before rows named their account)."""
    return Q(account_id=account_id) | Q(account_id=None, recipient=current_email)


async def forget_account(
    account_id: UUID, current_email: str, connection: BaseDBAsyncClient | None = None
) -> None:
    """Account deletion: its e-mails go, whatever address they were sent to.

    Sent and given-up ones are deleted, and so are pending codes (their flows go with the
    account). A notice still waiting (e.g. "your login e-mail changed", to an earlier address)
    is still delivered, since it may warn of the very takeover that led to the deletion; it
    then belongs to no one and leaves with the retention purge.
    """
    rows = OutboxEmail.filter(belonging_to(account_id, current_email)).using_db(connection)
    await rows.filter(
        Q(sent_at__not_isnull=True)
        | Q(gave_up_at__not_isnull=True)
        | Q(code_expires_at__not_isnull=True)
    ).delete()
    await rows.update(account_id=None)


async def give_up(
    row_id: int,
    kind: str,
    reason: str = "",
    *,
    code_expired: bool = False,
    only_unlocked: bool = False,
) -> bool:
    """Stop trying a row: the code (if any) is cleared and one ERROR line names its kind and id.

    Never the address nor the code: logs are read by more people than the outbox. The update
    is conditional, so of several processes deciding at once only one logs. ``only_unlocked``:
    leave alone a row another pass is sending right now (it records the outcome itself).
    ``code_expired`` marks the row expired-unsent (``last_error`` = ``CODE_EXPIRED``).
    """
    now = clock.now()
    condition = Q(id=row_id, sent_at=None, gave_up_at=None)
    if only_unlocked:
        condition &= Q(locked_until=None) | Q(locked_until__lt=now)
    updates: dict[str, object] = {"gave_up_at": now, "code": None, "locked_until": None}
    if code_expired:
        updates["last_error"] = CODE_EXPIRED
        reason = "its code expired before it could be delivered"
    if not await OutboxEmail.filter(condition).update(**updates):
        return False
    logger.error("E-mail %s (%s) abandoned, not sent: %s", row_id, kind, reason)
    return True


async def expire_codes() -> int:
    """Codes past their expiry leave the outbox; a code e-mail still unsent is given up.

    Runs before every sender pass and with the periodic purges. Returns the rows given up.
    """
    now = clock.now()
    unsent = await OutboxEmail.filter(
        code_expires_at__lte=now, sent_at=None, gave_up_at=None
    ).values_list("id", "kind")
    given_up = 0
    for row_id, kind in unsent:
        given_up += await give_up(row_id, kind, code_expired=True, only_unlocked=True)
    # Delivered ones (the dev mailbox keeps a code until here), and given-up ones to be sure.
    await (
        OutboxEmail.filter(Q(sent_at__not_isnull=True) | Q(gave_up_at__not_isnull=True))
        .filter(code__not_isnull=True, code_expires_at__lte=now)
        .update(code=None)
    )
    return given_up


async def purge_old_emails() -> int:
    """Sent and given-up e-mails are deleted ``mail_retention_days`` after that happened."""
    cutoff = clock.now() - timedelta(days=get_settings().mail_retention_days)
    sent = await OutboxEmail.filter(sent_at__lte=cutoff).delete()
    abandoned = await OutboxEmail.filter(gave_up_at__lte=cutoff).delete()
    return sent + abandoned


def wake_sender() -> None:
    """Call after the transaction that queued e-mails has committed."""
    _pending().set()


async def wait_for_mail(timeout: float) -> None:
    """Used by the sender: returns when woken or after ``timeout`` seconds."""
    event = _pending()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout)
    event.clear()
