"""authlib's authorization server, wired to our storage: the protocol is the library's.

authlib's grants are synchronous and ask their storage questions as plain method calls, while
our storage is async (Tortoise). Each protocol step therefore runs in a worker thread
(``run_protocol``), and every storage method it calls hops back onto the event loop with
``anyio.from_thread.run``: authlib keeps its control flow, the database keeps its async driver.

What we decide on top of authlib (the rest is the library's OAuth 2.0 / OIDC Core code):
PKCE with S256 for every client, public or confidential; ``openid`` in every request; a scope
the client is not registered for is ``invalid_scope``; the code is claimed atomically when it
is presented (``store.claim_code``), so a replay revokes what the first use issued.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import anyio
from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, OAuth2Request, TokenMixin
from authlib.oauth2.rfc6749 import grants as oauth2_grants
from authlib.oauth2.rfc6749.errors import (
    InvalidClientError,
    InvalidRequestError,
    InvalidScopeError,
)
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import KeySet

from monparis_app.core import clock, rate_limits
from monparis_app.core.errors import RateLimited
from monparis_app.core.oidc_provider import keys, store
from monparis_app.core.oidc_provider.claims import claims_for
from monparis_app.core.oidc_provider.clients import SUPPORTED_SCOPES, RegisteredClient, find_client
from monparis_app.models import Account, OidcAuthorizationCode, OidcToken
from monparis_app.settings import get_settings
from monparis_app.web import routes

T = TypeVar("T")
ACR_CERTIFIED = "eidas1"  # FranceConnect's level: the identity was certified at sign-in
MAX_NONCE_LENGTH = 255  # what a code row keeps


def issuer() -> str:
    return get_settings().base_url


def endpoint_url(path: str) -> str:
    return issuer() + path


def on_loop(fn: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
    """From a protocol thread, run one storage coroutine on the event loop and wait for it."""
    return anyio.from_thread.run(fn, *args)


async def run_protocol(fn: Callable[..., T], *args: Any) -> T:
    """Run a synchronous authlib step in a worker thread (see the module docstring)."""
    return await anyio.to_thread.run_sync(fn, *args)


# --- what authlib handles: requests, the person, codes, tokens ---------------------------------


class Headers(dict[str, str]):
    """HTTP header names are case-insensitive; authlib asks for ``Authorization``."""

    def __init__(self, raw: dict[str, str]) -> None:
        super().__init__({k.lower(): v for k, v in raw.items()})

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())


class CoreRequest(OAuth2Request):  # type: ignore[misc]
    """An HTTP request as authlib reads it, built by the door from plain values."""

    def __init__(
        self, method: str, path: str, headers: dict[str, str], query: dict[str, str],
        form: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(method, endpoint_url(path), headers=Headers(headers))
        self._args, self._form = query, form or {}
        self.payload = BasicOAuth2Payload({**query, **self._form})

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


@dataclass(frozen=True)
class EndUser:
    """The signed-in person an authorization is for, and how they proved it."""

    account_id: UUID
    auth_time: datetime
    amr: str  # "pwd" or "fc"
    spends_pending: UUID | None = None  # the paused request a code would answer (``resume``)


class StoredCode(AuthorizationCodeMixin):  # type: ignore[misc]
    def __init__(self, row: OidcAuthorizationCode) -> None:
        self.row = row

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope

    def get_nonce(self) -> str | None:
        return self.row.nonce

    def get_auth_time(self) -> int:
        return int(self.row.auth_time.timestamp())

    def get_acr(self) -> str | None:
        return ACR_CERTIFIED if self.row.amr == "fc" else None

    def get_amr(self) -> list[str]:
        return [self.row.amr]


class StoredToken(TokenMixin):  # type: ignore[misc]
    def __init__(self, row: OidcToken, client: RegisteredClient) -> None:
        self.row, self.client = row, client

    def get_scope(self) -> str:
        return self.row.scope

    def get_client(self) -> RegisteredClient:
        return self.client

    def get_user(self) -> UUID:
        return self.row.account_id

    def get_expires_in(self) -> int:
        return int((self.row.access_expires_at - self.row.issued_at).total_seconds())

    def is_expired(self) -> bool:
        return bool(self.row.access_expires_at <= clock.now())

    def is_revoked(self) -> bool:
        return self.row.revoked_at is not None

    def check_client(self, client: RegisteredClient) -> bool:
        return client.client_id == self.row.client_id


async def load_account(account_id: UUID) -> Account | None:
    return await Account.get_or_none(id=account_id)


def _account(account_id: UUID) -> Account | None:
    return on_loop(load_account, account_id)


# --- grants ------------------------------------------------------------------------------------


class PkceS256(CodeChallenge):  # type: ignore[misc]
    """RFC 7636 with S256 only (``plain`` reveals the verifier to whoever sees the request)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def get_authorization_code_challenge(self, authorization_code: StoredCode) -> str:
        return authorization_code.row.code_challenge

    def get_authorization_code_challenge_method(self, authorization_code: StoredCode) -> str:
        return authorization_code.row.code_challenge_method


