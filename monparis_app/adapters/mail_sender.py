"""The outbox sender: delivers queued e-mails to SMTP, or to the dev mailbox, with retries.

It runs as a background task of each app process. A row is claimed with a short lease before
sending, so several processes never send the same e-mail twice, and a crash mid-send only delays
it until the lease ends.

Retries. A code e-mail is only worth something while its code is valid (10 minutes), so it is
retried every few seconds (``CODE_RETRY_MAX_SECONDS`` at most) for as long as its code lives,
whatever the number of tries, and given up unsent once the code has expired. Other e-mails back
off, doubling up to ``MAX_BACKOFF_SECONDS``, and are given up after ``MONPARIS_MAIL_MAX_ATTEMPTS``
tries. Either way a row that is given up logs one ERROR line naming its kind and id (see
``outbox.give_up``); nothing is dropped silently. Code e-mails go first in each pass, a pass
delivers over ``DELIVERY_LANES`` connections at once, and it stops at the first sign that the
server is unreachable rather than wait out one connection timeout per queued row while codes age.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import socket
import time
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from urllib.parse import unquote, urlsplit

import aiosmtplib
from tortoise.expressions import Q

from monparis_app.core import clock, metrics, outbox
from monparis_app.models import OutboxEmail
from monparis_app.settings import get_settings

logger = logging.getLogger("monparis.mail")

LEASE_SECONDS = 60
MAX_BACKOFF_SECONDS = 600
CODE_RETRY_MAX_SECONDS = 5
BATCH_SIZE = 50
EXPIRY_SWEEP_SECONDS = 1.0
DELIVERY_LANES = 4
"""SMTP connections a pass uses at once. Each e-mail costs a few round trips to the relay;
one at a time, a burst of sign-ups waited here for its codes (117 ms at the median for 8
people signing up together, against 7 ms alone)."""


class _Outcome(enum.Enum):
    SENT = "sent"
    SKIPPED = "skipped"  # claimed elsewhere, or given up
    FAILED = "failed"  # this e-mail was refused; others may go through
    UNREACHABLE = "unreachable"  # no server to talk to: the rest of the pass would fail too


def build_message(row: OutboxEmail, text: str, html: str) -> EmailMessage:
    """``text`` and ``html``: the bodies as delivered (``outbox.delivered_bodies``)."""
    message = EmailMessage()
    message["From"] = get_settings().mail_from
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="monparis.localhost")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


@cache
def _local_hostname() -> str:
    """The name our EHLO gives, looked up once: aiosmtplib asks ``socket.getfqdn`` at every
    connection, a blocking lookup of about 2 ms on the event loop."""
    return socket.getfqdn()


def _smtp_client(smtp_url: str) -> aiosmtplib.SMTP:
    """``smtp://host:port`` (plain), ``smtp+starttls://…`` or ``smtps://…``, with optional user:pass."""
    url = urlsplit(smtp_url)
    return aiosmtplib.SMTP(
        hostname=url.hostname or "localhost",
        port=url.port or (465 if url.scheme == "smtps" else 25),
        username=unquote(url.username) if url.username else None,
        password=unquote(url.password) if url.password else None,
        use_tls=url.scheme == "smtps",
        start_tls=url.scheme == "smtp+starttls",
        local_hostname=_local_hostname(),
        timeout=15,
    )


class _SmtpPass:
    """One SMTP connection for a whole lane of a pass: connecting, greeting and quitting cost
    more CPU and round trips than sending a short e-mail, and a burst of sign-ups queues many.
    Opened at the first e-mail; after a failure it is dropped and the next e-mail reconnects."""

    def __init__(self, smtp_url: str) -> None:
        self.smtp_url = smtp_url
        self.client: aiosmtplib.SMTP | None = None

    async def deliver(self, message: EmailMessage) -> None:
        if self.client is None or not self.client.is_connected:
            self.client = _smtp_client(self.smtp_url)
            await self.client.connect()
        try:
            await self.client.send_message(message)
        except BaseException:
            await self.close(polite=False)
            raise

    async def close(self, *, polite: bool = True) -> None:
        client, self.client = self.client, None
        if client is None or not client.is_connected:
            return
        try:
            if polite:
                await client.quit()
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            pass
        finally:
            client.close()


def _deliver_dev_mailbox(row: OutboxEmail, text: str) -> None:
    """Dev only (prod refuses to start without SMTP): the e-mail is shown at /dev/mailbox."""
    logger.info("Dev mailbox: to=%s subject=%s\n%s", row.recipient, row.subject, text)


def retry_delay(row: OutboxEmail, attempts: int) -> float | None:
    """Seconds to wait after ``attempts`` failed tries; None when the row must be given up.

    A code e-mail has no try limit: its expiry ends it (``outbox.expire_codes``).
    """
    if row.code_expires_at is not None:
        return float(min(2 ** min(attempts - 1, 8), CODE_RETRY_MAX_SECONDS))
    if attempts >= get_settings().mail_max_attempts:
        return None
    return float(min(2 ** min(attempts, 20), MAX_BACKOFF_SECONDS))


async def _claim(row: OutboxEmail) -> bool:
    """Atomic: only one pass, in any process, holds a due, live row at a time."""
    now = clock.now()
    claimed = await OutboxEmail.filter(
        Q(locked_until=None) | Q(locked_until__lt=now),
        id=row.id,
        sent_at=None,
        gave_up_at=None,
        next_attempt_at__lte=now,
    ).update(locked_until=now + timedelta(seconds=LEASE_SECONDS))
    return bool(claimed)


