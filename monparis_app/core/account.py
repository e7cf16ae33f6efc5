""" "Gérer vos données personnelles": what a signed-in person can see and change of their account.

Fields certified by FranceConnect are shown but cannot be edited by hand. The login e-mail
changes only once a code sent to the new address is entered; the old address is told. The
password changes only with the current one. Export gives everything we hold (RGPD right of
access); deletion erases it and says goodbye by e-mail.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from monparis_app.core import audit, clock, code_checks, emails, outbox, rate_limits, sessions
from monparis_app.core.errors import FieldError, InvalidInput
from monparis_app.core.identity_fields import (
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_sex,
)
from monparis_app.core.password_hashing import hash_password, verify_password
from monparis_app.core.registration import check_new_password
from monparis_app.core.verification_codes import new_code, normalize_code
from monparis_app.models import (
    Account,
    AuditEvent,
    CodeFlow,
    CodeFlowPurpose,
    OutboxEmail,
    RegistrationFlow,
    Session,
)
from monparis_app.settings import get_settings

EDITABLE_FIELDS = (
    "sex",
    "first_names",
    "birth_name",
    "usage_name",
    "birth_date",
    "birth_place",
    "birth_country",
    "phone",
    "address_line",
    "address_postcode",
    "address_city",
    "address_country",
)
FREE_TEXT_MAX = 200
_EMAIL_PURPOSE = "email-change-code"
DELETE_CONFIRMATION = "SUPPRIMER"


@dataclass(frozen=True)
class Profile:
    id: UUID
    email: str
    sex: str
    first_names: str
    birth_name: str
    usage_name: str | None
    birth_date: date | None
    birth_place: str | None
    birth_country: str | None
    phone: str | None
    address_line: str | None
    address_postcode: str | None
    address_city: str | None
    address_country: str | None
    certified_fields: list[str] = field(default_factory=list)
    has_password: bool = True
    franceconnect_linked: bool = False
    password_changed_at: datetime | None = None
    created_at: datetime | None = None


def _profile(account: Account) -> Profile:
    return Profile(
        id=account.id,
        email=account.email,
        sex=account.sex,
        first_names=account.first_names,
        birth_name=account.birth_name,
        usage_name=account.usage_name,
        birth_date=account.birth_date,
        birth_place=account.birth_place,
        birth_country=account.birth_country,
        phone=account.phone,
        address_line=account.address_line,
        address_postcode=account.address_postcode,
        address_city=account.address_city,
        address_country=account.address_country,
        certified_fields=list(account.certified_fields or []),
        has_password=bool(account.password_hash),
        franceconnect_linked=bool(account.fc_sub),
        password_changed_at=account.password_changed_at,
        created_at=account.created_at,
    )


async def get_profile(account_id: UUID) -> Profile | None:
    account = await Account.get_or_none(id=account_id)
    return _profile(account) if account else None


# --- profile ------------------------------------------------------------------------------


def _optional_text(value: str, field_name: str, max_length: int = FREE_TEXT_MAX) -> str | None:
    cleaned = " ".join(value.split())
    if len(cleaned) > max_length or any(ord(c) < 32 for c in value):
        raise InvalidInput([FieldError(field_name, f"{field_name}.invalid")])
    return cleaned or None


def _birth_date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput([FieldError("birth_date", "birth_date.invalid")]) from None
    if not date(1900, 1, 1) <= parsed <= clock.now().date():
        raise InvalidInput([FieldError("birth_date", "birth_date.invalid")])
    return parsed


def _normalize_profile_field(name: str, value: str) -> Any:
    match name:
        case "sex":
            return normalize_sex(value)
        case "first_names":
            return normalize_name(value, "first_name")
        case "birth_name":
            return normalize_name(value, "last_name")
        case "usage_name":
            return normalize_name(value, "usage_name") if value.strip() else None
        case "birth_date":
            return _birth_date(value)
        case "phone":
            return normalize_phone(value)
        case "address_postcode":
            return _optional_text(value, name, 10)
        case _:
            return _optional_text(value, name)


async def update_profile(
    account_id: UUID, changes: dict[str, str], *, client_ip: str = "", user_agent: str = ""
) -> Profile:
    """Apply every change or none; certified fields are refused, each error tied to its field."""
    account = await Account.get(id=account_id)
    certified = set(account.certified_fields or [])
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    for name, raw in changes.items():
        if name not in EDITABLE_FIELDS:
            errors.append(FieldError(name, "profile.unknown_field"))
        elif name in certified:
            errors.append(FieldError(name, "profile.certified"))
        else:
            try:
                values[name] = _normalize_profile_field(name, raw if isinstance(raw, str) else "")
            except InvalidInput as invalid:
                errors += [FieldError(name, e.code) for e in invalid.errors]
    if errors:
        raise InvalidInput(errors)
    changed = {k: v for k, v in values.items() if getattr(account, k) != v}
    if changed:
        async with in_transaction() as connection:
            await Account.filter(id=account_id).using_db(connection).update(**changed)
            await audit.record(
                account_id,
                "profile_updated",
                client_ip=client_ip,
                user_agent=user_agent,
                connection=connection,
            )
        await account.refresh_from_db()
    return _profile(account)


# --- password -----------------------------------------------------------------------------


async def change_password(
    account_id: UUID,
    current: str,
    new: str,
    confirmation: str,
    *,
    keep_session_id: UUID | None,
    client_ip: str = "",
    user_agent: str = "",
) -> None:
    """Raises ``InvalidInput``; on success other sessions end and the owner is told."""
    account = await Account.get(id=account_id)
    errors: list[FieldError] = []
    if not account.password_hash or not await verify_password(
        account.password_hash, current[:1024]
    ):
        errors.append(FieldError("current_password", "current_password.invalid"))
    errors += check_new_password(
        new, confirmation, [account.first_names, account.birth_name, account.email]
    )
    if errors:
        raise InvalidInput(errors)
    password_hash = await hash_password(new)
    async with in_transaction() as connection:
        await (
            Account.filter(id=account_id)
            .using_db(connection)
            .update(password_hash=password_hash, password_changed_at=clock.now())
        )
        await outbox.queue_email(
            account.email, emails.password_changed(), connection, account_id=account.id
        )
        await audit.record(
            account_id,
            "password_changed",
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
    outbox.wake_sender()
    await sessions.revoke_all_sessions(account_id, except_session_id=keep_session_id)


# --- login e-mail -------------------------------------------------------------------------


@dataclass(frozen=True)
class EmailChangePending:
    flow_id: UUID
    new_email: str


async def request_email_change(
    account_id: UUID, new_email: str, client_ip: str
) -> EmailChangePending:
    """A code goes to the new address; the old one stays the login until it is entered.

    A taken address gets the same answer (and a notice instead of a code), so this cannot be
    used to find out who has an account.
    """
    settings = get_settings()
    await rate_limits.hit_per_ip("email-change", client_ip, settings.rate_limit_resend)
    address = normalize_email(new_email, "new_email")
    account = await Account.get(id=account_id)
    if address == account.email:
        raise InvalidInput([FieldError("new_email", "new_email.same")])
    await code_checks.spend_address_budget(code_checks.Budget.EMAIL_CHANGE, address, client_ip)
    taken = await Account.exists(email=address)
    async with in_transaction() as connection:
        flow, code = await code_checks.start_code_flow(
            CodeFlowPurpose.EMAIL_CHANGE,
            _EMAIL_PURPOSE,
            account_id=account_id,
            email=address,
            sendable=not taken,
            connection=connection,
        )
        content = (
            emails.email_change_on_taken_address()
            if taken
            else emails.email_change_code(code, code_checks.code_ttl_minutes())
        )
        # The code belongs to the account changing its e-mail; a notice to a taken address
        # belongs to that address's owner (this export must not reveal that it has an account).
        owner = await outbox.owner_of(address, connection) if taken else account_id
        await outbox.queue_email(address, content, connection, account_id=owner)
    outbox.wake_sender()
    return EmailChangePending(flow.id, address)


async def resend_email_change_code(account_id: UUID, flow_id: str, client_ip: str) -> bool:
    """A new code replaces the old one (same throttle and caps as sign-up); False when the
    request is over or used all its sends. Raises ``RateLimited`` while throttled."""
    await rate_limits.hit_per_ip("resend", client_ip, get_settings().rate_limit_resend)
    flow = await _live_email_flow(account_id, flow_id)
    if flow is None or not code_checks.check_resend_allowed(flow):
        return False
    taken = await Account.exists(email=flow.email)
    code = new_code()
    async with in_transaction() as connection:
        digest = code_checks.digest_for(_EMAIL_PURPOSE, flow.id, code, not taken)
        await code_checks.store_new_code(
            CodeFlow,
            flow,
            digest,
            connection,
            budget=code_checks.Budget.EMAIL_CHANGE,
            client_ip=client_ip,
            completed_at=None,
        )
        content = (
            emails.email_change_on_taken_address()
            if taken
            else emails.email_change_code(code, code_checks.code_ttl_minutes())
        )
        owner = await outbox.owner_of(flow.email, connection) if taken else account_id
        await outbox.queue_email(flow.email, content, connection, account_id=owner)
    outbox.wake_sender()
    return True


async def _live_email_flow(account_id: UUID, flow_id: str) -> CodeFlow | None:
    try:
        uuid_ = UUID(str(flow_id))
    except ValueError:
        return None
    flow = await CodeFlow.get_or_none(
        id=uuid_, account_id=account_id, purpose=CodeFlowPurpose.EMAIL_CHANGE, completed_at=None
    )
    if flow is None or clock.now() >= flow.expires_at:
        return None
    return flow


async def confirm_email_change(
    account_id: UUID, flow_id: str, code: str, *, client_ip: str = "", user_agent: str = ""
) -> str | None:
    """The new login e-mail, or None when the flow is over. Raises ``InvalidInput`` with
    code.format / code.invalid / code.expired / code.too_many_attempts on the ``code`` field."""
    await rate_limits.hit_per_ip("verify", client_ip, get_settings().rate_limit_verify)
    candidate = normalize_code(code)
    if candidate is None:
        raise InvalidInput(
            [FieldError("code", "code.required" if not code.strip() else "code.format")]
        )
    flow = await _live_email_flow(account_id, flow_id)
    if flow is None:
        return None
    verdict = await code_checks.judge(CodeFlow, flow, _EMAIL_PURPOSE, candidate)
    if verdict != code_checks.Verdict.RIGHT:
        codes = {
            code_checks.Verdict.EXPIRED: "code.expired",
            code_checks.Verdict.BURNT: "code.too_many_attempts",
        }
        raise InvalidInput([FieldError("code", codes.get(verdict, "code.invalid"))])
    return await _switch_email(flow, client_ip, user_agent)


async def _switch_email(flow: CodeFlow, client_ip: str, user_agent: str) -> str | None:
    assert flow.account_id is not None
    account = await Account.get(id=flow.account_id)
    old_email = account.email
    try:
        async with in_transaction() as connection:
            claimed = (
                await CodeFlow.filter(id=flow.id, completed_at=None)
                .using_db(connection)
                .update(completed_at=clock.now())
            )
            if not claimed:
                return None
            await Account.filter(id=account.id).using_db(connection).update(email=flow.email)
            await outbox.queue_email(
                old_email, emails.email_changed(flow.email), connection, account_id=account.id
            )
            await audit.record(
                account.id,
                "email_changed",
                client_ip=client_ip,
                user_agent=user_agent,
                connection=connection,
            )
    except IntegrityError:
        return None
    outbox.wake_sender()
    return flow.email


# --- export and deletion ------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


async def export_data(
    account_id: UUID, *, client_ip: str = "", user_agent: str = ""
) -> dict[str, Any]:
    """Everything we hold about the person (RGPD right of access), as plain JSON values."""
    account = await Account.get(id=account_id)
    await audit.record(account_id, "data_exported", client_ip=client_ip, user_agent=user_agent)
    profile = {k: _jsonable(v) for k, v in asdict(_profile(account)).items()}
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
                "label": audit.EVENT_LABELS.get(e.kind, e.kind),
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
    }


async def delete_account(account_id: UUID, password: str, confirmation: str) -> None:
    """Raises ``InvalidInput``; erases the account and all that hangs on it, says goodbye."""
    account = await Account.get(id=account_id)
    errors: list[FieldError] = []
    if account.password_hash and not await verify_password(account.password_hash, password[:1024]):
        errors.append(FieldError("password", "current_password.invalid"))
    if confirmation.strip().upper() != DELETE_CONFIRMATION:
        errors.append(FieldError("confirmation", "delete.confirmation"))
    if errors:
        raise InvalidInput(errors)
    async with in_transaction() as connection:
        await Session.filter(account_id=account_id).using_db(connection).delete()
        await AuditEvent.filter(account_id=account_id).using_db(connection).delete()
        await CodeFlow.filter(account_id=account_id).using_db(connection).delete()
        await RegistrationFlow.filter(account_id=account_id).using_db(connection).delete()
        await outbox.forget_account(account_id, account.email, connection)
        await Account.filter(id=account_id).using_db(connection).delete()
        # Owned by no one: the account is gone; the retention purge removes it once sent.
        await outbox.queue_email(
            account.email, emails.account_deleted(), connection, account_id=None
        )
    outbox.wake_sender()
