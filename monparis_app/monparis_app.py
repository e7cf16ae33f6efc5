"""The Reflex app: pages, the mounted Starlette API, and the lifespan that starts the back end."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import reflex as rx

from monparis_app.adapters.mail_sender import run_sender
from monparis_app.api import create_api
from monparis_app.core import outbox
from monparis_app.core.maintenance import run_purges
from monparis_app.db import close_database, open_database
from monparis_app.pages import register_pages
from monparis_app.settings import get_settings

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


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


app = rx.App(
    api_transformer=create_api(),
    html_lang="fr",
    stylesheets=["/styles.css"],
    head_components=[rx.el.script(src="/monparis.js", defer=True)],
)
app.register_lifespan_task(backend_lifespan)
register_pages(app)
