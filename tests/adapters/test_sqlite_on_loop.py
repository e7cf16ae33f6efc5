"""SQLite on the event loop's thread: Tortoise's behaviour kept (transactions, rollbacks,
errors), no thread started for the connection."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from tortoise import Tortoise, connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from monparis_app.adapters.sqlite_on_loop import LoopSqliteClient
from monparis_app.core import clock
from monparis_app.db import SQLITE_ENGINE, connection_config, open_database
from monparis_app.models import OutboxEmail

ROW = {"kind": "k", "subject": "s", "text_body": "t", "html_body": "h"}


async def _queue(recipient: str) -> OutboxEmail:
    return await OutboxEmail.create(recipient=recipient, next_attempt_at=clock.now(), **ROW)


async def test_queries_run_on_the_loop_thread_with_no_connection_thread(tmp_path: Path) -> None:
    await open_database(f"sqlite://{tmp_path / 'on-loop.db'}")
    try:
        assert isinstance(connections.get("default"), LoopSqliteClient)
        await _queue("a@exemple.fr")
        assert await OutboxEmail.filter(recipient="a@exemple.fr").count() == 1
        names = [thread.name for thread in threading.enumerate()]
        assert not [name for name in names if "_connection_worker_thread" in name], names
        client = connections.get("default")
        journal = await client.execute_query_dict("PRAGMA journal_mode")
        assert journal == [{"journal_mode": "wal"}]  # Tortoise's pragmas still applied
        assert await client.execute_query_dict("PRAGMA synchronous") == [{"synchronous": 1}]
    finally:
        await Tortoise.close_connections()


async def test_a_failed_transaction_leaves_nothing_and_the_error_is_tortoise_s(
    tmp_path: Path,
) -> None:
    await open_database(f"sqlite://{tmp_path / 'rollback.db'}")
    try:
        first = await _queue("b@exemple.fr")

        async def queue_then_clash() -> None:
            async with in_transaction():
                await _queue("c@exemple.fr")
                await OutboxEmail.create(
                    id=first.id, recipient="d@exemple.fr", next_attempt_at=clock.now(), **ROW
                )

        with pytest.raises(IntegrityError):
            await queue_then_clash()
        assert await OutboxEmail.filter(recipient="c@exemple.fr").count() == 0
        assert await OutboxEmail.all().count() == 1
    finally:
        await Tortoise.close_connections()


async def test_the_url_can_ask_for_a_sync_at_every_commit(tmp_path: Path) -> None:
    await open_database(f"sqlite://{tmp_path / 'full.db'}?synchronous=FULL")
    try:
        client = connections.get("default")
        assert await client.execute_query_dict("PRAGMA synchronous") == [{"synchronous": 2}]
    finally:
        await Tortoise.close_connections()


def test_several_workers_on_one_file_keep_tortoise_s_threaded_backend(configure: Any) -> None:
    configure(REDIS_URL="redis://127.0.0.1:6379/0", WORKERS="3")
    assert connection_config("sqlite:///tmp/shared.db")["engine"] == "tortoise.backends.sqlite"
    configure(REDIS_URL="redis://127.0.0.1:6379/0", WORKERS="1")
    assert connection_config("sqlite:///tmp/shared.db")["engine"] == SQLITE_ENGINE
    assert connection_config("postgres://u@h:5432/d")["engine"] == "tortoise.backends.asyncpg"
