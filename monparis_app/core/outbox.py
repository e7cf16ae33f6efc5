"""The outbox: e-mails are rows written in the caller's transaction, sent later by a sender.

If the transaction rolls back, no e-mail leaves; if the SMTP server is down, the row waits and is
retried. ``wake_sender`` lets the sender of this process send at once instead of at its next poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref

from tortoise.backends.base.client import BaseDBAsyncClient

from monparis_app.core import clock
from monparis_app.core.emails import EmailContent
from monparis_app.models import OutboxEmail

_events: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Event] = (
    weakref.WeakKeyDictionary()
)


def _pending() -> asyncio.Event:
    """One event per event loop (each test runs its own loop)."""
    return _events.setdefault(asyncio.get_running_loop(), asyncio.Event())


async def queue_email(
    recipient: str, content: EmailContent, connection: BaseDBAsyncClient | None = None
) -> OutboxEmail:
    return await OutboxEmail.create(
        recipient=recipient,
        kind=content.kind,
        subject=content.subject,
        text_body=content.text,
        html_body=content.html,
        next_attempt_at=clock.now(),
        using_db=connection,
    )


def wake_sender() -> None:
    """Call after the transaction that queued e-mails has committed."""
    _pending().set()


async def wait_for_mail(timeout: float) -> None:
    """Used by the sender: returns when woken or after ``timeout`` seconds."""
    event = _pending()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout)
    event.clear()
