"""What the back end starts and stops with: database (migrations applied), e-mails, purges.

A deployment runs several processes (``MONPARIS_WORKERS`` per instance, often two instances);
each one runs this lifespan. What must happen once per deployment is split from what must stay
in every process:

* Migrations: ``open_database`` applies them under a deployment-wide lock (the launcher has
  normally applied them already; see ``monparis_app.db``), so concurrent starts cannot collide.
* E-mails queued by a request: the request's own process sends them at once. ``wake_sender``
  only reaches the sender of the process that queued the e-mail, and that is what keeps the code
  e-mail fast, so every process keeps a sender that wakes on its own mail.
* The periodic work — the outbox poll (retries with backoff, rows left by a process that died)
  and the purges — runs in one process per deployment: the leader, which holds a non-blocking
  deployment lock (``pg_try_advisory_lock`` on a connection of its own on PostgreSQL, ``flock``
  beside a SQLite file). Five processes polling the same table every two seconds only add
  queries and contention. The others retry the lock every ``LEADER_RETRY_SECONDS``; when the
  leader dies, its connection (or file) closes, the lock is free, and another one takes over.

Sending stays safe however many senders run: a row is claimed with a lease before it is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator

from monparis_app.adapters.mail_sender import run_sender, send_due, sweep_due
from monparis_app.core import outbox
from monparis_app.core.maintenance import run_purges
from monparis_app.db import DeploymentLock, close_database, open_database, try_deployment_lock
from monparis_app.settings import get_settings

logger = logging.getLogger("monparis.background")

# How often a process that is not the leader tries to become it, and how often the leader
# checks that it still holds the lock (its PostgreSQL connection may have dropped).
LEADER_RETRY_SECONDS = 15.0


async def _send_when_woken(stop: asyncio.Event, seconds: float) -> None:
    """Not the leader: send this process's own e-mails as soon as they are queued, ``seconds`` long."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not stop.is_set() and (remaining := deadline - loop.time()) > 0:
        await outbox.wait_for_mail(remaining)
        if stop.is_set():
            return
        try:
            await send_due(sweep_expired=sweep_due())
        except Exception:  # the loop must survive a database hiccup
            logger.exception("Outbox send failed")


async def _lead(stop: asyncio.Event, lock: DeploymentLock) -> None:
    """The leader: the outbox poll and the purges, until ``stop`` or the lock is lost."""
    logger.info("This process runs the outbox poll and the purges for the deployment")
    leading = asyncio.Event()  # set = stop leading
    tasks = [asyncio.create_task(run_sender(leading)), asyncio.create_task(run_purges(leading))]
    try:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), LEADER_RETRY_SECONDS)
            if not stop.is_set() and not await lock.still_held():
                logger.warning("Leader lock lost; another process will take over")
                break
    finally:
        leading.set()
        outbox.wake_sender()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def run_background(stop: asyncio.Event, database_url: str) -> None:
    """Lead when the deployment has no leader, else send this process's own e-mails."""
    lock = try_deployment_lock(database_url)
    try:
        while not stop.is_set():
            try:
                leader = await lock.acquire(wait=False)
            except Exception as error:  # database unreachable for now: keep sending, retry later
                logger.warning("Leader lock not checked (%s); retrying later", type(error).__name__)
                leader = False
            if leader:
                await _lead(stop, lock)
                await lock.release()
            else:
                await _send_when_woken(stop, LEADER_RETRY_SECONDS)
    finally:
        await lock.release()


def _freeze_startup_objects() -> None:
    """What start-up built (modules, the GraphQL schema, the pages, the models: some 130,000
    objects) lives as long as the process. Left to the collector, every full collection walks
    all of it while the event loop waits: 60 to 115 ms pauses under load, the p99 of a cheap
    query. Frozen, collections only look at what requests create (``gc.freeze``). Once per
    process: a second lifespan (tests) would freeze what the first one's requests left."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


@contextlib.asynccontextmanager
async def backend_lifespan() -> AsyncIterator[None]:
    """Database first (migrations applied under the lock), then the background work."""
    settings = get_settings()
    settings.check_production_safety()
    await open_database()
    _freeze_startup_objects()
    stop = asyncio.Event()
    task = asyncio.create_task(run_background(stop, settings.database_url))
    try:
        yield
    finally:
        stop.set()
        outbox.wake_sender()
        # wait_for cancels the task if it has not stopped within 10 s.
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await close_database()
