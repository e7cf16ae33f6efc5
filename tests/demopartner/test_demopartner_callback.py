"""``/callback``: the provider's errors, state and iss checks, the code exchange, the ID token
verification and userinfo, each refusal being a French page with status 400."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from demopartner.app import create_app
from demopartner.config import PartnerConfig
from demopartner.oidc import RelyingParty
from demopartner.views import LOGIN_COOKIE, SESSION_COOKIE, Partner
from tests.demopartner.conftest import (
    CLIENT_ID,
    CLIENT_SECRET,
    DEMO,
    ISSUER,
    Browser,
    FakeClock,
    MiniProvider,
    new_key,
    query_of,
)


def with_params(url: str, **changes: str | None) -> str:
    """The callback URL with some parameters replaced (or removed, with None)."""
    params: dict[str, str] = query_of(url)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return f"{DEMO}/callback?{urlencode(params)}"


def assert_refused(response: httpx.Response, detail: str) -> None:
    assert response.status_code == 400, response.text
    assert '<html lang="fr">' in response.text
    assert "Connexion impossible" in response.text
    assert f"<code>{detail}</code>" in response.text
    assert '<a href="/">Revenir à l’accueil</a>' in response.text
    assert SESSION_COOKIE not in response.cookies


def sessions(app: Starlette) -> int:
    partner: Partner = app.state.partner
    return len(partner.sessions)


# --- the provider's error answers -------------------------------------------------------------


async def test_access_denied_is_a_french_page(browser: Browser) -> None:
    await browser.start_login()

    response = await browser.demo.get("/callback", params={"error": "access_denied"})

    assert response.status_code == 400
    assert re.search(r"<h1>Connexion refusée</h1>", response.text)
    assert '<a href="/">Revenir à l’accueil</a>' in response.text


async def test_login_required_says_the_user_is_not_signed_in(browser: Browser) -> None:
    back = await browser.authorize(await browser.start_login(prompt="none"))

    response = await browser.demo.get(with_params(back, code=None, error="login_required"))

    assert "<h1>Vous n’êtes pas connecté à Mon Paris</h1>" in response.text


async def test_other_errors_show_their_code(browser: Browser) -> None:
    response = await browser.demo.get("/callback", params={"error": "consent_required"})

    assert "<h1>Connexion impossible</h1>" in response.text
    assert "consent_required" in response.text


async def test_error_codes_are_escaped(browser: Browser) -> None:
    response = await browser.demo.get("/callback", params={"error": "<script>x</script>"})

    assert "<script>" not in response.text


# --- state and iss ------------------------------------------------------------------------------


async def test_wrong_state_is_refused(browser: Browser, provider: MiniProvider) -> None:
    back = await browser.authorize(await browser.start_login())

    response = await browser.demo.get(with_params(back, state="forged-state-value"))

    assert_refused(response, "state")
    assert provider.token_requests == []  # the code was never exchanged


async def test_missing_state_is_refused(browser: Browser) -> None:
    back = await browser.authorize(await browser.start_login())

    assert_refused(await browser.demo.get(with_params(back, state=None)), "state")


async def test_missing_iss_is_refused(browser: Browser, provider: MiniProvider) -> None:
    back = await browser.authorize(await browser.start_login())

    response = await browser.demo.get(with_params(back, iss=None))

    assert_refused(response, "iss.missing")
    assert provider.token_requests == []


@pytest.mark.parametrize("iss", ["http://localhost:8001", "http://localhost:8000/", "evil"])
async def test_wrong_iss_is_refused(browser: Browser, iss: str) -> None:
    back = await browser.authorize(await browser.start_login())

    assert_refused(await browser.demo.get(with_params(back, iss=iss)), "iss.mismatch")


async def test_callback_without_a_login_in_this_browser_is_refused(browser: Browser) -> None:
    params = {"code": "abc", "state": "s" * 43, "iss": ISSUER}

    assert_refused(await browser.demo.get("/callback", params=params), "login.expired")


async def test_a_pending_login_expires_after_ten_minutes(
    browser: Browser, clock: FakeClock
) -> None:
    back = await browser.authorize(await browser.start_login())
    clock.advance(601)

    assert_refused(await browser.demo.get(back), "login.expired")


async def test_a_callback_cannot_be_replayed(browser: Browser) -> None:
    login = await browser.start_login()
    back = await browser.authorize(login)
    assert (await browser.demo.get(back)).status_code == 303

    browser.demo.cookies.set(LOGIN_COOKIE, login.cookies[LOGIN_COOKIE])
    assert_refused(await browser.demo.get(back), "login.expired")


# --- the full sign-in ---------------------------------------------------------------------------


async def test_sign_in_shows_the_user_and_every_claim(
    browser: Browser, demo_app: Starlette
) -> None:
    response = await browser.sign_in()

    assert response.status_code == 303
    assert response.headers["location"] == "/"
    page = (await browser.demo.get("/")).text
    assert "Bonjour Marie Dupont" in page
    assert "<caption>Données reçues de Mon Paris</caption>" in page
    assert '<th scope="col">Donnée</th>' in page
    for claim in ("iss", "aud", "exp", "iat", "nonce", "at_hash", "auth_time", "sub"):
        assert f'<th scope="row"><code>{claim}</code></th>' in page
    assert "<td>marie.dupont@example.fr</td><td>UserInfo</td>" in page
    assert "<td>a1b2c3-pairwise-sub</td><td>Jeton d’identité et UserInfo</td>" in page
    assert "5 rue Lobau" in page and "&quot;postal_code&quot;: &quot;75004&quot;" in page
    assert "<td>true</td>" in page  # email_verified, as JSON
    assert '<form method="post" action="/logout">' in page
    assert "Se déconnecter" in page
    assert "Se connecter avec Mon Paris" not in page
    assert sessions(demo_app) == 1


async def test_session_cookie_is_httponly_and_lax(browser: Browser) -> None:
    response = await browser.sign_in()

    set_cookies = response.headers.get_list("set-cookie")
    session = next(c for c in set_cookies if c.startswith(f"{SESSION_COOKIE}="))
    assert "HttpOnly" in session and "SameSite=lax" in session and "Path=/" in session
    assert any(c.startswith(f'{LOGIN_COOKIE}=""') for c in set_cookies)  # login cookie cleared


async def test_code_is_exchanged_with_basic_auth_pkce_and_redirect_uri(
    browser: Browser, provider: MiniProvider
) -> None:
    await browser.sign_in()

    [request] = provider.token_requests
    assert request["authorization"].startswith("Basic ")
    form = request["form"]
    assert form["grant_type"] == "authorization_code"
    assert form["redirect_uri"] == "http://localhost:8002/callback"
    assert len(form["code_verifier"]) >= 43
    assert "client_secret" not in form  # client_secret_basic, not client_secret_post
    assert CLIENT_SECRET not in str(form)


async def test_token_endpoint_error_is_refused(browser: Browser, provider: MiniProvider) -> None:
    provider.token_error = "invalid_grant"

    assert_refused(await browser.sign_in(), "token.invalid_grant")


async def test_wrong_client_secret_is_refused(provider: MiniProvider) -> None:
    config = PartnerConfig(
        client_secret="not-the-secret", transport=httpx.ASGITransport(app=provider.app())
    )
    app = create_app(config)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=DEMO) as demo,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=provider.app()), base_url=ISSUER
        ) as to_provider,
    ):
        response = await Browser(demo, to_provider).sign_in()

    assert_refused(response, "token.invalid_client")


# --- the ID token ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "detail"),
    [
        ({"aud": "another-client"}, "id_token.aud"),
        ({"aud": [CLIENT_ID, "another-client"]}, "id_token.azp"),
        ({"iss": "http://localhost:8001"}, "id_token.iss"),
        ({"iss": None}, "id_token.iss"),
        ({"nonce": "not-the-nonce"}, "id_token.nonce"),
        ({"nonce": None}, "id_token.nonce"),
        ({"exp": (1_750_000_000 - 60)}, "id_token.exp"),
        ({"exp": None}, "id_token.exp"),
        ({"iat": (1_750_000_000 + 3600)}, "id_token.iat"),
        ({"sub": None}, "id_token.sub"),
        ({"at_hash": "AAAAAAAAAAAAAAAAAAAAAA"}, "id_token.at_hash"),
    ],
)
async def test_id_token_claims_are_checked(
    browser: Browser, provider: MiniProvider, claims: dict[str, Any], detail: str
) -> None:
    provider.id_token_claims = claims

    assert_refused(await browser.sign_in(), detail)


async def test_id_token_with_several_audiences_and_our_azp_passes(
    browser: Browser, provider: MiniProvider
) -> None:
    provider.id_token_claims = {"aud": [CLIENT_ID, "another-client"], "azp": CLIENT_ID}

    assert (await browser.sign_in()).status_code == 303


async def test_clock_skew_within_the_leeway_is_accepted(
    browser: Browser, provider: MiniProvider
) -> None:
    provider.id_token_claims = {"iat": (1_750_000_000 + 20)}

    assert (await browser.sign_in()).status_code == 303


async def test_forged_signature_is_refused(browser: Browser, provider: MiniProvider) -> None:
    provider.sign_with = new_key()  # the header still names the published key

    assert_refused(await browser.sign_in(), "id_token.bad_signature")


async def test_hmac_signed_with_the_public_key_is_refused(
    browser: Browser, provider: MiniProvider
) -> None:
    """The classic algorithm confusion: HS256 keyed with the provider's public JWK."""
    public = provider.key.as_dict(private=False)
    original = provider.id_token

    def forged(grant: dict[str, str], access_token: str) -> str:
        claims = jwt.decode(original(grant, access_token), provider.key).claims
        secret = OctKey.import_key(str(public).encode())
        header = {"alg": "HS256", "kid": provider.key.kid}
        return jwt.encode(header, claims, secret, algorithms=["HS256"])

    provider.id_token = forged  # type: ignore[method-assign]

    assert_refused(await browser.sign_in(), "id_token.alg")


