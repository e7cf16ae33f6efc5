"""The OpenID Connect client of the demo: discovery, authorization request, code, tokens.

authlib's :class:`AsyncOAuth2Client` builds the authorization request (with the PKCE S256
challenge) and calls the token endpoint with ``client_secret_basic``; joserfc checks the ID
token's ES256 signature against the provider's JWKS. What this module adds, each for a reason:

- the discovery document and the JWKS are fetched lazily, at first use, and cached for the life
  of the app; a failed fetch is not cached, so the demo recovers once the provider is up;
- the JWKS is fetched again, once, when an ID token names an unknown ``kid`` (key rotation);
- the algorithm is pinned to ES256: ``alg: none`` or an HMAC signed with a public key never pass;
- the access token is sent to userinfo with our own ``Authorization`` header: authlib's client
  would treat a short-lived token (its default leeway is 60 s) as already expired.

Every failure raises :class:`OidcError` with a stable, log-safe code (``id_token.nonce``,
``token.invalid_grant``…), which the error page shows as its technical detail.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core.util import create_half_hash
from joserfc import jws, jwt
from joserfc.errors import BadSignatureError, ClaimError, JoseError
from joserfc.jwk import ECKey, KeySet

from demopartner.config import PartnerConfig

ID_TOKEN_ALG = "ES256"
MAX_JWT_LENGTH = 16_000
KNOWN_PROMPTS = frozenset({"none", "login", "consent", "select_account"})
REQUIRED_ENDPOINTS = (
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "end_session_endpoint",
)

log = logging.getLogger("demopartner")


class OidcError(Exception):
    """A refused or failed step of the sign-in, with a stable code for the page and the log."""

    def __init__(self, code: str, *, unreachable: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.unreachable = unreachable


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the browser, and the secrets to keep until it comes back."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class SignInResult:
    """A completed sign-in: the verified ID token and what userinfo said."""

    id_token: str
    id_token_claims: dict[str, Any]
    userinfo: dict[str, Any]


def random_secret() -> str:
    """A state, nonce or logout state: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def check_prompt(prompt: str | None) -> str | None:
    """The ``prompt`` a test asked for, if made only of values OIDC defines."""
    if prompt is None or prompt == "":
        return None
    values = prompt.split()
    if not values or not set(values) <= KNOWN_PROMPTS or ("none" in values and len(values) > 1):
        raise OidcError("prompt")
    return " ".join(values)


