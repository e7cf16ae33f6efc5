"""The HTTP routes beside GraphQL: the RGPD export download and the sign-in cookie route."""

from __future__ import annotations

import httpx

from monparis_app.api import create_api
from monparis_app.core import sessions
from monparis_app.models import AuditEvent
from monparis_app.web_session import SESSION_COOKIE
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
    ticket = await sessions.issue_ticket(account.id, "/mon-compte")
    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        client.cookies.set(SESSION_COOKIE, old)
        response = await client.get(f"/auth/session/complete?ticket={ticket}")
    assert response.status_code == 303
    assert response.headers["location"] == "/mon-compte"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert await sessions.current_session(old) is None
    new_token = cookie.split(";")[0].split("=", 1)[1]
    assert await sessions.current_session(new_token)
