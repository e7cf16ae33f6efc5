"""The browser's FranceConnect routes over HTTP: cookies, redirects, sign-out of both sides.

The app's routes run in-process (ASGI); FranceConnect is the simulator as a real server, walked
by a second HTTP client that keeps the simulator's own session cookie, like a browser would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from monparis_app.core import franceconnect as fc
from monparis_app.core import sessions
from monparis_app.core.password_hashing import hash_password
from monparis_app.http import franceconnect as fc_routes
from monparis_app.models import (
    Account,
    AuditEvent,
    PendingFranceConnectIdentity,
    PendingIdentityPurpose,
    Session,
)
from monparis_app.web.cookies import SESSION_COOKIE
from tests.adapters.fc_simulator import (
    APP_BASE_URL,
    LOGGED_OUT,
    fc_login,
)
from tests.helpers import GOOD_PASSWORD

pytest_plugins = ["tests.adapters.fc_simulator"]


class TwoOrigins:
    """One person's browser: cookies for Mon Paris (in-process) and for FranceConnect."""

    def __init__(self, app: httpx.AsyncClient, franceconnect: httpx.AsyncClient) -> None:
        self.app = app
        self.fc = franceconnect

    async def start(self) -> httpx.Response:
        return await self.app.get(fc_routes.START_PATH)

    async def through_franceconnect(self, login: str = "test", **kwargs: object) -> httpx.Response:
        start = await self.start()
        assert start.status_code == 303
        params = await fc_login(start.headers["location"], login, http=self.fc, **kwargs)  # type: ignore[arg-type]
        return await self.app.get(fc_routes.CALLBACK_PATH, params=params)

    async def sign_in(self, login: str = "test") -> httpx.Response:
        """A returning FranceConnect user: the first pass creates the account (terms accepted
        through the core, as the terms page would), the second is the callback under test."""
        first = await self.through_franceconnect(login)
        if first.headers["location"] == fc_routes.CREATION_PAGE:
            token = self.app.cookies[fc_routes.CREATION_COOKIE]
            await fc.accept_terms(token, True)
            return await self.through_franceconnect(login)
        return first


@pytest.fixture
async def browser(db: str, fc_config: object) -> AsyncIterator[TwoOrigins]:
    app = Starlette(routes=fc_routes.http_routes)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with (
        httpx.AsyncClient(transport=transport, base_url=APP_BASE_URL) as http_app,
        httpx.AsyncClient(timeout=15) as http_fc,
    ):
        yield TwoOrigins(http_app, http_fc)


def set_cookie(response: httpx.Response, name: str) -> str:
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert headers, f"{name} not set"
    return headers[0]


async def test_start_binds_the_browser_and_goes_to_franceconnect(
    browser: TwoOrigins, fc_issuer: str
) -> None:
    response = await browser.start()
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"{fc_issuer}/authorize?")
    cookie = set_cookie(response, fc_routes.BINDING_COOKIE).lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/auth/franceconnect" in cookie


async def test_a_new_identity_goes_to_the_terms_page_without_a_session(
    browser: TwoOrigins,
) -> None:
    response = await browser.through_franceconnect("test")
    assert response.status_code == 303
    assert response.headers["location"] == fc_routes.CREATION_PAGE
    cookie = set_cookie(response, fc_routes.CREATION_COOKIE).lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/;" in cookie or cookie.endswith("path=/")
    assert "monparis_session" not in response.headers.get("set-cookie", "")
    assert await Account.all().count() == 0
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.CREATION).count()
        == 1
    )


async def test_cancelling_the_creation_forgets_the_identity_and_its_cookie(
    browser: TwoOrigins,
) -> None:
    await browser.through_franceconnect("test")
    response = await browser.app.post(fc_routes.CANCEL_CREATION_PATH)
    assert response.status_code == 303
    assert response.headers["location"] == "/franceconnect/erreur?code=creation_cancelled"
    assert f'{fc_routes.CREATION_COOKIE}=""' in set_cookie(response, fc_routes.CREATION_COOKIE)
    assert (
        await PendingFranceConnectIdentity.filter(purpose=PendingIdentityPurpose.CREATION).count()
        == 0
    )
    assert await Account.all().count() == 0
    assert not await AuditEvent.all().exists()


async def test_the_callback_signs_in_with_an_httponly_session_cookie(browser: TwoOrigins) -> None:
    response = await browser.sign_in("test")
    assert response.status_code == 303
    assert response.headers["location"] == fc_routes.AFTER_SIGN_IN
    cookie = set_cookie(response, "monparis_session").lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    session = await Session.get()
    assert session.fc_id_token
    assert session.ip_prefix == "203.0.113.0/24"


async def test_sign_out_ends_the_franceconnect_session_too(browser: TwoOrigins) -> None:
    await browser.sign_in("test")
    logout = await browser.app.post(fc_routes.LOGOUT_PATH)
    assert logout.status_code == 303
    end_session = logout.headers["location"]
    assert "/session/end?" in end_session
    assert 'monparis_session=""' in set_cookie(logout, "monparis_session")
    assert (await Session.get()).revoked_at is not None

    back = await browser.fc.get(end_session)  # FranceConnect closes its session, sends us back
    assert back.status_code in (302, 303)
    assert back.headers["location"].startswith(LOGGED_OUT + "?state=")
    assert "fcsim_session=" in back.headers.get("set-cookie", "")  # its session cookie deleted
    state = dict(parse_qsl(urlsplit(back.headers["location"]).query))["state"]
    done = await browser.app.get(fc_routes.LOGGED_OUT_PATH, params={"state": state})
    assert done.headers["location"] == fc_routes.AFTER_FC_SIGN_OUT


