"""The FranceConnect OIDC client against the simulator as a real server, attacks included.

Forged tokens reuse the claims of a genuine id_token so that only the property under test
(signature, algorithm, key, audience, time, nonce…) differs from what the simulator issued.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jws, jwt
from joserfc.jwk import ECKey, KeySet

from monparis_app.adapters import franceconnect_client
from monparis_app.adapters.franceconnect_client import FranceConnectClient
from monparis_app.core import franceconnect as fc
from monparis_app.core.clock import FrozenClock
from monparis_app.core.franceconnect import FranceConnectConfig, FranceConnectError, TokenSet
from tests.adapters.fc_simulator import (
    CALLBACK,
    LOGGED_OUT,
    OTHER_CLIENT_ID,
    RS256_CLIENT_ID,
    fc_login,
)

pytest_plugins = ["tests.adapters.fc_simulator"]


class CountingTransport(httpx.AsyncBaseTransport):
    """A real network transport that remembers which paths were asked for."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        transport = httpx.AsyncHTTPTransport()
        try:
            response = await transport.handle_async_request(request)
            content = await response.aread()
        finally:
            await transport.aclose()
        return httpx.Response(response.status_code, headers=response.headers, content=content)


async def genuine_tokens(client: FranceConnectClient, login: str = "test") -> tuple[TokenSet, str]:
    """A full authorization with the simulator; returns the tokens and the nonce sent."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    url = await client.authorization_url(redirect_uri=CALLBACK, state=state, nonce=nonce)
    callback = await fc_login(url, login)
    assert callback["state"] == state
    tokens = await client.exchange_code(callback["code"], redirect_uri=CALLBACK)
    return tokens, nonce


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    compact = jws.extract_compact(token.encode())
    return dict(compact.protected), json.loads(compact.payload)


def unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    head = b64(json.dumps(header).encode())
    body = b64(json.dumps(claims).encode())
    return f"{head}.{body}.{b64(signature)}"


async def reason_of(awaitable: Any) -> str:
    with pytest.raises(FranceConnectError) as caught:
        await awaitable
    return caught.value.reason


# --- the request ------------------------------------------------------------------------------


async def test_authorization_url_asks_what_franceconnect_v2_requires(
    fc_client: FranceConnectClient, fc_issuer: str
) -> None:
    url = await fc_client.authorization_url(redirect_uri=CALLBACK, state="s" * 43, nonce="n" * 43)
    assert url.startswith(f"{fc_issuer}/authorize?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["response_type"] == "code"
    assert query["client_id"] == "monparis-test"
    assert query["redirect_uri"] == CALLBACK
    assert query["acr_values"] == "eidas1"
    assert query["prompt"] == "login consent"
    assert query["scope"].split() == [
        "openid",
        "given_name",
        "family_name",
        "birthdate",
        "gender",
        "birthplace",
        "birthcountry",
        "email",
    ]
    assert (query["state"], query["nonce"]) == ("s" * 43, "n" * 43)


async def authorize(
    client: FranceConnectClient, login: str = "test", **kwargs: Any
) -> dict[str, str]:
    """What FranceConnect sends back to the callback after ``login`` at its pages."""
    url = await client.authorization_url(
        redirect_uri=CALLBACK, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32)
    )
    return await fc_login(url, login, **kwargs)


async def test_the_callback_names_the_issuer_which_says_it_always_will(
    fc_client: FranceConnectClient, fc_issuer: str
) -> None:
    """What the core relies on (RFC 9207), and what the core tests' fake FranceConnect plays."""
    assert await fc_client.requires_iss_parameter()
    assert (await authorize(fc_client))["iss"] == fc_issuer == fc_client.config.issuer


@pytest.mark.parametrize(
    ("login", "error"),
    [
        ("erreur_acces_refuse", "access_denied"),
        ("erreur_serveur", "server_error"),
        ("erreur_indisponible", "temporarily_unavailable"),
    ],
)
async def test_error_scenarios_come_back_as_oauth_errors(
    fc_client: FranceConnectClient, login: str, error: str
) -> None:
    params = await authorize(fc_client, login)
    assert params["error"] == error
    assert fc.provider_error(params["error"]).code == f"franceconnect.{error}"


async def test_cancelling_at_franceconnect_is_access_denied(fc_client: FranceConnectClient) -> None:
    params = await authorize(fc_client, cancel=True)
    assert params["error"] == "access_denied"
    assert fc.provider_error(params["error"]).short_code == "access_denied"


async def test_an_unknown_scope_comes_back_as_invalid_scope(fc_config: FranceConnectConfig) -> None:
    client = FranceConnectClient(replace(fc_config, scopes="openid given_name telephone"))
    assert (await authorize(client))["error"] == "invalid_scope"


def test_install_registers_the_http_client_for_the_journeys(fc_config: FranceConnectConfig) -> None:
    previous = fc.use_client(None)
    try:
        franceconnect_client.install()
        started_with = fc.oidc.client_or_default(None)
        assert isinstance(started_with, FranceConnectClient)
        assert started_with.config == fc_config
    finally:
        fc.use_client(previous)


