"""Database start-up: Tortoise configuration from the settings, migrations applied once.

Migrations are Tortoise's own (``python -m tortoise -c monparis_app.db.TORTOISE_ORM
makemigrations``); the files live in ``monparis_app/migrations``. The launcher applies them once
before it starts any worker (``python -m monparis_app.migrate``), and every worker's lifespan
applies them again as a safety net, so a fresh clone needs no manual step.

Several workers and instances start at the same moment, and Tortoise's migrate is not safe to run
concurrently (on an empty PostgreSQL database two runs collide on ``CREATE TABLE``: duplicate
``pg_type`` rows, ``column … already exists``). So the migrate call always runs under a
deployment-wide lock (``deployment_lock``): a session-level ``pg_advisory_lock`` on PostgreSQL,
held on a connection of its own, or an exclusive ``flock`` on a file beside the SQLite file. The
second runner waits, then finds every migration applied and does nothing.

The same module offers ``try_deployment_lock``, the non-blocking variant the lifespan uses to
elect the one worker per deployment that runs periodic background work.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
from collections.abc import AsyncIterator
from typing import IO, Any

import asyncpg
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.executor import MigrationExecutor

from monparis_app.settings import UnsafeProductionSettings, get_settings

APP_LABEL = "monparis"

# Fixed keys of the PostgreSQL advisory locks (any bigint; these spell "MONPARIS" and "MONPLEAD").
MIGRATION_LOCK_KEY = 0x4D4F4E5041524953
LEADER_LOCK_KEY = 0x4D4F4E504C454144


SQLITE_ENGINE = "monparis_app.adapters.sqlite_on_loop"
"""SQLite's queries run on the event loop's thread (see that module for why) when this process
is the file's only user, as in the embedded default. With several workers on one file (Redis
set), a query may wait for another process's write lock, and it must not wait on the loop:
Tortoise's own backend (a thread per connection) serves them."""


SQLITE_SYNCHRONOUS = "NORMAL"
"""SQLite's ``synchronous`` pragma unless the URL names one (``?synchronous=FULL``). In WAL mode
NORMAL syncs the log at checkpoints, not at every commit: the database stays consistent through
any crash, and an application crash loses nothing; a power cut may undo the last commits. That
is the usual choice for SQLite serving requests (Rails' default, for one); a commit then costs
0.01 ms instead of 0.17 ms of fsync here, and the event loop waits for it (``SQLITE_ENGINE``)."""


def connection_config(database_url: str) -> dict[str, Any]:
    """Tortoise's reading of the URL, with SQLite served by ``SQLITE_ENGINE``."""
    db: dict[str, Any] = expand_db_url(database_url)
    if db["engine"] == "tortoise.backends.sqlite":
        if _one_process():
            db["engine"] = SQLITE_ENGINE
        db["credentials"].setdefault("synchronous", SQLITE_SYNCHRONOUS)
    return db


def _one_process() -> bool:
    with contextlib.suppress(UnsafeProductionSettings):  # refused at start-up anyway
        return get_settings().worker_count == 1
    return False


