"""Rate limits at their edge, in memory and on the real Redis server when one is configured."""

from __future__ import annotations

import os
import secrets

import pytest

from monparis_app.core import rate_limits
from monparis_app.core.errors import RateLimited

REDIS_URL = os.environ.get("MONPARIS_TEST_REDIS_URL", "")


@pytest.fixture(
    params=[
        "memory",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(not REDIS_URL, reason="MONPARIS_TEST_REDIS_URL not set"),
        ),
    ]
)
def storage(request: pytest.FixtureRequest, configure) -> str:  # type: ignore[no-untyped-def]
    configure(REDIS_URL=REDIS_URL if request.param == "redis" else "")
    return str(request.param)


async def test_limit_edge_and_retry_delay(storage: str) -> None:
    key = "client-" + secrets.token_hex(4)
    for _ in range(3):
        await rate_limits.hit("test", key, "3/minute")
    with pytest.raises(RateLimited) as raised:
        await rate_limits.hit("test", key, "3/minute")
    assert 1 <= raised.value.retry_after <= 60
    await rate_limits.hit("test", "another-" + key, "3/minute")  # other keys are not affected


async def test_per_ip_switch(storage: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMITS="off", REDIS_URL=REDIS_URL if storage == "redis" else "")
    for _ in range(5):
        await rate_limits.hit_per_ip("test", "198.51.100.1", "1/minute")
    address = secrets.token_hex(4) + "@exemple.fr"
    await rate_limits.hit("test-address", address, "1/minute")  # per-address limits stay on
    with pytest.raises(RateLimited):
        await rate_limits.hit("test-address", address, "1/minute")


async def test_a_parallel_burst_meets_the_limit_exactly(storage: str) -> None:
    """Thirty hits in flight at once: exactly the limit passes, in memory and on Redis."""
    import asyncio

    key = "burst-" + secrets.token_hex(4)
    outcomes = await asyncio.gather(
        *(rate_limits.hit("burst", key, "10/minute") for _ in range(30)), return_exceptions=True
    )
    assert sum(o is None for o in outcomes) == 10
    assert sum(isinstance(o, RateLimited) for o in outcomes) == 20
