"""What the tokens say and who may use them: userinfo's bearer rules, the ID token's signature,
claims and authentication context, forged ID tokens, and the signing key's rotation."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from datetime import date
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from monparis_app.core import sessions
from monparis_app.core.clock import FrozenClock
from monparis_app.core.oidc_provider import keys
from monparis_app.core.oidc_provider import server as oidc_server
from monparis_app.web import routes
from monparis_app.web.cookies import SESSION_COOKIE
from tests.helpers import create_account
from tests.oidc_provider.conftest import (
    ISSUER,
    POST_LOGOUT_URI,
    OidcBrowser,
    Registry,
    Service,
    query_of,
    sign_in_with_franceconnect,
    tokens_for,
)

BIRTH: dict[str, Any] = {
    "birth_date": date(1990, 5, 17),
    "birth_place": "75056",
    "birth_country": "99100",
}
CERTIFIED = ["first_names", "birth_name", "sex", "birth_date", "birth_place", "birth_country"]


async def _jwks(service: Service) -> dict[str, Any]:
    body: dict[str, Any] = (await service.http.get(routes.OIDC_JWKS)).json()
    return body


async def _id_token(service: Service, tokens: dict[str, Any]) -> dict[str, Any]:
    """The ID token's claims, its signature checked against the published JWKS."""
    keyset = KeySet.import_key_set(await _jwks(service))  # type: ignore[arg-type]
    claims: dict[str, Any] = jwt.decode(tokens["id_token"], keyset, algorithms=["ES256"]).claims
    return claims


def _header(token: str) -> dict[str, Any]:
    segment = token.split(".")[0]
    header: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return header


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- userinfo: a bearer token, live, ours -----------------------------------------------------


async def test_userinfo_without_a_token_is_401_with_www_authenticate(service: Service) -> None:
    response = await service.http.get(routes.OIDC_USERINFO)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].lower().startswith("bearer")
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("token", ["forged", secrets.token_urlsafe(32), "x" * 5000])
async def test_userinfo_with_a_forged_token_is_401(service: Service, token: str) -> None:
    response = await service.userinfo(token)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert response.headers["www-authenticate"].lower().startswith("bearer")


