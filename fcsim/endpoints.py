"""Back-channel endpoints: discovery, JWKS, /token, /userinfo, /token/revocation.

These are what the client's server calls directly. Error bodies follow
RFC 6749 §5.2 (``{"error": …, "error_description": …}``) and RFC 6750 §3
(``WWW-Authenticate: Bearer error="invalid_token"``).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fcsim.config import ClientConfig
from fcsim.context import Simulator, get_simulator
from fcsim.identities import Identity, Scenario, find_identity
from fcsim.scopes import CLAIMS_SUPPORTED, KNOWN_SCOPES
from fcsim.store import AccessToken, AuthorizationCode, new_token
from fcsim.tokens import ACR_EIDAS1, id_token_claims, userinfo_claims

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
SIGNING_ALGS = ["ES256", "RS256", "HS256"]
"""What the real discovery document advertises (HS256 included, although v2
clients only get ES256 or RS256 — clients must pin their algorithm)."""


class OAuthError(Exception):
    """An RFC 6749 error response from the token or revocation endpoint."""

    def __init__(self, error: str, description: str, status_code: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status_code = status_code

    def response(self) -> JSONResponse:
        """The JSON error body, never cached."""
        body = {"error": self.error, "error_description": self.description}
        return JSONResponse(body, status_code=self.status_code, headers=NO_STORE)


def discovery_document(sim: Simulator) -> dict[str, Any]:
    """The OpenID Provider metadata, shaped like FranceConnect v2's."""
    return {
        "issuer": sim.issuer,
        "authorization_endpoint": sim.url("/authorize"),
        "token_endpoint": sim.url("/token"),
        "userinfo_endpoint": sim.url("/userinfo"),
        "jwks_uri": sim.url("/jwks"),
        "end_session_endpoint": sim.url("/session/end"),
        "revocation_endpoint": sim.url("/token/revocation"),
        "scopes_supported": sorted(KNOWN_SCOPES),
        "claims_supported": list(CLAIMS_SUPPORTED),
        "acr_values_supported": [ACR_EIDAS1],
        "id_token_signing_alg_values_supported": SIGNING_ALGS,
        "userinfo_signing_alg_values_supported": SIGNING_ALGS,
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256"],
        "authorization_response_iss_parameter_supported": True,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public", "pairwise"],
        "code_challenge_methods_supported": ["S256"],
        "claims_parameter_supported": True,
        "claim_types_supported": ["normal"],
        "request_parameter_supported": False,
    }


async def discovery(request: Request) -> Response:
    """GET /.well-known/openid-configuration."""
    return JSONResponse(discovery_document(get_simulator(request)))


async def jwks(request: Request) -> Response:
    """GET /jwks: the public signing keys."""
    return JSONResponse(get_simulator(request).keys.public_jwks())


def authenticate_client(sim: Simulator, form: dict[str, str]) -> tuple[str, ClientConfig]:
    """client_secret_post: client_id and client_secret in the form body."""
    if "client_assertion" in form:
        raise OAuthError("invalid_client", "private_key_jwt is not configured", 401)
    client_id = form.get("client_id", "")
    client = sim.config.clients.get(client_id)
    secret = form.get("client_secret", "")
    if client is None or not secrets.compare_digest(secret.encode(), client.secret.encode()):
        raise OAuthError("invalid_client", "client authentication failed", 401)
    return client_id, client