class AuthorizationCode(oauth2_grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "private_key_jwt", "none"]

    def validate_authorization_request(self) -> str:
        redirect_uri: str = super().validate_authorization_request()
        data = self.request.payload.data
        requested = set((data.get("scope") or "").split())
        client: RegisteredClient = self.request.client
        # Error descriptions are for the service's developers, in ASCII (RFC 6749 §4.1.2.1).
        if "openid" not in requested:
            raise InvalidScopeError("The 'openid' scope is required.", redirect_uri=redirect_uri)
        if not requested <= set(client.scopes):
            raise InvalidScopeError(
                "A scope not allowed for this client.", redirect_uri=redirect_uri
            )
        if len(data.get("nonce") or "") > MAX_NONCE_LENGTH:
            raise InvalidRequestError("The 'nonce' is too long.", redirect_uri=redirect_uri)
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError(
                "PKCE requis : code_challenge et code_challenge_method=S256.",
                redirect_uri=redirect_uri,
            )
        return redirect_uri

    def save_authorization_code(self, code: str, request: CoreRequest) -> None:
        user: EndUser = request.user
        data = request.payload.data
        new = store.NewCode(
            client_id=request.client.client_id,
            account_id=user.account_id,
            # Left out, the single registered URI was used and the token request may omit it.
            redirect_uri=data.get("redirect_uri") or "",
            scope=" ".join(dict.fromkeys(data["scope"].split())),  # each scope once
            nonce=data.get("nonce"),
            code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            auth_time=user.auth_time,
            amr=user.amr,
        )
        on_loop(store.save_code, code, new, user.spends_pending)

    def query_authorization_code(self, code: str, client: RegisteredClient) -> StoredCode | None:
        row = on_loop(store.claim_code, code, client.client_id)
        return StoredCode(row) if row else None

    def delete_authorization_code(self, authorization_code: StoredCode) -> None:
        """Nothing to do: the code was spent when it was claimed."""

    def authenticate_user(self, authorization_code: StoredCode) -> Account | None:
        return _account(authorization_code.row.account_id)


class RefreshToken(oauth2_grants.RefreshTokenGrant):  # type: ignore[misc]
    """For clients registered with ``refresh_tokens``; each use spends the token (rotation)."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "private_key_jwt", "none"]
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token: str) -> StoredToken | None:
        client = self.request.client
        row = on_loop(store.claim_refresh_token, refresh_token, client.client_id)
        return StoredToken(row, client) if row else None

    def authenticate_user(self, refresh_token: StoredToken) -> Account | None:
        return _account(refresh_token.row.account_id)

    def revoke_old_credential(self, refresh_token: StoredToken) -> None:
        """Already spent by ``authenticate_refresh_token``'s atomic claim."""


