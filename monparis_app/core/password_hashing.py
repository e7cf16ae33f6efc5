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
* **no core waits on another**: with ``MONPARIS_ARGON2_PARALLELISM`` > 1 (lanes), libargon2
  starts one thread per lane and makes them meet at every slice; with several hashes running
  that is p threads per core fighting for it and idling at the meeting points. A hash that
  starts while others run computes its lanes on one thread (the same bytes: lanes, not threads,
  define the result), and a hash alone spreads them over the idle cores;
* **no page faults per hash**: glibc hands out a block above 32 MiB (100 MiB at allauth's
  parameters) with a fresh ``mmap`` every time, and the kernel then zeroes it page by page, about
  40 ms of system CPU per hash here (a third more hashes per second without it). Each pool
  thread keeps its block instead, sized for the parameters (libargon2 wipes it after every
  hash): the resident memory is ``MONPARIS_HASH_CONCURRENCY`` blocks, under any load;
* **memory stays bounded under a flood**: at most ``MONPARIS_HASH_QUEUE_LIMIT`` hashes are
  admitted at once (running or waiting). Past it, ``hash_password`` / ``verify_password`` raise
  ``RateLimited`` with the time the queue needs to drain, at once, instead of queueing requests
  (and their sockets, their bodies, their passwords) for ever.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hmac
import math
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, TypeVar

from argon2 import Parameters, PasswordHasher, Type, extract_parameters
from argon2.exceptions import HashingError, InvalidHashError, VerificationError
from argon2.low_level import ARGON2_VERSION, core, error_to_str, ffi

from monparis_app.core.errors import RateLimited
from monparis_app.settings import get_settings

HASH_NICENESS = 10
"""How much lower than the event loop the hashing threads run (``nice`` steps; 10 gives a
nice-0 thread about nine times their share of a contended core)."""

_T = TypeVar("_T")
ARGON2_OK = 0
ARGON2_MEMORY_ALLOCATION_ERROR = -22  # argon2.h's error codes


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        type=Type.ID,
    )


def _b64(raw: bytes) -> str:
    """PHC strings use standard base64 without padding."""
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


_thread_block = threading.local()


def _allocate_from_thread_block(memory: Any, size: int) -> int:
    """libargon2's allocator: the calling thread's block, grown when the parameters grow."""
    block = getattr(_thread_block, "block", None)
    if block is None or len(block) < size:
        _thread_block.block = None  # let the old one go before asking for the new one
        block = _thread_block.block = ffi.new("uint8_t[]", size)
    memory[0] = block
    return ARGON2_OK


def _keep_thread_block(memory: Any, size: int) -> None:
    """libargon2's deallocator: it has wiped the block already; the thread keeps it."""


_ALLOCATE = ffi.callback(
    "int(uint8_t **, size_t)", _allocate_from_thread_block, error=ARGON2_MEMORY_ALLOCATION_ERROR
)
_FREE = ffi.callback("void(uint8_t *, size_t)", _keep_thread_block)


def argon2id_digest(secret: bytes, salt: bytes, parameters: Parameters, threads: int) -> bytes:
    """argon2id of ``secret`` with ``parameters``, its lanes computed on ``threads`` threads.

    argon2-cffi has no knob for the thread count (it starts one per lane), so this fills
    libargon2's context itself through ``argon2.low_level.core``. Lanes, not threads, define
    the result; tests check these bytes against ``hash_secret`` and ``PasswordHasher``."""
    out = ffi.new("uint8_t[]", parameters.hash_len)
    pwd, salt_buffer = ffi.new("uint8_t[]", secret), ffi.new("uint8_t[]", salt)
    context = ffi.new(
        "argon2_context *",  # fields as in libargon2's argon2.h (argon2-cffi-bindings pins it)
        {
            "version": parameters.version,
            "out": out,
            "outlen": parameters.hash_len,
            "pwd": pwd,
            "pwdlen": len(secret),
            "salt": salt_buffer,
            "saltlen": len(salt),
            "secret": ffi.NULL,
            "secretlen": 0,
            "ad": ffi.NULL,
            "adlen": 0,
            "t_cost": parameters.time_cost,
            "m_cost": parameters.memory_cost,
            "lanes": parameters.parallelism,
            "threads": max(1, min(threads, parameters.parallelism)),
            "allocate_cbk": _ALLOCATE,
            "free_cbk": _FREE,
            "flags": 0,
        },
    )
    error = core(context, Type.ID.value)
    if error != 0:
        raise HashingError(error_to_str(error))
    return bytes(ffi.buffer(out))


