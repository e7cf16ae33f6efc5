"""Passkeys ("clés d’accès"): WebAuthn credentials to sign in without a password.

Every WebAuthn step (options, attestation and assertion checks, CBOR, COSE, signatures) is
py_webauthn's; this module only decides what the service accepts:

- the relying party is the public URL (``settings.base_url``): its host name is the rp id and
  the URL itself the only origin accepted, so a response made for another site is refused;
- user verification is required (the passkey is a whole sign-in, not a second factor), the
  credential is discoverable (no e-mail typed) and no attestation is asked;
- each challenge is stored server-side, bound to its purpose (registration for one account,
  or sign-in), lives ``CHALLENGE_TTL_SECONDS`` and is claimed once by an atomic update whose
  row count decides: a response replayed, raced or late is refused;
- adding a passkey asks a recent proof (the current password, or for an account without one a
  session opened less than ``RECENT_SESSION_SECONDS`` ago); an account holds at most
  ``MAX_PASSKEYS``, and the last way to sign in cannot be removed;
- a signature counter that does not increase (when either value is non-zero) means a cloned
  authenticator: the sign-in is refused and logged.

Additions, uses, renamings and removals go to the audit log; additions and removals are also
told by e-mail, in the transaction that makes them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit
from uuid import UUID
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorSelectionCriteria,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from monparis_app.core import (
    audit,
    clock,
    current_password,
    emails,
    outbox,
    rate_limits,
    security_events,
)
from monparis_app.models import Account, Passkey, PasskeyChallenge
from monparis_app.settings import get_settings

logger = logging.getLogger("monparis.passkeys")

MAX_PASSKEYS = 10
CHALLENGE_TTL_SECONDS = 300
# An account without a password proves a recent sign-in instead (FranceConnect, minutes ago).
RECENT_SESSION_SECONDS = 300
NAME_MAX_LENGTH = 64
# A browser's response is a few kilobytes; anything far bigger is not parsed at all.
CREDENTIAL_MAX_LENGTH = 64 * 1024
RP_NAME = "Mon Paris"
PARIS = ZoneInfo("Europe/Paris")

REGISTRATION = "registration"
AUTHENTICATION = "authentication"


class Refusal(StrEnum):
    """Every refusal of the passkey journeys; the message catalogue has a sentence for each."""

    CHALLENGE_INVALID = "passkey.challenge_invalid"
    CHALLENGE_EXPIRED = "passkey.challenge_expired"
    INVALID_RESPONSE = "passkey.invalid_response"
    UNKNOWN_CREDENTIAL = "passkey.unknown_credential"
    CLONED_AUTHENTICATOR = "passkey.cloned_authenticator"
    ALREADY_REGISTERED = "passkey.already_registered"
    TOO_MANY = "passkey.too_many"
    RECENT_SIGN_IN_REQUIRED = "passkey.recent_sign_in_required"
    NOT_FOUND = "passkey.not_found"
    LAST_SIGN_IN_METHOD = "passkey.last_sign_in_method"
    NAME_REQUIRED = "passkey.name_required"
    NAME_TOO_LONG = "passkey.name_too_long"


@dataclass(frozen=True)
class PasskeyRefused:
    """``code``: a ``Refusal``, or a ``current_password.*`` code when ``field`` names the
    password input that was wrong."""

    code: str
    field: str | None = None


@dataclass(frozen=True)
class PasskeyView:
    """What the person sees of a passkey (public data only, never the key itself)."""

    id: UUID
    name: str
    credential_id: str
    created_at: datetime
    last_used_at: datetime | None
    backed_up: bool


@dataclass(frozen=True)
class RegistrationStart:
    """``options_json``: the ``publicKey`` options for ``navigator.credentials.create()``."""

    challenge_id: UUID
    options_json: str


@dataclass(frozen=True)
class AuthenticationStart:
    """``options_json``: the ``publicKey`` options for ``navigator.credentials.get()``."""

    challenge_id: UUID
    options_json: str


@dataclass(frozen=True)
class SignedInWithPasskey:
    account_id: UUID


def relying_party() -> tuple[str, str]:
    """(rp id, expected origin), both from the public URL: prod accepts only its own site."""
    base_url = get_settings().base_url
    return urlsplit(base_url).hostname or "localhost", base_url


def _view(row: Passkey) -> PasskeyView:
    return PasskeyView(
        row.id, row.name, row.credential_id, row.created_at, row.last_used_at, row.backup_state
    )


def default_name(at: datetime) -> str:
    return f"Clé d’accès du {at.astimezone(PARIS):%d/%m/%Y}"


def normalize_name(name: str | None) -> str | PasskeyRefused | None:
    """The name as stored (spaces collapsed, control characters dropped); None when blank."""
    cleaned = " ".join("".join(c for c in (name or "") if c.isprintable()).split())
    if not cleaned:
        return None
    if len(cleaned) > NAME_MAX_LENGTH:
        return PasskeyRefused(Refusal.NAME_TOO_LONG, "name")
    return cleaned


async def list_passkeys(account_id: UUID) -> list[PasskeyView]:
    rows = await Passkey.filter(account_id=account_id).order_by("created_at", "id")
    return [_view(row) for row in rows]


# --- registration -------------------------------------------------------------------------


async def start_registration(
    account_id: UUID, *, password: str | None, session_created_at: datetime
) -> RegistrationStart | PasskeyRefused:
    """Options to create a passkey, after a recent proof of who is asking.

    ``password``: the current password, required when the account has one (a check spends a
    try of the current-password budget). ``session_created_at``: when the caller's session
    was opened; an account without a password may add a passkey only within
    ``RECENT_SESSION_SECONDS`` of its sign-in.
    """
    account = await Account.get(id=account_id)
    if await Passkey.filter(account_id=account_id).count() >= MAX_PASSKEYS:
        return PasskeyRefused(Refusal.TOO_MANY)
    if proof_refused := await _proof_refusal(account, password, session_created_at):
        return proof_refused
    rp_id, _origin = relying_party()
    existing = await Passkey.filter(account_id=account_id).values_list("credential_id", flat=True)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        # The user handle the authenticator keeps: the account id, which tells nothing.
        user_id=account.id.bytes,
        user_name=account.email,
        user_display_name=" ".join(filter(None, (account.first_names, account.birth_name))),
        timeout=CHALLENGE_TTL_SECONDS * 1000,
        attestation=AttestationConveyancePreference.NONE,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        # The same authenticator is not registered twice.
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(str(c))) for c in existing
        ],
    )
    challenge = await _store_challenge(options.challenge, REGISTRATION, account_id)
    return RegistrationStart(challenge.id, options_to_json(options))


async def _proof_refusal(
    account: Account, password: str | None, session_created_at: datetime
) -> PasskeyRefused | None:
    if account.password_hash:
        if password is None:
            return PasskeyRefused("current_password.invalid", "password")
        wrong = await current_password.refusal(account, password, "password")
        return PasskeyRefused(wrong.code, wrong.field) if wrong else None
    age = clock.now() - session_created_at
    if age > timedelta(seconds=RECENT_SESSION_SECONDS):
        return PasskeyRefused(Refusal.RECENT_SIGN_IN_REQUIRED)
    return None


async def finish_registration(
    account_id: UUID,
    challenge_id: UUID | str,
    credential_json: str,
    *,
    name: str | None = None,
    client_ip: str = "",
    user_agent: str = "",
) -> PasskeyView | PasskeyRefused:
    """Check the browser's ``PublicKeyCredential.toJSON()`` and keep the passkey.

    ``name`` blank: a dated default. A name refused is checked first and spends nothing, so the
    same response can be sent again with a shorter one; past that, the challenge is spent by
    this call whatever the outcome.
    """
    chosen = normalize_name(name)
    if isinstance(chosen, PasskeyRefused):
        return chosen
    challenge = await _claim(challenge_id, REGISTRATION, account_id)
    if isinstance(challenge, PasskeyRefused):
        return challenge
    rp_id, origin = relying_party()
    try:
        credential = parse_registration_credential_json(credential_json[:CREDENTIAL_MAX_LENGTH])
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge.challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError) as invalid:
        logger.info("Passkey registration refused: %s", invalid)
        return PasskeyRefused(Refusal.INVALID_RESPONSE)
    now = clock.now()
    row = Passkey(
        account_id=account_id,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[t.value for t in credential.response.transports or []],
        aaguid=verified.aaguid,
        backup_eligible=verified.credential_device_type == CredentialDeviceType.MULTI_DEVICE,
        backup_state=verified.credential_backed_up,
        name=chosen or default_name(now),
        created_at=now,
    )
    return await _keep(row, client_ip, user_agent)


async def _keep(row: Passkey, client_ip: str, user_agent: str) -> PasskeyView | PasskeyRefused:
    """Insert under the account's row lock, so parallel finishes never pass the limit."""
    try:
        async with in_transaction() as connection:
            account = await _locked_account(row.account_id, connection)
            if account is None:
                return PasskeyRefused(Refusal.CHALLENGE_INVALID)
            count = await Passkey.filter(account_id=row.account_id).using_db(connection).count()
            if count >= MAX_PASSKEYS:
                return PasskeyRefused(Refusal.TOO_MANY)
            if await Passkey.exists(credential_id=row.credential_id, using_db=connection):
                return PasskeyRefused(Refusal.ALREADY_REGISTERED)
            await row.save(using_db=connection)
            await _tell(
                account, "passkey_added", row.name, client_ip, user_agent, connection,
                added_at=row.created_at,
            )  # fmt: skip
    except IntegrityError:
        # The same credential registered by a parallel request (unique credential id).
        return PasskeyRefused(Refusal.ALREADY_REGISTERED)
    outbox.wake_sender()
    return _view(row)


