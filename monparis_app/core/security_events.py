""" "Ce n'était pas moi": every security e-mail carries a link that secures the account.

Each e-mail about a sensitive event (sign-in from a new browser, password or login e-mail
changed, FranceConnect linked or unlinked, passkey added, sign-ins blocked) gets a link bound
to that event of that account: random, usable once, for ``LINK_TTL``. Only the token's SHA-256
is stored, and the link is issued in the transaction that queues its e-mail, so an e-mail never
leaves with a link that does not exist, nor a link without its e-mail.

Securing undoes what an intruder could have done since the event and locks them out: every
session ends (the services' tokens too), passkeys, FranceConnect links and browsers added since
are removed, the login e-mail the account had then comes back, pending codes die, and password
sign-in is refused until a new password is set by a code e-mailed to that (restored) address.
The link is claimed by a conditional update inside that transaction: a burst of clicks secures
once, and a failed transaction leaves the link usable.

A sign-in from a browser never seen on the account (``note_sign_in``) is the one e-mail sent
for an ordinary event; a known browser gets none, so that these e-mails keep being read.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from monparis_app.core import audit, clock, emails, outbox, password_reset, sessions
from monparis_app.core.client_info import describe_device, truncate_ip
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.models import (
    Account,
    AuditEvent,
    CodeFlow,
    KnownDevice,
    OidcToken,
    Passkey,
    SecurityEventLink,
    Session,
)
from monparis_app.settings import get_settings
from monparis_app.web import routes

LINK_TTL = timedelta(days=10)
TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 128
QUERY_PARAMETER = "jeton"

# The events a link can be bound to (the page says each in French).
SIGNED_IN_NEW_DEVICE = "signed_in_new_device"
PASSWORD_CHANGED = "password_changed"
PASSWORD_RESET = "password_reset"
EMAIL_CHANGED = "email_changed"
FRANCECONNECT_LINKED = "franceconnect_linked"
FRANCECONNECT_UNLINKED = "franceconnect_unlinked"
PASSKEY_ADDED = "passkey_added"
SIGN_IN_BLOCKED = "sign_in_blocked"
KINDS = frozenset(
    {
        SIGNED_IN_NEW_DEVICE,
        PASSWORD_CHANGED,
        PASSWORD_RESET,
        EMAIL_CHANGED,
        FRANCECONNECT_LINKED,
        FRANCECONNECT_UNLINKED,
        PASSKEY_ADDED,
        SIGN_IN_BLOCKED,
    }
)


@dataclass(frozen=True)
class EventView:
    """What the page shows before the person decides: the event, never the account."""

    kind: str
    occurred_at: datetime
    device: str
    ip_prefix: str


@dataclass(frozen=True)
class Secured:
    """What securing did, for the page to say. ``email`` is the login e-mail now (restored
    or unchanged), where the notice and the code went. ``email_not_restored`` is the address
    that could not come back because another account uses it: then no code is sent to an
    address the intruder may hold, and the person must contact the City. ``reset`` is the
    password-reset flow opened on ``email`` (None when a limit refused it: the person asks
    again on /mot-de-passe-oublie)."""

    account_id: UUID
    email: str
    sessions_ended: int
    passkeys_removed: int
    franceconnect_unlinked: bool
    email_restored: bool
    email_not_restored: str | None = None
    reset: password_reset.ResetRequested | None = None


@dataclass(frozen=True)
class LinkRefused:
    """``reason``: "unknown", "used" or "expired"; the page says the same for all three."""

    reason: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(token: str) -> str:
    return get_settings().base_url + routes.NOT_ME + f"?{QUERY_PARAMETER}=" + token


async def issue_link(
    account_id: UUID,
    kind: str,
    *,
    device: str,
    ip_prefix: str,
    previous_email: str | None = None,
    occurred_at: datetime | None = None,
    connection: BaseDBAsyncClient | None = None,
) -> str:
    """A new link for one event of one account, in the caller's transaction: the full URL to
    put in the e-mail (the token appears nowhere else). ``occurred_at``: when the event's row
    was written, if the caller has it (a passkey's ``created_at``), so that securing removes
    what the event added; now by default. The link lives ``LINK_TTL`` from now."""
    if kind not in KINDS:
        raise ValueError(f"unknown security event kind: {kind}")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = clock.now()
    await SecurityEventLink.create(
        token_digest=_digest(token),
        account_id=account_id,
        kind=kind,
        occurred_at=min(occurred_at or now, now),
        device=device[:120],
        ip_prefix=ip_prefix[:64],
        previous_email=previous_email,
        expires_at=now + LINK_TTL,
        using_db=connection,
    )
    return link_url(token)


async def link_for(
    account_id: UUID,
    kind: str,
    *,
    client_ip: str,
    user_agent: str,
    previous_email: str | None = None,
    occurred_at: datetime | None = None,
    connection: BaseDBAsyncClient | None = None,
) -> str:
    """``issue_link`` from the request that caused the event, described as the audit log
    describes it (device name, truncated address)."""
    return await issue_link(
        account_id,
        kind,
        device=describe_device(user_agent) if user_agent else "",
        ip_prefix=truncate_ip(client_ip),
        previous_email=previous_email,
        occurred_at=occurred_at,
        connection=connection,
    )


async def _live_link(token: str) -> SecurityEventLink | LinkRefused:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return LinkRefused("unknown")
    row = await SecurityEventLink.get_or_none(token_digest=_digest(token))
    if row is None:
        return LinkRefused("unknown")
    if row.used_at is not None:
        return LinkRefused("used")
    if clock.now() >= row.expires_at:
        return LinkRefused("expired")
    return row


async def describe(token: str) -> EventView | None:
    """The event behind a live link; None for an unknown, used or expired one."""
    row = await _live_link(token)
    if isinstance(row, LinkRefused):
        return None
    return EventView(row.kind, row.occurred_at, row.device, row.ip_prefix)


# --- "Sécuriser mon compte" ---------------------------------------------------------------


async def secure_account(token: str, *, client_ip: str, user_agent: str) -> Secured | LinkRefused:
    """Secure the account the link belongs to, once. See the module docstring for what is
    undone; the notice and a password-reset code go to the (restored) login e-mail."""
    row = await _live_link(token)
    if isinstance(row, LinkRefused):
        return row
    try:
        outcome = await _secure(row, client_ip, user_agent, restore_email=True)
    except IntegrityError:
        # The old address got an account between the check and the update: all rolled back,
        # the link unclaimed; secure again without giving the address back.
        outcome = await _secure(row, client_ip, user_agent, restore_email=False)
    if isinstance(outcome, LinkRefused):
        return outcome
    outbox.wake_sender()
    if outcome.email_not_restored is not None:
        return outcome
    return replace(outcome, reset=await _send_reset_code(outcome.email, client_ip))


async def _secure(
    row: SecurityEventLink, client_ip: str, user_agent: str, *, restore_email: bool
) -> Secured | LinkRefused:
    """The claim, the undoing and the notice: one transaction, so all or nothing."""
    now = clock.now()
    async with in_transaction() as connection:
        claimed = (
            await SecurityEventLink.filter(id=row.id, used_at=None, expires_at__gt=now)
            .using_db(connection)
            .update(used_at=now)
        )
        if not claimed:
            return LinkRefused("used")
        account = await Account.get(id=row.account_id, using_db=connection)
        secured = await _undo_since(account, row, now, connection, restore_email=restore_email)
        await Account.filter(id=account.id).using_db(connection).update(must_reset_password=True)
        await audit.record(
            account.id,
            "account_secured",
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
        await outbox.queue_email(
            secured.email, emails.account_secured(), connection, account_id=account.id
        )
    return secured


async def _undo_since(
    account: Account,
    row: SecurityEventLink,
    now: datetime,
    connection: BaseDBAsyncClient,
    *,
    restore_email: bool,
) -> Secured:
    """Everything an intruder could have gained since the event, taken back."""
    since = row.occurred_at
    wanted = await _email_at(account.id, since, connection)
    email, restored, not_restored = await _restore_email(
        account, wanted, connection, allowed=restore_email
    )
    ended = await sessions.revoke_all_sessions(account.id, connection=connection)
    await (
        OidcToken.filter(account_id=account.id, revoked_at=None)
        .using_db(connection)
        .update(revoked_at=now)
    )
    removed = (
        await Passkey.filter(account_id=account.id, created_at__gte=since)
        .using_db(connection)
        .delete()
    )
    unlinked = await _unlink_franceconnect_since(account, row, connection)
    await _forget_since(account.id, since, now, connection)
    return Secured(account.id, email, ended, removed, unlinked, restored, not_restored)


async def _email_at(account_id: UUID, since: datetime, connection: BaseDBAsyncClient) -> str | None:
    """The login e-mail the account had at ``since``, if it changed afterwards: the address an
    e-mail-change link was sent to. The earliest change counts, so securing from a password
    change also undoes the e-mail change that followed it (else the new password's code would
    go to the intruder's address)."""
    first_change = (
        await SecurityEventLink.filter(
            account_id=account_id,
            kind=EMAIL_CHANGED,
            occurred_at__gte=since,
            previous_email__not_isnull=True,
        )
        .using_db(connection)
        .order_by("occurred_at")
        .first()
    )
    return first_change.previous_email if first_change else None


async def _restore_email(
    account: Account, wanted: str | None, connection: BaseDBAsyncClient, *, allowed: bool
) -> tuple[str, bool, str | None]:
    """(login e-mail now, restored?, the address that could not come back)."""
    if wanted is None or wanted == account.email:
        return account.email, False, None
    taken = await Account.filter(email=wanted).exclude(id=account.id).using_db(connection).exists()
    if taken or not allowed:
        return account.email, False, wanted
    await Account.filter(id=account.id).using_db(connection).update(email=wanted)
    return wanted, True, None


async def _unlink_franceconnect_since(
    account: Account, row: SecurityEventLink, connection: BaseDBAsyncClient
) -> bool:
    """The FranceConnect identity goes if the event was its link, or if it was linked since
    (the audit log dates a link; an identity the account was created with has no such entry)."""
    if account.fc_sub is None:
        return False
    linked_since = row.kind == FRANCECONNECT_LINKED or (
        await AuditEvent.filter(
            account_id=account.id, kind="franceconnect_linked", created_at__gte=row.occurred_at
        )
        .using_db(connection)
        .exists()
    )
    if not linked_since:
        return False
    await (
        Account.filter(id=account.id).using_db(connection).update(fc_sub=None, certified_fields=[])
    )
    return True


async def _forget_since(
    account_id: UUID, since: datetime, now: datetime, connection: BaseDBAsyncClient
) -> None:
    """What an intruder could still use: browsers first seen since the event (their next
    sign-in is e-mailed again), pending codes (a reset code sent to their address would lift
    the block), and the other links of events since then (sent perhaps to their address; what
    they would undo is undone here already)."""
    await (
        KnownDevice.filter(account_id=account_id, first_seen_at__gte=since)
        .using_db(connection)
        .delete()
    )
    await (
        CodeFlow.filter(account_id=account_id, completed_at=None)
        .using_db(connection)
        .update(completed_at=now)
    )
    await (
        SecurityEventLink.filter(account_id=account_id, used_at=None, occurred_at__gte=since)
        .using_db(connection)
        .update(used_at=now)
    )


async def _send_reset_code(email: str, client_ip: str) -> password_reset.ResetRequested | None:
    """The forgotten-password code, so a new password can be chosen at once; a limit only
    delays it (the person asks again on /mot-de-passe-oublie)."""
    try:
        return await password_reset.request_password_reset(email, client_ip)
    except (RateLimited, InvalidInput):
        return None


# --- sign-ins from a new browser ----------------------------------------------------------


def browser_digest(browser_binding: str) -> str:
    return _digest(browser_binding)


async def note_sign_in(
    account_id: UUID, browser_binding: str, *, user_agent: str, client_ip: str
) -> None:
    """Called before the session opens: a browser never seen on the account is recorded and
    the owner told ("Nouvelle connexion…", with a link); a known one only refreshes its
    last-seen time. The account's very first sign-in (the one that ends the sign-up) records
    its browser silently: nobody needs to hear about the sign-up they just did."""
    if not browser_binding or len(browser_binding) > TOKEN_MAX_LENGTH:
        return
    digest = browser_digest(browser_binding)
    now = clock.now()
    if await KnownDevice.filter(account_id=account_id, browser_digest=digest).update(
        last_seen_at=now
    ):
        return
    first_sign_in = not await Session.exists(account_id=account_id)
    try:
        async with in_transaction() as connection:
            await KnownDevice.create(
                account_id=account_id,
                browser_digest=digest,
                first_seen_at=now,
                last_seen_at=now,
                using_db=connection,
            )
            if not first_sign_in:
                await _tell_new_device(account_id, now, client_ip, user_agent, connection)
    except IntegrityError:
        return  # the same browser's concurrent sign-in recorded it, and told the owner
    if not first_sign_in:
        outbox.wake_sender()


async def _tell_new_device(
    account_id: UUID,
    now: datetime,
    client_ip: str,
    user_agent: str,
    connection: BaseDBAsyncClient,
) -> None:
    account = await Account.get(id=account_id, using_db=connection)
    device = describe_device(user_agent) if user_agent else ""
    ip_prefix = truncate_ip(client_ip)
    url = await issue_link(
        account_id,
        SIGNED_IN_NEW_DEVICE,
        device=device,
        ip_prefix=ip_prefix,
        occurred_at=now,  # the browser's first_seen_at: securing forgets it
        connection=connection,
    )
    content = emails.new_device_sign_in(device, ip_prefix, now, url)
    await outbox.queue_email(account.email, content, connection, account_id=account_id)


async def exported(account_id: UUID) -> dict[str, list[dict[str, str | None]]]:
    """For the data export: the browsers this account was seen on (when, not which: only a
    digest of their random cookie is kept) and the "Ce n'était pas moi" links issued, with the
    event each one was about (never the token, whose digest alone is stored)."""
    browsers = await KnownDevice.filter(account_id=account_id).order_by("-last_seen_at")
    links = await SecurityEventLink.filter(account_id=account_id).order_by("-occurred_at")
    return {
        "known_browsers": [
            {
                "first_seen_at": browser.first_seen_at.isoformat(),
                "last_seen_at": browser.last_seen_at.isoformat(),
            }
            for browser in browsers
        ],
        "security_notices": [
            {
                "event": link.kind,
                "occurred_at": link.occurred_at.isoformat(),
                "device": link.device,
                "ip_prefix": link.ip_prefix,
                "previous_email": link.previous_email,
                "link_expires_at": link.expires_at.isoformat(),
                "link_used_at": link.used_at.isoformat() if link.used_at else None,
            }
            for link in links
        ],
    }