class RelyingParty:
    """The demo's client registration at Mon Paris, and the calls it makes."""

    def __init__(self, config: PartnerConfig) -> None:
        self._config = config
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

    @property
    def config(self) -> PartnerConfig:
        return self._config

    # --- HTTP ---------------------------------------------------------------------------------

    def _client(self) -> AsyncOAuth2Client:
        """A fresh authlib client per flow: no token or state is shared between two users."""
        return AsyncOAuth2Client(
            client_id=self._config.client_id,
            client_secret=self._config.client_secret,
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name
            scope=self._config.scopes,
            code_challenge_method="S256",
            transport=self._config.transport,
            timeout=self._config.timeout,
            follow_redirects=False,
        )

    async def _get(self, url: str, step: str, headers: dict[str, str]) -> httpx.Response:
        try:
            async with self._client() as http:
                response: httpx.Response = await http.request(
                    "GET", url, headers=headers, withhold_token=True
                )
        except httpx.HTTPError:
            raise OidcError(f"{step}.network", unreachable=True) from None
        if response.status_code >= 500:
            raise OidcError(f"{step}.http_{response.status_code}", unreachable=True)
        return response

    async def _get_json(self, url: str, step: str) -> dict[str, Any]:
        response = await self._get(url, step, {"Accept": "application/json"})
        data = _json_object(response)
        if response.status_code != 200 or data is None:
            raise OidcError(f"{step}.bad_response", unreachable=True)
        return data

    # --- discovery and keys -------------------------------------------------------------------

    async def metadata(self) -> dict[str, Any]:
        """The discovery document, fetched at first use and kept."""
        if self._metadata is None:
            url = f"{self._config.issuer}/.well-known/openid-configuration"
            metadata = await self._get_json(url, "discovery")
            if metadata.get("issuer") != self._config.issuer:  # OIDC Discovery §4.3
                raise OidcError("discovery.issuer_mismatch", unreachable=True)
            for name in REQUIRED_ENDPOINTS:
                if not isinstance(metadata.get(name), str) or not metadata[name]:
                    raise OidcError(f"discovery.{name}_missing", unreachable=True)
            self._metadata = metadata
        return self._metadata

    async def _endpoint(self, name: str) -> str:
        endpoint: str = (await self.metadata())[name]
        return endpoint

    async def _key_set(self, *, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            data = await self._get_json(await self._endpoint("jwks_uri"), "jwks")
            try:
                self._keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
            except (JoseError, ValueError, KeyError, TypeError):
                raise OidcError("jwks.invalid", unreachable=True) from None
        return self._keys

    # --- the authorization request ------------------------------------------------------------

    async def authorization_request(
        self, *, redirect_uri: str, prompt: str | None = None
    ) -> AuthorizationRequest:
        """response_type=code with our scopes, a fresh state and nonce, and PKCE S256."""
        endpoint = await self._endpoint("authorization_endpoint")
        state, nonce = random_secret(), random_secret()
        code_verifier = secrets.token_urlsafe(48)  # 64 characters, within RFC 7636's 43–128
        extra = {"nonce": nonce} | ({"prompt": prompt} if prompt else {})
        async with self._client() as oauth:
            url, _ = oauth.create_authorization_url(
                endpoint,
                state=state,
                code_verifier=code_verifier,
                redirect_uri=redirect_uri,
                **extra,
            )
        return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=code_verifier)

    def check_response_issuer(self, iss: str | None) -> None:
        """RFC 9207: the authorization response must name our issuer, which mix-up attacks forge."""
        if not iss:
            raise OidcError("iss.missing")
        if not hmac.compare_digest(iss.encode(), self._config.issuer.encode()):
            raise OidcError("iss.mismatch")

    # --- code, ID token, userinfo -------------------------------------------------------------

    async def complete_sign_in(
        self, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> SignInResult:
        """Exchange the code, verify the ID token, then ask userinfo for the claims."""
        tokens = await self._exchange_code(code, redirect_uri, code_verifier)
        id_token, access_token = tokens["id_token"], tokens["access_token"]
        claims = await self.verify_id_token(id_token, nonce=nonce, access_token=access_token)
        userinfo = await self._userinfo(access_token, expected_sub=str(claims["sub"]))
        return SignInResult(id_token=id_token, id_token_claims=claims, userinfo=userinfo)

    async def _exchange_code(self, code: str, redirect_uri: str, verifier: str) -> dict[str, str]:
        endpoint = await self._endpoint("token_endpoint")
        try:
            async with self._client() as oauth:
                token = await oauth.fetch_token(
                    endpoint,
                    grant_type="authorization_code",
                    code=code,
                    redirect_uri=redirect_uri,
                    code_verifier=verifier,
                )
        except OAuthError as refused:
            raise OidcError(f"token.{_safe(str(refused.error))}") from None
        except httpx.HTTPStatusError as failed:
            raise OidcError(f"token.http_{failed.response.status_code}") from None
        except httpx.HTTPError:
            raise OidcError("token.network", unreachable=True) from None
        except ValueError:  # authlib: the body was not a JSON object
            raise OidcError("token.bad_response") from None
        if str(token.get("token_type", "")).lower() != "bearer":
            raise OidcError("token.token_type")
        id_token, access_token = token.get("id_token"), token.get("access_token")
        if not isinstance(id_token, str) or not isinstance(access_token, str):
            raise OidcError("token.incomplete")
        return {"id_token": id_token, "access_token": access_token}

    async def verify_id_token(
        self, id_token: str, *, nonce: str, access_token: str | None = None
    ) -> dict[str, Any]:
        """ES256 signature with the JWKS, then iss, aud (azp), exp, iat, nonce and at_hash."""
        claims = await self._verified_claims(id_token, "id_token")
        registry = jwt.JWTClaimsRegistry(
            now=lambda: int(self._config.clock()),
            leeway=self._config.leeway,
            iss={"essential": True, "value": self._config.issuer},
            aud={"essential": True, "value": self._config.client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
        )
        try:
            registry.validate(claims)
        except ClaimError as refused:
            raise OidcError(f"id_token.{_safe(refused.claim)}") from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self._config.client_id:
            raise OidcError("id_token.azp")
        if not hmac.compare_digest(str(claims.get("nonce", "")).encode(), nonce.encode()):
            raise OidcError("id_token.nonce")
        if access_token is not None and "at_hash" in claims:
            expected = create_half_hash(access_token, ID_TOKEN_ALG)
            at_hash = str(claims["at_hash"]).encode()
            if expected is None or not hmac.compare_digest(at_hash, expected):
                raise OidcError("id_token.at_hash")
        return claims

    async def _verified_claims(self, token: str, what: str) -> dict[str, Any]:
        """The signature, checked with the key the ``kid`` names, refetching the JWKS once."""
        header = _header_of(token, what)
        if header.get("alg") != ID_TOKEN_ALG:
            raise OidcError(f"{what}.alg")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise OidcError(f"{what}.kid_missing")
        key = _key_for(await self._key_set(), kid)
        if key is None:  # the provider rotated its keys since we fetched them
            log.info("unknown kid in %s, fetching the JWKS again", what)
            key = _key_for(await self._key_set(refresh=True), kid)
        if key is None:
            raise OidcError(f"{what}.unknown_kid")
        try:
            return dict(jwt.decode(token, key, algorithms=[ID_TOKEN_ALG]).claims)
        except BadSignatureError:
            raise OidcError(f"{what}.bad_signature") from None
        except (JoseError, ValueError):
            raise OidcError(f"{what}.invalid") from None

    async def _userinfo(self, access_token: str, *, expected_sub: str) -> dict[str, Any]:
        """JSON claims (or a signed JWT, verified like the ID token) about the same ``sub``."""
        headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
        response = await self._get(await self._endpoint("userinfo_endpoint"), "userinfo", headers)
        if response.status_code != 200:
            raise OidcError(f"userinfo.http_{response.status_code}")
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == "application/jwt":
            claims = await self._verified_claims(response.text.strip(), "userinfo")
            if "iss" in claims and claims["iss"] != self._config.issuer:
                raise OidcError("userinfo.iss")
        else:
            parsed = _json_object(response)
            if parsed is None:
                raise OidcError("userinfo.bad_response")
            claims = parsed
        sub = claims.get("sub")
        if not isinstance(sub, str) or not hmac.compare_digest(sub.encode(), expected_sub.encode()):
            raise OidcError("userinfo.sub")  # OIDC Core §5.3.2: else it may be someone else's
        return claims

    # --- logout -------------------------------------------------------------------------------

    async def end_session_url(
        self, *, id_token: str, post_logout_redirect_uri: str, state: str
    ) -> str:
        """RP-initiated logout: where the browser goes so Mon Paris ends its session too."""
        endpoint = await self._endpoint("end_session_endpoint")
        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": post_logout_redirect_uri,
                "client_id": self._config.client_id,
                "state": state,
            }
        )
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


# --- pure helpers -----------------------------------------------------------------------------


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _safe(code: str) -> str:
    """A code from outside (an OAuth error, a claim name), made safe for a page and a log."""
    return "".join(ch for ch in code[:40] if ch.isalnum() or ch in "_-") or "unknown"


def _header_of(token: str, what: str) -> dict[str, Any]:
    if not token or len(token) > MAX_JWT_LENGTH or token.count(".") != 2:
        raise OidcError(f"{what}.malformed")
    try:
        return dict(jws.extract_compact(token.encode()).protected)
    except (JoseError, ValueError, TypeError):
        raise OidcError(f"{what}.malformed") from None


def _key_for(keys: KeySet, kid: str) -> ECKey | None:
    """The P-256 key named ``kid``, and only if nothing says it is meant for another use."""
    for key in keys.keys:
        if key.kid != kid:
            continue
        if not isinstance(key, ECKey) or key.curve_name != "P-256":
            return None
        if key.get("alg") not in (None, ID_TOKEN_ALG) or key.get("use") not in (None, "sig"):
            return None
        return key
    return None
