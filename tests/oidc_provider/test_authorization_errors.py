"""The authorization endpoint's refusals, each with the exact OAuth error and where it goes.

Two kinds of refusal: when the request cannot be trusted to name its own redirect URI (unknown
client, unregistered URI), nothing may be sent there and the browser sees Mon Paris's French
error page; otherwise the error goes back to the service with its ``state`` and our ``iss``
(RFC 6749 §4.1.2.1, RFC 9207).
"""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import pytest

from monparis_app.web import routes
from monparis_app.web.cookies import OIDC_REQUEST_COOKIE
from tests.oidc_provider.conftest import (
    ISSUER,
    REDIRECT_URI,
    OidcBrowser,
    Registry,
    Service,
    query_of,
)


def assert_error_page(response: httpx.Response, code: str | None = None) -> str:
    """Mon Paris's own error page: nothing of the request goes to any redirect URI."""
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith(routes.OIDC_ERROR + "?code="), location
    assert "localhost:8002" not in location and "callback" not in location
    found = query_of(location)["code"]
    if code is not None:
        assert found == code
    return found


def assert_error_redirect(response: httpx.Response, error: str, state: str) -> dict[str, str]:
    """Back to the registered URI with the error, the request's ``state`` and our issuer."""
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI + "?"), location
    answer = query_of(location)
    assert answer["error"] == error, answer
    assert answer["state"] == state
    assert answer["iss"] == ISSUER
    assert "code" not in answer
    return answer


# --- the request cannot be answered to the service: the French error page --------------------


async def test_an_unknown_client_gets_the_error_page(
    browser: OidcBrowser, service: Service
) -> None:
    request = service.request(client_id="service-inconnu")
    assert_error_page(await browser.authorize(request), "invalid_client")


@pytest.mark.parametrize(
    "redirect_uri",
    [
        REDIRECT_URI + "/autre",  # an extra path
        REDIRECT_URI + "?next=https://attaquant.example",  # an extra query
        "http://localhost:8003/callback",  # another port
        REDIRECT_URI + "/",  # a trailing slash
        "http://attaquant.example/callback",
        "HTTP://LOCALHOST:8002/callback",  # the same, spelt otherwise: still not the same string
    ],
)
async def test_a_redirect_uri_not_registered_exactly_gets_the_error_page(
    browser: OidcBrowser, service: Service, citizen: Any, redirect_uri: str
) -> None:
    await browser.sign_in(citizen.id)
    response = await browser.authorize(service.request(redirect_uri=redirect_uri))
    assert_error_page(response, "invalid_request")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"redirect_uri": REDIRECT_URI + "/é"}, "invalid_request"),
        ({"redirect_uri": REDIRECT_URI + '"'}, "invalid_request"),
        ({"response_type": "códe"}, "invalid_request"),
        ({"response_type": 'code"'}, "invalid_request"),
    ],
)
async def test_a_value_authlib_could_not_quote_gets_the_error_page_not_a_crash(
    browser: OidcBrowser, service: Service, overrides: dict[str, str], code: str
) -> None:
    assert_error_page(await browser.authorize(service.request(**overrides)), code)


