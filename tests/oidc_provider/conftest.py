"""A City service and a citizen's browser against the whole API app (ASGI, in-process).

``OidcBrowser`` keeps Mon Paris's cookies like a browser; ``Service`` plays the relying party
with raw HTTP, the way a conformance suite does, so every protocol rule is checked on the wire.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from monparis_app.core import sessions
from monparis_app.core.oidc_provider import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, registered_clients
from monparis_app.core.oidc_provider import server as oidc_server
from monparis_app.http.app import create_api
from monparis_app.web import routes
from monparis_app.web.cookies import SESSION_COOKIE
from tests.helpers import create_account

ISSUER = "http://localhost:8000"
REDIRECT_URI = "http://localhost:8002/callback"
POST_LOGOUT_URI = "http://localhost:8002/deconnecte"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@dataclass
class AuthorizationRequest:
    """One authorization request of the service: its secrets and its parameters."""

    verifier: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Service:
    """The relying party's side: builds requests and calls the back-channel endpoints."""

    http: httpx.AsyncClient
    client_id: str = DEMO_CLIENT_ID
    secret: str = DEMO_CLIENT_SECRET
    redirect_uri: str = REDIRECT_URI

    def request(self, **overrides: str) -> AuthorizationRequest:
        verifier, challenge = pkce_pair()
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": "openid profile email",
            "state": secrets.token_urlsafe(16),
            "nonce": secrets.token_urlsafe(16),
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        } | overrides
        return AuthorizationRequest(verifier, {k: v for k, v in params.items() if v != ""})

    async def token(self, code: str, verifier: str, **overrides: Any) -> httpx.Response:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": verifier,
        } | overrides.pop("form", {})
        auth = overrides.pop("auth", (self.client_id, self.secret))
        return await self.http.post(routes.OIDC_TOKEN, data=form, auth=auth)

    async def userinfo(self, access_token: str) -> httpx.Response:
        return await self.http.get(
            routes.OIDC_USERINFO, headers={"Authorization": f"Bearer {access_token}"}
        )


@dataclass
class OidcBrowser:
    """The citizen's browser: Mon Paris's cookies, redirects followed by hand."""

    http: httpx.AsyncClient

    async def authorize(self, request: AuthorizationRequest) -> httpx.Response:
        return await self.http.get(routes.OIDC_AUTHORIZE, params=request.params)

    async def sign_in(self, account_id: Any) -> None:
        token = await sessions.open_session(
            account_id, user_agent="pytest", client_ip="203.0.113.9"
        )
        self.http.cookies.set(SESSION_COOKIE, token)

    async def consent(self, decision: str = "allow") -> httpx.Response:
        return await self.http.post(routes.OIDC_CONSENT_DECISION, data={"decision": decision})

    async def code_for(self, request: AuthorizationRequest) -> dict[str, str]:
        """Authorize, consenting if asked; the service's callback parameters."""
        response = await self.authorize(request)
        assert response.status_code == 303, response.text
        if response.headers["location"] == routes.OIDC_CONSENT:
            response = await self.consent("allow")
        location = response.headers["location"]
        assert location.startswith(REDIRECT_URI + "?"), location
        return query_of(location)


@pytest.fixture
async def oidc_http(db: str) -> AsyncIterator[httpx.AsyncClient]:
    registered_clients.cache_clear()
    oidc_server.forget_cached_key()
    transport = httpx.ASGITransport(app=create_api(), client=("203.0.113.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url=ISSUER) as client:
        yield client
    registered_clients.cache_clear()


@pytest.fixture
async def browser(oidc_http: httpx.AsyncClient) -> OidcBrowser:
    return OidcBrowser(oidc_http)


@pytest.fixture
async def service(oidc_http: httpx.AsyncClient) -> Service:
    # The back channel has no browser cookies: its own client on the same app.
    transport = oidc_http._transport
    client = httpx.AsyncClient(transport=transport, base_url=ISSUER)
    return Service(client)


@pytest.fixture
async def citizen(db: str) -> Any:
    return await create_account(
        "angele@exemple.fr", usage_name="Martin", address_line="1 place de l’Hôtel de Ville",
        address_postcode="75004", address_city="Paris",
    )  # fmt: skip