async def test_missing_kid_is_refused(browser: Browser, provider: MiniProvider) -> None:
    original = provider.id_token

    def without_kid(grant: dict[str, str], access_token: str) -> str:
        claims = jwt.decode(original(grant, access_token), provider.key).claims
        return jwt.encode({"alg": "ES256"}, claims, provider.key, algorithms=["ES256"])

    provider.id_token = without_kid  # type: ignore[method-assign]

    assert_refused(await browser.sign_in(), "id_token.kid_missing")


async def test_key_rotation_refetches_the_jwks_once(
    browser: Browser, provider: MiniProvider
) -> None:
    assert (await browser.sign_in()).status_code == 303
    assert provider.requests.count("jwks") == 1
    provider.rotate()

    assert (await browser.sign_in()).status_code == 303

    assert provider.requests.count("jwks") == 2
    assert provider.requests.count("discovery") == 1


async def test_a_kid_unknown_even_after_refetch_is_refused(
    browser: Browser, provider: MiniProvider
) -> None:
    provider.header = {"kid": "no-such-key"}

    assert_refused(await browser.sign_in(), "id_token.unknown_kid")
    assert provider.requests.count("jwks") == 2  # the cached set, then one refetch, no more


async def test_a_key_published_for_encryption_is_not_used(
    browser: Browser, provider: MiniProvider
) -> None:
    published = provider.key.as_dict(private=False) | {"use": "enc"}
    provider.published = [ECKey.import_key(published)]  # same kid, meant for encryption

    assert_refused(await browser.sign_in(), "id_token.unknown_kid")


