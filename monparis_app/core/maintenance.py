"""Housekeeping: expired flows and captcha challenges are deleted, not kept around; so are
expired codes and, after ``MONPARIS_MAIL_RETENTION_DAYS``, sent e-mails (see ``core.outbox``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from monparis_app.core import outbox, passkeys
from monparis_app.core.captcha import purge_expired_challenges
from monparis_app.core.franceconnect import purge_expired as purge_franceconnect
from monparis_app.core.oidc_provider.authorize import purge_expired as purge_paused_requests
from monparis_app.core.oidc_provider.keys import purge_retired_keys
from monparis_app.core.oidc_provider.store import purge_expired as purge_oidc_tokens
from monparis_app.core.registration import purge_expired_flows

logger = logging.getLogger("monparis.maintenance")

PURGE_INTERVAL_SECONDS = 300


async def purge_once() -> int:
    return (
        await purge_expired_flows()
        + await purge_expired_challenges()
        + await purge_franceconnect()
        + await passkeys.purge_expired_challenges()
        + await purge_paused_requests()
        + await purge_oidc_tokens()
        + await purge_retired_keys()
        # The sender expires codes before each pass too; this covers a process without one.
        + await outbox.expire_codes()
        + await outbox.purge_old_emails()
    )


async def run_purges(stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await purge_once()
        except Exception:  # keep purging on the next pass after a database hiccup
            logger.exception("Purge failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), PURGE_INTERVAL_SECONDS)