# --- sign-in ------------------------------------------------------------------------------


async def start_authentication(*, client_ip: str = "") -> AuthenticationStart:
    """Options for a sign-in with any passkey of this site (discoverable: no e-mail typed,
    ``allowCredentials`` empty). Raises ``RateLimited`` per IP, like the password sign-in."""
    await rate_limits.hit_per_ip("passkey-sign-in", client_ip, get_settings().rate_limit_sign_in)
    rp_id, _origin = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id,
        timeout=CHALLENGE_TTL_SECONDS * 1000,
        allow_credentials=[],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    challenge = await _store_challenge(options.challenge, AUTHENTICATION, None)
    return AuthenticationStart(challenge.id, options_to_json(options))


async def finish_authentication(
    challenge_id: UUID | str, credential_json: str, *, client_ip: str = "", user_agent: str = ""
) -> SignedInWithPasskey | PasskeyRefused:
    """Check an assertion and say whose account it opens (the door opens the session).

    The challenge is spent by this call whatever its outcome, before anything is verified: of
    parallel finishes of one challenge, exactly one gets this far.
    """
    challenge = await _claim(challenge_id, AUTHENTICATION, None)
    if isinstance(challenge, PasskeyRefused):
        return challenge
    try:
        credential = parse_authentication_credential_json(credential_json[:CREDENTIAL_MAX_LENGTH])
    except (WebAuthnException, ValueError) as invalid:
        logger.info("Passkey sign-in refused: %s", invalid)
        return PasskeyRefused(Refusal.INVALID_RESPONSE)
    passkey = await Passkey.get_or_none(credential_id=credential.id)
    if passkey is None:
        return PasskeyRefused(Refusal.UNKNOWN_CREDENTIAL)
    handle = credential.response.user_handle
    if handle is not None and handle != passkey.account_id.bytes:
        logger.warning("Passkey sign-in refused: user handle of another account")
        return PasskeyRefused(Refusal.INVALID_RESPONSE)
    rp_id, origin = relying_party()
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge.challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            # The counter is judged below, once the signature is known to be genuine.
            credential_current_sign_count=0,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError) as invalid:
        logger.info("Passkey sign-in refused: %s", invalid)
        return PasskeyRefused(Refusal.INVALID_RESPONSE)
    if not await _advance_counter(passkey, verified.new_sign_count, verified.credential_backed_up):
        logger.warning(
            "Passkey %s refused: signature counter %s after %s (cloned authenticator?)",
            passkey.id,
            verified.new_sign_count,
            passkey.sign_count,
        )
        return PasskeyRefused(Refusal.CLONED_AUTHENTICATOR)
    await audit.record(
        passkey.account_id,
        "passkey_used",
        client_ip=client_ip,
        user_agent=user_agent,
        detail=passkey.name,
    )
    return SignedInWithPasskey(passkey.account_id)


