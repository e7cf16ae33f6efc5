"""The token endpoint under attack: PKCE, code replay and expiry, client authentication,
refresh rotation. Every refusal is a JSON OAuth error, never cached, never a 500."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from joserfc.jwk import ECKey

from monparis_app.core.clock import FrozenClock
from monparis_app.models import OidcToken
from monparis_app.web import routes
from tests.oidc_provider.conftest import (
    ASSERTION_TYPE,
    ISSUER,
    JWT_CLIENT_ID,
    OidcBrowser,
    Registry,
    Service,
    assert_token_error,
    pkce_pair,
    tokens_for,
)


async def _code(browser: OidcBrowser, service: Service, citizen: Any) -> tuple[str, str]:
    """A fresh code for ``service`` and its PKCE verifier, the citizen signed in."""
    await browser.sign_in(citizen.id)
    request = service.request()
    return (await browser.code_for(request))["code"], request.verifier


async def _refresh(service: Service, refresh_token: str) -> Any:
    return await service.http.post(
        routes.OIDC_TOKEN,
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        auth=(service.client_id, service.secret),
    )


# --- PKCE -----------------------------------------------------------------------------------


async def test_a_wrong_code_verifier_is_invalid_grant(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    code, _ = await _code(browser, service, citizen)
    other_verifier, _ = pkce_pair()
    assert_token_error(await service.token(code, other_verifier), "invalid_grant")
    assert await OidcToken.all().count() == 0


async def test_a_missing_code_verifier_is_invalid_request_and_issues_nothing(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    """authlib answers ``invalid_request`` (RFC 7636 §4.4.1: the verifier is a parameter)."""
    code, _ = await _code(browser, service, citizen)
    response = await service.token(code, "", form={"code_verifier": ""})
    assert_token_error(response, "invalid_request")
    assert await OidcToken.all().count() == 0


async def test_a_failed_verifier_spends_the_code(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    """A stolen code cannot be tried with verifier after verifier."""
    code, verifier = await _code(browser, service, citizen)
    assert_token_error(await service.token(code, pkce_pair()[0]), "invalid_grant")
    assert_token_error(await service.token(code, verifier), "invalid_grant")


# --- the code: once, 60 seconds, for its client and its redirect URI -----------------------


async def test_a_replayed_code_is_refused_and_revokes_what_it_issued(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    code, verifier = await _code(browser, service, citizen)
    first = await service.token(code, verifier)
    assert first.status_code == 200, first.text
    access_token = first.json()["access_token"]
    assert (await service.userinfo(access_token)).status_code == 200
    assert_token_error(await service.token(code, verifier), "invalid_grant")
    refused = await service.userinfo(access_token)
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_token"


async def test_a_code_works_for_59_seconds(
    browser: OidcBrowser, service: Service, citizen: Any, frozen_clock: FrozenClock
) -> None:
    code, verifier = await _code(browser, service, citizen)
    frozen_clock.advance(59)
    assert (await service.token(code, verifier)).status_code == 200


async def test_a_code_is_dead_after_60_seconds(
    browser: OidcBrowser, service: Service, citizen: Any, frozen_clock: FrozenClock
) -> None:
    code, verifier = await _code(browser, service, citizen)
    frozen_clock.advance(61)
    assert_token_error(await service.token(code, verifier), "invalid_grant")


async def test_a_code_is_bound_to_its_client(
    browser: OidcBrowser, registry: Registry, service: Service, citizen: Any
) -> None:
    code, verifier = await _code(browser, service, citizen)
    thief = registry.refreshing()
    assert_token_error(await thief.token(code, verifier), "invalid_grant")
    assert await OidcToken.all().count() == 0


async def test_another_redirect_uri_than_the_authorizations_is_invalid_grant(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    """Even one registered for the same client: it must be the one the code went to."""
    code, verifier = await _code(browser, service, citizen)
    response = await service.token(
        code, verifier, form={"redirect_uri": "http://127.0.0.1:8002/callback"}
    )
    assert_token_error(response, "invalid_grant")


async def test_an_unknown_code_is_invalid_grant(service: Service) -> None:
    assert_token_error(await service.token("x" * 48, pkce_pair()[0]), "invalid_grant")
    assert_token_error(await service.token("x" * 5000, pkce_pair()[0]), "invalid_grant")


async def test_a_missing_code_is_invalid_request(service: Service) -> None:
    response = await service.http.post(
        routes.OIDC_TOKEN,
        data={"grant_type": "authorization_code", "code_verifier": pkce_pair()[0]},
        auth=(service.client_id, service.secret),
    )
    assert_token_error(response, "invalid_request")


@pytest.mark.parametrize("grant_type", ["password", "client_credentials", "implicit", "é"])
async def test_another_grant_type_is_unsupported(service: Service, grant_type: str) -> None:
    response = await service.http.post(
        routes.OIDC_TOKEN,
        data={"grant_type": grant_type, "username": "a", "password": "b"},
        auth=(service.client_id, service.secret),
    )
    assert_token_error(response, "unsupported_grant_type")


# --- client authentication --------------------------------------------------------------------


async def test_a_wrong_secret_is_invalid_client_401(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    code, verifier = await _code(browser, service, citizen)
    response = await service.token(code, verifier, auth=(service.client_id, "mauvais-secret"))
    assert_token_error(response, "invalid_client", 401)
    assert response.headers["www-authenticate"].startswith("Basic ")
    assert await OidcToken.all().count() == 0


async def test_an_unknown_client_is_invalid_client(service: Service) -> None:
    response = await service.token("x" * 48, pkce_pair()[0], auth=("inconnu", "secret"))
    assert_token_error(response, "invalid_client", 401)
    public_style = await service.token(
        "x" * 48, pkce_pair()[0], auth=None, form={"client_id": "inconnu"}
    )
    assert_token_error(public_style, "invalid_client")


async def test_no_client_authentication_is_invalid_client(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    code, verifier = await _code(browser, service, citizen)
    assert_token_error(await service.token(code, verifier, auth=None), "invalid_client", 401)
    # Naming the confidential client without proving it is no authentication either.
    named = await service.token(code, verifier, auth=None, form={"client_id": service.client_id})
    assert_token_error(named, "invalid_client", 401)


async def test_client_secret_post_is_refused_to_a_client_registered_for_basic(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    code, verifier = await _code(browser, service, citizen)
    form = {"client_id": service.client_id, "client_secret": service.secret}
    response = await service.token(code, verifier, auth=None, form=form)
    assert_token_error(response, "invalid_client", 401)


@pytest.mark.parametrize(
    "authorization", ["Basic %%%", "Basic " + "QQ==", "Basic ZGVtbzo=", "Bearer abc", "Basic"]
)
async def test_a_malformed_authorization_header_is_invalid_client(
    service: Service, authorization: str
) -> None:
    response = await service.http.post(
        routes.OIDC_TOKEN,
        data={"grant_type": "authorization_code", "code": "x", "code_verifier": "y" * 43},
        headers={"Authorization": authorization},
    )
    assert_token_error(response, "invalid_client", 401)


async def test_a_public_client_with_pkce_gets_tokens(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    public = registry.public()
    code, verifier = await _code(browser, public, citizen)
    form = {"client_id": public.client_id}
    response = await public.token(code, verifier, auth=None, form=form)
    assert response.status_code == 200, response.text
    assert "refresh_token" not in response.json()


async def test_a_public_client_without_its_verifier_gets_nothing(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    public = registry.public()
    code, _ = await _code(browser, public, citizen)
    form = {"client_id": public.client_id, "code_verifier": ""}
    assert_token_error(await public.token(code, "", auth=None, form=form), "invalid_request")


async def test_a_public_client_cannot_pose_as_a_confidential_one(
    browser: OidcBrowser, registry: Registry, service: Service, citizen: Any
) -> None:
    """The demo service's code presented with no secret, under the demo service's id."""
    code, verifier = await _code(browser, service, citizen)
    form = {"client_id": service.client_id}
    assert_token_error(
        await service.token(code, verifier, auth=None, form=form), "invalid_client", 401
    )


# --- private_key_jwt ------------------------------------------------------------------------


def _assertion_form(assertion: str) -> dict[str, str]:
    return {"client_assertion_type": ASSERTION_TYPE, "client_assertion": assertion}


async def test_a_private_key_jwt_client_gets_tokens(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    keyed = registry.jwt_service()
    code, verifier = await _code(browser, keyed, citizen)
    form = _assertion_form(registry.assertion())
    response = await keyed.token(code, verifier, auth=None, form=form)
    assert response.status_code == 200, response.text


async def test_a_replayed_client_assertion_is_invalid_client(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    keyed = registry.jwt_service()
    assertion = registry.assertion()
    code, verifier = await _code(browser, keyed, citizen)
    first = await keyed.token(code, verifier, auth=None, form=_assertion_form(assertion))
    assert first.status_code == 200, first.text
    code, verifier = await _code(browser, keyed, citizen)
    replay = await keyed.token(code, verifier, auth=None, form=_assertion_form(assertion))
    assert_token_error(replay, "invalid_client")
    assert await OidcToken.all().count() == 1


async def test_an_assertion_signed_by_another_key_is_invalid_client(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    keyed = registry.jwt_service()
    code, verifier = await _code(browser, keyed, citizen)
    stranger = ECKey.generate_key("P-256")
    stranger.ensure_kid()
    # The registered key's id does not make the signature right either.
    impostor = ECKey.generate_key("P-256", parameters={"kid": str(registry.jwt_key.kid)})
    for assertion in (registry.assertion(stranger), registry.assertion(impostor)):
        response = await keyed.token(code, verifier, auth=None, form=_assertion_form(assertion))
        assert_token_error(response, "invalid_client")
    assert await OidcToken.all().count() == 0


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "https://ailleurs.example/token"},
        {"aud": ISSUER + "/autre"},
        {"exp": 1_000_000_000},
        {"iss": "un-autre"},
        {"sub": "demo-stationnement", "iss": "demo-stationnement"},
        {"sub": "inconnu", "iss": "inconnu"},
        {"jti": None},
    ],
)
async def test_an_assertion_with_wrong_claims_is_invalid_client(
    browser: OidcBrowser, registry: Registry, citizen: Any, claims: dict[str, Any]
) -> None:
    keyed = registry.jwt_service()
    code, verifier = await _code(browser, keyed, citizen)
    assertion = registry.assertion(**claims)
    response = await keyed.token(code, verifier, auth=None, form=_assertion_form(assertion))
    assert_token_error(response, "invalid_client")


async def test_a_garbage_assertion_is_invalid_client(registry: Registry) -> None:
    keyed = registry.jwt_service()
    for assertion in ("abc", "a.b.c", "e30.e30.", "x" * 3000):
        response = await keyed.token("x" * 48, "y" * 43, auth=None, form=_assertion_form(assertion))
        assert_token_error(response, "invalid_client")


async def test_a_private_key_jwt_client_cannot_use_no_authentication(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    keyed = registry.jwt_service()
    code, verifier = await _code(browser, keyed, citizen)
    form = {"client_id": JWT_CLIENT_ID}
    response = await keyed.token(code, verifier, auth=None, form=form)
    assert_token_error(response, "invalid_client", 401)


# --- refresh tokens ------------------------------------------------------------------------


async def test_the_demo_client_gets_no_refresh_token(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    body = await tokens_for(browser, service)
    assert "refresh_token" not in body


async def test_a_client_not_allowed_refreshes_cannot_ask_for_one(service: Service) -> None:
    response = await _refresh(service, secrets.token_urlsafe(32))
    assert_token_error(response, "unauthorized_client")


async def test_a_refresh_works_once_and_its_replay_revokes_the_family(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    long_lived = registry.refreshing()
    await browser.sign_in(citizen.id)
    first = await tokens_for(browser, long_lived)
    assert first["refresh_token"]
    rotated = await _refresh(long_lived, first["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert (await long_lived.userinfo(second["access_token"])).status_code == 200

    assert_token_error(await _refresh(long_lived, first["refresh_token"]), "invalid_grant")
    # The whole family is revoked: the rotated tokens too, and the first access token.
    assert (await long_lived.userinfo(second["access_token"])).status_code == 401
    assert (await long_lived.userinfo(first["access_token"])).status_code == 401
    assert_token_error(await _refresh(long_lived, second["refresh_token"]), "invalid_grant")


async def test_a_refresh_token_is_bound_to_its_client(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    long_lived = registry.refreshing()
    await browser.sign_in(citizen.id)
    first = await tokens_for(browser, long_lived)
    # Another service allowed refreshes, authenticated with its own key, presents it.
    response = await long_lived.http.post(
        routes.OIDC_TOKEN,
        data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
        | _assertion_form(registry.assertion()),
    )
    assert_token_error(response, "invalid_grant")
    assert (await _refresh(long_lived, first["refresh_token"])).status_code == 200


async def test_an_unknown_refresh_token_is_invalid_grant(registry: Registry) -> None:
    long_lived = registry.refreshing()
    assert_token_error(await _refresh(long_lived, secrets.token_urlsafe(32)), "invalid_grant")
    assert_token_error(await _refresh(long_lived, "r" * 5000), "invalid_grant")


async def test_a_refresh_token_keeps_the_scope_it_was_granted(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    """Asking for more at refresh time is ``invalid_scope``: no widening without consent."""
    long_lived = registry.refreshing()
    await browser.sign_in(citizen.id)
    first = await tokens_for(browser, long_lived, scope="openid profile")
    response = await long_lived.http.post(
        routes.OIDC_TOKEN,
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "scope": "openid profile email",
        },
        auth=(long_lived.client_id, long_lived.secret),
    )
    assert_token_error(response, "invalid_scope")


# --- the door -----------------------------------------------------------------------------


async def test_a_token_request_with_too_many_fields_is_refused_not_a_crash(
    service: Service,
) -> None:
    form = {f"champ{i}": "x" for i in range(40)} | {"grant_type": "authorization_code"}
    response = await service.http.post(
        routes.OIDC_TOKEN, data=form, auth=(service.client_id, service.secret)
    )
    assert_token_error(response, "invalid_request")


async def test_the_token_endpoint_takes_only_post(service: Service) -> None:
    assert (await service.http.get(routes.OIDC_TOKEN)).status_code == 405
