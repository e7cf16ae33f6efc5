"""The bounded hash queue: every admitted hash is computed, the excess is refused at once."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from typing import Any

import pytest
from argon2 import Parameters, PasswordHasher, Type
from argon2.low_level import ARGON2_VERSION, ffi, hash_secret_raw

from monparis_app.core.errors import RateLimited
from monparis_app.core.password_hashing import (
    HASH_NICENESS,
    _hash_on,
    _hasher,
    _thread_block,
    _verify_on,
    argon2id_digest,
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
        lambda _threads: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    )
    assert in_pool == min(19, own + HASH_NICENESS)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own


async def test_every_core_hashes_by_default(configure: Any) -> None:
    configure()  # MONPARIS_HASH_CONCURRENCY unset
    assert hash_queue().workers == (os.cpu_count() or 1)


# --- lanes on fewer threads: the same hashes, whatever the thread count --------------------


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_lanes_computed_on_fewer_threads_give_argon2_cffi_s_bytes(threads: int) -> None:
    salt = bytes(range(16))
    parameters = Parameters(Type.ID, ARGON2_VERSION, 16, 32, 2, 19456, 4)
    expected = hash_secret_raw(b"mot-de-passe", salt, 2, 19456, 4, 32, Type.ID)
    assert argon2id_digest(b"mot-de-passe", salt, parameters, threads) == expected


async def test_a_hash_made_on_one_thread_is_a_standard_argon2id_string(configure: Any) -> None:
    configure(ARGON2_PARALLELISM="4")
    stored = _hash_on("é-mot-de-passe", threads=1)
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=4$")
    assert PasswordHasher().verify(stored, "é-mot-de-passe")
    assert not _hasher().check_needs_rehash(stored)
    assert _hash_on("é-mot-de-passe", threads=1) != stored  # a fresh salt each time


async def test_verifying_on_one_thread_decides_as_argon2_cffi(configure: Any) -> None:
    configure(ARGON2_PARALLELISM="4")
    stored = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=4).hash("bon-secret")
    assert _verify_on(stored, "bon-secret", threads=1)
    assert not _verify_on(stored, "mauvais-secret", threads=1)
    assert not _verify_on(stored[:-4], "bon-secret", threads=1)  # truncated digest
    assert not _verify_on("$argon2id$v=19$m=19456,t=2,p=4$!!$??", "bon-secret", threads=1)
    assert not _verify_on("pas-un-hash", "bon-secret", threads=1)
    older = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=4, type=Type.I)
    assert _verify_on(older.hash("bon-secret"), "bon-secret", threads=1)  # argon2i: the library


async def test_a_hash_alone_gets_every_core_and_one_started_among_others_gets_one(
    configure: Any,
) -> None:
    configure(HASH_CONCURRENCY="2")
    both_running = threading.Barrier(2, timeout=10)
    alone = await hash_queue().run(lambda threads: threads)

    def meet(threads: int) -> int:
        both_running.wait()
        return threads

    together = await asyncio.gather(hash_queue().run(meet), hash_queue().run(meet))
    assert alone == 2
    assert sorted(together) == [1, 2]  # the second started while the first ran


async def test_each_thread_keeps_one_block_wiped_after_every_hash(configure: Any) -> None:
    configure(ARGON2_MEMORY_KIB="19456")
    _hash_on("premier-secret", threads=1)
    block = _thread_block.block
    assert len(block) == 19456 * 1024
    assert bytes(ffi.buffer(block)).strip(b"\0") == b""  # nothing derived from it lingers
    assert _verify_on(_hash_on("second-secret", threads=1), "second-secret", threads=1)
    assert _thread_block.block is block  # reused: no new mapping, no page faults

    configure(ARGON2_MEMORY_KIB="20480")
    _hash_on("troisième-secret", threads=1)
    assert len(_thread_block.block) == 20480 * 1024  # grown for the new parameters