def _hash_on(password: str, threads: int) -> str:
    """What ``PasswordHasher.hash`` returns (PHC string, same lengths), on ``threads`` threads."""
    parameters = _configured_parameters()
    salt = os.urandom(parameters.salt_len)
    digest = argon2id_digest(password.encode("utf-8"), salt, parameters, threads)
    return (
        f"$argon2id$v={parameters.version}$m={parameters.memory_cost},t={parameters.time_cost},"
        f"p={parameters.parallelism}${_b64(salt)}${_b64(digest)}"
    )


def _verify_on(password_hash: str, password: str, threads: int) -> bool:
    """What ``PasswordHasher.verify`` decides, on ``threads`` threads; a hash that is not
    argon2id in the PHC form goes to argon2-cffi as it is."""
    try:
        parameters = extract_parameters(password_hash)
        salt, digest = (_unb64(part) for part in password_hash.split("$")[4:6])
    except (InvalidHashError, ValueError):
        parameters = None
    if parameters is None or parameters.type is not Type.ID:
        try:
            return _hasher().verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
    computed = argon2id_digest(password.encode("utf-8"), salt, parameters, threads)
    return hmac.compare_digest(computed, digest)


@lru_cache(maxsize=1)
def _configured_parameters() -> Parameters:
    """The settings' parameters as argon2-cffi describes them (lengths included)."""
    hasher = _hasher()
    return Parameters(
        type=Type.ID,
        version=ARGON2_VERSION,
        salt_len=hasher.salt_len,
        hash_len=hasher.hash_len,
        time_cost=hasher.time_cost,
        memory_cost=hasher.memory_cost,
        parallelism=hasher.parallelism,
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
        self.running = 0  # hashes being computed now (pool threads, hence the lock)
        self._running_lock = threading.Lock()
        # Wall-clock seconds of one hash, smoothed: what the retry time is computed from.
        self.seconds_per_hash = 0.05
        self._pool = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="argon2", initializer=_lower_priority
        )

    def retry_after(self) -> int:
        """Seconds for the admitted hashes to drain, rounded up (``RateLimited`` says ≥ 1)."""
        return math.ceil(self.admitted * self.seconds_per_hash / self.workers)

    def _timed(self, work: Callable[[int], _T]) -> _T:
        """Run ``work`` with its share of the cores: all of them when it runs alone, one when
        other hashes are running (the pool then keeps every core busy by itself)."""
        with self._running_lock:
            self.running += 1
            threads = max(1, self.workers // self.running)
        started = time.perf_counter()
        try:
            return work(threads)
        finally:
            elapsed = time.perf_counter() - started
            self.seconds_per_hash = 0.8 * self.seconds_per_hash + 0.2 * elapsed
            with self._running_lock:
                self.running -= 1

    async def run(self, work: Callable[[int], _T], *, refuse_when_full: bool = True) -> _T:
        """Run ``work(threads)`` in the pool, or raise ``RateLimited`` when the queue is full;
        ``threads`` is how many threads the hash may use."""
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
    _configured_parameters.cache_clear()
    hash_queue.cache_clear()


async def hash_password(password: str, *, refuse_when_full: bool = True) -> str:
    """The argon2id hash of ``password``; raises ``RateLimited`` when the queue is full.

    ``refuse_when_full=False`` is for a signed-in person's own change (new password, proof of
    the current one): rare, bounded by per-account limits, and its doors have no refusal to
    show; it waits its turn instead (the pool still bounds the memory in use).
    """
    return await hash_queue().run(
        lambda threads: _hash_on(password, threads), refuse_when_full=refuse_when_full
    )


async def verify_password(
    password_hash: str, password: str, *, refuse_when_full: bool = True
) -> bool:
    """True when ``password`` matches; a malformed stored hash counts as a mismatch. Raises
    ``RateLimited`` when the queue is full (a verification costs what a hash costs); see
    ``hash_password`` for ``refuse_when_full``."""
    return await hash_queue().run(
        lambda threads: _verify_on(password_hash, password, threads),
        refuse_when_full=refuse_when_full,
    )


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash used other parameters than today's settings."""
    return _hasher().check_needs_rehash(password_hash)
