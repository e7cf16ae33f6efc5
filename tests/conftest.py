"""Shared fixtures: settings, a real database (SQLite, and PostgreSQL when configured), a real
SMTP server (aiosmtpd) and the outbox sender, as the running app has them.

Set ``MONPARIS_TEST_POSTGRES_URL`` (``.ci/run`` does) to run every database test on PostgreSQL
too; each run gets its own database, created and dropped here.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE

from monparis_app.core import clock, outbox
from monparis_app.core.clock import FrozenClock
from monparis_app.core.password_hashing import reset_hashing
from monparis_app.core.rate_limits import reset_rate_limits
from monparis_app.db import open_database
from monparis_app.settings import get_settings

TEST_ENV = {
    "MONPARIS_ENV": "dev",
    "MONPARIS_SECRET_KEY": "test-secret-key-" + "x" * 40,
    "MONPARIS_DATABASE_URL": "sqlite://:memory:",
    "MONPARIS_SMTP_URL": "",
    "MONPARIS_REDIS_URL": "",
    "MONPARIS_CAPTCHA_TEST_ANSWER": "",
    "MONPARIS_RATE_LIMITS": "on",
}
POSTGRES_URL = os.environ.get("MONPARIS_TEST_POSTGRES_URL", "")
# The FranceConnect simulator fixtures (a server started only by the tests that use it).
pytest_plugins = ["tests.adapters.fc_simulator"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """End-to-end options (see tests/e2e/conftest.py): test a running instance."""
    parser.addoption(
        "--base-url",
        default=os.environ.get("MONPARIS_E2E_BASE_URL", ""),
        help="Test an already running instance instead of starting one.",
    )
    parser.addoption(
        "--smtp-port",
        type=int,
        default=int(os.environ.get("MONPARIS_E2E_SMTP_PORT", "0")),
        help="Port of the SMTP server started here (the instance sends to it).",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """End-to-end tests run last: sync Playwright keeps an event loop running in this thread
    for the rest of the session, where pytest-asyncio could no longer start its own."""
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path).replace(os.sep, "/"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts from the same known settings; a test may override some."""
    for key, value in TEST_ENV.items():
        monkeypatch.setenv(key, value)
    reset_all()
    yield
    reset_all()


def reset_all() -> None:
    get_settings.cache_clear()
    reset_hashing()
    reset_rate_limits()


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``configure(CODE_TTL_SECONDS="5")`` sets ``MONPARIS_*`` variables for this test."""

    def _configure(**values: str) -> None:
        for key, value in values.items():
            monkeypatch.setenv("MONPARIS_" + key.upper(), value)
        reset_all()

    return _configure


@pytest.fixture
def frozen_clock() -> Iterator[FrozenClock]:
    frozen = FrozenClock()
    previous = clock.use_clock(frozen)
    yield frozen
    clock.use_clock(previous)


# --- database -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str | None]:
    """One throwaway PostgreSQL database for the whole run, when a server is configured."""
    if not POSTGRES_URL:
        yield None
        return
    import asyncpg

    name = "monparis_test_" + secrets.token_hex(4)

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    base, _, _ = POSTGRES_URL.rpartition("/")
    yield f"{base}/{name}"
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _backends() -> list[Any]:
    marks = [] if POSTGRES_URL else [pytest.mark.skip(reason="MONPARIS_TEST_POSTGRES_URL not set")]
    return ["sqlite", pytest.param("postgres", marks=marks)]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated once per run: each test gets a copy of it, 20 ms instead of
    the second it takes to replay every migration."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"

    async def migrate() -> None:
        await open_database(f"sqlite://{path}")
        await Tortoise.close_connections()

    asyncio.run(migrate())
    EXECUTOR_CACHE.clear()
    return path


@pytest.fixture(params=_backends())
async def db(
    request: pytest.FixtureRequest,
    postgres_database: str | None,
    sqlite_template: Path,
    tmp_path: Path,
) -> AsyncIterator[str]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        copy = tmp_path / "monparis-test.db"
        shutil.copyfile(sqlite_template, copy)
        url = f"sqlite://{copy}"
    else:
        assert postgres_database
        url = postgres_database
    os.environ["MONPARIS_DATABASE_URL"] = url
    get_settings.cache_clear()
    # Tortoise caches SQL per connection name, process-wide; the backend changes between tests.
    EXECUTOR_CACHE.clear()
    await open_database(url)
    if request.param == "postgres":
        await _truncate_all()
    yield request.param
    await Tortoise.close_connections()


async def _truncate_all() -> None:
    conn = connections.get("default")
    tables = [model._meta.db_table for model in Tortoise.apps["monparis"].values()]
    await conn.execute_script(
        "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
    )


# --- e-mail -------------------------------------------------------------------------------


@dataclass
class Mailbox:
    """What a real SMTP server (aiosmtpd) received."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    async def wait_for(
        self, address: str, count: int = 1, timeout: float = 10
    ) -> list[EmailMessage]:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.to(address)) < count:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{count} e-mail(s) to {address} not received in {timeout}s")
            await asyncio.sleep(0.02)
        return self.to(address)


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("MONPARIS_SMTP_URL", f"smtp://127.0.0.1:{port}")
    get_settings.cache_clear()
    yield mailbox
    controller.stop()


@pytest.fixture
async def mail_sender(db: str, smtp_server: Mailbox) -> AsyncIterator[Mailbox]:
    """The outbox sender running in the background, delivering to the real SMTP server."""
    from monparis_app.adapters.mail_sender import run_sender

    stop = asyncio.Event()
    task = asyncio.create_task(run_sender(stop))
    yield smtp_server
    stop.set()
    outbox.wake_sender()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)
