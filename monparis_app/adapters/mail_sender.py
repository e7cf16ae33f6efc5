"""The outbox sender: delivers queued e-mails to SMTP, or to the dev mailbox, with retries.

It runs as a background task of each app process. A row is claimed with a short lease before
sending, so several processes never send the same e-mail twice, and a crash mid-send only delays
it until the lease ends. A refused or unreachable SMTP server reschedules the row with a growing
delay; nothing is dropped before ``MONPARIS_MAIL_MAX_ATTEMPTS`` tries.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

import aiosmtplib
from tortoise.expressions import Q

from monparis_app.core import clock, outbox
from monparis_app.models import OutboxEmail
from monparis_app.settings import get_settings

logger = logging.getLogger("monparis.mail")

LEASE_SECONDS = 60
MAX_BACKOFF_SECONDS = 600
BATCH_SIZE = 50


def build_message(row: OutboxEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = get_settings().mail_from
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="monparis.localhost")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row.text_body)
    message.add_alternative(row.html_body, subtype="html")
    return message


async def _deliver_smtp(message: EmailMessage, smtp_url: str) -> None:
    """``smtp://host:port`` (plain), ``smtp+starttls://…`` or ``smtps://…``, with optional user:pass."""
    url = urlsplit(smtp_url)
    await aiosmtplib.send(
        message,
        hostname=url.hostname or "localhost",
        port=url.port or (465 if url.scheme == "smtps" else 25),
        username=unquote(url.username) if url.username else None,
        password=unquote(url.password) if url.password else None,
        use_tls=url.scheme == "smtps",
        start_tls=url.scheme == "smtp+starttls",
        timeout=15,
    )


def _deliver_dev_mailbox(row: OutboxEmail) -> None:
    """Dev only (prod refuses to start without SMTP): the e-mail is shown at /dev/mailbox."""
    logger.info("Dev mailbox: to=%s subject=%s\n%s", row.recipient, row.subject, row.text_body)


async def _claim(row: OutboxEmail) -> bool:
    now = clock.now()
    claimed = await OutboxEmail.filter(
        Q(locked_until=None) | Q(locked_until__lt=now), id=row.id, sent_at=None
    ).update(locked_until=now + timedelta(seconds=LEASE_SECONDS))
    return bool(claimed)


async def send_one(row: OutboxEmail) -> bool:
    """Try one row; True when delivered. Failures are recorded, never raised."""
    if not await _claim(row):
        return False
    smtp_url = get_settings().smtp_url
    try:
        if smtp_url:
            await _deliver_smtp(build_message(row), smtp_url)
        else:
            _deliver_dev_mailbox(row)
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        attempts = row.attempts + 1
        delay = min(2**attempts, MAX_BACKOFF_SECONDS)
        await OutboxEmail.filter(id=row.id).update(
            attempts=attempts,
            next_attempt_at=clock.now() + timedelta(seconds=delay),
            locked_until=None,
            last_error=type(error).__name__,
        )
        logger.warning("E-mail %s not sent (try %s): %s", row.id, attempts, type(error).__name__)
        return False
    await OutboxEmail.filter(id=row.id).update(
        sent_at=clock.now(),
        attempts=row.attempts + 1,
        locked_until=None,
        delivered_via="smtp" if smtp_url else "dev-mailbox",
    )
    return True


async def send_due() -> int:
    """Send every row that is due now; returns how many were delivered."""
    settings = get_settings()
    due = (
        await OutboxEmail.filter(
            sent_at=None, next_attempt_at__lte=clock.now(), attempts__lt=settings.mail_max_attempts
        )
        .order_by("id")
        .limit(BATCH_SIZE)
    )
    delivered = 0
    for row in due:
        delivered += await send_one(row)
    return delivered


async def run_sender(stop: asyncio.Event) -> None:
    """Loop until ``stop``: send what is due, then sleep until woken or the next poll."""
    poll = get_settings().mail_poll_seconds
    while not stop.is_set():
        try:
            await send_due()
        except Exception:  # the loop must survive a database hiccup
            logger.exception("Outbox sender pass failed")
        await outbox.wait_for_mail(poll)
