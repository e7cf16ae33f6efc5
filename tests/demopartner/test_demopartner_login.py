"""``/login``: the authorization request, the secrets kept server-side, the cookie."""

from __future__ import annotations

from http.cookies import SimpleCookie

import httpx
import pytest
from starlette.applications import Starlette

from demopartner.app import create_app
from demopartner.config import PartnerConfig
from demopartner.store import PendingLogin
from demopartner.views import LOGIN_COOKIE, Partner
from tests.demopartner.conftest import CLIENT_ID, ISSUER, Browser, MiniProvider, query_of, s256


def pending_login(app: Starlette, response: httpx.Response) -> PendingLogin:
    partner: Partner = app.state.partner
    pending = partner.logins.get(response.cookies[LOGIN_COOKIE])
    assert pending is not None
    return pending


async def test_login_redirects_to_the_authorization_endpoint(
    browser: Browser, demo_app: Starlette
) -> None:
    response = await browser.start_login()

    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(f"{ISSUER}/oidc/authorize?")
    params = query_of(location)
    pending = pending_login(demo_app, response)
    assert params == {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": "http://localhost:8002/callback",
        "scope": "openid profile email address",
        "state": pending.state,
        "nonce": pending.nonce,
        "code_challenge": s256(pending.code_verifier),
        "code_challenge_method": "S256",
    }
    assert 43 <= len(pending.code_verifier) <= 128
    assert pending.redirect_uri == "http://localhost:8002/callback"


async def test_login_cookie_is_httponly_lax_and_short_lived(browser: Browser) -> None:
    response = await browser.start_login()

    cookie = SimpleCookie(response.headers["set-cookie"])[LOGIN_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "lax"
    assert cookie["max-age"] == "600"
    assert cookie["path"] == "/"
    assert len(cookie.value) >= 40  # a random key, not the state itself


async def test_state_nonce_and_verifier_are_new_each_time(
    browser: Browser, demo_app: Starlette
) -> None:
    first = pending_login(demo_app, await browser.start_login())
    second = pending_login(demo_app, await browser.start_login())

    assert len({first.state, first.nonce, second.state, second.nonce}) == 4
    assert first.code_verifier != second.code_verifier
    assert len(first.state) >= 40 and len(first.nonce) >= 40


async def test_redirect_uri_follows_the_origin_the_browser_used(demo_app: Starlette) -> None:
    transport = httpx.ASGITransport(app=demo_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8002") as http:
        response = await http.post("/login")

    assert query_of(response.headers["location"])["redirect_uri"] == (
        "http://127.0.0.1:8002/callback"
    )


@pytest.mark.parametrize("prompt", ["consent", "none", "login", "login consent"])
async def test_prompt_is_passed_through(browser: Browser, prompt: str) -> None:
    response = await browser.start_login(prompt=prompt)

    assert response.status_code == 303
    assert query_of(response.headers["location"])["prompt"] == prompt


@pytest.mark.parametrize("prompt", ["whatever", "none consent"])
async def test_unknown_prompt_is_refused(browser: Browser, prompt: str) -> None:
    response = await browser.start_login(prompt=prompt)

    assert response.status_code == 400
    assert "prompt" in response.text
    assert LOGIN_COOKIE not in response.cookies


async def test_scopes_come_from_the_configuration(provider: MiniProvider) -> None:
    config = PartnerConfig(scopes="openid email", transport=httpx.ASGITransport(app=provider.app()))
    transport = httpx.ASGITransport(app=create_app(config))
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8002") as http:
        response = await http.post("/login")

    assert query_of(response.headers["location"])["scope"] == "openid email"


async def test_discovery_is_fetched_once(browser: Browser, provider: MiniProvider) -> None:
    await browser.start_login()
    await browser.start_login()

    assert provider.requests == ["discovery"]


async def test_provider_down_is_a_french_page_then_recovers(
    browser: Browser, provider: MiniProvider
) -> None:
    provider.discovery_status = 503

    down = await browser.start_login()

    assert down.status_code == 400
    assert "Mon Paris ne répond pas pour le moment" in down.text
    assert "discovery.http_503" in down.text
    provider.discovery_status = 200
    assert (await browser.start_login()).status_code == 303  # a failure is not cached


async def test_discovery_for_another_issuer_is_refused(provider: MiniProvider) -> None:
    config = PartnerConfig(
        issuer="http://localhost:9999", transport=httpx.ASGITransport(app=provider.app())
    )
    transport = httpx.ASGITransport(app=create_app(config))
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8002") as http:
        response = await http.post("/login")

    assert response.status_code == 400
    assert "discovery" in response.text


async def test_unreachable_provider_is_a_french_page() -> None:
    app = create_app(PartnerConfig(issuer="http://127.0.0.1:1"))  # nothing listens there
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8002") as http:
        response = await http.post("/login")

    assert response.status_code == 400
    assert "Mon Paris ne répond pas" in response.text


async def test_a_login_started_again_replaces_the_pending_one(
    browser: Browser, demo_app: Starlette
) -> None:
    await browser.start_login()
    await browser.start_login()

    partner: Partner = demo_app.state.partner
    assert len(partner.logins) == 1
