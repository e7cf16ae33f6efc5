"""Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in the database.

A session ends when it is revoked (sign-out, "end this session", password change), after
``session_idle_seconds`` without use, or ``session_max_seconds`` after sign-in, whichever comes
first. A revoked token is refused at once: every request looks the row up.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from monparis_app.core import audit, clock, security_events
from monparis_app.core.client_info import describe_device, truncate_ip
from monparis_app.models import Session, SignInTicket
from monparis_app.settings import get_settings
from monparis_app.web import routes

TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 128
LAST_SEEN_RESOLUTION_SECONDS = 60
TICKET_TTL_SECONDS = 60


@dataclass(frozen=True)
class SessionView:
    id: UUID
    account_id: UUID
    created_at: datetime
    last_seen_at: datetime
    device: str
    ip_prefix: str
    fc_id_token: str | None


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def open_session(
    account_id: UUID,
    *,
    user_agent: str,
    client_ip: str,
    fc_id_token: str | None = None,
    browser_binding: str = "",
) -> str:
    """A new session; returns the token for the cookie (shown nowhere else, stored nowhere).

    ``browser_binding`` (the browser's binding cookie, when the door has one) lets a sign-in
    from a browser never seen on the account be told to its owner (``security_events``).
    """
    if browser_binding:
        await security_events.note_sign_in(
            account_id, browser_binding, user_agent=user_agent, client_ip=client_ip
        )
    settings = get_settings()
    now = clock.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    await Session.create(
        token_digest=token_digest(token),
        account_id=account_id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(seconds=settings.session_max_seconds),
        device=describe_device(user_agent),
        ip_prefix=truncate_ip(client_ip),
        fc_id_token=fc_id_token,
    )
    return token


def _view(row: Session) -> SessionView:
    return SessionView(
        row.id,
        row.account_id,
        row.created_at,
        row.last_seen_at,
        row.device,
        row.ip_prefix,
        row.fc_id_token,
    )


async def current_session(token: str | None) -> SessionView | None:
    """The live session behind ``token``, or None; refreshes its last-seen time."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    now = clock.now()
    row = await Session.get_or_none(token_digest=token_digest(token), revoked_at=None)
    if row is None or now >= row.expires_at:
        return None
    idle = timedelta(seconds=get_settings().session_idle_seconds)
    if now >= row.last_seen_at + idle:
        return None
    if (now - row.last_seen_at).total_seconds() >= LAST_SEEN_RESOLUTION_SECONDS:
        row.last_seen_at = now
        await Session.filter(id=row.id).update(last_seen_at=now)
    return _view(row)


async def close_session(token: str | None) -> SessionView | None:
    """Sign-out: the session is revoked and can never be used again."""
    session = await current_session(token)
    if session:
        await Session.filter(id=session.id).update(revoked_at=clock.now())
    return session


async def sign_out(
    token: str | None, *, client_ip: str = "", user_agent: str = ""
) -> SessionView | None:
    """The person signs out (any door): the session is revoked and the audit entry written,
    once, here; ``None`` when there was no live session, and then nothing is recorded."""
    session = await close_session(token)
    if session is not None:
        await audit.record(
            session.account_id, "signed_out", client_ip=client_ip, user_agent=user_agent
        )
    return session


async def list_sessions(account_id: UUID) -> list[SessionView]:
    now = clock.now()
    idle_limit = now - timedelta(seconds=get_settings().session_idle_seconds)
    rows = await Session.filter(
        account_id=account_id, revoked_at=None, expires_at__gt=now, last_seen_at__gt=idle_limit
    ).order_by("-last_seen_at")
    return [_view(row) for row in rows]


async def revoke_session(
    account_id: UUID, session_id: UUID, *, client_ip: str = "", user_agent: str = ""
) -> bool:
    """ "Terminer cette session": only the owner's sessions; True when one was ended."""
    ended = await Session.filter(id=session_id, account_id=account_id, revoked_at=None).update(
        revoked_at=clock.now()
    )
    if ended:
        await audit.record(account_id, "session_ended", client_ip=client_ip, user_agent=user_agent)
    return bool(ended)


async def revoke_all_sessions(
    account_id: UUID,
    except_session_id: UUID | None = None,
    *,
    audit_kind: str | None = None,
    client_ip: str = "",
    user_agent: str = "",
    connection: BaseDBAsyncClient | None = None,
) -> int:
    """Ends every session but one; ``audit_kind`` when the person asked for it themselves
    (a password change records its own event). ``connection``: the caller's transaction."""
    query = Session.filter(account_id=account_id, revoked_at=None).using_db(connection)
    if except_session_id is not None:
        query = query.exclude(id=except_session_id)
    ended = await query.update(revoked_at=clock.now())
    if audit_kind:
        await audit.record(
            account_id,
            audit_kind,
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
    return ended


class BrowserNotBound(Exception):
    """The browser sent no binding cookie: a ticket it could not redeem is never issued."""


async def issue_ticket(
    account_id: UUID,
    next_path: str = routes.HOME,
    *,
    browser_binding: str,
    fc_id_token: str | None = None,
) -> str:
    """A one-time, one-minute ticket: a websocket handler cannot set an HttpOnly cookie, so it
    sends the browser to an HTTP route that trades the ticket for a session and its cookie.

    ``browser_binding`` is the random value of the browser's HttpOnly binding cookie: only the
    browser that proved the sign-in can redeem the ticket. Without it, a ticket obtained by an
    attacker for their own account could be opened in a victim's browser (login CSRF).
    """
    if not browser_binding or len(browser_binding) > TOKEN_MAX_LENGTH:
        raise BrowserNotBound
    ticket = secrets.token_urlsafe(TOKEN_BYTES)
    await SignInTicket.create(
        ticket_digest=token_digest(ticket),
        browser_binding_digest=token_digest(browser_binding),
        account_id=account_id,
        next_path=next_path
        if next_path.startswith("/") and not next_path.startswith("//")
        else routes.HOME,
        expires_at=clock.now() + timedelta(seconds=TICKET_TTL_SECONDS),
        fc_id_token=fc_id_token,
    )
    return ticket


@dataclass(frozen=True)
class RedeemedTicket:
    account_id: UUID
    next_path: str
    fc_id_token: str | None = None


async def redeem_ticket(ticket: str, browser_binding: str | None) -> RedeemedTicket | None:
    """The sign-in a live ticket stands for, if this is the browser it was issued to.

    The ticket is burnt by its first redemption, whatever the browser: a ticket shown to the
    wrong browser is a ticket leaked, and must not work later either.
    """
    if not ticket or len(ticket) > TOKEN_MAX_LENGTH:
        return None
    async with in_transaction() as connection:
        row = (
            await SignInTicket.filter(ticket_digest=token_digest(ticket))
            .using_db(connection)
            .first()
        )
        if row is None:
            return None
        deleted = await SignInTicket.filter(id=row.id).using_db(connection).delete()
    if not deleted or clock.now() >= row.expires_at:
        return None
    if not browser_binding or not secrets.compare_digest(
        row.browser_binding_digest, token_digest(browser_binding[:TOKEN_MAX_LENGTH])
    ):
        return None
    return RedeemedTicket(row.account_id, row.next_path, row.fc_id_token)