async def test_a_foreign_logout_state_is_reported(browser: TwoOrigins) -> None:
    await browser.sign_in("test")
    await browser.app.post(fc_routes.LOGOUT_PATH)
    done = await browser.app.get(fc_routes.LOGGED_OUT_PATH, params={"state": "x" * 43})
    assert done.headers["location"] == "/franceconnect/erreur?code=logout_state"


async def test_sign_out_without_franceconnect_stays_home(browser: TwoOrigins) -> None:
    response = await browser.app.post(fc_routes.LOGOUT_PATH)
    assert response.headers["location"] == fc_routes.AFTER_SIGN_OUT


@pytest.mark.parametrize(
    ("login", "code"),
    [
        ("erreur_acces_refuse", "access_denied"),
        ("erreur_serveur", "server_error"),
        ("erreur_indisponible", "temporarily_unavailable"),
        ("sans_email", "email_missing"),
        ("claim_manquant", "incomplete_identity"),
    ],
)
async def test_failures_end_on_the_error_page_with_only_a_code(
    browser: TwoOrigins, login: str, code: str
) -> None:
    response = await browser.through_franceconnect(login)
    assert response.headers["location"] == f"/franceconnect/erreur?code={code}"
    assert "monparis_session" not in response.headers.get("set-cookie", "")
    assert await Account.all().count() == 0


async def test_cancelling_ends_on_the_error_page(browser: TwoOrigins) -> None:
    response = await browser.through_franceconnect(cancel=True)
    assert response.headers["location"] == "/franceconnect/erreur?code=access_denied"


async def test_a_callback_without_the_binding_cookie_is_refused(browser: TwoOrigins) -> None:
    start = await browser.start()
    params = await fc_login(start.headers["location"], "test", http=browser.fc)
    browser.app.cookies.clear()  # the victim's browser never started this sign-in
    response = await browser.app.get(fc_routes.CALLBACK_PATH, params=params)
    assert response.headers["location"] == "/franceconnect/erreur?code=invalid_state"
    assert await Account.all().count() == 0


async def test_an_email_conflict_goes_to_the_link_page(browser: TwoOrigins) -> None:
    await Account.create(
        email="wossewodda-3728@yopmail.com",
        sex="FEMALE",
        first_names="Angèle",
        birth_name="Dubois",
        password_hash=await hash_password(GOOD_PASSWORD),
    )
    response = await browser.through_franceconnect("test")
    assert response.headers["location"] == fc_routes.LINK_PAGE
    cookie = set_cookie(response, fc_routes.LINK_COOKIE).lower()
    assert "httponly" in cookie
    assert "monparis_session" not in response.headers.get("set-cookie", "")


async def test_too_many_starts_from_one_address_are_refused(browser: TwoOrigins) -> None:
    for _ in range(30):
        assert (await browser.start()).headers["location"].startswith("http://localhost:")
    response = await browser.start()
    assert response.headers["location"] == "/franceconnect/erreur?code=rate_limited"


# --- linking the signed-in account from the account page -------------------------------------


async def signed_in_locally(browser: TwoOrigins, email: str = "angele.perso@example.fr") -> Account:
    account = await Account.create(
        email=email,
        sex="FEMALE",
        first_names="Angèle",
        birth_name="Dubois",
        password_hash=await hash_password(GOOD_PASSWORD),
    )
    token = await sessions.open_session(account.id, user_agent="Firefox/130", client_ip="")
    browser.app.cookies.set(SESSION_COOKIE, token)
    return account


async def link_through_franceconnect(browser: TwoOrigins, **kwargs: object) -> httpx.Response:
    start = await browser.app.post(fc_routes.LINK_START_PATH)
    assert start.status_code == 303
    params = await fc_login(start.headers["location"], "test", http=browser.fc, **kwargs)  # type: ignore[arg-type]
    return await browser.app.get(fc_routes.CALLBACK_PATH, params=params)


async def test_linking_needs_a_session(browser: TwoOrigins) -> None:
    response = await browser.app.post(fc_routes.LINK_START_PATH)
    assert response.headers["location"] == "/connexion"


async def test_linking_comes_back_to_the_account_page_with_a_fresh_session(
    browser: TwoOrigins,
) -> None:
    account = await signed_in_locally(browser)
    response = await link_through_franceconnect(browser)
    assert response.headers["location"] == "/mon-compte?franceconnect=linked"
    set_cookie(response, "monparis_session")
    await account.refresh_from_db()
    assert account.fc_sub
    live = await Session.filter(revoked_at=None).get()
    assert live.fc_id_token  # sign-out will end the FranceConnect session too


async def test_link_failures_come_back_to_the_account_page(browser: TwoOrigins) -> None:
    await signed_in_locally(browser)
    cancelled = await link_through_franceconnect(browser, cancel=True)
    assert cancelled.headers["location"] == "/mon-compte?franceconnect=access_denied"

    await Account.create(email="autre@example.fr", sex="FEMALE", first_names="A", birth_name="B")
    holder = await Account.get(email="autre@example.fr")
    response = await link_through_franceconnect(browser)  # links, then the identity moves away
    assert response.headers["location"] == "/mon-compte?franceconnect=linked"
    sub = (await Account.get(email="angele.perso@example.fr")).fc_sub
    await Account.filter(email="angele.perso@example.fr").update(fc_sub=None)
    holder.fc_sub = sub
    await holder.save()
    refused = await link_through_franceconnect(browser)
    assert refused.headers["location"] == "/mon-compte?franceconnect=identity_linked_elsewhere"
    assert (await Account.get(email="angele.perso@example.fr")).fc_sub is None