def tortoise_config(database_url: str | None = None) -> dict[str, Any]:
    """The config dict for one database URL (SQLite file by default, PostgreSQL in prod)."""
    return {
        "connections": {"default": connection_config(database_url or get_settings().database_url)},
        "apps": {
            APP_LABEL: {
                "models": ["monparis_app.models"],
                "migrations": "monparis_app.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# For the ``python -m tortoise -c monparis_app.db.TORTOISE_ORM`` command line.
TORTOISE_ORM = tortoise_config()


class DeploymentLock:
    """A lock shared by every process of one deployment, held until ``release``.

    PostgreSQL: a session-level advisory lock on a dedicated connection (not one of Tortoise's
    pooled connections, which would give it back to the pool still locked); the server releases
    it if the process dies. SQLite file: ``flock`` on ``<file>.<name>-lock.db`` beside it (the
    ``.db`` ending keeps it under the ``*.db`` ignore rule), released by the kernel when the
    process dies. ``:memory:`` is private to one process: nothing to lock.
    """

    def __init__(self, database_url: str, key: int, name: str) -> None:
        db = expand_db_url(database_url)
        self._credentials: dict[str, Any] = db["credentials"]
        self._is_postgres = "asyncpg" in db["engine"] or "psycopg" in db["engine"]
        self._key = key
        self._name = name
        self._connection: asyncpg.Connection | None = None
        self._file: IO[bytes] | None = None

    def _file_path(self) -> str | None:
        path = str(self._credentials.get("file_path", ""))
        return None if not path or path == ":memory:" else f"{path}.{self._name}-lock.db"

    async def _connect(self) -> asyncpg.Connection:
        c = self._credentials
        return await asyncpg.connect(
            host=c.get("host"),
            port=c.get("port"),
            user=c.get("user"),
            password=c.get("password"),
            database=c.get("database"),
            # Tortoise's ``?ssl=…`` URL option, so the lock connects like the pool does.
            **({"ssl": c["ssl"]} if c.get("ssl") else {}),
        )

    async def acquire(self, wait: bool = True) -> bool:
        """Take the lock; with ``wait=False``, return False at once when another process has it."""
        if self._is_postgres:
            connection = await self._connect()
            if wait:
                await connection.execute("SELECT pg_advisory_lock($1)", self._key)
                got = True
            else:
                got = bool(await connection.fetchval("SELECT pg_try_advisory_lock($1)", self._key))
            if got:
                self._connection = connection
            else:
                await connection.close()
            return got
        path = self._file_path()
        if path is None:
            return True
        # A blocking flock would stop the event loop: wait in a thread.
        self._file = await asyncio.to_thread(_lock_file, path, wait)
        return self._file is not None

    async def still_held(self) -> bool:
        """False when the lock was lost (PostgreSQL connection gone); files cannot be lost."""
        if self._is_postgres and self._connection is None:
            return False
        if self._connection is None:
            return self._file is not None or self._file_path() is None
        try:
            await self._connection.fetchval("SELECT 1")
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            await self.release()
            return False
        return True

    async def release(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                await connection.execute("SELECT pg_advisory_unlock($1)", self._key)
            with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                await connection.close()
        if self._file is not None:
            handle, self._file = self._file, None
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            handle.close()


def _lock_file(path: str, wait: bool) -> IO[bytes] | None:
    """The open, ``flock``-ed file, or None when another process holds it and ``wait`` is False."""
    handle = open(path, "ab")  # noqa: SIM115 - kept open: the lock lives as long as the file
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


@contextlib.asynccontextmanager
async def deployment_lock(database_url: str, key: int, name: str) -> AsyncIterator[None]:
    """Hold ``DeploymentLock(database_url, key, name)`` for the block, waiting for it first."""
    lock = DeploymentLock(database_url, key, name)
    await lock.acquire(wait=True)
    try:
        yield
    finally:
        await lock.release()


def try_deployment_lock(database_url: str) -> DeploymentLock:
    """The leader lock of this database (acquire it with ``wait=False``)."""
    return DeploymentLock(database_url, LEADER_LOCK_KEY, "leader")


async def apply_migrations(database_url: str | None = None) -> None:
    """Apply pending migrations under the deployment-wide migration lock (Tortoise initialised)."""
    url = database_url or get_settings().database_url
    config = tortoise_config(url)
    async with deployment_lock(url, MIGRATION_LOCK_KEY, "migrate"):
        # Same connection for migrations and requests: an in-memory SQLite database is per
        # connection. The executor reads what is applied only now, inside the lock.
        executor = MigrationExecutor(connections.get("default"), config["apps"])
        await executor.migrate(None, fake=False, dry_run=False, direction="both", progress=None)


async def open_database(database_url: str | None = None) -> None:
    """Open the connections for requests and event handlers, then apply pending migrations.

    ``_enable_global_fallback`` makes the connection visible from Reflex event handlers and
    Starlette requests, which run outside the context where ``Tortoise.init`` was awaited.
    """
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    await apply_migrations(database_url)


async def close_database() -> None:
    await Tortoise.close_connections()
