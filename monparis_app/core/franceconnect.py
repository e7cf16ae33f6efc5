"""FranceConnect sign-in and sign-up: the rules, once, for the browser routes and for GraphQL.

``start`` opens an authorization request whose ``state`` and ``nonce`` are random, single use,
valid 10 minutes and bound to one browser (a cookie's digest; for a partner app, the state
itself, which the partner keeps and must tie to its own user). ``finish`` consumes the state,
lets the OIDC client exchange the code and verify every token, then finds the account by the
FranceConnect ``sub``. A new identity creates no account yet: the person must first accept the
terms of use, as on the e-mail sign-up, so the identity waits server-side (``TermsRequired``) and
``accept_terms`` creates the account. An e-mail that already belongs to a local account is never
merged silently: the person must prove that account with its password (``complete_link``) or use
another e-mail. A failure at any step creates nothing.

A signed-in person may also link their own account (``start_account_link``): the login then
names that account, and on return the identity is attached to it whatever its e-mail, since the
person has just proven both; ``unlink`` undoes it when the account has a password to fall
back on.

Transport lives in ``monparis_app.adapters.franceconnect_client``; the core only sees the small
``OidcClient`` protocol below, so it can be driven by a real server or a test double alike.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, Protocol
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from monparis_app.core import audit, clock, emails, outbox, rate_limits, sign_in
from monparis_app.core.errors import DomainError, FieldError, InvalidInput
from monparis_app.core.identity_fields import normalize_email, normalize_name
from monparis_app.models import (
    Account,
    FranceConnectLogin,
    PendingFranceConnectCreation,
    PendingFranceConnectLink,
)
from monparis_app.settings import Settings, get_settings

logger = logging.getLogger("monparis.franceconnect")

LOGIN_TTL_SECONDS = 600
LINK_TTL_SECONDS = 600
# Long enough to read the terms, short enough that an abandoned identity does not linger.
CREATION_TTL_SECONDS = 900
SECRET_BYTES = 32  # 43 URL-safe characters: above FranceConnect's 32-character minimum
MAX_PARAM_LENGTH = 2048
# Each start stores a row until it expires: a flood from one address is cut off early.
CALLBACK_PATH = "/auth/franceconnect/callback"
LOGGED_OUT_PATH = "/auth/franceconnect/logged-out"
SIMULATOR_CLIENT_ID = "monparis-dev"
SIMULATOR_CLIENT_SECRET = "monparis-dev-secret-0123456789abcdef"
ACR_LEVELS = ("eidas1", "eidas2", "eidas3")
REQUIRED_ACR = "eidas1"
CERTIFIED_FIELDS = [
    "sex",
    "first_names",
    "birth_name",
    "birth_date",
    "birth_place",
    "birth_country",
]
# FranceConnect's own error codes that get a dedicated message; others become "provider_error".
KNOWN_PROVIDER_ERRORS = (
    "access_denied",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
)


class FranceConnectError(DomainError):
    """A FranceConnect step failed. ``code`` keys the French message (stable, public);
    ``reason`` says precisely why, for logs and tests, and never holds personal data.
    ``during_link`` tells the door the person was linking their signed-in account, so the
    answer belongs on the account page rather than on the sign-in error page."""

    code = "franceconnect.error"

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__(f"{code} ({reason})" if reason else code)
        self.code = code
        self.reason = reason or code
        self.during_link = False

    @property
    def short_code(self) -> str:
        """The code without its prefix: what an error page URL carries."""
        return self.code.removeprefix("franceconnect.")


def failure(code: str, reason: str = "") -> FranceConnectError:
    """Log why (no personal data) and build the error to raise."""
    logger.warning("FranceConnect failure: %s (%s)", code, reason or code)
    return FranceConnectError(f"franceconnect.{code}", reason)


# --- configuration ------------------------------------------------------------------------


@dataclass(frozen=True)
class FranceConnectConfig:
    """Where FranceConnect is and who we are there; derived from the ``MONPARIS_FC_*`` settings."""

    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    redirect_uri: str
    post_logout_redirect_uri: str
    allowed_redirect_uris: tuple[str, ...]


def config_from_settings(settings: Settings | None = None) -> FranceConnectConfig:
    """With no issuer set (dev only: prod refuses it), the local simulator and its client."""
    s = settings or get_settings()
    base = s.base_url
    if s.uses_fc_simulator:
        issuer = f"http://localhost:{s.fc_simulator_port}/api/v2"
        client_id, secret = SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET
    else:
        issuer, client_id, secret = s.fc_issuer.rstrip("/"), s.fc_client_id, s.fc_client_secret
    redirect_uri = s.fc_redirect_uri or f"{base}{CALLBACK_PATH}"
    extra = tuple(uri.strip() for uri in s.fc_allowed_redirect_uris.split(",") if uri.strip())
    return FranceConnectConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=secret,
        scopes=s.fc_scopes,
        redirect_uri=redirect_uri,
        post_logout_redirect_uri=s.fc_post_logout_redirect_uri or f"{base}{LOGGED_OUT_PATH}",
        allowed_redirect_uris=(redirect_uri, *extra),
    )


# --- the OIDC client the core drives --------------------------------------------------------


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    id_token: str


class OidcClient(Protocol):
    """What the core needs from FranceConnect; each method raises ``FranceConnectError``."""

    @property
    def config(self) -> FranceConnectConfig: ...

    async def authorization_url(self, *, redirect_uri: str, state: str, nonce: str) -> str: ...

    async def exchange_code(self, code: str, *, redirect_uri: str) -> TokenSet: ...

    async def verify_id_token(
        self, id_token: str, *, nonce: str, access_token: str
    ) -> dict[str, Any]: ...

    async def fetch_userinfo(self, access_token: str, *, expected_sub: str) -> dict[str, Any]: ...

    async def end_session_url(self, *, id_token: str, state: str) -> str: ...

    async def requires_iss_parameter(self) -> bool: ...


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    authorization_url: str
    state: str


@dataclass(frozen=True)
class SignedIn:
    """Signed in (account found by ``sub``, just created, or just linked)."""

    account_id: UUID
    email: str
    first_names: str
    id_token: str
    created: bool = False


@dataclass(frozen=True)
class LinkRequired:
    """The e-mail belongs to a local account: its password must be proven first."""

    link_token: str
    email: str


@dataclass(frozen=True)
class TermsRequired:
    """A new identity: the account is created only once the person accepts the terms of use."""

    creation_token: str
    email: str


@dataclass(frozen=True)
class PendingCreation:
    """What the terms page shows: the certified names and the e-mail of the future account."""

    email: str
    first_names: str
    birth_name: str


@dataclass(frozen=True)
class PendingLink:
    email: str
    captcha_required: bool


@dataclass(frozen=True)
class Linked:
    """The signed-in account now carries this FranceConnect identity."""

    account_id: UUID
    id_token: str


FinishOutcome = SignedIn | LinkRequired | TermsRequired | Linked
LinkOutcome = SignedIn | sign_in.SignInRefused


@dataclass(frozen=True)
class CertifiedIdentity:
    """The identity FranceConnect certifies, in Mon Paris's own form."""

    sub: str
    sex: str
    first_names: str
    birth_name: str
    birth_date: date
    birth_place: str | None
    birth_country: str
    email: str | None
    usage_name: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a request came from, for the audit log (truncated there, never stored whole)."""

    client_ip: str
    user_agent: str


# --- helpers --------------------------------------------------------------------------------


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def _short(value: str, name: str) -> str:
    """Bound every value from outside before it reaches a query or a hash."""
    if not value or len(value) > MAX_PARAM_LENGTH:
        raise failure("invalid_state", f"{name}.missing_or_too_long")
    return value


def check_redirect_uri(redirect_uri: str, config: FranceConnectConfig) -> str:
    """Exact match against the allow-list: anything else would be an open redirect."""
    if redirect_uri not in config.allowed_redirect_uris:
        raise failure("redirect_uri_not_allowed", "redirect_uri.not_allow_listed")
    return redirect_uri


# --- step 1: start --------------------------------------------------------------------------


async def start(client: OidcClient, *, browser_binding: str, client_ip: str = "") -> Started:
    """The browser's sign-in: ``browser_binding`` is a random value it keeps in an HttpOnly
    cookie, so a state (and its code) brought by another browser is refused (login CSRF).
    Raises ``RateLimited`` when one address starts too many sign-ins."""
    binding = _short(browser_binding, "binding")
    await rate_limits.hit_per_ip(
        "franceconnect-start", client_ip, get_settings().rate_limit_franceconnect_start
    )
    return await _open_login(client, client.config.redirect_uri, binding_of=lambda _state: binding)


async def start_for_partner(
    client: OidcClient, *, redirect_uri: str, client_ip: str = ""
) -> Started:
    """A partner app: its redirect URI must be allow-listed, and the state is the binding.

    The partner keeps the state and must tie it to its own user's browser (as any OAuth client
    does); ``finish`` is then called with ``browser_binding=state``.
    """
    target = check_redirect_uri(redirect_uri, client.config)
    await rate_limits.hit_per_ip(
        "franceconnect-start", client_ip, get_settings().rate_limit_franceconnect_start
    )
    return await _open_login(client, target, binding_of=lambda state: state)


async def start_account_link(
    client: OidcClient, *, account_id: UUID, browser_binding: str, client_ip: str = ""
) -> Started:
    """A signed-in person links their own account: the login names the account, so the
    identity coming back is attached to it and to nothing else. Refused when the account is
    already linked (one FranceConnect identity per account)."""
    binding = _short(browser_binding, "binding")
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise failure("invalid_state", "link.account_unknown")
    if account.fc_sub is not None:
        raise failure("already_linked", "link.account_already_linked")
    await rate_limits.hit_per_ip(
        "franceconnect-start", client_ip, get_settings().rate_limit_franceconnect_start
    )
    return await _open_login(
        client,
        client.config.redirect_uri,
        binding_of=lambda _state: binding,
        link_account_id=account_id,
    )


async def _open_login(
    client: OidcClient,
    redirect_uri: str,
    *,
    binding_of: Callable[[str], str],
    link_account_id: UUID | None = None,
) -> Started:
    """A single-use login row (state digest, nonce, binding digest), valid 10 minutes."""
    state, nonce = new_secret(), new_secret()
    url = await client.authorization_url(redirect_uri=redirect_uri, state=state, nonce=nonce)
    now = clock.now()
    await FranceConnectLogin.create(
        state_digest=digest(state),
        nonce=nonce,
        browser_binding_digest=digest(binding_of(state)),
        redirect_uri=redirect_uri,
        link_account_id=link_account_id,
        created_at=now,
        expires_at=now + timedelta(seconds=LOGIN_TTL_SECONDS),
    )
    return Started(authorization_url=url, state=state)


# --- step 2: finish -------------------------------------------------------------------------


def provider_error(error: str) -> FranceConnectError:
    """FranceConnect sent ``error=`` back: an honest message per known code."""
    known = error if error in KNOWN_PROVIDER_ERRORS else "provider_error"
    return failure(known, f"callback.error.{known}")


async def abandon_login(state: str) -> bool:
    """FranceConnect sent an error back: the state is spent. True when it was an account link
    (the door then answers on the account page)."""
    try:
        _short(state, "state")
    except FranceConnectError:
        return False
    state_digest = digest(state)
    login = await FranceConnectLogin.get_or_none(state_digest=state_digest, used_at=None)
    await FranceConnectLogin.filter(state_digest=state_digest, used_at=None).update(
        used_at=clock.now()
    )
    return login is not None and login.link_account_id is not None


async def consume_login(state: str, browser_binding: str) -> FranceConnectLogin:
    """Mark the login used (once, atomically), then check its age and its browser."""
    state_digest = digest(_short(state, "state"))
    now = clock.now()
    unused = FranceConnectLogin.filter(state_digest=state_digest, used_at=None)
    used = await unused.update(used_at=now)
    if not used:
        raise failure("invalid_state", "state.unknown_or_used")
    login = await FranceConnectLogin.get(state_digest=state_digest)
    if now >= login.expires_at:
        raise failure("invalid_state", "state.expired")
    if not hmac.compare_digest(login.browser_binding_digest, digest(browser_binding or "-")):
        raise failure("invalid_state", "state.other_browser")
    return login


async def finish(
    client: OidcClient,
    *,
    code: str,
    state: str,
    browser_binding: str,
    iss: str | None,
    client_ip: str = "",
    user_agent: str = "",
    signed_in_account_id: UUID | None = None,
) -> FinishOutcome:
    """The callback: state, tokens, identity, then the account. Raises ``FranceConnectError``.

    ``signed_in_account_id`` is who the browser's session belongs to: an account link started
    by a signed-in person finishes only in that same account's session.
    """
    login = await consume_login(state, browser_binding)
    linking = login.link_account_id
    try:
        if linking is not None and linking != signed_in_account_id:
            raise failure("invalid_state", "link.session_changed")
        return await _verified_outcome(
            client, login, code=code, iss=iss, where=Origin(client_ip, user_agent)
        )
    except FranceConnectError as error:
        error.during_link = linking is not None
        raise


async def _verified_outcome(
    client: OidcClient, login: FranceConnectLogin, *, code: str, iss: str | None, where: Origin
) -> FinishOutcome:
    await _check_iss_parameter(client, iss)
    tokens = await client.exchange_code(_short(code, "code"), redirect_uri=login.redirect_uri)
    claims = await client.verify_id_token(
        tokens.id_token, nonce=login.nonce, access_token=tokens.access_token
    )
    userinfo = await client.fetch_userinfo(tokens.access_token, expected_sub=str(claims["sub"]))
    identity = certified_identity(userinfo)
    if login.link_account_id is not None:
        return await _link_signed_in_account(
            identity, login.link_account_id, tokens.id_token, where
        )
    outcome = await _resolve_account(identity, tokens.id_token)
    if isinstance(outcome, SignedIn):
        await audit.record(
            outcome.account_id, "signed_in", client_ip=where.client_ip, user_agent=where.user_agent
        )
    return outcome


async def _check_iss_parameter(client: OidcClient, iss: str | None) -> None:
    """RFC 9207: the ``iss`` of the callback names who answered (mix-up attacks)."""
    if iss is None:
        if await client.requires_iss_parameter():
            raise failure("invalid_response", "callback.iss_missing")
        return
    if not hmac.compare_digest(iss.encode(), client.config.issuer.encode()):
        raise failure("invalid_response", "callback.iss_mismatch")


def certified_identity(userinfo: dict[str, Any]) -> CertifiedIdentity:
    """Map and check the claims; a missing or malformed one means no account at all."""
    sex = {"female": "FEMALE", "male": "MALE"}.get(str(userinfo.get("gender", "")))
    if sex is None:
        raise failure("incomplete_identity", "claim.gender")
    return CertifiedIdentity(
        sub=str(userinfo["sub"]),
        sex=sex,
        first_names=_name_claim(userinfo, "given_name", "first_name"),
        birth_name=_name_claim(userinfo, "family_name", "last_name"),
        birth_date=_birthdate(userinfo.get("birthdate")),
        birth_place=_insee_code(userinfo.get("birthplace", ""), "birthplace", allow_empty=True),
        birth_country=_insee_code(userinfo.get("birthcountry"), "birthcountry", allow_empty=False)
        or "",
        email=_email_claim(userinfo.get("email")),
        usage_name=_optional_name(userinfo.get("preferred_username")),
    )


def _name_claim(userinfo: dict[str, Any], claim: str, field: str) -> str:
    value = userinfo.get(claim)
    if not isinstance(value, str):
        raise failure("incomplete_identity", f"claim.{claim}.missing")
    try:
        return normalize_name(value, field)
    except InvalidInput:
        raise failure("incomplete_identity", f"claim.{claim}.invalid") from None


def _optional_name(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return normalize_name(value, "usage_name")
    except InvalidInput:
        return None


def _birthdate(value: object) -> date:
    """``YYYY-MM-DD``; FranceConnect writes a presumed day or month as ``01``."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise failure("incomplete_identity", "claim.birthdate.invalid") from None


