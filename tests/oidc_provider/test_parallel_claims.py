"""Single-use secrets under a burst: each is claimed by an atomic update whose row count
decides, so of many simultaneous presentations exactly one wins (on SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx

from monparis_app.web import routes
from monparis_app.web.cookies import OIDC_REQUEST_COOKIE, SESSION_COOKIE
from tests.oidc_provider.conftest import (
    ASSERTION_TYPE,
    REDIRECT_URI,
    OidcBrowser,
    Registry,
    Service,
    query_of,
    tokens_for,
)

BURST = 30


def _outcomes(responses: list[httpx.Response]) -> Counter[Any]:
    """Status and OAuth error of each answer: a 500 among them would show here."""
    return Counter(
        (r.status_code, None if r.status_code == 200 else r.json().get("error")) for r in responses
    )


async def test_one_code_presented_30_times_at_once_gives_tokens_once(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    request = service.request()
    code = (await browser.code_for(request))["code"]
    responses = await asyncio.gather(*(service.token(code, request.verifier) for _ in range(BURST)))
    assert _outcomes(list(responses)) == {(200, None): 1, (400, "invalid_grant"): BURST - 1}


async def test_one_refresh_token_presented_30_times_at_once_is_rotated_once(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    long_lived = registry.refreshing()
    await browser.sign_in(citizen.id)
    refresh_token = (await tokens_for(browser, long_lived))["refresh_token"]
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    auth = (long_lived.client_id, long_lived.secret)
    responses = await asyncio.gather(
        *(long_lived.http.post(routes.OIDC_TOKEN, data=form, auth=auth) for _ in range(BURST))
    )
    assert _outcomes(list(responses)) == {(200, None): 1, (400, "invalid_grant"): BURST - 1}


async def test_one_client_assertion_presented_at_once_authenticates_once(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    keyed = registry.jwt_service()
    await browser.sign_in(citizen.id)
    requests = [keyed.request() for _ in range(10)]
    codes = [(await browser.code_for(r))["code"] for r in requests]
    form = {"client_assertion_type": ASSERTION_TYPE, "client_assertion": registry.assertion()}
    responses = await asyncio.gather(
        *(
            keyed.token(c, r.verifier, auth=None, form=form)
            for c, r in zip(codes, requests, strict=True)
        )
    )
    assert _outcomes(list(responses)) == {(200, None): 1, (400, "invalid_client"): 9}


async def test_one_consent_posted_20_times_at_once_gives_one_code(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    await browser.sign_in(citizen.id)
    assert (await browser.authorize(service.request())).headers["location"] == routes.OIDC_CONSENT
    cookie = (
        f"{SESSION_COOKIE}={browser.http.cookies[SESSION_COOKIE]}; "
        f"{OIDC_REQUEST_COOKIE}={browser.http.cookies[OIDC_REQUEST_COOKIE]}"
    )
    # Twenty tabs, each with the same cookies (no shared jar that one answer could clear).
    responses = await asyncio.gather(
        *(
            service.http.post(
                routes.OIDC_CONSENT_DECISION, data={"decision": "allow"}, headers={"Cookie": cookie}
            )
            for _ in range(20)
        )
    )
    locations = [r.headers["location"] for r in responses]
    assert all(r.status_code == 303 for r in responses)
    with_code = [loc for loc in locations if loc.startswith(REDIRECT_URI + "?")]
    assert len(with_code) == 1 and query_of(with_code[0])["code"]
    assert Counter(locations)[f"{routes.OIDC_ERROR}?code=expired"] == 19


async def test_one_paused_request_continued_20_times_at_once_gives_one_code(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    """Back from the sign-in in twenty tabs at once: one code, nineteen French error pages."""
    from monparis_app.models import OidcAuthorizationCode

    await browser.sign_in(citizen.id)
    await browser.code_for(service.request())  # consented once: "continue" gives a code
    browser.http.cookies.delete(SESSION_COOKIE)
    paused = await browser.authorize(service.request())
    assert paused.headers["location"] == routes.SIGN_IN_FOR_SERVICE
    await browser.sign_in(citizen.id)
    cookie = (
        f"{SESSION_COOKIE}={browser.http.cookies[SESSION_COOKIE]}; "
        f"{OIDC_REQUEST_COOKIE}={browser.http.cookies[OIDC_REQUEST_COOKIE]}"
    )
    codes_before = await OidcAuthorizationCode.all().count()
    responses = await asyncio.gather(
        *(service.http.get(routes.OIDC_CONTINUE, headers={"Cookie": cookie}) for _ in range(20))
    )
    locations = [r.headers["location"] for r in responses]
    with_code = [loc for loc in locations if loc.startswith(REDIRECT_URI + "?")]
    assert len(with_code) == 1 and query_of(with_code[0])["code"]
    assert Counter(locations)[f"{routes.OIDC_ERROR}?code=expired"] == 19
    assert await OidcAuthorizationCode.all().count() == codes_before + 1


async def test_consents_given_at_once_keep_every_scope_and_fail_none(citizen: Any) -> None:
    """Two tabs agreeing at the same instant: one row, no error, the union of what each allowed."""
    from monparis_app.core.oidc_provider import store
    from monparis_app.models import OidcConsent

    scopes = ["openid profile", "openid email", "openid address", "openid profile email"] * 5
    await asyncio.gather(*(store.save_consent(citizen.id, "demo-stationnement", s) for s in scopes))
    rows = await OidcConsent.filter(account_id=citizen.id)
    assert len(rows) == 1
    assert rows[0].scope.split() == ["openid", "profile", "email", "address"]
