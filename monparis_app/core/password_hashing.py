"""argon2id hashing on every core, below the event loop's priority, behind a bounded queue.

One hash costs ~19 MiB (100 MiB at allauth's parameters) and tens of milliseconds of CPU, and a
sign-up cannot be faster than its hash. Three things follow:

* **every core hashes**: argon2-cffi releases the GIL, so a pool of threads, one per core by
  default (``MONPARIS_HASH_CONCURRENCY``), hashes in parallel inside the one app process, sharing
  its memory (a process pool would copy the app into each worker for no gain);
* **cheap requests never wait behind hashes**: the pool's threads run at a lower OS priority
  (``nice`` + ``HASH_NICENESS``, Linux sets it per thread and argon2's own lane threads inherit
  it), so when a core is needed by the event loop (a ``verifyCode``, a page event) the scheduler
  gives it that core and the hashes take what is left;
* **memory stays bounded under a flood**: at most ``MONPARIS_HASH_QUEUE_LIMIT`` hashes are
  admitted at once (running or waiting). Past it, ``hash_password`` / ``verify_password`` raise
  ``RateLimited`` with the time the queue needs to drain, at once, instead of queueing requests
  (and their sockets, their bodies, their passwords) for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TypeVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from monparis_app.core.errors import RateLimited
from monparis_app.settings import get_settings

HASH_NICENESS = 10
"""How much lower than the event loop the hashing threads run (``nice`` steps; 10 gives a
nice-0 thread about nine times their share of a contended core)."""

_T = TypeVar("_T")


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        type=Type.ID,
    )


def _lower_priority() -> None:
    """Pool thread initializer: on Linux ``setpriority`` on a thread id changes that thread
    only. Elsewhere (or if refused) the hashes simply run at the normal priority."""
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICENESS)


class HashQueue:
    """A thread pool with admission control: ``limit`` hashes admitted at most (running or
    waiting), counted on the event loop, so the check and the increment cannot interleave."""

    def __init__(self, workers: int, limit: int) -> None:
        self.workers = workers
        self.limit = limit
        self.admitted = 0
        # Wall-clock seconds of one hash, smoothed: what the retry time is computed from.
        self.seconds_per_hash = 0.05
        self._pool = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="argon2", initializer=_lower_priority
        )

    def retry_after(self) -> int:
        """Seconds for the admitted hashes to drain, rounded up (``RateLimited`` says ≥ 1)."""
        return math.ceil(self.admitted * self.seconds_per_hash / self.workers)

    def _timed(self, work: Callable[[], _T]) -> _T:
        started = time.perf_counter()
        try:
            return work()
        finally:
            elapsed = time.perf_counter() - started
            self.seconds_per_hash = 0.8 * self.seconds_per_hash + 0.2 * elapsed

    async def run(self, work: Callable[[], _T], *, refuse_when_full: bool = True) -> _T:
        """Run ``work`` in the pool, or raise ``RateLimited`` when the queue is full."""
        if refuse_when_full and self.admitted >= self.limit:
            raise RateLimited(self.retry_after())
        self.admitted += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, self._timed, work)
        finally:
            self.admitted -= 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


@lru_cache(maxsize=1)
def hash_queue() -> HashQueue:
    settings = get_settings()
    workers = settings.hash_concurrency or os.cpu_count() or 1
    return HashQueue(workers, settings.hash_queue_limit)


def reset_hashing() -> None:
    """Forget the hasher and queue so new settings apply (tests, settings reload)."""
    if hash_queue.cache_info().currsize:
        hash_queue().shutdown()
    _hasher.cache_clear()
    hash_queue.cache_clear()


async def hash_password(password: str, *, refuse_when_full: bool = True) -> str:
    """The argon2id hash of ``password``; raises ``RateLimited`` when the queue is full.

    ``refuse_when_full=False`` is for a signed-in person's own change (new password, proof of
    the current one): rare, bounded by per-account limits, and its doors have no refusal to
    show; it waits its turn instead (the pool still bounds the memory in use).
    """
    hasher = _hasher()
    return await hash_queue().run(lambda: hasher.hash(password), refuse_when_full=refuse_when_full)


async def verify_password(
    password_hash: str, password: str, *, refuse_when_full: bool = True
) -> bool:
    """True when ``password`` matches; a malformed stored hash counts as a mismatch. Raises
    ``RateLimited`` when the queue is full (a verification costs what a hash costs); see
    ``hash_password`` for ``refuse_when_full``."""
    hasher = _hasher()

    def _verify() -> bool:
        try:
            return hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await hash_queue().run(_verify, refuse_when_full=refuse_when_full)


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash used other parameters than today's settings."""
    return _hasher().check_needs_rehash(password_hash)
