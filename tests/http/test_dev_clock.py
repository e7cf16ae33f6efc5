"""``POST /dev/clock``: the end-to-end build's movable clock, and nowhere else."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from monparis_app.core import clock
from monparis_app.http.app import create_api
from monparis_app.settings import UnsafeProductionSettings, get_settings
from monparis_app.web import routes


@pytest.fixture(autouse=True)
def restore_clock() -> Iterator[None]:
    previous = clock.current()
    yield
    clock.use_clock(previous)


async def _client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def with_test_clock(configure) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    configure(test_clock="on")
    async for client in _client():
        yield client


async def test_not_there_by_default() -> None:
    async for client in _client():
        assert (await client.post(routes.DEV_CLOCK, params={"seconds": 600})).status_code == 404
    assert isinstance(clock.current(), clock.SystemClock)


async def test_the_clock_jumps_ahead(with_test_clock: httpx.AsyncClient) -> None:
    before = clock.now()
    answer = await with_test_clock.post(routes.DEV_CLOCK, params={"seconds": 600})
    assert answer.status_code == 200
    assert 600 <= (clock.now() - before).total_seconds() < 660


@pytest.mark.parametrize("seconds", ["0", "-5", "604801", "dix", None])
async def test_only_a_step_forward_of_at_most_a_week(
    with_test_clock: httpx.AsyncClient, seconds: str | None
) -> None:
    params = {} if seconds is None else {"seconds": seconds}
    before = clock.now()
    assert (await with_test_clock.post(routes.DEV_CLOCK, params=params)).status_code == 400
    assert (clock.now() - before).total_seconds() < 60


def test_prod_refuses_the_test_clock(configure) -> None:  # type: ignore[no-untyped-def]
    configure(env="prod", test_clock="on")
    with pytest.raises(UnsafeProductionSettings, match="MONPARIS_TEST_CLOCK"):
        get_settings().check_production_safety()