async def test_userinfo_refuses_another_scheme(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    tokens = await tokens_for(browser, service)
    response = await service.http.get(
        routes.OIDC_USERINFO, headers={"Authorization": f"Basic {tokens['access_token']}"}
    )
    assert response.status_code == 401


async def test_the_id_token_is_no_access_token(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    tokens = await tokens_for(browser, service)
    assert (await service.userinfo(tokens["id_token"])).status_code == 401


async def test_an_access_token_lives_ten_minutes(
    browser: OidcBrowser, service: Service, citizen: Any, frozen_clock: FrozenClock
) -> None:
    await browser.sign_in(citizen.id)
    tokens = await tokens_for(browser, service)
    assert tokens["expires_in"] == 600
    frozen_clock.advance(599)
    assert (await service.userinfo(tokens["access_token"])).status_code == 200
    frozen_clock.advance(2)
    expired = await service.userinfo(tokens["access_token"])
    assert expired.status_code == 401
    assert expired.json()["error"] == "invalid_token"


# --- the ID token -------------------------------------------------------------------------


async def test_the_id_token_is_es256_with_a_published_kid(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    tokens = await tokens_for(browser, service)
    header = _header(tokens["id_token"])
    assert header["alg"] == "ES256"
    assert header["kid"] in [k["kid"] for k in (await _jwks(service))["keys"]]
    claims = await _id_token(service, tokens)
    assert claims["iss"] == ISSUER
    assert claims["exp"] - claims["iat"] == 600


async def test_a_password_session_gives_amr_pwd_and_no_acr(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    claims = await _id_token(service, await tokens_for(browser, service))
    assert claims["amr"] == ["pwd"]
    assert "acr" not in claims
    session = await sessions.current_session(browser.http.cookies[SESSION_COOKIE])
    assert session is not None
    assert claims["auth_time"] == int(session.created_at.timestamp())


async def test_a_franceconnect_session_gives_acr_eidas1_and_amr_fc(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await sign_in_with_franceconnect(browser, citizen.id)
    claims = await _id_token(service, await tokens_for(browser, service))
    assert claims["acr"] == "eidas1"
    assert claims["amr"] == ["fc"]


# --- claims by scope --------------------------------------------------------------------------


async def _claims(
    browser: OidcBrowser, service: Service, account: Any, scope: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ID token's claims and userinfo's, for one account and one scope."""
    await browser.sign_in(account.id)
    tokens = await tokens_for(browser, service, scope=scope)
    info = await service.userinfo(tokens["access_token"])
    assert info.status_code == 200, info.text
    return await _id_token(service, tokens), info.json()


async def test_openid_alone_gives_the_subject_only(
    browser: OidcBrowser, registry: Registry, db: str
) -> None:
    account = await create_account("seul@exemple.fr", **BIRTH)
    _, info = await _claims(browser, registry.public(), account, "openid")
    assert info == {"sub": str(account.id)}


async def test_profile_gives_the_names_and_gender(
    browser: OidcBrowser, registry: Registry, db: str
) -> None:
    account = await create_account("profil@exemple.fr", usage_name="Martin", **BIRTH)
    id_claims, info = await _claims(browser, registry.public(), account, "openid profile")
    for claims in (id_claims, info):
        assert claims["given_name"] == "Angèle"
        assert claims["family_name"] == "Dubois"
        assert claims["preferred_username"] == "Martin"
        assert claims["gender"] == "female"
        assert "email" not in claims and "birthdate" not in claims and "address" not in claims
        assert "certified_claims" not in claims


async def test_email_gives_the_address_and_its_proof(
    browser: OidcBrowser, registry: Registry, db: str
) -> None:
    account = await create_account("courriel@exemple.fr")
    _, info = await _claims(browser, registry.public(), account, "openid email")
    assert info == {"sub": str(account.id), "email": "courriel@exemple.fr", "email_verified": True}


async def test_address_gives_the_formatted_address(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    _, info = await _claims(browser, registry.public(), citizen, "openid address")
    assert info["address"]["formatted"] == "1 place de l’Hôtel de Ville\n75004 Paris"
    assert info["address"]["postal_code"] == "75004"
    assert info["address"]["locality"] == "Paris"
    assert "given_name" not in info


async def test_birth_gives_date_place_and_country(
    browser: OidcBrowser, registry: Registry, db: str
) -> None:
    account = await create_account("naissance@exemple.fr", **BIRTH)
    id_claims, info = await _claims(browser, registry.public(), account, "openid birth")
    for claims in (id_claims, info):
        assert claims["birthdate"] == "1990-05-17"
        assert claims["birthplace"] == "75056"
        assert claims["birthcountry"] == "99100"
        assert "given_name" not in claims


async def test_a_franceconnect_certified_account_says_which_claims_are_certified(
    browser: OidcBrowser, registry: Registry, db: str
) -> None:
    account = await create_account(
        "certifiee@exemple.fr", usage_name="Martin", certified_fields=CERTIFIED, **BIRTH
    )
    id_claims, info = await _claims(
        browser, registry.public(), account, "openid profile email birth"
    )
    expected = {"given_name", "family_name", "gender", "birthdate", "birthplace", "birthcountry"}
    for claims in (id_claims, info):
        assert set(claims["certified_claims"]) == expected  # neither the usage name nor e-mail


async def test_only_the_granted_claims_are_said_certified(
    browser: OidcBrowser, registry: Registry, db: str
) -> None:
    account = await create_account("partielle@exemple.fr", certified_fields=CERTIFIED, **BIRTH)
    _, info = await _claims(browser, registry.public(), account, "openid email")
    assert "certified_claims" not in info
    _, info = await _claims(browser, registry.public(), account, "openid birth")
    assert set(info["certified_claims"]) == {"birthdate", "birthplace", "birthcountry"}


# --- forged ID tokens are accepted nowhere ------------------------------------------------


def _forged_claims(account_id: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": ISSUER,
        "sub": str(account_id),
        "aud": ["demo-stationnement"],
        "iat": now,
        "exp": now + 600,
    }


def _alg_none_token(claims: dict[str, Any]) -> str:
    header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{_b64(json.dumps(claims).encode())}."


def _hs256_with_public_key(claims: dict[str, Any], public_jwk: dict[str, Any]) -> str:
    """The classic confusion: HMAC keyed with the published public key."""
    header = _b64(json.dumps({"alg": "HS256", "kid": public_jwk["kid"]}).encode())
    body = _b64(json.dumps(claims).encode())
    secret = ECKey.import_key(public_jwk).as_pem(private=False)
    signature = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


def _signed_by_a_stranger(claims: dict[str, Any], kid: str | None) -> str:
    stranger = ECKey.generate_key("P-256")
    header = {"alg": "ES256"} | ({"kid": kid} if kid else {})
    return jwt.encode(header, claims, stranger)


async def _forged_tokens(service: Service, account_id: Any) -> list[str]:
    public = (await _jwks(service))["keys"][0]
    claims = _forged_claims(account_id)
    return [
        _alg_none_token(claims),
        _hs256_with_public_key(claims, public),
        _signed_by_a_stranger(claims, public["kid"]),
        _signed_by_a_stranger(claims, "inconnue"),
        _signed_by_a_stranger(claims, None),
        "pas.un.jeton",
        "e30.e30.e30",
    ]


async def test_a_forged_id_token_hint_ends_nothing_and_sends_nowhere(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    await tokens_for(browser, service)  # a real key exists and is published
    session_token = browser.http.cookies[SESSION_COOKIE]
    for hint in await _forged_tokens(service, citizen.id):
        response = await browser.http.get(
            routes.OIDC_END_SESSION,
            params={
                "id_token_hint": hint,
                "post_logout_redirect_uri": POST_LOGOUT_URI,
                "state": "etat",
            },
        )
        assert response.status_code == 303, response.text
        location = response.headers["location"]
        assert location.startswith(routes.OIDC_ERROR + "?"), (hint, location)
        assert query_of(location)["code"] == "logout_invalid"
        assert await sessions.current_session(session_token) is not None


async def test_a_forged_token_opens_no_userinfo(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    await tokens_for(browser, service)
    for token in await _forged_tokens(service, citizen.id):
        assert (await service.userinfo(token)).status_code == 401


# --- the signing key's rotation ---------------------------------------------------------------


async def _fresh_id_token(browser: OidcBrowser, service: Service, account_id: Any) -> str:
    await browser.sign_in(account_id)  # a new session: the earlier one may have timed out
    tokens = await tokens_for(browser, service)
    return str(tokens["id_token"])


async def _published_kids(http: httpx.AsyncClient) -> list[str]:
    return [k["kid"] for k in (await http.get(routes.OIDC_JWKS)).json()["keys"]]


async def test_a_new_key_signs_after_the_rotation_period_and_the_old_one_stays_a_while(
    browser: OidcBrowser, service: Service, citizen: Any, frozen_clock: FrozenClock,
    configure: Any,
) -> None:  # fmt: skip
    configure(OIDC_KEY_ROTATION_DAYS="1")
    first = await _fresh_id_token(browser, service, citizen.id)
    old_kid = _header(first)["kid"]

    frozen_clock.advance(2 * 86400)
    oidc_server.forget_cached_key()
    second = await _fresh_id_token(browser, service, citizen.id)
    new_kid = _header(second)["kid"]
    assert new_kid != old_kid
    kids = await _published_kids(service.http)
    assert kids[0] == new_kid and old_kid in kids
    # A relying party holding the first ID token can still check it.
    keyset = KeySet.import_key_set(await _jwks(service))  # type: ignore[arg-type]
    assert jwt.decode(first, keyset, algorithms=["ES256"]).claims["sub"] == str(citizen.id)

    frozen_clock.advance(keys.RETIRED_KEY_GRACE.total_seconds())
    oidc_server.forget_cached_key()
    kids = await _published_kids(service.http)
    assert old_kid not in kids
    assert new_kid in kids  # itself retired now, and still in its own grace period


async def test_within_the_period_the_same_key_signs(
    browser: OidcBrowser, service: Service, citizen: Any, frozen_clock: FrozenClock,
    configure: Any,
) -> None:  # fmt: skip
    configure(OIDC_KEY_ROTATION_DAYS="1")
    first = await _fresh_id_token(browser, service, citizen.id)
    frozen_clock.advance(86400 - 60)
    oidc_server.forget_cached_key()
    second = await _fresh_id_token(browser, service, citizen.id)
    assert _header(second)["kid"] == _header(first)["kid"]
    assert await _published_kids(service.http) == [_header(first)["kid"]]
