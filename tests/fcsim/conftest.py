"""Fixtures for the FranceConnect simulator's own tests.

The app runs in-process over ``httpx.ASGITransport``; a fake clock makes
codes and tokens expire without sleeping. :class:`Flow` drives the browser
side of an authorization (authorize → chooser → provider login → consent)
the way a user would, following the links and form actions of the pages.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from starlette.applications import Starlette

from fcsim.app import create_app
from fcsim.config import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SimulatorConfig
from fcsim.context import Simulator
from fcsim.identities import TEST_PASSWORD

ISSUER = "http://localhost:8001/api/v2"
REDIRECT_URI = "http://localhost:8000/auth/franceconnect/callback"
LOGOUT_URI = "http://localhost:8000/auth/franceconnect/logged-out"
START_TIME = 1_750_000_000.0


class FakeClock:
    """A clock that only moves when a test says so."""

    def __init__(self, start: float = START_TIME) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config(clock: FakeClock) -> SimulatorConfig:
    return SimulatorConfig(clock=clock, slow_delay=0.3)


@pytest.fixture
def app(config: SimulatorConfig) -> Starlette:
    return create_app(config)


@pytest.fixture
def simulator(app: Starlette) -> Simulator:
    sim: Simulator = app.state.simulator
    return sim


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8001") as http:
        yield http


def query_of(response: httpx.Response) -> dict[str, str]:
    """The query parameters of a redirect's Location (single values)."""
    location = response.headers["location"]
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def form_action(html: str, button_text: str | None = None) -> str:
    """The action of the (first) form, or of the form holding a given button."""
    for match in re.finditer(r'<form method="post" action="([^"]+)">(.*?)</form>', html, re.S):
        if button_text is None or button_text in match.group(2):
            return match.group(1)
    raise AssertionError(f"no form with {button_text!r}")


async def verify_jwt(http: httpx.AsyncClient, token: str, alg: str = "ES256") -> dict[str, Any]:
    """Verify a JWT against the published JWKS, pinning the algorithm like a client."""
    jwks = (await http.get("/api/v2/jwks")).json()
    decoded = jwt.decode(token, KeySet.import_key_set(jwks), algorithms=[alg])
    return dict(decoded.claims)


@dataclass
class Flow:
    """Drives one authorization through the simulator's pages."""

    http: httpx.AsyncClient
    client_id: str = DEFAULT_CLIENT_ID
    redirect_uri: str = REDIRECT_URI
    scope: str = "openid given_name family_name birthdate gender birthplace birthcountry email"
    state: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def params(self, **overrides: str | None) -> dict[str, str]:
        """Valid /authorize parameters; an override of None removes the parameter."""
        params: dict[str, str | None] = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": self.scope,
            "acr_values": "eidas1",
            "state": self.state,
            "nonce": self.nonce,
            **overrides,
        }
        return {key: value for key, value in params.items() if value is not None}

    async def authorize(self, **overrides: str | None) -> httpx.Response:
        return await self.http.get("/api/v2/authorize", params=self.params(**overrides))

    async def open_chooser(self, **overrides: str | None) -> httpx.Response:
        """Authorize and land on the identity-provider chooser page."""
        response = await self.authorize(**overrides)
        assert response.status_code == 302, response.text
        return await self.http.get(response.headers["location"])

    async def open_login(self, *, idp: str | None = None, **overrides: str | None) -> str:
        """Choose a provider (impots.gouv.fr by default); returns the login form's action."""
        chooser = await self.open_chooser(**overrides)
        chosen = await self.http.post(form_action(chooser.text), data={"idp": idp or "impots-gouv"})
        assert chosen.status_code == 303
        page = await self.http.get(chosen.headers["location"])
        assert page.status_code == 200
        return form_action(page.text, "Se connecter")

    async def login(
        self, login: str = "test", *, password: str | None = None, **overrides: str | None
    ) -> httpx.Response:
        """Log in through the provider and accept the consent page.

        Returns the final redirect to the client (or the login page on failure).
        """
        action = await self.open_login(**overrides)
        response = await self.http.post(
            action, data={"login": login, "password": password or TEST_PASSWORD}
        )
        if response.status_code != 303 or not response.headers["location"].startswith(
            "/api/v2/interaction/"
        ):
            return response
        consent = await self.http.get(response.headers["location"])
        assert consent.status_code == 200
        return await self.http.post(form_action(consent.text, "Continuer sur Mon Paris"))

    async def code(self, login: str = "test", **overrides: str | None) -> str:
        response = await self.login(login, **overrides)
        assert response.status_code == 303, response.text
        callback = query_of(response)
        assert callback["state"] == self.state
        return callback["code"]

    async def token(self, code: str, **overrides: str | None) -> httpx.Response:
        data: dict[str, str | None] = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "client_id": self.client_id,
            "client_secret": DEFAULT_CLIENT_SECRET,
            **overrides,
        }
        body = {key: value for key, value in data.items() if value is not None}
        return await self.http.post("/api/v2/token", data=body)

    async def tokens(self, login: str = "test") -> dict[str, Any]:
        response = await self.token(await self.code(login))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def flow(client: httpx.AsyncClient) -> Flow:
    return Flow(client)