class IdToken(OpenIDCode):  # type: ignore[misc]
    """The ID token: ES256 with our current key, claims by scope, ``acr`` when certified."""

    def __init__(self) -> None:
        super().__init__(require_nonce=False)

    def exists_nonce(self, nonce: str, request: CoreRequest) -> bool:
        return False  # a nonce only ever reaches one code, and a code works once

    def get_client_algorithm(self, client: RegisteredClient) -> str:
        return keys.ALGORITHM

    def get_encode_header(self, client: RegisteredClient) -> dict[str, str]:
        return {"alg": keys.ALGORITHM, "kid": _signing_key().kid}

    def resolve_client_private_key(self, client: RegisteredClient) -> Any:
        return _signing_key().as_key()

    def get_client_claims(self, client: RegisteredClient) -> dict[str, Any]:
        now = int(clock.now().timestamp())
        ttl = int(store.ID_TOKEN_TTL.total_seconds())
        return {"iss": issuer(), "aud": [client.client_id], "iat": now, "exp": now + ttl}

    def generate_user_info(self, user: Account, scope: str) -> UserInfo:
        return UserInfo(claims_for(user, scope))


_key_cache: tuple[float, keys.SigningKey] | None = None
KEY_CACHE_SECONDS = 60


def _signing_key() -> keys.SigningKey:
    """The current key, asked of the database at most once a minute per process."""
    global _key_cache
    if _key_cache is None or time.monotonic() - _key_cache[0] > KEY_CACHE_SECONDS:
        _key_cache = (time.monotonic(), on_loop(keys.current_signing_key))
    return _key_cache[1]


def forget_cached_key() -> None:
    global _key_cache
    _key_cache = None


class PrivateKeyJwt(JWTBearerClientAssertion):  # type: ignore[misc]
    """RFC 7523 client authentication, under OIDC's name for it."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def get_audiences(self) -> list[str]:
        return [endpoint_url(routes.OIDC_TOKEN), issuer()]

    def resolve_client_public_key(self, client: RegisteredClient) -> KeySet:
        if client.auth_method != self.CLIENT_AUTH_METHOD:  # it has no key to check against
            raise InvalidClientError(description="The client does not use private_key_jwt.")
        return KeySet.import_key_set(client.jwks)  # type: ignore[arg-type]

    def validate_jti(self, claims: dict[str, Any], jti: str) -> bool:
        """An assertion works once: its ``jti`` is remembered for ten minutes."""
        try:
            on_loop(
                rate_limits.hit, "oidc_client_assertion", f"{claims['sub']}:{jti}", "1/10 minutes"
            )
        except RateLimited:
            return False
        return True


# --- the server -----------------------------------------------------------------------------


@dataclass
class HttpAnswer:
    """What authlib answers, for the door to turn into a Starlette response."""

    status: int
    body: Any
    headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def location(self) -> str | None:
        return next((v for k, v in self.headers if k.lower() == "location"), None)


def _new_secret(*_: Any, **__: Any) -> str:
    """Opaque tokens: 256 random bits, stored only as a digest."""
    return secrets.token_urlsafe(32)


class MonParisServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(scopes_supported=list(SUPPORTED_SCOPES))
        access_ttl = int(store.ACCESS_TOKEN_TTL.total_seconds())
        self.register_token_generator(
            "default",
            BearerTokenGenerator(_new_secret, _new_secret, lambda *_, **__: access_ttl),
        )
        self.register_client_auth_method(PrivateKeyJwt.CLIENT_AUTH_METHOD, PrivateKeyJwt())
        self.register_grant(AuthorizationCode, [PkceS256(required=True), IdToken()])
        self.register_grant(RefreshToken)

    def query_client(self, client_id: str) -> RegisteredClient | None:
        return find_client(client_id)

    def save_token(self, token: dict[str, Any], request: CoreRequest) -> None:
        code: StoredCode | None = request.authorization_code
        old: StoredToken | None = request.refresh_token
        source = code.row if code else old.row if old else None
        on_loop(
            store.save_token,
            store.NewToken(
                access_token=token["access_token"],
                refresh_token=token.get("refresh_token"),
                client_id=request.client.client_id,
                account_id=request.user.id,
                scope=token.get("scope", ""),
                amr=source.amr if source else "pwd",
                code_id=code.row.id if code else old.row.code_id if old else None,
            ),
        )

    def create_oauth2_request(self, request: CoreRequest) -> CoreRequest:
        return request

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> HttpAnswer:
        return HttpAnswer(status, body, list(headers))

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No listeners: what we record, we record in the core's own steps."""


_server: MonParisServer | None = None


def server() -> MonParisServer:
    global _server
    if _server is None:
        _server = MonParisServer()
    return _server
