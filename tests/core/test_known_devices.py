""" "Nouvelle connexion à votre compte Mon Paris": e-mailed for a browser never seen on the
account, with its "Ce n'était pas moi" link; never for a known browser, nor for the sign-in
that ends the sign-up. Delivered by the real sender to a real SMTP server."""

from __future__ import annotations

import asyncio
import re

import httpx

from monparis_app.core import security_events, sessions
from monparis_app.http.app import create_api
from monparis_app.models import KnownDevice, OutboxEmail, Session
from monparis_app.web import routes
from monparis_app.web.cookies import BROWSER_COOKIE
from tests.conftest import Mailbox, text_of
from tests.helpers import create_account

EMAIL = "compte@exemple.fr"
UA = "Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile"
IP = "198.51.100.23"
SUBJECT = "Nouvelle connexion à votre compte Mon Paris"


async def sign_in_from(account_id, browser: str, user_agent: str = UA) -> str:  # type: ignore[no-untyped-def]
    return await sessions.open_session(
        account_id, user_agent=user_agent, client_ip=IP, browser_binding=browser
    )


async def new_device_rows() -> int:
    return await OutboxEmail.filter(kind="new_device_sign_in").count()


async def test_a_new_browser_is_told_with_a_link(mail_sender: Mailbox) -> None:
    account = await create_account(EMAIL)
    await sign_in_from(account.id, "navigateur-habituel")
    await sign_in_from(account.id, "navigateur-inconnu", "Mozilla/5.0 (Windows) Firefox/128.0")
    [message] = await mail_sender.wait_for(EMAIL)
    assert message["Subject"] == SUBJECT
    body = text_of(message)
    assert "depuis Firefox sur Windows (adresse proche de 198.51.100.0/24)" in body
    found = re.search(r"Ce n'était pas moi \((\S+\?jeton=([\w-]+))\)", body)
    assert found and found.group(1).startswith("http")  # absolute, from any mail client
    assert routes.NOT_ME + "?jeton=" in found.group(1)
    event = await security_events.describe(found.group(2))
    assert event is not None and event.kind == security_events.SIGNED_IN_NEW_DEVICE
    assert event.device == "Firefox sur Windows"


async def test_a_known_browser_is_not_told_and_its_last_visit_moves(
    mail_sender: Mailbox, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    account = await create_account(EMAIL)
    await Session.create(  # an earlier sign-in, so this is not the account's first
        token_digest="0" * 64,
        account_id=account.id,
        created_at=frozen_clock.now(),
        last_seen_at=frozen_clock.now(),
        expires_at=frozen_clock.now(),
    )
    await sign_in_from(account.id, "ce-navigateur")
    await mail_sender.wait_for(EMAIL)  # the first time it is new
    device = await KnownDevice.get(account_id=account.id)
    frozen_clock.advance(3600)
    for _ in range(3):
        await sign_in_from(account.id, "ce-navigateur")
    assert await new_device_rows() == 1
    await asyncio.sleep(0.3)
    assert len(mail_sender.to(EMAIL)) == 1
    after = await KnownDevice.get(id=device.id)
    assert after.last_seen_at > device.last_seen_at
    assert after.first_seen_at == device.first_seen_at


async def test_the_sign_in_that_ends_the_sign_up_is_not_told(mail_sender: Mailbox) -> None:
    account = await create_account(EMAIL)
    await sign_in_from(account.id, "navigateur-de-l-inscription")
    assert await new_device_rows() == 0
    assert await KnownDevice.filter(account_id=account.id).count() == 1
    await sign_in_from(account.id, "navigateur-de-l-inscription")
    assert await new_device_rows() == 0


async def test_only_the_digest_of_the_browser_is_kept(db: str) -> None:
    account = await create_account(EMAIL)
    await sign_in_from(account.id, "valeur-secrete-du-cookie")
    row = await KnownDevice.get(account_id=account.id)
    assert row.browser_digest == security_events.browser_digest("valeur-secrete-du-cookie")
    assert "valeur-secrete-du-cookie" not in row.browser_digest


async def test_a_door_without_the_browser_cookie_records_nothing(db: str) -> None:
    account = await create_account(EMAIL)
    await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    assert await KnownDevice.filter(account_id=account.id).count() == 0
    assert await new_device_rows() == 0


async def test_browsers_are_known_per_account(db: str) -> None:
    a = await create_account(EMAIL)
    b = await create_account("autre@exemple.fr")
    for account in (a, b):
        await sign_in_from(account.id, "premier")
    await sign_in_from(a.id, "partage")
    await sign_in_from(b.id, "partage")  # known on A, new on B
    assert await OutboxEmail.filter(kind="new_device_sign_in", recipient=EMAIL).count() == 1
    assert (
        await OutboxEmail.filter(kind="new_device_sign_in", recipient="autre@exemple.fr").count()
        == 1
    )


async def test_concurrent_sign_ins_from_one_new_browser_tell_once(db: str) -> None:
    account = await create_account(EMAIL)
    await sign_in_from(account.id, "premier")
    await asyncio.gather(*(sign_in_from(account.id, "nouveau") for _ in range(10)))
    assert await new_device_rows() == 1
    assert await KnownDevice.filter(account_id=account.id).count() == 2
    assert await Session.filter(account_id=account.id).count() == 11


async def test_the_sign_in_route_passes_the_browser_cookie(db: str) -> None:
    """``/auth/session/complete`` (every page sign-in ends there) tells a new browser."""
    account = await create_account(EMAIL)
    await sign_in_from(account.id, "premier")
    ticket = await sessions.issue_ticket(account.id, browser_binding="ce-navigateur")
    transport = httpx.ASGITransport(app=create_api())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        client.cookies.set(BROWSER_COOKIE, "ce-navigateur")
        response = await client.get(f"{routes.SESSION_COMPLETE}?ticket={ticket}")
    assert response.status_code == 303
    assert await new_device_rows() == 1
    assert await KnownDevice.filter(
        account_id=account.id,
        browser_digest=security_events.browser_digest("ce-navigateur"),
    ).exists()
