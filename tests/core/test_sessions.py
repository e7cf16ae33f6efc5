"""Sessions: revocation is immediate, idle and absolute lifetimes end them at their edge."""

from __future__ import annotations

import asyncio

import pytest

from monparis_app.core import sessions
from tests.helpers import create_account

UA = "Mozilla/5.0 (Windows NT 10.0) Firefox/120.0"
BROWSER = "valeur-du-cookie-de-ce-navigateur"


async def test_open_read_close(db: str) -> None:
    account = await create_account()
    token = await sessions.open_session(account.id, user_agent=UA, client_ip="203.0.113.77")
    session = await sessions.current_session(token)
    assert session and session.account_id == account.id
    assert session.device == "Firefox sur Windows"
    assert session.ip_prefix == "203.0.113.0/24"
    await sessions.close_session(token)
    assert await sessions.current_session(token) is None


async def test_idle_and_absolute_expiry(db: str, frozen_clock, configure) -> None:  # type: ignore[no-untyped-def]
    configure(SESSION_IDLE_SECONDS="600", SESSION_MAX_SECONDS="1800")
    account = await create_account()
    token = await sessions.open_session(account.id, user_agent=UA, client_ip="::1")
    frozen_clock.advance(599)
    assert await sessions.current_session(token)  # use refreshes last seen
    frozen_clock.advance(599)
    assert await sessions.current_session(token)
    frozen_clock.advance(600)
    assert await sessions.current_session(token) is None  # idle exactly 600 s
    other = await sessions.open_session(account.id, user_agent=UA, client_ip="::1")
    for _ in range(3):
        frozen_clock.advance(599)
        assert await sessions.current_session(other)
    frozen_clock.advance(3)
    assert await sessions.current_session(other) is None  # 1800 s after sign-in


async def test_revoke_one_and_all_others(db: str) -> None:
    account = await create_account()
    tokens = [
        await sessions.open_session(account.id, user_agent=UA, client_ip="::1") for _ in range(3)
    ]
    current = await sessions.current_session(tokens[0])
    assert current
    listed = await sessions.list_sessions(account.id)
    assert len(listed) == 3
    other = next(s for s in listed if s.id != current.id)
    assert await sessions.revoke_session(account.id, other.id)
    assert len(await sessions.list_sessions(account.id)) == 2
    assert await sessions.revoke_all_sessions(account.id, except_session_id=current.id) == 1
    assert [s.id for s in await sessions.list_sessions(account.id)] == [current.id]
    assert await sessions.current_session(tokens[1]) is None


async def test_cannot_revoke_someone_elses_session(db: str) -> None:
    mine = await create_account("moi@exemple.fr")
    theirs = await create_account("autre@exemple.fr")
    token = await sessions.open_session(theirs.id, user_agent=UA, client_ip="::1")
    session = await sessions.current_session(token)
    assert session
    assert not await sessions.revoke_session(mine.id, session.id)
    assert await sessions.current_session(token)


async def test_ticket_is_single_use_and_short_lived(db: str, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    account = await create_account()
    ticket = await sessions.issue_ticket(account.id, "//evil.example/", browser_binding=BROWSER)
    assert await sessions.redeem_ticket(ticket, BROWSER) == sessions.RedeemedTicket(account.id, "/")
    assert await sessions.redeem_ticket(ticket, BROWSER) is None
    late = await sessions.issue_ticket(account.id, "/mon-compte", browser_binding=BROWSER)
    frozen_clock.advance(60)
    assert await sessions.redeem_ticket(late, BROWSER) is None


async def test_ticket_works_only_in_the_browser_it_was_issued_to(db: str) -> None:
    """Login CSRF: a ticket the attacker got for their own account, opened by a victim's
    browser, signs nobody in, and is burnt."""
    attacker = await create_account()
    ticket = await sessions.issue_ticket(attacker.id, "/", browser_binding="navigateur-attaquant")
    assert await sessions.redeem_ticket(ticket, "navigateur-victime") is None
    assert await sessions.redeem_ticket(ticket, "") is None
    assert await sessions.redeem_ticket(ticket, "navigateur-attaquant") is None  # burnt
    with pytest.raises(sessions.BrowserNotBound):
        await sessions.issue_ticket(attacker.id, "/", browser_binding="")


async def test_burst_of_redemptions_opens_one_sign_in(db: str) -> None:
    account = await create_account()
    ticket = await sessions.issue_ticket(account.id, "/", browser_binding=BROWSER)
    redeemed = await asyncio.gather(*(sessions.redeem_ticket(ticket, BROWSER) for _ in range(30)))
    assert sum(r is not None for r in redeemed) == 1


async def test_garbage_tokens(db: str) -> None:
    assert await sessions.current_session(None) is None
    assert await sessions.current_session("x" * 10_000) is None
    assert await sessions.redeem_ticket("", BROWSER) is None
