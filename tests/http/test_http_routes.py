"""The HTTP routes beside GraphQL: the RGPD export download and the sign-in cookie route."""

from __future__ import annotations

import httpx

from monparis_app.core import sessions
from monparis_app.http.app import create_api
from monparis_app.models import AuditEvent
from monparis_app.web.cookies import BROWSER_COOKIE, SESSION_COOKIE
from tests.helpers import create_account


async def test_export_download(db: str) -> None:
    account = await create_account()
    token = await sessions.open_session(account.id, user_agent="x", client_ip="::1")
    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        anonymous = await client.get("/mon-compte/mes-donnees.json")
        assert anonymous.status_code == 303
        client.cookies.set(SESSION_COOKIE, token)
        cross_site = await client.get(
            "/mon-compte/mes-donnees.json", headers={"sec-fetch-site": "cross-site"}
        )
        assert cross_site.status_code == 403
        response = await client.get(
            "/mon-compte/mes-donnees.json", headers={"sec-fetch-site": "same-origin"}
        )
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="mes-donnees-mon-paris.json"'
    )
    assert response.headers["cache-control"] == "no-store"
    assert response.json()["account"]["email"] == "compte@exemple.fr"
    assert await AuditEvent.filter(account_id=account.id, kind="data_exported").count() == 1


async def test_a_new_sign_in_replaces_the_browsers_previous_session(db: str) -> None:
    account = await create_account()
    old = await sessions.open_session(account.id, user_agent="x", client_ip="::1")
    ticket = await sessions.issue_ticket(account.id, "/mon-compte", browser_binding="ce-navigateur")
    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        client.cookies.set(SESSION_COOKIE, old)
        client.cookies.set(BROWSER_COOKIE, "ce-navigateur")
        response = await client.get(f"/auth/session/complete?ticket={ticket}")
    assert response.status_code == 303
    assert response.headers["location"] == "/mon-compte"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert await sessions.current_session(old) is None
    new_token = cookie.split(";")[0].split("=", 1)[1]
    assert await sessions.current_session(new_token)


async def test_a_ticket_opened_by_another_browser_signs_nobody_in(db: str) -> None:
    """Login CSRF: the attacker's ticket, sent to a victim, lands on the sign-in page."""
    attacker = await create_account()
    ticket = await sessions.issue_ticket(attacker.id, "/mon-compte", browser_binding="attaquant")
    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as victim:
        victim.cookies.set(BROWSER_COOKIE, "victime")
        response = await victim.get(f"/auth/session/complete?ticket={ticket}")
    assert response.status_code == 303
    assert response.headers["location"] == "/connexion?expire=1"
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


async def test_every_browser_gets_a_binding_cookie_once(db: str) -> None:
    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        first = await client.get("/healthz")
        cookie = first.headers["set-cookie"]
        assert cookie.startswith(BROWSER_COOKIE + "=")
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        second = await client.get("/healthz")
    assert BROWSER_COOKIE not in second.headers.get("set-cookie", "")
