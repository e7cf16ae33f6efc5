"""A City service and a citizen's browser against the whole API app (ASGI, in-process).

``OidcBrowser`` keeps Mon Paris's cookies like a browser; ``Service`` plays the relying party
with raw HTTP, the way a conformance suite does, so every protocol rule is checked on the wire.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey

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


# --- other registered services: a public one, a private_key_jwt one, one allowed refreshes ----

PUBLIC_CLIENT_ID = "guichet-public"
JWT_CLIENT_ID = "service-cle"
REFRESH_CLIENT_ID = "service-longue-duree"
REFRESH_CLIENT_SECRET = "service-longue-duree-secret"
TOKEN_URL = ISSUER + routes.OIDC_TOKEN
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class Registry:
    """The services a clients file registered for one test (the demo one among them)."""

    http: httpx.AsyncClient
    jwt_key: ECKey

    def public(self) -> Service:
        return Service(self.http, client_id=PUBLIC_CLIENT_ID, secret="")

    def refreshing(self) -> Service:
        return Service(self.http, client_id=REFRESH_CLIENT_ID, secret=REFRESH_CLIENT_SECRET)

    def jwt_service(self) -> Service:
        return Service(self.http, client_id=JWT_CLIENT_ID, secret="")

    def assertion(self, key: ECKey | None = None, **claims: Any) -> str:
        """A ``private_key_jwt`` client assertion, signed by the registered key by default;
        a claim given as None is left out."""
        now = int(time.time())
        claimed = {
            "iss": JWT_CLIENT_ID,
            "sub": JWT_CLIENT_ID,
            "aud": TOKEN_URL,
            "jti": secrets.token_urlsafe(16),
            "iat": now,
            "exp": now + 60,
        } | claims
        payload = {name: value for name, value in claimed.items() if value is not None}
        signer = key or self.jwt_key
        return jwt.encode({"alg": "ES256", "kid": signer.kid}, payload, signer)


def clients_file_entries(jwt_public: dict[str, Any]) -> list[dict[str, Any]]:
    """The demo service as ``make run`` registers it, and three others, as a clients file."""
    return [
        {
            "client_id": DEMO_CLIENT_ID,
            "name": "Demande de stationnement résident",
            "redirect_uris": [REDIRECT_URI, "http://127.0.0.1:8002/callback"],
            "post_logout_redirect_uris": [POST_LOGOUT_URI],
            "scopes": ["openid", "profile", "email", "address"],
            "secret_sha256": _sha256(DEMO_CLIENT_SECRET),
        },
        {
            "client_id": PUBLIC_CLIENT_ID,
            "name": "Guichet public",
            "redirect_uris": [REDIRECT_URI],
            "scopes": ["openid", "profile", "email", "address", "birth"],
            "token_endpoint_auth_method": "none",
        },
        {
            "client_id": JWT_CLIENT_ID,
            "name": "Service à clé",
            "redirect_uris": [REDIRECT_URI],
            "scopes": ["openid", "profile", "email"],
            "token_endpoint_auth_method": "private_key_jwt",
            "jwks": {"keys": [jwt_public]},
            "refresh_tokens": True,
        },
        {
            "client_id": REFRESH_CLIENT_ID,
            "name": "Service de longue durée",
            "redirect_uris": [REDIRECT_URI],
            "scopes": ["openid", "profile", "email"],
            "secret_sha256": _sha256(REFRESH_CLIENT_SECRET),
            "refresh_tokens": True,
        },
    ]


@pytest.fixture
def registry(tmp_path: Path, configure: Any, oidc_http: httpx.AsyncClient) -> Registry:
    """``MONPARIS_OIDC_CLIENTS`` names a file with the demo service and three others."""
    key = ECKey.generate_key("P-256", parameters={"use": "sig", "alg": "ES256"})
    key.ensure_kid()
    path = tmp_path / "clients.json"
    path.write_text(json.dumps(clients_file_entries(key.as_dict(private=False))), "utf-8")
    configure(OIDC_CLIENTS=str(path))
    registered_clients.cache_clear()
    back_channel = httpx.AsyncClient(transport=oidc_http._transport, base_url=ISSUER)
    return Registry(back_channel, key)


async def sign_in_with_franceconnect(browser: OidcBrowser, account_id: Any) -> None:
    """A Mon Paris session opened through FranceConnect (it keeps FranceConnect's ID token)."""
    token = await sessions.open_session(
        account_id, user_agent="pytest", client_ip="203.0.113.9", fc_id_token="x"
    )
    browser.http.cookies.set(SESSION_COOKIE, token)


async def tokens_for(browser: OidcBrowser, service: Service, **overrides: str) -> dict[str, Any]:
    """The whole code flow for ``service``: its token response (consent given if asked).
    A service without a secret is a public one: it names itself in the form."""
    request = service.request(**overrides)
    callback = await browser.code_for(request)
    public = {"auth": None, "form": {"client_id": service.client_id}}
    response = await service.token(
        callback["code"], request.verifier, **({} if service.secret else public)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_token_error(response: httpx.Response, error: str, status: int = 400) -> None:
    """RFC 6749 §5.2: a JSON error, never cached, never a 500."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"] == error, response.text
    assert response.headers["cache-control"] == "no-store"
    assert "access_token" not in response.json()
