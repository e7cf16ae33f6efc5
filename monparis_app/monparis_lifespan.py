"""What the back end starts and stops with: database (migrations applied), outbox sender, purges."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from monparis_app.adapters.mail_sender import run_sender
from monparis_app.core import outbox
from monparis_app.core.maintenance import run_purges
from monparis_app.db import close_database, open_database
from monparis_app.settings import get_settings


@contextlib.asynccontextmanager
async def backend_lifespan() -> AsyncIterator[None]:
    """Database first (migrations applied), then the outbox sender and the purge loop."""
    settings = get_settings()
    settings.check_production_safety()
    await open_database()
    stop = asyncio.Event()
    tasks = [asyncio.create_task(run_sender(stop)), asyncio.create_task(run_purges(stop))]
    try:
        yield
    finally:
        stop.set()
        outbox.wake_sender()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await close_database()
