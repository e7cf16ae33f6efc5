"""Sign-up by e-mail code: the four steps of the guide, as one persisted flow.

1. ``start_registration`` checks every field, the captcha and the limits, hashes the password,
   stores a pending flow and queues the 4-digit code e-mail in the same transaction.
2. The person reads the code (``resend_code`` sends a new one, throttled and capped).
3. ``verify_code`` checks it: 3 wrong tries burn it, it expires after 10 minutes.
4. On the right code the account is created, atomically, and a confirmation e-mail is queued.

An address that already has an account goes through the very same steps and answers; its owner
gets a warning e-mail instead of a code, so nothing tells a stranger that the account exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from monparis_app.core import audit, clock, code_checks, emails, metrics, outbox, rate_limits
from monparis_app.core.captcha import consume_answer
from monparis_app.core.errors import FieldError, InvalidInput
from monparis_app.core.identity_fields import (
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_sex,
)
from monparis_app.core.password_hashing import hash_password
from monparis_app.core.password_policy import (
    check_confirmation_field,
    check_new_password,
    check_password,
)
from monparis_app.core.registration_results import (
    AccountCreated,
    CodeExpired,
    CodeReplaced,
    FlowCompleted,
    FlowExpired,
    FlowStatus,
    FlowView,
    InvalidCode,
    ResendLimitReached,
    ResendOutcome,
    TooManyAttempts,
    VerifyOutcome,
)
from monparis_app.core.verification_codes import new_code
from monparis_app.models import Account, RegistrationFlow, RegistrationState
from monparis_app.settings import get_settings

_CODE_PURPOSE = "registration-code"


@dataclass(frozen=True)
class RegistrationForm:
    """What the person typed, untouched; the core normalises and checks it."""

    sex: str
    first_name: str
    last_name: str
    email: str
    phone: str | None
    password: str
    password_confirmation: str
    accept_terms: bool
    captcha_id: str
    captcha_answer: str


@dataclass(frozen=True)
class Identity:
    sex: str
    first_names: str
    birth_name: str
    email: str
    phone: str | None


# --- Step 1: the form ---------------------------------------------------------------------


def check_identity(form: RegistrationForm) -> tuple[Identity | None, list[FieldError]]:
    """Every field rule at once, so the person sees all their errors in one go.

    The captcha is only checked for presence here (its answer is judged once, by
    ``start_registration``, which burns the challenge).
    """
    errors: list[FieldError] = []

    def field(normalize: Callable[..., Any], *args: Any) -> Any:
        try:
            return normalize(*args)
        except InvalidInput as invalid:
            errors.extend(invalid.errors)
            return None

    sex = field(normalize_sex, form.sex)
    first_names = field(normalize_name, form.first_name, "first_name")
    birth_name = field(normalize_name, form.last_name, "last_name")
    email = field(normalize_email, form.email)
    phone = field(normalize_phone, form.phone)
    errors += check_new_password(
        form.password, form.password_confirmation, [form.first_name, form.last_name, form.email]
    )
    errors += check_terms(form.accept_terms)
    errors += check_captcha_answer(form.captcha_answer)
    if errors:
        return None, errors
    return Identity(sex, first_names, birth_name, email, phone), []


def check_terms(accepted: bool) -> list[FieldError]:
    return [] if accepted else [FieldError("accept_terms", "accept_terms.required")]


def check_captcha_answer(answer: str) -> list[FieldError]:
    """Only whether an answer was typed: whether it is right is known once, when it is used."""
    return [] if answer.strip() else [FieldError("captcha", "captcha.required")]


_SINGLE_FIELD_CHECKS: dict[str, Callable[[str], Any]] = {
    "sex": normalize_sex,
    "first_name": lambda value: normalize_name(value, "first_name"),
    "last_name": lambda value: normalize_name(value, "last_name"),
    "email": normalize_email,
    "phone": normalize_phone,
    "accept_terms": lambda value: _raise_all(check_terms(value == "true")),
    "captcha": lambda value: _raise_all(check_captcha_answer(value)),
}


def _raise_all(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(errors)


def check_field(
    field: str, value: str, personal_info: list[str] | None = None, *, password: str = ""
) -> list[FieldError]:
    """The rules of one field, for a page that judges a field again as the person changes or
    leaves it: the very rules ``check_identity`` applies at submit.

    ``accept_terms`` is ``"true"`` when ticked; ``password_confirmation`` is judged against
    ``password`` (the other field's value, never kept anywhere).
    """
    if field == "password":
        if not value:
            return [FieldError("password", "password.required")]
        return check_password(value, personal_info or [])
    if field == "password_confirmation":
        return check_confirmation_field(password, value)
    check = _SINGLE_FIELD_CHECKS.get(field)
    if check is None:
        return []
    try:
        check(value)
    except InvalidInput as invalid:
        return invalid.errors
    return []


async def start_registration(form: RegistrationForm, client_ip: str) -> FlowView:
    """Step 1 → 2. Raises ``InvalidInput`` (nothing stored) or ``RateLimited``.

    The captcha is judged with the other fields, so one answer lists every error, the
    captcha's included. A typed answer is used up by this attempt whatever else is wrong (a
    challenge answers once, so a script cannot try answers against it): the page shows a new
    one with the errors.
    """
    settings = get_settings()
    await rate_limits.hit_per_ip("register", client_ip, settings.rate_limit_register)
    identity, errors = check_identity(form)
    if form.captcha_answer.strip() and not await consume_answer(
        form.captcha_id, form.captcha_answer
    ):
        errors.append(FieldError("captcha", "captcha.invalid"))
    if identity is None or errors:
        raise InvalidInput(errors)
    await code_checks.spend_address_budget(
        code_checks.Budget.REGISTRATION, identity.email, client_ip
    )
    password_hash = await hash_password(form.password)
    return await _store_flow(identity, password_hash)


async def _store_flow(identity: Identity, password_hash: str) -> FlowView:
    settings = get_settings()
    now = clock.now()
    flow_id = uuid.uuid4()
    email_taken = await Account.exists(email=identity.email)
    code = new_code()
    async with in_transaction() as connection:
        flow = await RegistrationFlow.create(
            id=flow_id,
            email=identity.email,
            email_taken=email_taken,
            sex=identity.sex,
            first_names=identity.first_names,
            birth_name=identity.birth_name,
            phone=identity.phone,
            password_hash=password_hash,
            code_digest=code_checks.digest_for(_CODE_PURPOSE, flow_id, code, not email_taken),
            code_expires_at=now + timedelta(seconds=settings.code_ttl_seconds),
            last_sent_at=now,
            expires_at=now + timedelta(seconds=settings.flow_ttl_seconds),
            using_db=connection,
        )
        await outbox.queue_email(
            identity.email,
            _code_email(code, email_taken),
            connection,
            account_id=await outbox.owner_of(identity.email, connection),
        )
    outbox.wake_sender()
    metrics.count(metrics.SIGNUP_STARTED)
    return _view(flow)


def _code_email(code: str, email_taken: bool) -> emails.EmailContent:
    if email_taken:
        return emails.registration_attempt_on_existing_account()
    return emails.registration_code(code, code_checks.code_ttl_minutes())


# --- Steps 2-3: the code ------------------------------------------------------------------


async def verify_code(flow_id: str, code: str, client_ip: str) -> VerifyOutcome:
    """Step 3 → 4. Raises ``InvalidInput`` for a malformed code (not counted as a try)."""
    settings = get_settings()
    await rate_limits.hit_per_ip("verify", client_ip, settings.rate_limit_verify)
    candidate, malformed = code_checks.parse_candidate(code)
    if candidate is None:
        raise InvalidInput(malformed)
    flow = await _live_flow(flow_id)
    if not isinstance(flow, RegistrationFlow):
        return flow
    verdict = await code_checks.judge(RegistrationFlow, flow, _CODE_PURPOSE, candidate)
    if verdict == code_checks.Verdict.RIGHT:
        return await _create_account(flow)
    # A concurrent right code may have ended the flow meanwhile: say so, not "too many".
    ended = await _live_flow(flow_id)
    if not isinstance(ended, RegistrationFlow):
        return ended
    return _refused(verdict, flow)


def _refused(
    verdict: code_checks.Verdict, flow: RegistrationFlow
) -> InvalidCode | CodeReplaced | CodeExpired | TooManyAttempts:
    """The shared ``CodeRefused``, as the kind sign-up names (with the flow where it helps)."""
    left = code_checks.attempts_left(flow)
    match verdict:
        case code_checks.Verdict.WRONG:
            return InvalidCode(attempts_left=left)
        case code_checks.Verdict.REPLACED:
            return CodeReplaced(attempts_left=left)
        case code_checks.Verdict.EXPIRED:
            return CodeExpired(attempts_left=left, flow=_view(flow))
        case _:
            return TooManyAttempts(attempts_left=left, flow=_view(flow))


async def _create_account(flow: RegistrationFlow) -> AccountCreated | FlowCompleted | FlowExpired:
    """Exactly one account per flow, even when two tabs send the right code at once.

    The flow is claimed by a conditional update inside the transaction; only the request that
    flipped it from pending creates the account. The unique e-mail index is the last guard.
    """
    now = clock.now()
    try:
        async with in_transaction() as connection:
            claimed = (
                await RegistrationFlow.filter(id=flow.id, state=RegistrationState.PENDING)
                .using_db(connection)
                .update(state=RegistrationState.COMPLETED, completed_at=now, password_hash="")
            )
            if not claimed:
                return FlowCompleted()
            account = await Account.create(
                email=flow.email,
                sex=flow.sex,
                first_names=flow.first_names,
                birth_name=flow.birth_name,
                phone=flow.phone,
                password_hash=flow.password_hash,
                password_changed_at=now,
                terms_accepted_at=flow.created_at,
                using_db=connection,
            )
            await (
                RegistrationFlow.filter(id=flow.id)
                .using_db(connection)
                .update(account_id=account.id)
            )
            await outbox.queue_email(
                account.email,
                emails.account_created(account.first_names),
                connection,
                account_id=account.id,
            )
            await audit.record(account.id, "created", connection=connection)
    except IntegrityError:
        # The address got an account through another flow meanwhile.
        await RegistrationFlow.filter(id=flow.id).update(state=RegistrationState.CANCELLED)
        return FlowExpired()
    outbox.wake_sender()
    metrics.count(metrics.SIGNUP_COMPLETED)
    return AccountCreated(account.id, account.email, account.first_names)


async def resend_code(flow_id: str, client_ip: str) -> ResendOutcome:
    """A new code replaces the old one: throttled per flow, capped per flow and per address."""
    await rate_limits.hit_per_ip("resend", client_ip, get_settings().rate_limit_resend)
    flow = await _live_flow(flow_id)
    if not isinstance(flow, RegistrationFlow):
        return flow
    if not code_checks.check_resend_allowed(flow):
        return ResendLimitReached()
    code = new_code()
    async with in_transaction() as connection:
        digest = code_checks.digest_for(_CODE_PURPOSE, flow.id, code, not flow.email_taken)
        await code_checks.store_new_code(
            RegistrationFlow,
            flow,
            digest,
            connection,
            budget=code_checks.Budget.REGISTRATION,
            client_ip=client_ip,
            state=RegistrationState.PENDING,
        )
        await outbox.queue_email(
            flow.email,
            _code_email(code, flow.email_taken),
            connection,
            account_id=await outbox.owner_of(flow.email, connection),
        )
    outbox.wake_sender()
    await flow.refresh_from_db()
    return _view(flow)


async def cancel_registration(flow_id: str) -> None:
    """ "Annuler": the flow ends here, its data is dropped with it."""
    uuid_ = _parse_id(flow_id)
    if uuid_ is not None:
        await RegistrationFlow.filter(id=uuid_, state=RegistrationState.PENDING).delete()


async def get_flow(flow_id: str) -> FlowView | None:
    uuid_ = _parse_id(flow_id)
    flow = await RegistrationFlow.get_or_none(id=uuid_) if uuid_ else None
    return _view(flow) if flow else None


async def purge_expired_flows() -> int:
    """Expired flows hold a password hash and personal data: delete them, they serve nobody."""
    return await RegistrationFlow.filter(expires_at__lte=clock.now()).delete()


# --- helpers ------------------------------------------------------------------------------


def _parse_id(flow_id: str) -> UUID | None:
    try:
        return UUID(str(flow_id))
    except ValueError:
        return None


async def _live_flow(flow_id: str) -> RegistrationFlow | FlowExpired | FlowCompleted:
    uuid_ = _parse_id(flow_id)
    flow = await RegistrationFlow.get_or_none(id=uuid_) if uuid_ else None
    if flow is None or flow.state == RegistrationState.CANCELLED or clock.now() >= flow.expires_at:
        return FlowExpired()
    if flow.state == RegistrationState.COMPLETED:
        return FlowCompleted()
    return flow


def _status(flow: RegistrationFlow) -> FlowStatus:
    if flow.state == RegistrationState.COMPLETED:
        return FlowStatus.COMPLETED
    if flow.state == RegistrationState.CANCELLED:
        return FlowStatus.CANCELLED
    return FlowStatus.EXPIRED if clock.now() >= flow.expires_at else FlowStatus.PENDING


def _view(flow: RegistrationFlow) -> FlowView:
    return FlowView(
        id=flow.id,
        status=_status(flow),
        email=flow.email,
        code_expires_at=flow.code_expires_at,
        next_resend_at=code_checks.next_send_at(flow),
        sends_left=code_checks.sends_left(flow),
        attempts_left=code_checks.attempts_left(flow),
        expires_at=flow.expires_at,
    )


__all__ = [
    "AccountCreated",
    "CodeExpired",
    "CodeReplaced",
    "FlowCompleted",
    "FlowExpired",
    "FlowStatus",
    "FlowView",
    "Identity",
    "InvalidCode",
    "RegistrationForm",
    "ResendLimitReached",
    "ResendOutcome",
    "TooManyAttempts",
    "VerifyOutcome",
    "cancel_registration",
    "check_captcha_answer",
    "check_field",
    "check_identity",
    "check_new_password",
    "check_terms",
    "get_flow",
    "purge_expired_flows",
    "resend_code",
    "start_registration",
    "verify_code",
]