async def _form(request: Request) -> dict[str, str]:
    """The urlencoded body as plain strings."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def token(request: Request) -> Response:
    """POST /token: exchange a code for an access token and an id_token."""
    sim = get_simulator(request)
    form = await _form(request)
    try:
        client_id, client = authenticate_client(sim, form)
        code = redeem_code(sim, client_id, form)
    except OAuthError as exc:
        return exc.response()
    identity = find_identity(code.login)
    if identity is None:  # the identity base is static, so this cannot happen
        return OAuthError("server_error", "unknown identity", 500).response()
    if identity.scenario is Scenario.SLOW:
        await asyncio.sleep(sim.config.slow_delay)
    return JSONResponse(_token_body(sim, client, code, identity), headers=NO_STORE)


def redeem_code(sim: Simulator, client_id: str, form: dict[str, str]) -> AuthorizationCode:
    """Check the grant and mark the code used; a replay revokes what it issued."""
    if form.get("grant_type") != "authorization_code":
        raise OAuthError("unsupported_grant_type", "unsupported grant_type requested")
    value = form.get("code")
    if not value:
        raise OAuthError("invalid_request", "missing required parameter 'code'")
    code = sim.store.codes.get_even_expired(value)
    if code is None or code.request.client_id != client_id:
        raise OAuthError("invalid_grant", "grant request is invalid")
    if code.expires_at <= sim.now():
        raise OAuthError("invalid_grant", "authorization code is expired")
    if code.used:
        for access_token in code.access_tokens:
            sim.store.access_tokens.pop(access_token)
        raise OAuthError("invalid_grant", "authorization code already consumed")
    if form.get("redirect_uri") != code.request.redirect_uri:
        raise OAuthError("invalid_grant", "redirect_uri mismatch")
    _check_code_verifier(code, form.get("code_verifier"))
    code.used = True
    return code


def _check_code_verifier(code: AuthorizationCode, verifier: str | None) -> None:
    """PKCE (RFC 7636): BASE64URL(SHA256(verifier)) must equal the challenge."""
    challenge = code.request.code_challenge
    if challenge is None:
        return
    if not verifier:
        raise OAuthError("invalid_grant", "PKCE verification failed")
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    if not secrets.compare_digest(computed, challenge):
        raise OAuthError("invalid_grant", "PKCE verification failed")


def _token_body(
    sim: Simulator, client: ClientConfig, code: AuthorizationCode, identity: Identity
) -> dict[str, Any]:
    """Issue the access token and sign the id_token with the client's algorithm."""
    now = int(sim.now())
    access = AccessToken(
        token=new_token(32),
        client_id=code.request.client_id,
        scope=code.request.scope,
        login=identity.login,
        idp=code.idp,
        expires_at=now + sim.config.access_token_ttl,
    )
    sim.store.access_tokens.put(access.token, access)
    code.access_tokens.append(access.token)
    claims = id_token_claims(
        issuer=sim.issuer,
        client_id=access.client_id,
        identity=identity,
        nonce=code.request.nonce,
        access_token=access.token,
        alg=client.alg,
        sid=code.sid,
        idp=code.idp,
        auth_time=code.auth_time,
        now=now,
        ttl=sim.config.id_token_ttl,
    )
    return {
        "access_token": access.token,
        "token_type": "Bearer",
        "expires_in": sim.config.access_token_ttl,
        "id_token": sim.keys.sign(claims, client.alg),
        "scope": access.scope,
    }


def _bearer_error(description: str) -> Response:
    """401 with the RFC 6750 challenge a client uses to detect an expired token."""
    challenge = f'Bearer error="invalid_token", error_description="{description}"'
    body = {"error": "invalid_token", "error_description": description}
    return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": challenge})


async def userinfo(request: Request) -> Response:
    """GET or POST /userinfo: the identity as a JWT signed with the client's alg."""
    sim = get_simulator(request)
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return _bearer_error("no access token provided")
    record = sim.store.access_tokens.get_even_expired(value.strip())
    if record is None:
        return _bearer_error("invalid token provided")
    if record.expires_at <= sim.now():
        return _bearer_error("access token expired")
    identity = find_identity(record.login)
    client = sim.config.clients.get(record.client_id)
    if identity is None or client is None:
        return _bearer_error("invalid token provided")
    claims = userinfo_claims(
        issuer=sim.issuer,
        client_id=record.client_id,
        identity=identity,
        scope=record.scope,
        now=int(sim.now()),
    )
    signed = sim.keys.sign(claims, client.alg)
    return Response(signed, media_type="application/jwt", headers=NO_STORE)


async def revocation(request: Request) -> Response:
    """POST /token/revocation (RFC 7009): forget an access token; always 200."""
    sim = get_simulator(request)
    form = await _form(request)
    try:
        client_id, _ = authenticate_client(sim, form)
    except OAuthError as exc:
        return exc.response()
    record = sim.store.access_tokens.get_even_expired(form.get("token", ""))
    if record is not None and record.client_id == client_id:
        sim.store.access_tokens.pop(record.token)
    return Response(status_code=200, headers=NO_STORE)
