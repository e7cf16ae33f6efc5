"""Test doubles for the core's ports: a FranceConnect that runs in the test's own process.

``FakeFranceConnect`` satisfies ``core.ports.OidcClient`` without a server, so the FranceConnect
journeys are tested in milliseconds; the HTTP client itself is tested against the simulator
(``tests/adapters/test_franceconnect_client.py``). It is strict on purpose: it checks what the
core sends (a registered redirect URI, a fresh state and nonce of FranceConnect's minimum
length, the redirect URI of the authorization again at the token endpoint, the nonce it sent)
and answers with the simulator's own identities and claims (``fcsim.identities`` and
``fcsim.tokens``), failing with the reasons the HTTP client gives (``token.invalid_grant``,
``id_token.nonce``, ``id_token.expired``…).
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fcsim.identities import ERROR_SCENARIOS, find_error_scenario, find_identity
from fcsim.identities import Identity as FcIdentity
from fcsim.tokens import id_token_claims, userinfo_claims
from monparis_app.core import clock
from monparis_app.core.franceconnect import FranceConnectConfig, TokenSet, failure

FAKE_ISSUER = "https://fc.fake.test/api/v2"
FAKE_CALLBACK = "http://localhost:8000/auth/franceconnect/callback"
FAKE_PARTNER_CALLBACK = "https://partenaire.example/retour-franceconnect"
FAKE_CONFIG = FranceConnectConfig(
    issuer=FAKE_ISSUER,
    client_id="monparis-fake",
    client_secret="monparis-fake-secret-0123456789abcdef",
    scopes="openid given_name family_name birthdate gender birthplace birthcountry email",
    redirect_uri=FAKE_CALLBACK,
    post_logout_redirect_uri="http://localhost:8000/auth/franceconnect/logged-out",
    allowed_redirect_uris=(FAKE_CALLBACK, FAKE_PARTNER_CALLBACK),
)
MIN_SECRET_LENGTH = 32  # FranceConnect refuses a shorter state or nonce
ID_TOKEN_TTL = 60  # the simulator's (and FranceConnect's) id_token lifetime
CLOCK_LEEWAY_SECONDS = 10  # as the HTTP client allows


@dataclass
class _Authorization:
    """One authorization request, as FranceConnect records it."""

    redirect_uri: str
    state: str
    nonce: str


@dataclass
class _Grant:
    """A code (then its tokens) issued for one authorization and one person."""

    authorization: _Authorization
    identity: FcIdentity
    access_token: str = ""
    id_claims: dict[str, Any] = field(default_factory=dict)


class FakeFranceConnect:
    """FranceConnect as the core meets it: authorize, token, id_token, userinfo, logout."""

    def __init__(self, config: FranceConnectConfig = FAKE_CONFIG) -> None:
        self._config = config
        self._authorizations: dict[str, _Authorization] = {}
        self._codes: dict[str, _Grant] = {}
        self._by_access_token: dict[str, _Grant] = {}
        self._by_id_token: dict[str, _Grant] = {}
        self._secrets_seen: set[str] = set()
        self.ended_sessions: list[str] = []
        # How far FranceConnect's clock is from ours: tokens are stamped with its time.
        self.skew_seconds = 0

    @property
    def config(self) -> FranceConnectConfig:
        return self._config

    # --- what the core calls --------------------------------------------------------------

    async def requires_iss_parameter(self) -> bool:
        return True  # FranceConnect v2 sends ``iss`` with every callback (RFC 9207)

    async def authorization_url(self, *, redirect_uri: str, state: str, nonce: str) -> str:
        assert redirect_uri in self._config.allowed_redirect_uris, "unregistered redirect_uri"
        for value in (state, nonce):
            assert len(value) >= MIN_SECRET_LENGTH, "state or nonce too short for FranceConnect"
            assert value not in self._secrets_seen, "state or nonce reused"
            self._secrets_seen.add(value)
        self._authorizations[state] = _Authorization(redirect_uri, state, nonce)
        query = {
            "response_type": "code",
            "client_id": self._config.client_id,
            "redirect_uri": redirect_uri,
            "scope": self._config.scopes,
            "state": state,
            "nonce": nonce,
            "acr_values": "eidas1",
        }
        return f"{self._config.issuer}/authorize?{urlencode(query)}"

    async def exchange_code(self, code: str, *, redirect_uri: str) -> TokenSet:
        grant = self._codes.pop(code, None)  # a code is single use
        if grant is None or redirect_uri != grant.authorization.redirect_uri:
            raise failure("invalid_response", "token.invalid_grant")
        grant.access_token = secrets.token_urlsafe(32)
        now = self._now()
        grant.id_claims = id_token_claims(
            issuer=self._config.issuer,
            client_id=self._config.client_id,
            identity=grant.identity,
            nonce=grant.authorization.nonce,
            access_token=grant.access_token,
            alg="ES256",
            sid=secrets.token_hex(8),
            idp="impots-gouv",
            auth_time=now,
            now=now,
            ttl=ID_TOKEN_TTL,
        )
        id_token = _compact(grant.id_claims)
        self._by_access_token[grant.access_token] = grant
        self._by_id_token[id_token] = grant
        return TokenSet(access_token=grant.access_token, id_token=id_token)

    async def verify_id_token(
        self, id_token: str, *, nonce: str, access_token: str
    ) -> dict[str, Any]:
        grant = self._by_id_token.get(id_token)
        if grant is None:  # not issued here: the real client finds no valid signature
            raise failure("invalid_response", "id_token.bad_signature")
        claims = grant.id_claims
        if int(clock.now().timestamp()) > claims["exp"] + CLOCK_LEEWAY_SECONDS:
            raise failure("invalid_response", "id_token.expired")
        if not hmac.compare_digest(str(claims["nonce"]).encode(), nonce.encode()):
            raise failure("invalid_response", "id_token.nonce")
        if access_token != grant.access_token:
            raise failure("invalid_response", "id_token.at_hash")
        return dict(claims)

    async def fetch_userinfo(self, access_token: str, *, expected_sub: str) -> dict[str, Any]:
        grant = self._by_access_token.get(access_token)
        if grant is None:
            raise failure("invalid_response", "userinfo.http_401")
        claims = userinfo_claims(
            issuer=self._config.issuer,
            client_id=self._config.client_id,
            identity=grant.identity,
            scope=self._config.scopes,
            now=self._now(),
        )
        if not hmac.compare_digest(str(claims["sub"]).encode(), expected_sub.encode()):
            raise failure("invalid_response", "userinfo.sub_mismatch")
        return claims

    async def end_session_url(self, *, id_token: str, state: str) -> str:
        assert id_token in self._by_id_token, "end_session for an id_token never issued"
        self.ended_sessions.append(id_token)
        query = {
            "id_token_hint": id_token,
            "state": state,
            "post_logout_redirect_uri": self._config.post_logout_redirect_uri,
        }
        return f"{self._config.issuer}/session/end?{urlencode(query)}"

    def _now(self) -> int:
        return int(clock.now().timestamp()) + self.skew_seconds

    # --- what the person does at FranceConnect --------------------------------------------

    def login(self, authorization_url: str, login: str = "test") -> dict[str, str]:
        """The person signs in at FranceConnect as ``login`` (a simulator identity or error
        scenario); returns the query FranceConnect sends back to the redirect URI."""
        query = dict(parse_qsl(urlsplit(authorization_url).query))
        authorization = self._authorizations.pop(query["state"])  # one callback per request
        assert query["client_id"] == self._config.client_id
        assert query["redirect_uri"] == authorization.redirect_uri
        assert query["nonce"] == authorization.nonce
        scenario = find_error_scenario(login)
        if scenario in ERROR_SCENARIOS:
            return {"error": ERROR_SCENARIOS[scenario][0], "state": authorization.state}
        identity = find_identity(login)
        assert identity is not None, f"no simulator identity {login!r}"
        code = secrets.token_urlsafe(32)
        self._codes[code] = _Grant(authorization, identity)
        return {"code": code, "state": authorization.state, "iss": self._config.issuer}


def _compact(claims: dict[str, Any]) -> str:
    """A JWT-shaped token (header.payload.signature); the fake knows it by its value."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "ES256", "kid": "fake"}).encode())
    payload = b64(json.dumps(claims).encode())
    return f"{header}.{payload}.{b64(secrets.token_bytes(32))}"
