"""The back-channel endpoints (token, userinfo), RP-initiated logout and discovery.

Each returns an ``HttpAnswer`` the door turns into a response: JSON with the OAuth error the
standards name, never a 500. Data handed to a service is written to the person's activity
("Données transmises à …") when the token endpoint hands out the ID token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ResourceProtector
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oidc.rpinitiated import EndSessionEndpoint, EndSessionRequest
from joserfc.jwk import KeySet

from monparis_app.core import audit
from monparis_app.core.oidc_provider import keys, store
from monparis_app.core.oidc_provider.claims import claims_for, supported_claims
from monparis_app.core.oidc_provider.clients import SUPPORTED_SCOPES, find_client
from monparis_app.core.oidc_provider.server import (
    CoreRequest,
    HttpAnswer,
    StoredToken,
    endpoint_url,
    issuer,
    load_account,
    on_loop,
    run_protocol,
    server,
)
from monparis_app.web import routes

NO_STORE = [("Cache-Control", "no-store"), ("Pragma", "no-cache")]


def _json_error(error: OAuth2Error) -> HttpAnswer:
    status, body, headers = error()
    return HttpAnswer(status, body, [*headers, *NO_STORE])


# --- token ------------------------------------------------------------------------------------


def _token_sync(headers: dict[str, str], form: dict[str, str]) -> HttpAnswer:
    request = CoreRequest("POST", routes.OIDC_TOKEN, headers, {}, form)
    answer: HttpAnswer = server().create_token_response(request)
    if answer.status == 200 and request.user is not None and request.client is not None:
        on_loop(_record_data_shared, request.user.id, request.client.client_id)
    return answer


async def _record_data_shared(account_id: UUID, client_id: str) -> None:
    client = find_client(client_id)
    await store.mark_used(account_id, client_id)
    await audit.record(account_id, "data_shared", detail=client.name if client else client_id)


async def token_response(headers: dict[str, str], form: dict[str, str]) -> HttpAnswer:
    """``POST /auth/oidc/token``: a code (or refresh token) for tokens, to an authenticated client."""
    return await run_protocol(_token_sync, headers, form)


# --- userinfo ---------------------------------------------------------------------------------


class _AccessTokens(BearerTokenValidator):  # type: ignore[misc]
    def authenticate_token(self, token_string: str) -> StoredToken | None:
        row = on_loop(store.live_access_token, token_string)
        client = find_client(row.client_id) if row else None
        return StoredToken(row, client) if row and client else None


_protector = ResourceProtector()
_protector.register_token_validator(_AccessTokens())


def _userinfo_sync(method: str, headers: dict[str, str]) -> HttpAnswer:
    request = CoreRequest(method, routes.OIDC_USERINFO, headers, {})
    try:
        token: StoredToken = _protector.validate_request(["openid"], request)
    except OAuth2Error as error:
        return _json_error(error)
    account = on_loop(load_account, token.row.account_id)
    if account is None:
        return HttpAnswer(401, {"error": "invalid_token"}, NO_STORE)
    return HttpAnswer(200, claims_for(account, token.get_scope()), NO_STORE)


async def userinfo_response(method: str, headers: dict[str, str]) -> HttpAnswer:
    """``/auth/oidc/userinfo``: the claims the access token's scope opens (OIDC Core §5.3)."""
    return await run_protocol(_userinfo_sync, method, headers)


# --- end session ------------------------------------------------------------------------------


class _EndSession(EndSessionEndpoint):  # type: ignore[misc]
    def get_server_jwks(self) -> KeySet:
        return KeySet.import_key_set(on_loop(keys.published_keys))  # type: ignore[arg-type]

    def get_algorithms(self) -> list[str]:
        return [keys.ALGORITHM]  # never "none", never a symmetric algorithm

    def resolve_client_from_id_token_claims(self, id_token_claims: dict[str, Any]) -> Any:
        """Our ID tokens name their one audience in a list; authlib resolves only a string."""
        aud = id_token_claims.get("aud")
        if isinstance(aud, list) and len(aud) == 1:
            aud = aud[0]
        return self.server.query_client(aud) if isinstance(aud, str) else None

    def end_session(self, end_session_request: EndSessionRequest) -> None:
        """The door ends the browser's session; here nothing else is held per browser."""


@dataclass(frozen=True)
class EndSession:
    """Where to send the browser, and whose Mon Paris session the ID token names (if any)."""

    redirect_uri: str | None
    subject: str | None
    error: str | None = None


def _end_session_sync(params: dict[str, str]) -> EndSession:
    request = CoreRequest("GET", routes.OIDC_END_SESSION, {}, params)
    endpoint = _EndSession(server())
    try:
        validated = endpoint.validate_request(request)
    except OAuth2Error as error:
        return EndSession(None, None, error.error)
    claims = validated.id_token_claims or {}
    if claims and claims.get("iss") != issuer():
        return EndSession(None, None, "invalid_request")
    subject = claims.get("sub") if isinstance(claims.get("sub"), str) else None
    return EndSession(validated.redirect_uri, subject)


async def end_session(params: dict[str, str]) -> EndSession:
    """RP-initiated logout: the post-logout URI is followed only if it is registered for the
    client the ID token names (authlib's ``EndSessionEndpoint``); without a valid
    ``id_token_hint`` nobody is sent anywhere but Mon Paris."""
    return await run_protocol(_end_session_sync, params)


# --- discovery --------------------------------------------------------------------------------


def discovery_document() -> dict[str, Any]:
    """``/.well-known/openid-configuration`` (OIDC Discovery 1.0, RFC 8414, RFC 9207)."""
    return {
        "issuer": issuer(),
        "authorization_endpoint": endpoint_url(routes.OIDC_AUTHORIZE),
        "token_endpoint": endpoint_url(routes.OIDC_TOKEN),
        "userinfo_endpoint": endpoint_url(routes.OIDC_USERINFO),
        "jwks_uri": endpoint_url(routes.OIDC_JWKS),
        "end_session_endpoint": endpoint_url(routes.OIDC_END_SESSION),
        "scopes_supported": list(SUPPORTED_SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [keys.ALGORITHM],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt", "none"],
        "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": supported_claims(),
        "acr_values_supported": ["eidas1"],
        "prompt_values_supported": ["none", "consent"],
        "authorization_response_iss_parameter_supported": True,
        "ui_locales_supported": ["fr"],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
    }


async def jwks() -> dict[str, Any]:
    return await keys.published_keys()