def _insee_code(value: object, claim: str, *, allow_empty: bool) -> str | None:
    """5-character INSEE codes (``2A004`` for Corsica); a birthplace is empty abroad."""
    text = value if isinstance(value, str) else ""
    if not text and allow_empty:
        return None
    if len(text) != 5 or not text.isalnum():
        raise failure("incomplete_identity", f"claim.{claim}.invalid")
    return text.upper()


def _email_claim(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return normalize_email(value)
    except InvalidInput:
        return None


# --- the account ----------------------------------------------------------------------------


async def _resolve_account(identity: CertifiedIdentity, id_token: str) -> FinishOutcome:
    """Found by ``sub``; else link required when the e-mail is taken; else terms required."""
    account = await Account.get_or_none(fc_sub=identity.sub)
    if account is not None:
        return SignedIn(account.id, account.email, account.first_names, id_token)
    if identity.email is None:
        raise failure("email_missing", "claim.email.missing")
    owner = await Account.get_or_none(email=identity.email)
    if owner is not None:
        return await _pending_link(identity, owner, id_token)
    return await _pending_creation(identity, id_token)


def _identity_data(identity: CertifiedIdentity) -> dict[str, Any]:
    """The identity as JSON (a pending row keeps it until the person decides)."""
    data = asdict(identity)
    data["birth_date"] = identity.birth_date.isoformat()
    return data


def _identity_from_data(stored: dict[str, Any]) -> CertifiedIdentity:
    data = dict(stored)
    data["birth_date"] = date.fromisoformat(data["birth_date"])
    return CertifiedIdentity(**data)


async def _pending_link(identity: CertifiedIdentity, owner: Account, id_token: str) -> LinkRequired:
    """Never merge silently; an account already tied to another FranceConnect identity stays so."""
    if owner.fc_sub is not None or owner.password_hash is None:
        raise failure("account_already_linked", "email.belongs_to_other_franceconnect_identity")
    token = new_secret()
    await PendingFranceConnectLink.create(
        token_digest=digest(token),
        fc_sub=identity.sub,
        identity=_identity_data(identity),
        id_token=id_token,
        expires_at=clock.now() + timedelta(seconds=LINK_TTL_SECONDS),
    )
    assert identity.email is not None
    return LinkRequired(link_token=token, email=identity.email)


def _certified_values(identity: CertifiedIdentity) -> dict[str, Any]:
    return {
        "sex": identity.sex,
        "first_names": identity.first_names,
        "birth_name": identity.birth_name,
        "birth_date": identity.birth_date,
        "birth_place": identity.birth_place,
        "birth_country": identity.birth_country,
        "certified_fields": list(CERTIFIED_FIELDS),
    }


# --- creating the account, once the terms are accepted ---------------------------------------


async def _pending_creation(identity: CertifiedIdentity, id_token: str) -> TermsRequired:
    """No account yet: the identity waits server-side; only a token goes to the browser."""
    assert identity.email is not None
    token = new_secret()
    await PendingFranceConnectCreation.create(
        token_digest=digest(token),
        fc_sub=identity.sub,
        identity=_identity_data(identity),
        id_token=id_token,
        expires_at=clock.now() + timedelta(seconds=CREATION_TTL_SECONDS),
    )
    return TermsRequired(creation_token=token, email=identity.email)


async def _live_creation(creation_token: str) -> PendingFranceConnectCreation:
    token_digest = digest(_short(creation_token, "creation"))
    row = await PendingFranceConnectCreation.get_or_none(token_digest=token_digest)
    if row is None or clock.now() >= row.expires_at:
        raise failure("creation_expired", "creation.unknown_or_expired")
    return row


async def pending_creation(creation_token: str) -> PendingCreation:
    """What the terms page shows. Raises ``FranceConnectError`` (``creation_expired``)."""
    identity = _identity_from_data((await _live_creation(creation_token)).identity)
    assert identity.email is not None
    return PendingCreation(
        email=identity.email, first_names=identity.first_names, birth_name=identity.birth_name
    )


async def accept_terms(
    creation_token: str, accept: bool, *, client_ip: str = "", user_agent: str = ""
) -> SignedIn:
    """The person accepted the terms: the account is created, all or nothing, and signed in.

    Unchecked terms raise ``InvalidInput`` (field ``accept_terms``) and change nothing, so the
    person may still accept. The pending row is deleted in the account's transaction, so two
    concurrent acceptances create one account; the loser gets ``creation_expired``.
    """
    row = await _live_creation(creation_token)
    if not accept:
        raise InvalidInput([FieldError("accept_terms", "accept_terms.required")])
    identity = _identity_from_data(row.identity)
    try:
        account = await _create_account(row, identity, Origin(client_ip, user_agent))
    except IntegrityError:
        # The e-mail or the identity got an account meanwhile: start again to be offered the
        # right path (sign-in or link); the rolled-back transaction kept nothing.
        await PendingFranceConnectCreation.filter(id=row.id).delete()
        raise failure("creation_expired", "creation.email_or_sub_taken_meanwhile") from None
    await audit.record(account.id, "signed_in", client_ip=client_ip, user_agent=user_agent)
    return SignedIn(account.id, account.email, account.first_names, row.id_token, created=True)


async def cancel_creation(creation_token: str) -> None:
    """The person refused: the certified identity is forgotten at once, nothing is created."""
    token_digest = digest(_short(creation_token, "creation"))
    await PendingFranceConnectCreation.filter(token_digest=token_digest).delete()


async def _create_account(
    row: PendingFranceConnectCreation, identity: CertifiedIdentity, where: Origin
) -> Account:
    """Pending row consumed, account (terms accepted now), audit entry and confirmation
    e-mail in one transaction."""
    assert identity.email is not None
    async with in_transaction() as connection:
        consumed = (
            await PendingFranceConnectCreation.filter(id=row.id).using_db(connection).delete()
        )
        if not consumed:
            raise failure("creation_expired", "creation.already_used")
        account = await Account.create(
            email=identity.email,
            fc_sub=identity.sub,
            usage_name=identity.usage_name,
            terms_accepted_at=clock.now(),
            using_db=connection,
            **_certified_values(identity),
        )
        await audit.record(
            account.id,
            "created",
            client_ip=where.client_ip,
            user_agent=where.user_agent,
            connection=connection,
        )
        content = emails.account_created(identity.first_names)
        await outbox.queue_email(identity.email, content, connection, account_id=account.id)
    outbox.wake_sender()
    logger.info("FranceConnect account created")
    return account


# --- linking a local account ----------------------------------------------------------------


async def _live_link(link_token: str) -> PendingFranceConnectLink:
    token_digest = digest(_short(link_token, "link"))
    row = await PendingFranceConnectLink.get_or_none(token_digest=token_digest)
    if row is None or clock.now() >= row.expires_at:
        raise failure("link_expired", "link.unknown_or_expired")
    return row


async def pending_link(link_token: str) -> PendingLink:
    """What the link page shows: the e-mail concerned, and whether a captcha is needed."""
    row = await _live_link(link_token)
    email = str(row.identity["email"])
    return PendingLink(email=email, captcha_required=await sign_in.captcha_required_for(email))


async def complete_link(
    link_token: str,
    password: str,
    *,
    client_ip: str,
    user_agent: str,
    captcha_id: str = "",
    captcha_answer: str = "",
) -> LinkOutcome:
    """The person proves the local account with its password; then the certified identity is
    attached to it. Raises ``FranceConnectError`` (link expired) or ``RateLimited``."""
    row = await _live_link(link_token)
    identity = _identity_from_data(row.identity)
    assert identity.email is not None
    result = await sign_in.authenticate(
        identity.email,
        password,
        client_ip=client_ip,
        user_agent=user_agent,
        captcha_id=captcha_id,
        captcha_answer=captcha_answer,
    )
    if isinstance(result, sign_in.SignInRefused):
        return result
    return await _attach(row, identity, result.account_id, client_ip, user_agent)


async def _attach(
    row: PendingFranceConnectLink,
    identity: CertifiedIdentity,
    account_id: UUID,
    client_ip: str,
    user_agent: str,
) -> SignedIn:
    """fc_sub and certified fields set, the pending link deleted, all or nothing."""
    async with in_transaction() as connection:
        deleted = await PendingFranceConnectLink.filter(id=row.id).using_db(connection).delete()
        taken = await Account.filter(fc_sub=identity.sub).using_db(connection).exists()
        if not deleted or taken:
            raise failure("link_expired", "link.already_used")
        updated = (
            await Account.filter(id=account_id, fc_sub=None)
            .using_db(connection)
            .update(fc_sub=identity.sub, **_certified_values(identity))
        )
        if not updated:
            raise failure("account_already_linked", "account.linked_meanwhile")
        await audit.record(
            account_id,
            "franceconnect_linked",
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
        account = await Account.get(id=account_id, using_db=connection)
    logger.info("FranceConnect identity linked to an existing account")
    return SignedIn(account.id, account.email, account.first_names, row.id_token)


# --- linking and unlinking from the account page ---------------------------------------------


async def _link_signed_in_account(
    identity: CertifiedIdentity, account_id: UUID, id_token: str, where: Origin
) -> Linked:
    """The e-mail does not matter here: the person is signed in and has just proven the
    identity. An identity already carried by another account is refused (one account per
    identity); coming back twice with the same identity is not an error."""
    try:
        async with in_transaction() as connection:
            holder = await Account.get_or_none(fc_sub=identity.sub, using_db=connection)
            if holder is not None and holder.id != account_id:
                raise failure("identity_linked_elsewhere", "link.sub_on_other_account")
            if holder is not None:
                return Linked(account_id, id_token)
            updated = (
                await Account.filter(id=account_id, fc_sub=None)
                .using_db(connection)
                .update(fc_sub=identity.sub, **_certified_values(identity))
            )
            if not updated:
                raise failure("already_linked", "link.account_linked_meanwhile")
            await audit.record(
                account_id,
                "franceconnect_linked",
                client_ip=where.client_ip,
                user_agent=where.user_agent,
                connection=connection,
            )
    except IntegrityError:  # the same identity linked to another account at the same moment
        raise failure("identity_linked_elsewhere", "link.sub_taken_meanwhile") from None
    logger.info("FranceConnect identity linked from the account page")
    return Linked(account_id, id_token)


async def unlink(account_id: UUID, *, client_ip: str = "", user_agent: str = "") -> None:
    """Remove the FranceConnect identity; the certified fields become editable again.

    Only with a password: without one, the person could no longer sign in at all. The check
    and the change are one conditional update, so a concurrent change cannot slip between.
    """
    async with in_transaction() as connection:
        updated = (
            await Account.filter(id=account_id, fc_sub__not_isnull=True)
            .exclude(password_hash=None)
            .using_db(connection)
            .update(fc_sub=None, certified_fields=[])
        )
        if not updated:
            account = await Account.get_or_none(id=account_id, using_db=connection)
            if account is None or account.fc_sub is None:
                raise failure("not_linked", "unlink.not_linked")
            raise failure("unlink_needs_password", "unlink.no_password")
        await audit.record(
            account_id,
            "franceconnect_unlinked",
            client_ip=client_ip,
            user_agent=user_agent,
            connection=connection,
        )
    logger.info("FranceConnect identity unlinked from an account")


# --- sign-out -------------------------------------------------------------------------------


async def logout_url(client: OidcClient, id_token: str) -> tuple[str, str]:
    """FranceConnect's end-session URL and the state to check when the browser comes back."""
    state = new_secret()
    return await client.end_session_url(id_token=id_token, state=state), state


def logout_state_matches(expected: str | None, returned: str | None) -> bool:
    if not expected or not returned:
        return False
    return hmac.compare_digest(expected.encode(), returned.encode())


async def purge_expired() -> int:
    """Old logins, abandoned links and creations; ``maintenance`` may call it periodically."""
    now = clock.now()
    logins = await FranceConnectLogin.filter(expires_at__lt=now).delete()
    links = await PendingFranceConnectLink.filter(expires_at__lt=now).delete()
    creations = await PendingFranceConnectCreation.filter(expires_at__lt=now).delete()
    return logins + links + creations