# --- the happy path ---------------------------------------------------------------------------


async def test_genuine_tokens_and_signed_userinfo_are_accepted(
    fc_client: FranceConnectClient,
) -> None:
    tokens, nonce = await genuine_tokens(fc_client)
    claims = await fc_client.verify_id_token(
        tokens.id_token, nonce=nonce, access_token=tokens.access_token
    )
    assert claims["acr"] == "eidas1"
    userinfo = await fc_client.fetch_userinfo(tokens.access_token, expected_sub=claims["sub"])
    assert userinfo["given_name"] == "Angela Claire Louise"
    assert userinfo["family_name"] == "DUBOIS"
    assert userinfo["sub"] == claims["sub"]


async def test_a_client_registered_with_rs256_is_verified_too(
    fc_config: FranceConnectConfig,
) -> None:
    client = FranceConnectClient(replace(fc_config, client_id=RS256_CLIENT_ID))
    tokens, nonce = await genuine_tokens(client)
    assert parts(tokens.id_token)[0]["alg"] == "RS256"
    claims = await client.verify_id_token(
        tokens.id_token, nonce=nonce, access_token=tokens.access_token
    )
    assert (await client.fetch_userinfo(tokens.access_token, expected_sub=claims["sub"]))["sub"]


# --- the attacks --------------------------------------------------------------------------------


async def test_a_token_issued_to_another_client_is_refused(
    fc_client: FranceConnectClient, fc_config: FranceConnectConfig
) -> None:
    other = FranceConnectClient(replace(fc_config, client_id=OTHER_CLIENT_ID))
    tokens, nonce = await genuine_tokens(other)
    reason = await reason_of(
        fc_client.verify_id_token(tokens.id_token, nonce=nonce, access_token=tokens.access_token)
    )
    assert reason == "id_token.audience"


async def test_a_tampered_signature_is_refused(fc_client: FranceConnectClient) -> None:
    tokens, nonce = await genuine_tokens(fc_client)
    head, body, signature = tokens.id_token.split(".")
    flipped = "A" if signature[5] != "A" else "B"
    forged = f"{head}.{body}.{signature[:5]}{flipped}{signature[6:]}"
    reason = await reason_of(
        fc_client.verify_id_token(forged, nonce=nonce, access_token=tokens.access_token)
    )
    assert reason == "id_token.bad_signature"


async def test_changed_claims_break_the_signature(fc_client: FranceConnectClient) -> None:
    tokens, nonce = await genuine_tokens(fc_client)
    header, claims = parts(tokens.id_token)
    signature = tokens.id_token.split(".")[2]
    forged = unsigned(header, {**claims, "sub": "quelqu-un-d-autre"})
    forged = forged.rsplit(".", 1)[0] + "." + signature
    reason = await reason_of(
        fc_client.verify_id_token(forged, nonce=nonce, access_token=tokens.access_token)
    )
    assert reason == "id_token.bad_signature"


async def test_alg_none_is_refused(fc_client: FranceConnectClient) -> None:
    tokens, nonce = await genuine_tokens(fc_client)
    header, claims = parts(tokens.id_token)
    forged = unsigned({**header, "alg": "none"}, claims)
    reason = await reason_of(
        fc_client.verify_id_token(forged, nonce=nonce, access_token=tokens.access_token)
    )
    assert reason == "id_token.alg_not_allowed"


async def test_hs256_signed_with_the_public_key_is_refused(
    fc_client: FranceConnectClient, fc_issuer: str
) -> None:
    tokens, nonce = await genuine_tokens(fc_client)
    header, claims = parts(tokens.id_token)
    async with httpx.AsyncClient() as http:
        jwks = (await http.get(f"{fc_issuer}/jwks")).json()
    public = KeySet.import_key_set(jwks).get_by_kid(header["kid"])
    assert isinstance(public, ECKey)
    secret = public.as_pem(private=False)
    forged_header = {**header, "alg": "HS256"}
    signing_input = unsigned(forged_header, claims).rsplit(".", 1)[0]
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{b64(signature)}"
    reason = await reason_of(
        fc_client.verify_id_token(forged, nonce=nonce, access_token=tokens.access_token)
    )
    assert reason == "id_token.alg_not_allowed"


async def test_a_token_signed_by_another_key_under_the_same_kid_is_refused(
    fc_client: FranceConnectClient,
) -> None:
    tokens, nonce = await genuine_tokens(fc_client)
    header, claims = parts(tokens.id_token)
    attacker_key = ECKey.generate_key("P-256")
    forged = jwt.encode(header, claims, attacker_key, algorithms=["ES256"])
    reason = await reason_of(
        fc_client.verify_id_token(forged, nonce=nonce, access_token=tokens.access_token)
    )
    assert reason == "id_token.bad_signature"