async def _advance_counter(passkey: Passkey, new_count: int, backed_up: bool) -> bool:
    """Store the new counter by compare-and-set; False when it did not increase.

    Authenticators that keep no counter send 0 every time, which is accepted while the
    stored value is 0 too. The update names the value read, so two sign-ins racing with one
    counter value cannot both pass.
    """
    old_count = passkey.sign_count
    if (new_count > 0 or old_count > 0) and new_count <= old_count:
        return False
    updated = await Passkey.filter(id=passkey.id, sign_count=old_count).update(
        sign_count=new_count, backup_state=backed_up, last_used_at=clock.now()
    )
    return bool(updated)


# --- rename, remove -----------------------------------------------------------------------


async def rename_passkey(
    account_id: UUID,
    passkey_id: UUID | str,
    name: str,
    *,
    client_ip: str = "",
    user_agent: str = "",
) -> PasskeyView | PasskeyRefused:
    """Only the owner's passkeys; the new name is written to the activity log."""
    chosen = normalize_name(name)
    if chosen is None:
        return PasskeyRefused(Refusal.NAME_REQUIRED, "name")
    if isinstance(chosen, PasskeyRefused):
        return chosen
    key = _as_uuid(passkey_id)
    # Filtered by owner in the update itself: another account's id renames nothing.
    if key is None or not await Passkey.filter(id=key, account_id=account_id).update(name=chosen):
        return PasskeyRefused(Refusal.NOT_FOUND)
    row = await Passkey.get_or_none(id=key)
    if row is None:  # removed in between
        return PasskeyRefused(Refusal.NOT_FOUND)
    await audit.record(
        account_id, "passkey_renamed", client_ip=client_ip, user_agent=user_agent, detail=chosen
    )
    return _view(row)


