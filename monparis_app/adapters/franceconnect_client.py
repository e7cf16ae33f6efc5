"""The FranceConnect v2 OpenID Connect client: HTTP and cryptography, nothing about accounts.

authlib builds the authorization request and computes ``at_hash`` (OIDC rules); joserfc checks
signatures. What FranceConnect v2 needs beyond a stock client, each for a reason:

- algorithms pinned to ES256/RS256: the discovery document also lists HS256, and a token signed
  with HS256 using our *public* key as secret, or ``alg: none``, must never pass;
- the JWKS is refetched once when a token names an unknown ``kid`` (key rotation);
- ``/userinfo`` answers a signed JWT (``application/jwt``), verified like the id_token, and its
  ``sub`` must be the id_token's;
- the access token lives 60 s: userinfo is called at once with our own ``Authorization`` header
  (authlib's client would consider such a token already expired).

Every failure raises ``FranceConnectError`` with a stable code and a precise reason, logged
without personal data. Network timeouts (10 s by default) become ``franceconnect.timeout``.
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oidc.core.util import create_half_hash
from joserfc import jws, jwt
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import ECKey, KeySet, RSAKey

from monparis_app.core import clock
from monparis_app.core.franceconnect import (
    ACR_LEVELS,
    REQUIRED_ACR,
    FranceConnectConfig,
    FranceConnectError,
    TokenSet,
    config_from_settings,
    failure,
    use_client,
)

ALLOWED_ALGORITHMS = ("ES256", "RS256")
DEFAULT_TIMEOUT_SECONDS = 10.0
DISCOVERY_TTL_SECONDS = 3600.0
CLOCK_LEEWAY_SECONDS = 10
MAX_TOKEN_AGE_SECONDS = 600
MAX_JWT_LENGTH = 16_000
DEFAULT_PROMPT = "login consent"


@dataclass
class _Provider:
    """What discovery and the JWKS said, cached per issuer for this process."""

    metadata: dict[str, Any]
    fetched_at: float
    keys: KeySet | None = None


_providers: dict[str, _Provider] = {}


def forget_provider_cache() -> None:
    """Tests (and a configuration reload) start from a fresh discovery."""
    _providers.clear()


class FranceConnectClient:
    """One FranceConnect service provider configuration, and the calls it makes."""

    def __init__(
        self,
        config: FranceConnectConfig | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        prompt: str | None = DEFAULT_PROMPT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._config = config or config_from_settings()
        self._timeout = timeout
        self._prompt = prompt
        self._transport = transport

    @property
    def config(self) -> FranceConnectConfig:
        return self._config

    # --- HTTP -----------------------------------------------------------------------------

    async def _request(self, method: str, url: str, step: str, **kwargs: Any) -> httpx.Response:
        """One call to FranceConnect; a timeout or a network error is a typed failure."""
        try:
            async with httpx.AsyncClient(
                timeout=self._timeout, transport=self._transport, follow_redirects=False
            ) as http:
                response = await http.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise failure("timeout", f"{step}.timeout") from None
        except httpx.HTTPError:
            raise failure("unavailable", f"{step}.network") from None
        if response.status_code >= 500:
            raise failure("unavailable", f"{step}.http_{response.status_code}")
        return response

    async def _json(self, url: str, step: str) -> dict[str, Any]:
        response = await self._request("GET", url, step)
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code != 200 or not isinstance(data, dict):
            raise failure("unavailable", f"{step}.bad_response")
        return data

    # --- discovery and keys ---------------------------------------------------------------

    async def _provider(self) -> _Provider:
        """The discovery document, fetched once per hour per issuer."""
        issuer = self._config.issuer
        cached = _providers.get(issuer)
        if cached and time.monotonic() - cached.fetched_at < DISCOVERY_TTL_SECONDS:
            return cached
        metadata = await self._json(f"{issuer}/.well-known/openid-configuration", "discovery")
        if metadata.get("issuer") != issuer:  # OIDC Discovery §4.3
            raise failure("unavailable", "discovery.issuer_mismatch")
        provider = _Provider(metadata=metadata, fetched_at=time.monotonic())
        _providers[issuer] = provider
        return provider

    async def _endpoint(self, name: str) -> str:
        value = (await self._provider()).metadata.get(name)
        if not isinstance(value, str) or not value:
            raise failure("unavailable", f"discovery.{name}_missing")
        return value

    async def _keys(self, *, refresh: bool = False) -> KeySet:
        provider = await self._provider()
        if provider.keys is None or refresh:
            data = await self._json(await self._endpoint("jwks_uri"), "jwks")
            try:
                provider.keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
            except (JoseError, ValueError, KeyError, TypeError):
                raise failure("unavailable", "jwks.invalid") from None
        return provider.keys

    async def requires_iss_parameter(self) -> bool:
        """RFC 9207: when the provider says it sends ``iss``, a callback without it is refused."""
        metadata = (await self._provider()).metadata
        return bool(metadata.get("authorization_response_iss_parameter_supported"))

    # --- the authorization request ----------------------------------------------------------

    async def authorization_url(self, *, redirect_uri: str, state: str, nonce: str) -> str:
        """response_type=code, our scopes, ``acr_values=eidas1``, state and nonce."""
        extra: dict[str, str] = {"nonce": nonce, "acr_values": REQUIRED_ACR}
        if self._prompt:
            extra["prompt"] = self._prompt
        url: str = prepare_grant_uri(
            await self._endpoint("authorization_endpoint"),
            client_id=self._config.client_id,
            response_type="code",
            redirect_uri=redirect_uri,
            scope=self._config.scopes,
            state=state,
            **extra,
        )
        return url

    # --- token endpoint -------------------------------------------------------------------

    async def exchange_code(self, code: str, *, redirect_uri: str) -> TokenSet:
        """``client_secret_post``: the secret goes in the form body, as FranceConnect expects."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": self._config.client_id,
            "client_secret": self._config.client_secret,
        }
        response = await self._request(
            "POST",
            await self._endpoint("token_endpoint"),
            "token",
            data=form,
            headers={"Accept": "application/json"},
        )
        body = _json_body(response)
        if response.status_code != 200:
            error = body.get("error")
            error = error if isinstance(error, str) else "unknown"
            raise failure("invalid_response", f"token.{_safe(error)}")
        access_token, id_token = body.get("access_token"), body.get("id_token")
        if str(body.get("token_type", "")).lower() != "bearer":
            raise failure("invalid_response", "token.token_type")
        if not isinstance(access_token, str) or not isinstance(id_token, str):
            raise failure("invalid_response", "token.incomplete")
        return TokenSet(access_token=access_token, id_token=id_token)

    # --- signatures ---------------------------------------------------------------------------

    async def _verified_claims(self, token: str, what: str) -> dict[str, Any]:
        """Signature checked with a pinned algorithm and the key the ``kid`` names."""
        header = _header_of(token, what)
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in ALLOWED_ALGORITHMS:
            raise failure("invalid_response", f"{what}.alg_not_allowed")
        if not isinstance(kid, str) or not kid:
            raise failure("invalid_response", f"{what}.kid_missing")
        key = _key_for(await self._keys(), kid, alg)
        if key is None:  # a rotated key: ask for the JWKS once more, and only once
            key = _key_for(await self._keys(refresh=True), kid, alg)
        if key is None:
            raise failure("invalid_response", f"{what}.unknown_kid")
        try:
            decoded = jwt.decode(token, key, algorithms=[alg])
        except BadSignatureError:
            raise failure("invalid_response", f"{what}.bad_signature") from None
        except (JoseError, ValueError):
            raise failure("invalid_response", f"{what}.invalid") from None
        return dict(decoded.claims)

    async def verify_id_token(
        self, id_token: str, *, nonce: str, access_token: str
    ) -> dict[str, Any]:
        """Signature, then iss, aud, exp, iat, nonce, acr ≥ eidas1, at_hash and sub."""
        claims = await self._verified_claims(id_token, "id_token")
        alg = str(_header_of(id_token, "id_token")["alg"])
        self._check_issuer_and_audience(claims, "id_token")
        _check_times(claims)
        if not hmac.compare_digest(str(claims.get("nonce", "")).encode(), nonce.encode()):
            raise failure("invalid_response", "id_token.nonce")
        if not _acr_satisfies(claims.get("acr")):
            raise failure("invalid_response", "id_token.acr")
        expected_hash = create_half_hash(access_token, alg)
        at_hash = claims.get("at_hash")
        if (
            expected_hash is None
            or not isinstance(at_hash, str)
            or not hmac.compare_digest(at_hash.encode(), expected_hash)
        ):
            raise failure("invalid_response", "id_token.at_hash")
        _check_sub(claims, "id_token")
        return claims

    def _check_issuer_and_audience(self, claims: dict[str, Any], what: str) -> None:
        if claims.get("iss") != self._config.issuer:
            raise failure("invalid_response", f"{what}.issuer")
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self._config.client_id not in audiences:
            raise failure("invalid_response", f"{what}.audience")
        if len(audiences) > 1 and claims.get("azp") != self._config.client_id:
            raise failure("invalid_response", f"{what}.azp")

    # --- userinfo ---------------------------------------------------------------------------

    async def fetch_userinfo(self, access_token: str, *, expected_sub: str) -> dict[str, Any]:
        """A signed JWT, verified like the id_token; its ``sub`` must be the id_token's."""
        response = await self._request(
            "GET",
            await self._endpoint("userinfo_endpoint"),
            "userinfo",
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/jwt"},
        )
        if response.status_code != 200:
            raise failure("invalid_response", f"userinfo.http_{response.status_code}")
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/jwt":
            raise failure("invalid_response", "userinfo.not_signed")
        claims = await self._verified_claims(response.text.strip(), "userinfo")
        if claims.get("iss") is not None or claims.get("aud") is not None:
            self._check_issuer_and_audience(claims, "userinfo")
        _check_sub(claims, "userinfo")
        if not hmac.compare_digest(str(claims["sub"]).encode(), expected_sub.encode()):
            raise failure("invalid_response", "userinfo.sub_mismatch")
        return claims

    # --- logout -------------------------------------------------------------------------------

    async def end_session_url(self, *, id_token: str, state: str) -> str:
        """Where the browser goes so FranceConnect ends its own session too."""
        endpoint = await self._endpoint("end_session_endpoint")
        query = urlencode(
            {
                "id_token_hint": id_token,
                "state": state,
                "post_logout_redirect_uri": self._config.post_logout_redirect_uri,
            }
        )
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