# --- userinfo -------------------------------------------------------------------------------------


async def test_userinfo_about_someone_else_is_refused(
    browser: Browser, provider: MiniProvider
) -> None:
    provider.userinfo_claims = {**provider.userinfo_claims, "sub": "someone-else"}

    assert_refused(await browser.sign_in(), "userinfo.sub")


async def test_userinfo_error_is_refused(browser: Browser, provider: MiniProvider) -> None:
    provider.userinfo_status = 401

    assert_refused(await browser.sign_in(), "userinfo.http_401")


async def test_userinfo_that_is_not_a_json_object_is_refused(
    browser: Browser, provider: MiniProvider
) -> None:
    async def a_list(request: Request) -> Response:
        return JSONResponse(["not", "claims"])

    provider.userinfo = a_list  # type: ignore[method-assign]

    assert_refused(await browser.sign_in(), "userinfo.bad_response")


# --- answers nobody foresaw -----------------------------------------------------------------------


async def test_token_response_without_id_token_is_refused(
    browser: Browser, provider: MiniProvider
) -> None:
    async def no_id_token(request: Request) -> Response:
        return JSONResponse({"access_token": "abc", "token_type": "Bearer"})

    provider.token = no_id_token  # type: ignore[method-assign]

    assert_refused(await browser.sign_in(), "token.incomplete")


async def test_token_response_that_is_not_json_is_refused(
    browser: Browser, provider: MiniProvider
) -> None:
    async def html(request: Request) -> Response:
        return HTMLResponse("<p>Bad gateway</p>", status_code=200)

    provider.token = html  # type: ignore[method-assign]

    assert_refused(await browser.sign_in(), "token.bad_response")


async def test_an_unexpected_failure_is_a_400_page_not_a_500(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: RelyingParty, **kwargs: str) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(RelyingParty, "complete_sign_in", broken)

    response = await browser.sign_in()

    assert_refused(response, "unexpected")
    assert "RuntimeError" not in response.text and "Traceback" not in response.text