async def remove_passkey(
    account_id: UUID, passkey_id: UUID | str, *, client_ip: str = "", user_agent: str = ""
) -> PasskeyView | PasskeyRefused:
    """Remove one of the owner's passkeys (returned, so the door can name it), unless it is
    the account's last way to sign in: no password, no FranceConnect, no other passkey."""
    async with in_transaction() as connection:
        account = await _locked_account(account_id, connection)
        row = await _owned(account_id, passkey_id, connection)
        if account is None or row is None:
            return PasskeyRefused(Refusal.NOT_FOUND)
        if not account.password_hash and not account.fc_sub:
            count = await Passkey.filter(account_id=account_id).using_db(connection).count()
            if count <= 1:
                return PasskeyRefused(Refusal.LAST_SIGN_IN_METHOD)
        await Passkey.filter(id=row.id).using_db(connection).delete()
        await _tell(account, "passkey_removed", row.name, client_ip, user_agent, connection)
    outbox.wake_sender()
    return _view(row)


# --- shared steps -------------------------------------------------------------------------


async def _store_challenge(value: bytes, purpose: str, account_id: UUID | None) -> PasskeyChallenge:
    now = clock.now()
    return await PasskeyChallenge.create(
        challenge=bytes_to_base64url(value),
        purpose=purpose,
        account_id=account_id,
        created_at=now,
        expires_at=now + timedelta(seconds=CHALLENGE_TTL_SECONDS),
    )


