"""Fixtures for the demo partner's tests: the demo over ``httpx.ASGITransport``, and a small but
real OpenID Connect provider (a Starlette app) that the demo's server-side calls reach through
another ``ASGITransport`` given in its configuration.

The provider does what the demo relies on and checks what the demo must send: discovery, a JWKS
that a test can rotate, ``/authorize`` answering with a code, ``state`` and ``iss``, a token
endpoint that insists on ``client_secret_basic``, the redirect URI and the PKCE verifier, and a
userinfo endpoint behind the bearer token. A test bends one answer (a claim of the ID token, the
signing key, an error) to see the demo refuse it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from authlib.oidc.core.util import create_half_hash
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from demopartner.app import create_app
from demopartner.config import PartnerConfig

ISSUER = "http://localhost:8000"
DEMO = "http://localhost:8002"
CLIENT_ID = "demo-stationnement"
CLIENT_SECRET = "demo-stationnement-secret-dev"
START_TIME = 1_750_000_000.0

USERINFO = {
    "given_name": "Marie",
    "family_name": "Dupont",
    "email": "marie.dupont@example.fr",
    "email_verified": True,
    "address": {"street_address": "5 rue Lobau", "postal_code": "75004", "locality": "Paris"},
}


class FakeClock:
    """A clock that only moves when a test says so."""

    def __init__(self, start: float = START_TIME) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def new_key() -> ECKey:
    return ECKey.generate_key("P-256", parameters={"alg": "ES256", "use": "sig"}, auto_kid=True)


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def query_of(url: str) -> dict[str, str]:
    """The query parameters of a URL (single values)."""
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@dataclass
class MiniProvider:
    """The provider's state and the knobs a test turns."""

    clock: FakeClock
    key: ECKey = field(default_factory=new_key)
    published: list[ECKey] = field(default_factory=list)
    sign_with: ECKey | None = None  # a key other than the published one: a forged signature
    header: dict[str, Any] = field(default_factory=dict)  # extra or overridden JOSE header
    id_token_claims: dict[str, Any] = field(default_factory=dict)  # None removes a claim
    userinfo_claims: dict[str, Any] = field(default_factory=lambda: dict(USERINFO))
    token_error: str | None = None
    discovery_status: int = 200
    userinfo_status: int = 200
    grants: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    sub: str = "a1b2c3-pairwise-sub"

    def __post_init__(self) -> None:
        self.published = [self.key]

    def rotate(self) -> None:
        """A new signing key replaces the old one in the JWKS."""
        self.key = new_key()
        self.published = [self.key]

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/oidc/authorize",
            "token_endpoint": f"{ISSUER}/oidc/token",
            "userinfo_endpoint": f"{ISSUER}/oidc/userinfo",
            "jwks_uri": f"{ISSUER}/oidc/jwks",
            "end_session_endpoint": f"{ISSUER}/oidc/logout",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": True,
        }

    def id_token(self, grant: dict[str, str], access_token: str) -> str:
        now = int(self.clock())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "sub": self.sub,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "auth_time": now - 5,
            "nonce": grant["nonce"],
            "at_hash": create_half_hash(access_token, "ES256").decode(),
        }
        for name, value in self.id_token_claims.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        header = {"alg": "ES256", "kid": self.key.kid, "typ": "JWT"} | self.header
        return jwt.encode(header, claims, self.sign_with or self.key, algorithms=["ES256"])

    # --- endpoints ----------------------------------------------------------------------------

    async def discovery(self, request: Request) -> Response:
        self.requests.append("discovery")
        if self.discovery_status != 200:
            return JSONResponse({"error": "down"}, status_code=self.discovery_status)
        return JSONResponse(self.metadata())

    async def jwks(self, request: Request) -> Response:
        self.requests.append("jwks")
        return JSONResponse(KeySet(list(self.published)).as_dict(private=False))

    async def authorize(self, request: Request) -> Response:
        """Signs the user in at once: back to the client with a code, its state and our iss."""
        params = dict(request.query_params)
        code = secrets.token_urlsafe(16)
        self.grants[code] = params
        back = {"code": code, "state": params["state"], "iss": ISSUER}
        return RedirectResponse(f"{params['redirect_uri']}?{urlencode(back)}", status_code=302)

    async def token(self, request: Request) -> Response:
        form = dict(await request.form())
        self.token_requests.append(
            {"form": form, "authorization": request.headers.get("authorization")}
        )
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self.grants.pop(str(form.get("code")), None)
        if self.token_error:
            return JSONResponse({"error": self.token_error}, status_code=400)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != grant["redirect_uri"]
            or s256(str(form.get("code_verifier"))) != grant["code_challenge"]
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = self.sub
        return JSONResponse(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 30,
                "scope": grant["scope"],
                "id_token": self.id_token(grant, access_token),
            },
            headers={"cache-control": "no-store"},
        )

    async def userinfo(self, request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if self.userinfo_status != 200:
            return JSONResponse({"error": "server_said_no"}, status_code=self.userinfo_status)
        if token not in self.tokens:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        return JSONResponse({"sub": self.tokens[token], **self.userinfo_claims})

    def app(self) -> Starlette:
        """The provider as an ASGI app; each route looks its endpoint up when called, so a test
        may replace one after the demo was built."""

        def route(path: str, name: str, methods: list[str] | None = None) -> Route:
            async def endpoint(request: Request) -> Response:
                answer: Response = await getattr(self, name)(request)
                return answer

            return Route(path, endpoint, methods=methods)

        return Starlette(
            routes=[
                route("/.well-known/openid-configuration", "discovery"),
                route("/oidc/jwks", "jwks"),
                route("/oidc/authorize", "authorize"),
                route("/oidc/token", "token", ["POST"]),
                route("/oidc/userinfo", "userinfo"),
            ]
        )


@dataclass
class Browser:
    """One browser's cookie jar, going back and forth between the demo and the provider."""

    demo: httpx.AsyncClient
    provider: httpx.AsyncClient

    async def start_login(self, **params: str) -> httpx.Response:
        """``/login`` (a GET, with ``prompt`` for instance, or the home page's POST)."""
        if params:
            return await self.demo.get("/login", params=params)
        return await self.demo.post("/login")

    async def authorize(self, login: httpx.Response) -> str:
        """Follow the demo's redirect to the provider; the URL it sends the browser back to."""
        assert login.status_code == 303, login.text
        response = await self.provider.get(login.headers["location"])
        assert response.status_code == 302, response.text
        location: str = response.headers["location"]
        return location

    async def sign_in(self) -> httpx.Response:
        """The whole round trip; the demo's answer to the callback."""
        back = await self.authorize(await self.start_login())
        return await self.demo.get(back)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def provider(clock: FakeClock) -> MiniProvider:
    return MiniProvider(clock=clock)


@pytest.fixture
def config(provider: MiniProvider, clock: FakeClock) -> PartnerConfig:
    return PartnerConfig(transport=httpx.ASGITransport(app=provider.app()), clock=clock)


@pytest.fixture
def demo_app(config: PartnerConfig) -> Starlette:
    return create_app(config)


@pytest.fixture
async def browser(demo_app: Starlette, provider: MiniProvider) -> AsyncIterator[Browser]:
    demo_transport = httpx.ASGITransport(app=demo_app)
    provider_transport = httpx.ASGITransport(app=provider.app())
    async with (
        httpx.AsyncClient(transport=demo_transport, base_url=DEMO) as demo,
        httpx.AsyncClient(transport=provider_transport, base_url=ISSUER) as to_provider,
    ):
        yield Browser(demo=demo, provider=to_provider)
