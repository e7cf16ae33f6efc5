"""RP-initiated logout: the Mon Paris session ends only for the person the ID token names, and
the browser goes back to the service only to a post-logout URI registered for it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from monparis_app.core import sessions
from monparis_app.web import routes
from monparis_app.web.cookies import SESSION_COOKIE
from tests.helpers import create_account
from tests.oidc_provider.conftest import (
    POST_LOGOUT_URI,
    OidcBrowser,
    Registry,
    Service,
    query_of,
    tokens_for,
)

SIGNED_OUT_HOME = f"{routes.HOME}?notice=signed_out"


async def _signed_in_with_id_token(
    browser: OidcBrowser, service: Service, account_id: Any
) -> tuple[str, str]:
    """The browser's Mon Paris session token, and the ID token the service holds."""
    await browser.sign_in(account_id)
    tokens = await tokens_for(browser, service)
    return browser.http.cookies[SESSION_COOKIE], str(tokens["id_token"])


async def _logout(browser: OidcBrowser, **params: str) -> httpx.Response:
    return await browser.http.get(routes.OIDC_END_SESSION, params=params)


def _session_cookie_cleared(response: httpx.Response) -> bool:
    return any(
        header.startswith(f"{SESSION_COOKIE}=") and ("max-age=0" in header.lower())
        for header in response.headers.get_list("set-cookie")
    )


async def test_a_valid_hint_ends_the_session_and_returns_to_the_service_with_its_state(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    session_token, id_token = await _signed_in_with_id_token(browser, service, citizen.id)
    response = await _logout(
        browser, id_token_hint=id_token, post_logout_redirect_uri=POST_LOGOUT_URI, state="au-revoir"
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(POST_LOGOUT_URI + "?"), location
    assert query_of(location)["state"] == "au-revoir"
    assert _session_cookie_cleared(response)
    assert await sessions.current_session(session_token) is None


async def test_the_hint_with_its_own_client_id_works_too(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    session_token, id_token = await _signed_in_with_id_token(browser, service, citizen.id)
    response = await browser.http.post(
        routes.OIDC_END_SESSION,
        data={
            "id_token_hint": id_token,
            "client_id": service.client_id,
            "post_logout_redirect_uri": POST_LOGOUT_URI,
        },
    )
    assert response.headers["location"] == POST_LOGOUT_URI
    assert await sessions.current_session(session_token) is None


async def test_a_valid_hint_without_a_post_logout_uri_ends_the_session_at_home(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    session_token, id_token = await _signed_in_with_id_token(browser, service, citizen.id)
    response = await _logout(browser, id_token_hint=id_token)
    assert response.headers["location"] == SIGNED_OUT_HOME
    assert await sessions.current_session(session_token) is None


@pytest.mark.parametrize(
    "uri",
    [
        "https://attaquant.example/deconnecte",
        POST_LOGOUT_URI + "/x",
        POST_LOGOUT_URI + "?next=https://attaquant.example",
        POST_LOGOUT_URI + "/",
        "http://localhost:8002/callback",  # a redirect URI, not a post-logout one
        "//attaquant.example",
    ],
)
async def test_an_unregistered_post_logout_uri_is_never_followed(
    browser: OidcBrowser, service: Service, citizen: Any, uri: str
) -> None:
    _, id_token = await _signed_in_with_id_token(browser, service, citizen.id)
    response = await _logout(browser, id_token_hint=id_token, post_logout_redirect_uri=uri)
    assert response.status_code == 303
    assert response.headers["location"] == SIGNED_OUT_HOME


async def test_another_services_post_logout_uri_is_not_followed(
    browser: OidcBrowser, registry: Registry, citizen: Any
) -> None:
    """The URI must be registered for the client the ID token names, not for any client."""
    await browser.sign_in(citizen.id)
    id_token = (await tokens_for(browser, registry.public()))["id_token"]
    response = await _logout(
        browser, id_token_hint=id_token, post_logout_redirect_uri=POST_LOGOUT_URI
    )
    assert response.headers["location"] == SIGNED_OUT_HOME


async def test_without_a_hint_nobody_is_sent_to_the_service_nor_signed_out(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    """A cross-site link could otherwise sign anybody out and bounce them anywhere."""
    session_token, _ = await _signed_in_with_id_token(browser, service, citizen.id)
    response = await _logout(
        browser, client_id=service.client_id, post_logout_redirect_uri=POST_LOGOUT_URI, state="s"
    )
    assert response.status_code == 303
    assert response.headers["location"] == routes.HOME  # no "vous êtes déconnecté" news
    assert not _session_cookie_cleared(response)
    assert await sessions.current_session(session_token) is not None


async def test_a_hint_for_another_account_leaves_this_browsers_session(
    browser: OidcBrowser, service: Service, citizen: Any, oidc_http: httpx.AsyncClient
) -> None:
    someone_else = await create_account("autre@exemple.fr")
    other_browser = OidcBrowser(
        httpx.AsyncClient(transport=oidc_http._transport, base_url=str(oidc_http.base_url))
    )
    _, their_id_token = await _signed_in_with_id_token(other_browser, service, someone_else.id)
    session_token, _ = await _signed_in_with_id_token(browser, service, citizen.id)
    response = await _logout(
        browser, id_token_hint=their_id_token, post_logout_redirect_uri=POST_LOGOUT_URI
    )
    assert not _session_cookie_cleared(response)
    assert await sessions.current_session(session_token) is not None


async def test_a_client_id_that_is_not_the_hints_audience_gets_the_error_page(
    browser: OidcBrowser, registry: Registry, service: Service, citizen: Any
) -> None:
    session_token, id_token = await _signed_in_with_id_token(browser, service, citizen.id)
    response = await _logout(
        browser,
        id_token_hint=id_token,
        client_id=registry.public().client_id,
        post_logout_redirect_uri=POST_LOGOUT_URI,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{routes.OIDC_ERROR}?code=logout_invalid"
    assert await sessions.current_session(session_token) is not None


async def test_the_logout_of_a_browser_without_a_session_still_returns_to_the_service(
    browser: OidcBrowser, service: Service, citizen: Any
) -> None:
    """The person signed out elsewhere already; the service's logout must not break."""
    session_token, id_token = await _signed_in_with_id_token(browser, service, citizen.id)
    await sessions.sign_out(session_token)
    response = await _logout(
        browser, id_token_hint=id_token, post_logout_redirect_uri=POST_LOGOUT_URI, state="s"
    )
    assert response.headers["location"] == POST_LOGOUT_URI + "?state=s"