def _as_uuid(value: UUID | str) -> UUID | None:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(value)
    except ValueError:
        return None


async def _claim(
    challenge_id: UUID | str, purpose: str, account_id: UUID | None
) -> PasskeyChallenge | PasskeyRefused:
    """Spend the challenge: one atomic update, and its row count decides who got it."""
    key = _as_uuid(challenge_id)
    if key is None:
        return PasskeyRefused(Refusal.CHALLENGE_INVALID)
    now = clock.now()
    claimed = await PasskeyChallenge.filter(
        id=key, purpose=purpose, account_id=account_id, used_at=None, expires_at__gt=now
    ).update(used_at=now)
    row = await PasskeyChallenge.get_or_none(id=key)
    if claimed and row is not None:
        return row
    # Unused and meant for this step, yet not claimed: only its time was past.
    if (
        row is not None
        and row.used_at is None
        and (row.purpose, row.account_id)
        == (
            purpose,
            account_id,
        )
    ):
        return PasskeyRefused(Refusal.CHALLENGE_EXPIRED)
    return PasskeyRefused(Refusal.CHALLENGE_INVALID)


async def _locked_account(account_id: UUID, connection: BaseDBAsyncClient) -> Account | None:
    """The account row, locked until the end of the transaction (PostgreSQL; SQLite runs one
    writing transaction at a time)."""
    return await Account.filter(id=account_id).using_db(connection).select_for_update().first()


async def _owned(
    account_id: UUID, passkey_id: UUID | str, connection: BaseDBAsyncClient | None = None
) -> Passkey | None:
    key = _as_uuid(passkey_id)
    if key is None:
        return None
    return await Passkey.filter(id=key, account_id=account_id).using_db(connection).first()


async def _tell(
    account: Account,
    kind: str,
    name: str,
    client_ip: str,
    user_agent: str,
    connection: BaseDBAsyncClient,
    *,
    added_at: datetime | None = None,
) -> None:
    """Audit entry and e-mail of an addition or a removal, in the caller's transaction. An
    addition's e-mail carries "Ce n'était pas moi", dated ``added_at`` (the key's
    ``created_at``) so that securing from it removes this very key."""
    if kind == "passkey_added":
        not_me = await security_events.link_for(
            account.id,
            security_events.PASSKEY_ADDED,
            client_ip=client_ip,
            user_agent=user_agent,
            occurred_at=added_at,
            connection=connection,
        )
        content = emails.passkey_added(name, not_me_url=not_me)
    else:
        content = emails.passkey_removed(name)
    await outbox.queue_email(account.email, content, connection, account_id=account.id)
    await audit.record(
        account.id,
        kind,
        client_ip=client_ip,
        user_agent=user_agent,
        detail=name,
        connection=connection,
    )


async def purge_expired_challenges() -> int:
    """Housekeeping: challenges past their life are of no use to anyone."""
    return await PasskeyChallenge.filter(expires_at__lte=clock.now()).delete()


# --- the person's rights over their data --------------------------------------------------


async def exported(account_id: UUID) -> list[dict[str, str | None]]:
    """The passkeys in the data export: public data only, never the public key."""
    return [
        {
            "name": view.name,
            "credential_id": view.credential_id,
            "created_at": view.created_at.isoformat(),
            "last_used_at": view.last_used_at.isoformat() if view.last_used_at else None,
        }
        for view in await list_passkeys(account_id)
    ]


async def forget_account(account_id: UUID, connection: BaseDBAsyncClient) -> None:
    """Account deletion: its passkeys and pending registration challenges go with it."""
    await Passkey.filter(account_id=account_id).using_db(connection).delete()
    await PasskeyChallenge.filter(account_id=account_id).using_db(connection).delete()