async def _attempt(row: OutboxEmail, smtp: _SmtpPass | None = None) -> _Outcome:
    """Try one row (over ``smtp``, the pass's connection, or a connection of its own).
    Failures are recorded, never raised."""
    if not await _claim(row):
        return _Outcome.SKIPPED
    if row.code_expires_at is not None and row.code_expires_at <= clock.now():
        await outbox.give_up(row.id, row.kind, code_expired=True)
        return _Outcome.SKIPPED
    smtp_url = get_settings().smtp_url
    text, html = outbox.delivered_bodies(row)
    try:
        if smtp_url:
            own = smtp is None
            connection = smtp or _SmtpPass(smtp_url)
            try:
                await connection.deliver(build_message(row, text, html))
            finally:
                if own:
                    await connection.close()
        else:
            _deliver_dev_mailbox(row, text)
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        await _record_failure(row, type(error).__name__)
        # SMTPConnectError, SMTPServerDisconnected and SMTPTimeoutError are OSError/TimeoutError.
        unreachable = isinstance(error, OSError | TimeoutError)
        return _Outcome.UNREACHABLE if unreachable else _Outcome.FAILED
    delivered: dict[str, object] = {
        "sent_at": clock.now(),
        "attempts": row.attempts + 1,
        "locked_until": None,
        "delivered_via": "smtp" if smtp_url else "dev-mailbox",
    }
    if smtp_url:
        # The code leaves the database with the delivery. The dev mailbox keeps it until it
        # expires: showing it at /dev/mailbox is what the dev mailbox is for.
        delivered["code"] = None
    await OutboxEmail.filter(id=row.id).update(**delivered)
    metrics.email_delivered(row.kind)
    return _Outcome.SENT


async def _record_failure(row: OutboxEmail, error_name: str) -> None:
    attempts = row.attempts + 1
    metrics.count(metrics.EMAIL_SEND_FAILED)
    delay = retry_delay(row, attempts)
    if delay is None:
        await OutboxEmail.filter(id=row.id).update(attempts=attempts, last_error=error_name)
        await outbox.give_up(row.id, row.kind, f"{attempts} tries failed, the last: {error_name}")
        return
    await OutboxEmail.filter(id=row.id).update(
        attempts=attempts,
        next_attempt_at=clock.now() + timedelta(seconds=delay),
        locked_until=None,
        last_error=error_name,
    )
    logger.warning("E-mail %s not sent (try %s): %s", row.id, attempts, error_name)


async def send_one(row: OutboxEmail) -> bool:
    """Try one row; True when delivered. Failures are recorded, never raised."""
    return await _attempt(row) is _Outcome.SENT


async def send_due(*, sweep_expired: bool = True) -> int:
    """Send every row that is due now, code e-mails first; returns how many were delivered.

    Expired codes are dealt with first (``sweep_expired``; a row met expired is given up by
    its attempt anyway), and rows over the try limit (left by an earlier version, or after the
    limit was lowered) are given up here, logged, never skipped silently.
    """
    if sweep_expired:
        await outbox.expire_codes()
    max_attempts = get_settings().mail_max_attempts
    due = OutboxEmail.filter(sent_at=None, gave_up_at=None, next_attempt_at__lte=clock.now())
    codes = await due.filter(code_expires_at__not_isnull=True).order_by("id").limit(BATCH_SIZE)
    others = await due.filter(code_expires_at=None).order_by("id").limit(BATCH_SIZE)
    rows = iter([*codes, *others])
    unreachable = asyncio.Event()

    async def lane() -> int:
        """Takes the next row until none is left or the server is unreachable."""
        delivered = 0
        smtp = _SmtpPass(get_settings().smtp_url)
        try:
            for row in rows:
                if unreachable.is_set():
                    break
                if row.code_expires_at is None and row.attempts >= max_attempts:
                    reason = f"{row.attempts} tries failed, the last: {row.last_error}"
                    await outbox.give_up(row.id, row.kind, reason, only_unlocked=True)
                    continue
                outcome = await _attempt(row, smtp)
                delivered += outcome is _Outcome.SENT
                if outcome is _Outcome.UNREACHABLE:
                    unreachable.set()
        finally:
            await smtp.close()
        return delivered

    return sum(await asyncio.gather(*(lane() for _ in range(DELIVERY_LANES))))


_next_sweep = 0.0


def sweep_due() -> bool:
    """True at most once per ``EXPIRY_SWEEP_SECONDS``: under a burst the sender is woken for
    every e-mail, and the sweep's two queries each time cost more than the e-mails."""
    global _next_sweep
    now = time.monotonic()
    if now < _next_sweep:
        return False
    _next_sweep = now + EXPIRY_SWEEP_SECONDS
    return True


async def run_sender(stop: asyncio.Event) -> None:
    """Loop until ``stop``: send what is due, then sleep until woken or the next poll."""
    poll = get_settings().mail_poll_seconds
    while not stop.is_set():
        try:
            await send_due(sweep_expired=sweep_due())
        except Exception:  # the loop must survive a database hiccup
            logger.exception("Outbox sender pass failed")
        await outbox.wait_for_mail(poll)