async def test_an_unknown_kid_refetches_the_jwks_once_then_refuses(
    fc_config: FranceConnectConfig,
) -> None:
    transport = CountingTransport()
    client = FranceConnectClient(fc_config, transport=transport)
    tokens, nonce = await genuine_tokens(client)
    await client.verify_id_token(tokens.id_token, nonce=nonce, access_token=tokens.access_token)
    header, claims = parts(tokens.id_token)
    attacker_key = ECKey.generate_key("P-256", auto_kid=True)
    forged = jwt.encode(
        {**header, "kid": attacker_key.kid}, claims, attacker_key, algorithms=["ES256"]
    )
    transport.paths.clear()
    reason = await reason_of(
        client.verify_id_token(forged, nonce=nonce, access_token=tokens.access_token)
    )
    assert reason == "id_token.unknown_kid"
    assert transport.paths == ["/api/v2/jwks"]  # cached keys, then exactly one refetch


async def test_a_wrong_nonce_is_refused(fc_client: FranceConnectClient) -> None:
    tokens, _nonce = await genuine_tokens(fc_client)
    reason = await reason_of(
        fc_client.verify_id_token(
            tokens.id_token, nonce=secrets.token_urlsafe(32), access_token=tokens.access_token
        )
    )
    assert reason == "id_token.nonce"


async def test_an_expired_id_token_is_refused(
    fc_client: FranceConnectClient, frozen_clock: FrozenClock
) -> None:
    tokens, nonce = await genuine_tokens(fc_client)
    frozen_clock.advance(60 + 30)  # FranceConnect's id_token lives 60 s
    reason = await reason_of(
        fc_client.verify_id_token(tokens.id_token, nonce=nonce, access_token=tokens.access_token)
    )
    assert reason == "id_token.expired"


async def test_an_id_token_not_bound_to_the_access_token_is_refused(
    fc_client: FranceConnectClient,
) -> None:
    tokens, nonce = await genuine_tokens(fc_client)
    reason = await reason_of(
        fc_client.verify_id_token(tokens.id_token, nonce=nonce, access_token="autre-jeton")
    )
    assert reason == "id_token.at_hash"


async def test_a_replayed_code_is_refused_by_franceconnect(fc_client: FranceConnectClient) -> None:
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    url = await fc_client.authorization_url(redirect_uri=CALLBACK, state=state, nonce=nonce)
    code = (await fc_login(url))["code"]
    await fc_client.exchange_code(code, redirect_uri=CALLBACK)
    reason = await reason_of(fc_client.exchange_code(code, redirect_uri=CALLBACK))
    assert reason == "token.invalid_grant"


async def test_a_wrong_client_secret_is_refused(fc_config: FranceConnectConfig) -> None:
    client = FranceConnectClient(replace(fc_config, client_secret="pas-le-bon-secret"))
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    url = await client.authorization_url(redirect_uri=CALLBACK, state=state, nonce=nonce)
    code = (await fc_login(url))["code"]
    assert (
        await reason_of(client.exchange_code(code, redirect_uri=CALLBACK)) == "token.invalid_client"
    )


async def test_userinfo_for_another_subject_is_refused(fc_client: FranceConnectClient) -> None:
    tokens, nonce = await genuine_tokens(fc_client)
    await fc_client.verify_id_token(tokens.id_token, nonce=nonce, access_token=tokens.access_token)
    reason = await reason_of(fc_client.fetch_userinfo(tokens.access_token, expected_sub="autre"))
    assert reason == "userinfo.sub_mismatch"


async def test_a_slow_token_endpoint_is_a_timeout(fc_config: FranceConnectConfig) -> None:
    client = FranceConnectClient(fc_config, timeout=0.5)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    url = await client.authorization_url(redirect_uri=CALLBACK, state=state, nonce=nonce)
    code = (await fc_login(url, "lent"))["code"]
    with pytest.raises(FranceConnectError) as caught:
        await client.exchange_code(code, redirect_uri=CALLBACK)
    assert (caught.value.code, caught.value.reason) == ("franceconnect.timeout", "token.timeout")


async def test_an_unreachable_franceconnect_is_unavailable(fc_config: FranceConnectConfig) -> None:
    from tests.conftest import free_port

    client = FranceConnectClient(
        replace(fc_config, issuer=f"http://127.0.0.1:{free_port()}/api/v2")
    )
    with pytest.raises(FranceConnectError) as caught:
        await client.authorization_url(redirect_uri=CALLBACK, state="s" * 43, nonce="n" * 43)
    assert caught.value.code == "franceconnect.unavailable"


# --- logout -----------------------------------------------------------------------------------


async def test_end_session_ends_franceconnect_session_and_returns_the_state(
    fc_client: FranceConnectClient,
) -> None:
    tokens, _ = await genuine_tokens(fc_client)
    url = await fc_client.end_session_url(id_token=tokens.id_token, state="etat-" + "x" * 40)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["post_logout_redirect_uri"] == LOGGED_OUT
    async with httpx.AsyncClient() as http:
        response = await http.get(url)
    assert response.status_code in (302, 303)
    assert response.headers["location"] == f"{LOGGED_OUT}?state=etat-{'x' * 40}"