async def test_no_redirect_uri_when_two_are_registered_gets_the_error_page(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    response = await browser.authorize(service.request(redirect_uri=""))
    assert_error_page(response, "invalid_request")


async def test_an_unregistered_uri_with_an_unsupported_response_type_gets_the_error_page(
    browser: OidcBrowser, service: Service
) -> None:
    """Even the response-type error, found first, never goes to an unchecked URI."""
    request = service.request(response_type="token", redirect_uri="http://attaquant.example/cb")
    assert_error_page(await browser.authorize(request), "unsupported_response_type")


async def test_a_request_with_a_hundred_parameters_gets_the_error_page(
    browser: OidcBrowser, service: Service
) -> None:
    request = service.request(**{f"extra{i}": "x" for i in range(92)})
    assert len(request.params) == 100
    assert_error_page(await browser.authorize(request), "invalid_request")


async def test_a_hundred_parameters_posted_get_the_error_page(
    browser: OidcBrowser, service: Service
) -> None:
    request = service.request(**{f"extra{i}": "x" for i in range(92)})
    response = await browser.http.post(routes.OIDC_AUTHORIZE, data=request.params)
    assert_error_page(response, "invalid_request")


async def test_a_5000_character_value_gets_the_error_page(
    browser: OidcBrowser, service: Service
) -> None:
    request = service.request(state="s" * 5000)
    assert_error_page(await browser.authorize(request), "invalid_request")


# --- the request names a registered URI: the error goes back to the service -------------------


async def test_response_type_token_is_unsupported_response_type(
    browser: OidcBrowser, service: Service
) -> None:
    request = service.request(response_type="token")
    response = await browser.authorize(request)
    assert_error_redirect(response, "unsupported_response_type", request.params["state"])


async def test_no_code_challenge_is_invalid_request(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    request = service.request(code_challenge="", code_challenge_method="")
    response = await browser.authorize(request)
    assert_error_redirect(response, "invalid_request", request.params["state"])


async def test_a_code_challenge_without_its_method_is_invalid_request(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    """RFC 7636 would default to ``plain``; we take S256 only and say so."""
    await browser.sign_in(citizen.id)
    request = service.request(code_challenge_method="")
    response = await browser.authorize(request)
    assert_error_redirect(response, "invalid_request", request.params["state"])


async def test_code_challenge_method_plain_is_invalid_request(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    request = service.request(code_challenge_method="plain")
    response = await browser.authorize(request)
    assert_error_redirect(response, "invalid_request", request.params["state"])


async def test_a_scope_without_openid_is_invalid_scope(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    request = service.request(scope="profile email")
    response = await browser.authorize(request)
    assert_error_redirect(response, "invalid_scope", request.params["state"])


@pytest.mark.parametrize("scope", ["openid phone", "openid birth", "openid admin"])
async def test_a_scope_the_client_is_not_registered_for_is_invalid_scope(
    browser: OidcBrowser, service: Service, citizen: Any, scope: str
) -> None:
    await browser.sign_in(citizen.id)
    request = service.request(scope=scope)
    response = await browser.authorize(request)
    assert_error_redirect(response, "invalid_scope", request.params["state"])


async def test_prompt_none_without_a_session_is_login_required(
    browser: OidcBrowser, service: Service
) -> None:
    request = service.request(prompt="none")
    response = await browser.authorize(request)
    assert_error_redirect(response, "login_required", request.params["state"])
    assert not browser.http.cookies.get(OIDC_REQUEST_COOKIE), "a request was paused"


async def test_prompt_none_before_any_consent_is_consent_required(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    """OIDC Core §3.1.2.1: ``none`` shows no page at all, the consent page included."""
    await browser.sign_in(citizen.id)
    request = service.request(prompt="none")
    response = await browser.authorize(request)
    assert_error_redirect(response, "consent_required", request.params["state"])


async def test_prompt_none_after_consent_gives_a_code(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    await browser.code_for(service.request())
    request = service.request(prompt="none")
    answer = query_of((await browser.authorize(request)).headers["location"])
    assert answer["code"] and answer["state"] == request.params["state"]
    assert answer["iss"] == ISSUER


async def test_refusing_on_the_consent_page_is_access_denied(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    request = service.request()
    assert (await browser.authorize(request)).headers["location"] == routes.OIDC_CONSENT
    response = await browser.consent("deny")
    assert_error_redirect(response, "access_denied", request.params["state"])


async def test_the_error_carries_the_state_exactly_as_given(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    state = "état & co=1/ü?" + secrets.token_urlsafe(8)
    request = service.request(scope="profile", state=state)
    assert_error_redirect(await browser.authorize(request), "invalid_scope", state)


async def test_a_long_nonce_is_refused_not_a_crash(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    """Within the request's bounds but beyond what a code row keeps: refused, not stored."""
    await browser.sign_in(citizen.id)
    request = service.request(nonce="n" * 1000)
    response = await browser.authorize(request)
    assert_error_redirect(response, "invalid_request", request.params["state"])


async def test_a_repeated_scope_is_granted_once(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    request = service.request(scope=" ".join(["openid", "profile"] * 130))
    callback = await browser.code_for(request)
    tokens = await service.token(callback["code"], request.verifier)
    assert tokens.status_code == 200, tokens.text
    assert sorted(tokens.json()["scope"].split()) == ["openid", "profile"]


async def test_a_single_registered_uri_may_be_left_out(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    """RFC 6749 §3.1.2.3: with one URI registered, the request may omit it (and the token
    request then too)."""
    public = registry.public()
    await browser.sign_in(citizen.id)
    request = public.request(redirect_uri="")
    callback = await browser.code_for(request)
    tokens = await public.token(
        callback["code"],
        request.verifier,
        auth=None,
        form={"client_id": public.client_id, "redirect_uri": ""},
    )
    assert tokens.status_code == 200, tokens.text


# --- the consent decision is spent once ---------------------------------------------------------


async def test_a_replayed_consent_decision_gets_the_expired_page(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    assert (await browser.authorize(service.request())).headers["location"] == routes.OIDC_CONSENT
    pending = browser.http.cookies[OIDC_REQUEST_COOKIE]
    first = await browser.consent("allow")
    assert query_of(first.headers["location"])["code"]
    browser.http.cookies.set(OIDC_REQUEST_COOKIE, pending)  # the replay brings the cookie back
    second = await browser.consent("allow")
    assert_error_page(second, "expired")


async def test_a_consent_decision_without_a_paused_request_gets_the_expired_page(
    browser: OidcBrowser, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    assert_error_page(await browser.consent("allow"), "expired")


async def test_a_consent_decision_that_is_neither_allow_nor_deny_is_refused(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    await browser.authorize(service.request())
    assert_error_page(await browser.consent("peut-etre"), "invalid_request")
