"""The person's rights over their data (RGPD): a copy of everything we hold, and erasure.

Export gives the profile, sessions, activity, the e-mails sent (owned by the account even when
sent to an earlier login address), the City services it allowed (never their tokens), its
passkeys (never their keys), the browsers it was seen on and the security notices sent.
Deletion erases the account and all that hangs on it, the services' consents, codes and tokens,
the passkeys, the known browsers and the notices' links included, in one transaction, and says
goodbye by e-mail.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from monparis_app.core import (
    audit,
    clock,
    current_password,
    emails,
    outbox,
    passkeys,
    security_events,
)
from monparis_app.core.errors import FieldError, InvalidInput
from monparis_app.core.oidc_provider import store as oidc_store
from monparis_app.core.oidc_provider.clients import find_client
from monparis_app.core.profile import profile_of
from monparis_app.models import (
    Account,
    AuditEvent,
    CodeFlow,
    OidcAuthorizationCode,
    OidcConsent,
    OidcToken,
    OutboxEmail,
    RegistrationFlow,
    Session,
)

# Typed exactly, in capitals, as the page asks: a deliberate act, not a slip of the keyboard.
DELETE_CONFIRMATION = "SUPPRIMER"


def confirmation_refusal(confirmation: str) -> FieldError | None:
    """None when the word typed is exactly ``DELETE_CONFIRMATION`` (spaces around it are
    forgiven, lower case is not: the message asks for capitals). The one place of this rule:
    the page checks it before asking "are you sure?", and ``delete_account`` again."""
    if confirmation.strip() == DELETE_CONFIRMATION:
        return None
    return FieldError("confirmation", "delete.confirmation")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


async def _connected_services(account_id: UUID) -> list[dict[str, Any]]:
    """Every consent held, a service since removed from the configuration included (by its
    id): the right of access covers what we keep, not only what a service can still use. The
    tokens are secrets of the services and are left out."""
    rows = await oidc_store.consents_of(account_id)
    services = []
    for row in rows:
        client = find_client(row.client_id)
        services.append(
            {
                "name": client.name if client else row.client_id,
                "scopes": [scope for scope in row.scope.split() if scope != "openid"],
                "granted_at": _jsonable(row.granted_at),
                "last_used_at": _jsonable(row.last_used_at),
            }
        )
    return services


async def export_data(
    account_id: UUID, *, client_ip: str = "", user_agent: str = ""
) -> dict[str, Any]:
    """Everything we hold about the person (RGPD right of access), as plain JSON values."""
    account = await Account.get(id=account_id)
    await audit.record(account_id, "data_exported", client_ip=client_ip, user_agent=user_agent)
    profile = {k: _jsonable(v) for k, v in asdict(profile_of(account)).items()}
    session_rows = await Session.filter(account_id=account_id).order_by("-created_at")
    events = await AuditEvent.filter(account_id=account_id).order_by("-created_at")
    # By owner, not by address: e-mails sent to an earlier login address are listed too.
    mails = await OutboxEmail.filter(outbox.belonging_to(account_id, account.email)).order_by("-id")
    return {
        "format": "monparis-export-1",
        "exported_at": clock.now().isoformat(),
        "account": profile,
        "terms_accepted_at": _jsonable(account.terms_accepted_at),
        "sessions": [
            {
                "created_at": _jsonable(s.created_at),
                "last_seen_at": _jsonable(s.last_seen_at),
                "device": s.device,
                "ip_prefix": s.ip_prefix,
                "ended_at": _jsonable(s.revoked_at),
            }
            for s in session_rows
        ],
        "activity": [
            {
                "event": e.kind,
                # With its detail, as the activity card reads it: "Données transmises à …".
                "label": " ".join(filter(None, (audit.EVENT_LABELS.get(e.kind, e.kind), e.detail))),
                "at": _jsonable(e.created_at),
                "device": e.device,
                "ip_prefix": e.ip_prefix,
            }
            for e in events
        ],
        "emails_sent": [
            {
                "subject": m.subject,
                "to": m.recipient,
                "queued_at": _jsonable(m.created_at),
                "sent_at": _jsonable(m.sent_at),
                "text": m.text_body,
            }
            for m in mails
        ],
        "services_connectes": await _connected_services(account_id),
        "passkeys": await passkeys.exported(account_id),
        **await security_events.exported(account_id),
    }


async def delete_account(account_id: UUID, password: str, confirmation: str) -> None:
    """Raises ``InvalidInput``; erases the account and all that hangs on it, says goodbye."""
    account = await Account.get(id=account_id)
    errors: list[FieldError] = []
    if wrong := await current_password.refusal(account, password, "password"):
        errors.append(wrong)
    if wrong_word := confirmation_refusal(confirmation):
        errors.append(wrong_word)
    if errors:
        raise InvalidInput(errors)
    async with in_transaction() as connection:
        await Session.filter(account_id=account_id).using_db(connection).delete()
        for oidc_rows in (OidcToken, OidcAuthorizationCode, OidcConsent):
            await oidc_rows.filter(account_id=account_id).using_db(connection).delete()
        await AuditEvent.filter(account_id=account_id).using_db(connection).delete()
        await CodeFlow.filter(account_id=account_id).using_db(connection).delete()
        await RegistrationFlow.filter(account_id=account_id).using_db(connection).delete()
        await passkeys.forget_account(account_id, connection)
        await outbox.forget_account(account_id, account.email, connection)
        await Account.filter(id=account_id).using_db(connection).delete()
        # Owned by no one: the account is gone; the retention purge removes it once sent.
        await outbox.queue_email(
            account.email, emails.account_deleted(), connection, account_id=None
        )
    outbox.wake_sender()
