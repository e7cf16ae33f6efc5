"""Behind our reverse proxy, each client has its own address; a spoofed header dodges nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
import pytest

from monparis_app.http.app import create_api
from tests.helpers import GOOD_PASSWORD, create_account

PROXY = ("10.0.0.2", 44000)
OUTSIDER = ("198.51.100.4", 41000)
REGISTER = """
mutation Register($input: RegisterInput!) {
  register(input: $input) { __typename }
}"""
FORM = {
    "sex": "MALE",
    "firstName": "Pierre",
    "lastName": "Mercier",
    "email": "pierre.mercier@exemple.fr",
    "phone": None,
    "password": GOOD_PASSWORD,
    "passwordConfirmation": GOOD_PASSWORD,
    "acceptTerms": True,
    "captchaId": "00000000-0000-0000-0000-000000000000",
    "captchaAnswer": "FAUX",
}

Client = Callable[[dict[str, str]], AsyncIterator[httpx.AsyncClient]]


@pytest.fixture(autouse=True)
def _behind_a_proxy(db: str, configure) -> None:  # type: ignore[no-untyped-def]
    # Two register calls per minute and IP: the third answers RateLimited. The captcha is wrong
    # on purpose: the per-IP limit is counted before it, and no password gets hashed.
    configure(TRUSTED_PROXIES="10.0.0.0/8", RATE_LIMIT_REGISTER="2/minute")


@asynccontextmanager
async def http_from(peer: tuple[str, int]) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_api(), client=peer)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def register(http: httpx.AsyncClient, headers: dict[str, str]) -> str:
    response = await http.post(
        "/graphql", json={"query": REGISTER, "variables": {"input": FORM}}, headers=headers
    )
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["register"]["__typename"])


async def test_two_clients_behind_the_proxy_are_counted_apart() -> None:
    alice = {"x-forwarded-for": "203.0.113.1"}
    bob = {"x-forwarded-for": "192.0.2.99, 203.0.113.2"}  # Bob's own left entry is ignored
    async with http_from(PROXY) as http:
        assert [await register(http, alice) for _ in range(3)] == [
            "FieldErrors",
            "FieldErrors",
            "RateLimited",
        ]
        assert await register(http, bob) == "FieldErrors"
        assert await register(http, {"forwarded": 'for="203.0.113.2:5000"'}) == "FieldErrors"
        assert await register(http, bob) == "RateLimited"


async def test_spoofed_header_from_an_untrusted_peer_does_not_dodge_the_limit() -> None:
    async with http_from(OUTSIDER) as http:
        answers = [
            await register(
                http, {"x-forwarded-for": f"203.0.113.{n}", "forwarded": f"for=192.0.2.{n}"}
            )
            for n in range(1, 5)
        ]
    assert answers == ["FieldErrors", "FieldErrors", "RateLimited", "RateLimited"]


async def test_conflicting_headers_through_the_proxy_count_as_the_proxy() -> None:
    async with http_from(PROXY) as http:
        answers = [
            await register(
                http, {"x-forwarded-for": "203.0.113.7", "forwarded": f"for=192.0.2.{n}"}
            )
            for n in range(1, 4)
        ]
    assert answers == ["FieldErrors", "FieldErrors", "RateLimited"]


async def test_session_list_shows_the_forwarded_client() -> None:
    await create_account("compte@exemple.fr")
    login = """mutation($password: String!) {
      login(email: "compte@exemple.fr", password: $password) { ... on SignedIn { sessionToken } }
    }"""
    async with http_from(PROXY) as http:
        forwarded = {"x-forwarded-for": "203.0.113.77"}
        signed_in = await http.post(
            "/graphql",
            json={"query": login, "variables": {"password": GOOD_PASSWORD}},
            headers=forwarded,
        )
        token = signed_in.json()["data"]["login"]["sessionToken"]
        listed = await http.post(
            "/graphql",
            json={"query": "{ sessions { ipPrefix current } }"},
            headers={"authorization": f"Bearer {token}"} | forwarded,
        )
    assert listed.json()["data"]["sessions"] == [{"ipPrefix": "203.0.113.0/24", "current": True}]