# --- pure helpers ---------------------------------------------------------------------------


def _json_body(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _safe(code: str) -> str:
    """An error code from outside, made safe for a log line."""
    return "".join(ch for ch in code[:40] if ch.isalnum() or ch == "_") or "unknown"


def _header_of(token: str, what: str) -> dict[str, Any]:
    if not token or len(token) > MAX_JWT_LENGTH or token.count(".") != 2:
        raise failure("invalid_response", f"{what}.malformed")
    try:
        return dict(jws.extract_compact(token.encode()).protected)
    except (JoseError, ValueError, TypeError):
        raise failure("invalid_response", f"{what}.malformed") from None


def _key_for(keys: KeySet, kid: str, alg: str) -> ECKey | RSAKey | None:
    """The key named ``kid``, only if its type fits the algorithm (no RSA key for ES256…)."""
    for key in keys.keys:
        if key.kid != kid:
            continue
        declared = key.get("alg")
        if declared and declared != alg:
            return None
        if alg == "ES256" and isinstance(key, ECKey) and key.curve_name == "P-256":
            return key
        if alg == "RS256" and isinstance(key, RSAKey):
            return key
        return None
    return None


def _check_times(claims: dict[str, Any]) -> None:
    now = int(clock.now().timestamp())
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or not isinstance(iat, int | float):
        raise failure("invalid_response", "id_token.times_missing")
    if now > exp + CLOCK_LEEWAY_SECONDS:
        raise failure("invalid_response", "id_token.expired")
    if iat > now + CLOCK_LEEWAY_SECONDS:
        raise failure("invalid_response", "id_token.issued_in_future")
    if iat < now - MAX_TOKEN_AGE_SECONDS:
        raise failure("invalid_response", "id_token.too_old")


def _acr_satisfies(acr: object) -> bool:
    """eidas1 < eidas2 < eidas3: a stronger level than asked is fine, a weaker one is not."""
    return acr in ACR_LEVELS and ACR_LEVELS.index(str(acr)) >= ACR_LEVELS.index(REQUIRED_ACR)


def _check_sub(claims: dict[str, Any], what: str) -> None:
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub or len(sub) > 128:
        raise failure("invalid_response", f"{what}.sub")


def install() -> None:
    """Register this client as the one the FranceConnect journeys use when a door passes none;
    built per use, so it reads the current settings (``core.franceconnect.use_client``)."""
    use_client(FranceConnectClient)


__all__ = [
    "ALLOWED_ALGORITHMS",
    "FranceConnectClient",
    "FranceConnectError",
    "forget_provider_cache",
    "install",
]
