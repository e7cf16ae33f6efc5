"""A service asking for a recent sign-in (OIDC Core §3.1.2.1): ``prompt=login`` and
``max_age``. A person signed in earlier signs in again, and only a session opened after the
request paused lets it go on; ``prompt=none`` gets ``login_required`` instead."""

from __future__ import annotations

from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from monparis_app.core import clock
from monparis_app.core import oidc_provider as oidc
from monparis_app.core.clock import FrozenClock
from monparis_app.web import routes
from monparis_app.web.cookies import OIDC_REQUEST_COOKIE
from tests.oidc_provider.conftest import ISSUER, REDIRECT_URI, OidcBrowser, Service, query_of


async def _signed_in_and_consented(browser: OidcBrowser, service: Service, citizen: Any) -> int:
    """Signed in, and the service allowed once: what follows is only about the sign-in.
    Returns the sign-in's time, as ``auth_time`` gives it."""
    await browser.sign_in(citizen.id)
    await browser.code_for(service.request())
    return int(clock.now().timestamp())


async def _auth_time(service: Service, code: str, verifier: str) -> int:
    tokens = (await service.token(code, verifier)).json()
    jwks = KeySet.import_key_set((await service.http.get(routes.OIDC_JWKS)).json())
    return int(jwt.decode(tokens["id_token"], jwks, algorithms=["ES256"]).claims["auth_time"])


async def test_prompt_login_asks_a_signed_in_person_to_sign_in_again(
    browser: OidcBrowser, service: Service, citizen: Any, frozen_clock: FrozenClock
) -> None:
    await _signed_in_and_consented(browser, service, citizen)
    frozen_clock.advance(60)
    request = service.request(prompt="login")

    paused = await browser.authorize(request)
    assert paused.status_code == 303
    assert paused.headers["location"] == routes.SIGN_IN_FOR_SERVICE
    assert await oidc.asks_fresh_sign_in(browser.http.cookies[OIDC_REQUEST_COOKIE])

    # Coming back with the session the person already had changes nothing.
    stale = await browser.http.get(routes.OIDC_CONTINUE)
    assert stale.headers["location"] == routes.SIGN_IN_FOR_SERVICE

    frozen_clock.advance(5)
    await browser.sign_in(citizen.id)  # the password again: a new session
    answer = await browser.http.get(routes.OIDC_CONTINUE)
    callback = query_of(answer.headers["location"])
    assert answer.headers["location"].startswith(REDIRECT_URI + "?")
    assert callback["state"] == request.params["state"] and callback["iss"] == ISSUER
    signed_in_at = int(frozen_clock.now().timestamp())
    assert await _auth_time(service, callback["code"], request.verifier) == signed_in_at


@pytest.mark.parametrize(("age", "asked_again"), [(299, False), (300, False), (301, True)])
async def test_max_age_lets_a_recent_enough_sign_in_through(
    browser: OidcBrowser,
    service: Service,
    citizen: Any,
    frozen_clock: FrozenClock,
    age: int,
    asked_again: bool,
) -> None:
    signed_in_at = await _signed_in_and_consented(browser, service, citizen)
    frozen_clock.advance(age)
    request = service.request(max_age="300")
    answer = await browser.authorize(request)
    if asked_again:
        assert answer.headers["location"] == routes.SIGN_IN_FOR_SERVICE
        return
    callback = query_of(answer.headers["location"])
    assert await _auth_time(service, callback["code"], request.verifier) == signed_in_at


async def test_prompt_none_with_a_sign_in_too_old_gets_login_required(
    browser: OidcBrowser, service: Service, citizen: Any, frozen_clock: FrozenClock
) -> None:
    await _signed_in_and_consented(browser, service, citizen)
    frozen_clock.advance(10)
    request = service.request(prompt="none", max_age="5")
    answer = await browser.authorize(request)
    assert answer.headers["location"].startswith(REDIRECT_URI + "?")
    callback = query_of(answer.headers["location"])
    assert callback["error"] == "login_required"
    assert callback["state"] == request.params["state"] and callback["iss"] == ISSUER
    assert "code" not in callback


@pytest.mark.parametrize("max_age", ["abc", "-1", "1.5", "99999999999"])
async def test_a_max_age_that_is_not_a_number_of_seconds_is_refused_to_the_service(
    browser: OidcBrowser, service: Service, citizen: Any, max_age: str
) -> None:
    await browser.sign_in(citizen.id)
    request = service.request(max_age=max_age)
    answer = await browser.authorize(request)
    callback = query_of(answer.headers["location"])
    assert callback["error"] == "invalid_request"
    assert callback["state"] == request.params["state"]


async def test_a_request_without_these_asks_nothing_again(
    browser: OidcBrowser, service: Service, citizen: Any, frozen_clock: FrozenClock
) -> None:
    await _signed_in_and_consented(browser, service, citizen)
    frozen_clock.advance(600)  # a sign-in ten minutes old is as good as a fresh one
    answer = await browser.authorize(service.request())
    assert answer.headers["location"].startswith(REDIRECT_URI + "?code=")


async def test_time_spent_on_the_consent_page_does_not_count_against_max_age(
    browser: OidcBrowser, service: Service, citizen: Any, frozen_clock: FrozenClock
) -> None:
    """The sign-in was judged recent enough when the consent page opened: reading it for
    longer than ``max_age`` must not lose the request."""
    await browser.sign_in(citizen.id)
    frozen_clock.advance(30)
    request = service.request(max_age="60")
    paused = await browser.authorize(request)
    assert paused.headers["location"] == routes.OIDC_CONSENT
    frozen_clock.advance(120)
    answer = await browser.consent("allow")
    assert answer.headers["location"].startswith(REDIRECT_URI + "?code="), answer.headers
