"""Captcha challenges are limited per client IP (``MONPARIS_RATE_LIMIT_CAPTCHA``, 60/minute).

Each challenge is a database row and an image plus a French audio file: unlimited, one client
could fill the table and the CPU. Tested at the edge through the core and through the API, and
under a parallel burst, in memory and on Redis when ``MONPARIS_TEST_REDIS_URL`` is set.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator

import httpx
import pytest

from monparis_app.adapters.captcha_renderer import LIBRARY_RENDERER
from monparis_app.core import captcha
from monparis_app.core.errors import RateLimited
from monparis_app.graphql.schema import build_schema
from monparis_app.http import app as api
from monparis_app.models import CaptchaChallenge

LIMIT = 60
REDIS_URL = os.environ.get("MONPARIS_TEST_REDIS_URL", "")
QUERY = {"query": "{ captcha { id image audio expiresAt } }"}


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


def fresh_ip() -> str:
    """Redis keeps counters between tests and runs: each test is its own client."""
    return "2001:db8::" + ":".join(secrets.token_hex(2) for _ in range(3))


@pytest.fixture
def client_ip() -> str:
    return fresh_ip()


@pytest.fixture
async def http(db: str, storage: str, client_ip: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=api.create_api(), client=(client_ip, 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_the_core_refuses_the_61st_challenge(db: str, storage: str, client_ip: str) -> None:
    for _ in range(LIMIT):
        await captcha.new_challenge(LIBRARY_RENDERER, client_ip)
    with pytest.raises(RateLimited) as refused:
        await captcha.new_challenge(LIBRARY_RENDERER, client_ip)
    assert 1 <= refused.value.retry_after <= 60
    # Refused before any work: no row for the 61st.
    assert await CaptchaChallenge.all().count() == LIMIT
    await captcha.new_challenge(LIBRARY_RENDERER, fresh_ip())  # another client is not affected


async def test_the_limit_follows_the_setting(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    configure(RATE_LIMIT_CAPTCHA="2/minute")
    ip = fresh_ip()
    await captcha.new_challenge(LIBRARY_RENDERER, ip)
    await captcha.new_challenge(LIBRARY_RENDERER, ip)
    with pytest.raises(RateLimited):
        await captcha.new_challenge(LIBRARY_RENDERER, ip)
    configure(RATE_LIMIT_CAPTCHA="2/minute", RATE_LIMITS="off")  # load tests switch it off
    await captcha.new_challenge(LIBRARY_RENDERER, ip)


async def test_the_api_refuses_the_61st_with_a_french_graphql_error(
    http: httpx.AsyncClient,
) -> None:
    for _ in range(LIMIT):
        response = await http.post("/graphql", json=QUERY)
        assert response.status_code == 200
        body = response.json()
        assert "errors" not in body, body
        assert body["data"]["captcha"]["image"].startswith("data:image/png;base64,")
    response = await http.post("/graphql", json=QUERY)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["path"] == ["captcha"]
    assert error["extensions"]["code"] == "rate_limited"
    retry_after = error["extensions"]["retryAfter"]
    assert 1 <= retry_after <= 60
    assert error["message"] == f"Trop de tentatives. Réessayez dans {retry_after} secondes."


async def test_the_refusal_is_not_masked_in_prod(
    db: str,
    configure,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    client_ip: str,
) -> None:
    """Outside dev, unexpected errors become "Unexpected error."; this refusal is meant."""
    configure(RATE_LIMIT_CAPTCHA="1/minute", ENV="prod")
    monkeypatch.setattr(api, "schema", build_schema())  # the schema prod settings build
    transport = httpx.ASGITransport(app=api.create_api(), client=(client_ip, 41000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert "errors" not in (await client.post("/graphql", json=QUERY)).json()
        body = (await client.post("/graphql", json=QUERY)).json()
    [error] = body["errors"]
    assert error["message"].startswith("Trop de tentatives. Réessayez dans ")
    assert error["extensions"]["code"] == "rate_limited"


async def test_a_parallel_burst_of_80_gets_exactly_60(http: httpx.AsyncClient) -> None:
    responses = await asyncio.gather(*(http.post("/graphql", json=QUERY) for _ in range(80)))
    assert {r.status_code for r in responses} == {200}
    bodies = [r.json() for r in responses]
    served = [b for b in bodies if "errors" not in b]
    refused = [b for b in bodies if "errors" in b]
    assert len(served) == LIMIT
    assert len(refused) == 80 - LIMIT
    assert all(b["errors"][0]["extensions"]["code"] == "rate_limited" for b in refused)
    assert len({b["data"]["captcha"]["id"] for b in served}) == LIMIT
    assert await CaptchaChallenge.all().count() == LIMIT
