"""The bounded hash queue: every admitted hash is computed, the excess is refused at once."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from typing import Any

import pytest
from argon2 import PasswordHasher

from monparis_app.core.errors import RateLimited
from monparis_app.core.password_hashing import (
    HASH_NICENESS,
    hash_password,
    hash_queue,
    verify_password,
)

LIMIT = 4


async def _burst(count: int, **kwargs: bool) -> list[str | BaseException]:
    return await asyncio.gather(
        *(hash_password(f"mot-de-passe-{i}", **kwargs) for i in range(count)),
        return_exceptions=True,
    )


@pytest.mark.parametrize("extra", [1, 3, 7])
async def test_a_burst_past_the_limit_gets_exactly_the_excess_refused(
    configure: Any, extra: int
) -> None:
    configure(HASH_QUEUE_LIMIT=str(LIMIT), HASH_CONCURRENCY="1")
    results = await _burst(LIMIT + extra)

    refused = [r for r in results if isinstance(r, RateLimited)]
    hashes = [r for r in results if isinstance(r, str)]
    assert len(refused) == extra
    assert len(hashes) == LIMIT
    assert all(r.retry_after >= 1 for r in refused)
    assert PasswordHasher().verify(hashes[0], "mot-de-passe-0")


async def test_a_burst_at_the_limit_is_all_computed_and_the_queue_empties(configure: Any) -> None:
    configure(HASH_QUEUE_LIMIT=str(LIMIT), HASH_CONCURRENCY="2")
    results = await _burst(LIMIT)
    assert all(isinstance(r, str) for r in results)
    assert hash_queue().admitted == 0
    assert all(isinstance(r, str) for r in await _burst(LIMIT))  # room again


async def test_verification_counts_against_the_same_queue(configure: Any) -> None:
    configure(HASH_QUEUE_LIMIT="2", HASH_CONCURRENCY="1")
    stored = await hash_password("secret-bien-long")
    results = await asyncio.gather(
        *(verify_password(stored, "secret-bien-long") for _ in range(3)),
        return_exceptions=True,
    )
    assert results.count(True) == 2
    assert sum(isinstance(r, RateLimited) for r in results) == 1


async def test_a_signed_in_change_waits_instead_of_being_refused(configure: Any) -> None:
    configure(HASH_QUEUE_LIMIT="2", HASH_CONCURRENCY="1")
    results = await _burst(5, refuse_when_full=False)
    assert all(isinstance(r, str) for r in results)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
async def test_hashing_threads_run_below_the_event_loop(configure: Any) -> None:
    configure(HASH_CONCURRENCY="1")
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    in_pool = await hash_queue().run(
        lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    )
    assert in_pool == min(19, own + HASH_NICENESS)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own


async def test_every_core_hashes_by_default(configure: Any) -> None:
    configure()  # MONPARIS_HASH_CONCURRENCY unset
    assert hash_queue().workers == (os.cpu_count() or 1)
