"""Rate limits on top of the ``limits`` library: memory by default, Redis when configured.

Per-IP limits slow down scripted abuse of ``register``, ``verifyCode`` and ``resendCode``; they
can be switched off for load tests (``MONPARIS_RATE_LIMITS=off``). Per-address limits protect a
person's mailbox from e-mail bombing and always apply. With several app processes, Redis makes
every process count the same hits.
"""

from __future__ import annotations

import hashlib
import math
import time
from functools import lru_cache

from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from monparis_app.core import metrics
from monparis_app.core.errors import RateLimited
from monparis_app.settings import get_settings


@lru_cache(maxsize=1)
def _limiter() -> MovingWindowRateLimiter:
    settings = get_settings()
    storage: Storage
    if settings.redis_url:
        uri = "async+" + settings.redis_url if "://" in settings.redis_url else settings.redis_url
        storage = RedisStorage(uri, implementation="redispy", key_prefix="monparis-limits")
    else:
        storage = MemoryStorage()
    return MovingWindowRateLimiter(storage)


@lru_cache(maxsize=32)
def _parse(spec: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(spec))


def reset_rate_limits() -> None:
    """Forget counters and storage so new settings apply (tests, settings reload)."""
    _limiter.cache_clear()


def _anonymous(key: str) -> str:
    """Keys are hashed: an IP or an e-mail address never sits in the limiter's storage."""
    return hashlib.sha256(key.encode()).hexdigest()[:32]


async def hit(action: str, key: str, spec: str) -> None:
    """Count one hit of ``action`` for ``key``; raise ``RateLimited`` past any limit in ``spec``."""
    limiter = _limiter()
    identifier = _anonymous(key)
    for item in _parse(spec):
        if not await limiter.hit(item, action, identifier):
            stats = await limiter.get_window_stats(item, action, identifier)
            metrics.count(metrics.RATE_LIMITED, action=action)
            raise RateLimited(math.ceil(stats.reset_time - time.time()))


async def hit_per_ip(action: str, client_ip: str, spec: str) -> None:
    """Like ``hit``, unless per-IP limits are switched off for a load test."""
    if get_settings().per_ip_limits_enabled and client_ip:
        await hit(action + ":ip", client_ip, spec)
