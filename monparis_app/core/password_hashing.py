"""argon2id hashing, off the event loop and with bounded concurrency.

One hash costs ~19 MiB and tens of milliseconds of CPU. Running it on the event loop would stall
every other request; running an unbounded number at once would exhaust memory during a flood
of sign-ups. A small thread pool gives both: excess work queues, other requests keep flowing.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from monparis_app.settings import get_settings


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        type=Type.ID,
    )


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(
        max_workers=get_settings().hash_concurrency, thread_name_prefix="argon2"
    )


def reset_hashing() -> None:
    """Forget the hasher and pool so new settings apply (tests, settings reload)."""
    _hasher.cache_clear()
    _pool.cache_clear()


async def hash_password(password: str) -> str:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool(), _hasher().hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; a malformed stored hash counts as a mismatch."""

    def _verify() -> bool:
        try:
            return _hasher().verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool(), _verify)


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash used other parameters than today's settings."""
    return _hasher().check_needs_rehash(password_hash)
