"""``/logout`` and ``/deconnecte``: the local session goes, Mon Paris is asked to end its own,
and the way back is accepted only with the state we sent."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.applications import Starlette

from demopartner.views import LOGOUT_COOKIE, SESSION_COOKIE, Partner
from tests.demopartner.conftest import CLIENT_ID, ISSUER, Browser, MiniProvider, query_of


async def signed_in(browser: Browser, demo_app: Starlette) -> str:
    """Sign in; the raw ID token the demo keeps (the ``id_token_hint`` to come)."""
    assert (await browser.sign_in()).status_code == 303
    partner: Partner = demo_app.state.partner
    session = partner.sessions.get(browser.demo.cookies[SESSION_COOKIE])
    assert session is not None
    return session.id_token


async def test_logout_redirects_to_the_end_session_endpoint(
    browser: Browser, demo_app: Starlette
) -> None:
    id_token = await signed_in(browser, demo_app)

    response = await browser.demo.post("/logout")

    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(f"{ISSUER}/oidc/logout?")
    params = query_of(location)
    state = response.cookies[LOGOUT_COOKIE]
    assert params == {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": "http://localhost:8002/deconnecte",
        "client_id": CLIENT_ID,
        "state": state,
    }
    assert len(state) >= 40


async def test_logout_forgets_the_local_session(browser: Browser, demo_app: Starlette) -> None:
    await signed_in(browser, demo_app)

    response = await browser.demo.post("/logout")

    partner: Partner = demo_app.state.partner
    assert len(partner.sessions) == 0
    assert any(
        c.startswith(f'{SESSION_COOKIE}=""') for c in response.headers.get_list("set-cookie")
    )
    assert "Se connecter avec Mon Paris" in (await browser.demo.get("/")).text


async def test_logout_cookie_is_httponly_and_lax(browser: Browser, demo_app: Starlette) -> None:
    await signed_in(browser, demo_app)

    response = await browser.demo.post("/logout")

    raw = next(c for c in response.headers.get_list("set-cookie") if c.startswith(LOGOUT_COOKIE))
    cookie = SimpleCookie(raw)[LOGOUT_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "lax"
    assert cookie["max-age"] == "600"


async def test_logout_without_a_session_goes_home(browser: Browser, provider: MiniProvider) -> None:
    response = await browser.demo.post("/logout")

    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert provider.requests == []


async def test_the_way_back_with_our_state_says_logged_out(
    browser: Browser, demo_app: Starlette
) -> None:
    await signed_in(browser, demo_app)
    state = query_of((await browser.demo.post("/logout")).headers["location"])["state"]

    response = await browser.demo.get("/deconnecte", params={"state": state})

    assert response.status_code == 200
    assert "Vous êtes déconnecté du service et de Mon Paris." in response.text
    assert '<a href="/">Revenir à l’accueil</a>' in response.text
    assert LOGOUT_COOKIE not in browser.demo.cookies  # used once


async def test_the_way_back_with_another_state_is_refused(
    browser: Browser, demo_app: Starlette
) -> None:
    await signed_in(browser, demo_app)
    await browser.demo.post("/logout")

    response = await browser.demo.get("/deconnecte", params={"state": "forged"})

    assert response.status_code == 400
    assert "<h1>Déconnexion non vérifiée</h1>" in response.text
    assert "déconnecté du service et de Mon Paris" not in response.text


async def test_the_way_back_without_a_logout_is_refused(browser: Browser) -> None:
    for params in ({"state": "anything"}, {}, {"state": ""}):
        response = await browser.demo.get("/deconnecte", params=params)

        assert response.status_code == 400
        assert "Déconnexion non vérifiée" in response.text


async def test_a_signed_in_user_can_sign_in_again_after_logout(
    browser: Browser, demo_app: Starlette
) -> None:
    await signed_in(browser, demo_app)
    await browser.demo.post("/logout")

    assert (await browser.sign_in()).status_code == 303
    assert "Bonjour Marie Dupont" in (await browser.demo.get("/")).text
