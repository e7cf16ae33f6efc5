"""Tortoise's SQLite backend, with the queries run on the event loop's own thread.

aiosqlite gives every connection a thread and sends each call there and back: two thread
switches per query, each costing more than the query itself (tens of microseconds on a local
file). Tortoise's SQLite client holds one lock around its one connection, so those switches
were also the time every other request waited for the database: under 8 parallel sign-ups the
lock, not the CPU, set the pace (measured with ``make bench``: 33 complete sign-ups/s with the
CPU a third idle, ``verifyCode`` at 25 ms; on the loop: 40/s, 12 ms).

Why blocking the loop is fine here: SQLite is the embedded default, one process on a local
file, so no other writer makes a query wait for SQLite's lock, and each query is short. Several
processes on one database, or a large one, is what PostgreSQL (asyncpg, not this module) is for.

Tortoise picks this module from the config's ``engine`` (``monparis_app.db.tortoise_config``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator
from functools import partial
from typing import Any, TypeVar

import aiosqlite
from tortoise.backends.sqlite.client import SqliteClient

_T = TypeVar("_T")


class LoopSqliteConnection(aiosqlite.Connection):
    """aiosqlite's connection API, each call made at once on the caller's thread (no worker
    thread is started)."""

    def __init__(self, database: str) -> None:
        super().__init__(partial(sqlite3.connect, database, isolation_level=None), 64)

    async def _execute(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    async def _connect(self) -> LoopSqliteConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    def __await__(self) -> Generator[Any, None, LoopSqliteConnection]:
        return self._connect().__await__()

    def stop(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class LoopSqliteClient(SqliteClient):
    """``SqliteClient`` on a ``LoopSqliteConnection``; pragmas and the rest are Tortoise's."""

    async def create_connection(self, with_db: bool) -> None:
        if not self._connection:
            connection = await LoopSqliteConnection(self.filename)
            connection._conn.row_factory = sqlite3.Row
            self._connection = connection
            for pragma, value in self.pragmas.items():
                cursor = await connection.execute(f"PRAGMA {pragma}={value}")
                await cursor.close()
            await self._post_connect()


client_class = LoopSqliteClient
