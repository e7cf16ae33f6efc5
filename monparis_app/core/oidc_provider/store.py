"""The provider's rows: codes, tokens, consents. Every single-use secret is claimed by an
atomic update whose row count decides, never by a value read before an await.

Secrets are kept as SHA-256 digests; they are long random strings, so a keyed or slow hash
would add nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from monparis_app.core import clock
from monparis_app.core.oidc_provider.clients import SUPPORTED_SCOPES
from monparis_app.models import (
    OidcAuthorizationCode,
    OidcConsent,
    OidcPendingAuthorization,
    OidcToken,
)

CODE_TTL = timedelta(seconds=60)
ACCESS_TOKEN_TTL = timedelta(minutes=10)
REFRESH_TOKEN_TTL = timedelta(days=30)
ID_TOKEN_TTL = timedelta(minutes=10)
MAX_SECRET_LENGTH = 256


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewCode:
    client_id: str
    account_id: UUID
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str
    code_challenge_method: str
    auth_time: datetime
    amr: str


class AlreadySpent(Exception):
    """The paused request this code was for was answered by another request meanwhile."""


async def save_code(code: str, new: NewCode, spends_pending: UUID | None = None) -> None:
    """Store the code; ``spends_pending``: the paused request it answers, spent by this very
    call, in the same transaction (two parallel "continue" get one code, not two)."""
    async with in_transaction():
        if spends_pending is not None:
            spent = await OidcPendingAuthorization.filter(id=spends_pending).delete()
            if spent != 1:
                raise AlreadySpent
        await OidcAuthorizationCode.create(
            code_digest=digest(code),
            expires_at=clock.now() + CODE_TTL,
            **new.__dict__,
        )


async def claim_code(code: str, client_id: str) -> OidcAuthorizationCode | None:
    """The code, marked used by this very call; None if unknown, expired, foreign or spent.

    A code presented a second time revokes every token issued from it (RFC 6749 §4.1.2):
    whoever replays it, the thief or the service, the tokens are no longer trusted.
    """
    if not code or len(code) > MAX_SECRET_LENGTH:
        return None
    now = clock.now()
    claimed = await OidcAuthorizationCode.filter(
        code_digest=digest(code), client_id=client_id, used_at=None, expires_at__gt=now
    ).update(used_at=now)
    row = await OidcAuthorizationCode.get_or_none(code_digest=digest(code))
    if claimed == 1 and row is not None:
        return row
    if row is not None and row.used_at is not None:
        await OidcAuthorizationCode.filter(id=row.id).update(replayed_at=now)
        await OidcToken.filter(code_id=row.id, revoked_at=None).update(revoked_at=now)
    return None


@dataclass(frozen=True)
class NewToken:
    access_token: str
    refresh_token: str | None
    client_id: str
    account_id: UUID
    scope: str
    amr: str
    code_id: UUID | None


async def save_token(new: NewToken) -> None:
    now = clock.now()
    await OidcToken.create(
        access_digest=digest(new.access_token),
        refresh_digest=digest(new.refresh_token) if new.refresh_token else None,
        client_id=new.client_id,
        account_id=new.account_id,
        scope=new.scope,
        amr=new.amr,
        code_id=new.code_id,
        issued_at=now,
        access_expires_at=now + ACCESS_TOKEN_TTL,
        refresh_expires_at=now + REFRESH_TOKEN_TTL if new.refresh_token else None,
    )
    if new.code_id is not None:
        # The code may have been replayed while this exchange ran: its revocation ran before
        # this token existed, so this token is revoked now (checked after the insert).
        replayed = await OidcAuthorizationCode.filter(id=new.code_id).exclude(replayed_at=None)
        if replayed:
            await OidcToken.filter(access_digest=digest(new.access_token)).update(revoked_at=now)


async def live_access_token(token: str) -> OidcToken | None:
    if not token or len(token) > MAX_SECRET_LENGTH:
        return None
    return await OidcToken.get_or_none(
        access_digest=digest(token), revoked_at=None, access_expires_at__gt=clock.now()
    )


async def claim_refresh_token(token: str, client_id: str) -> OidcToken | None:
    """A refresh token works once: this call spends it; a spent one presented again revokes
    the whole family (the same code's tokens), as the OAuth 2.0 Security BCP asks."""
    if not token or len(token) > MAX_SECRET_LENGTH:
        return None
    now = clock.now()
    claimed = await OidcToken.filter(
        refresh_digest=digest(token),
        client_id=client_id,
        refreshed_at=None,
        revoked_at=None,
        refresh_expires_at__gt=now,
    ).update(refreshed_at=now)
    row = await OidcToken.get_or_none(refresh_digest=digest(token))
    if claimed == 1 and row is not None:
        return row
    if row is not None and row.refreshed_at is not None and row.code_id is not None:
        await OidcToken.filter(code_id=row.code_id, revoked_at=None).update(revoked_at=now)
    return None


async def revoke_tokens(account_id: UUID, client_id: str) -> int:
    return await OidcToken.filter(
        account_id=account_id, client_id=client_id, revoked_at=None
    ).update(revoked_at=clock.now())


# --- consents -------------------------------------------------------------------------------


async def consented_scope(account_id: UUID, client_id: str) -> set[str]:
    row = await OidcConsent.get_or_none(account_id=account_id, client_id=client_id)
    return set(row.scope.split()) if row else set()


async def save_consent(account_id: UUID, client_id: str, scope: str) -> None:
    """Widens an earlier consent: a service that asks for more later asks only for the rest.

    Two consents given at once (two tabs) must neither fail on the unique row nor lose a
    scope: the row is created once (a loser of that race widens it instead), and widening is
    a compare-and-set on the scope read, retried when another widening got there first.
    """
    asked = set(scope.split())
    for _ in range(_CONSENT_ROUNDS):
        now = clock.now()
        row = await OidcConsent.get_or_none(account_id=account_id, client_id=client_id)
        if row is None:
            try:
                await OidcConsent.create(
                    account_id=account_id, client_id=client_id,
                    scope=_in_order(asked), granted_at=now,
                )  # fmt: skip
                return
            except IntegrityError:
                continue  # created meanwhile: widen it
        merged = _in_order(set(row.scope.split()) | asked)
        if merged == row.scope:
            return
        widened = await OidcConsent.filter(id=row.id, scope=row.scope).update(
            scope=merged, granted_at=now
        )
        if widened:
            return
    raise RuntimeError("consent kept changing under this request")  # pragma: no cover


_CONSENT_ROUNDS = 20


def _in_order(scopes: set[str]) -> str:
    """One spelling of a set of scopes: the order of the discovery document (identity first)."""
    known = [s for s in SUPPORTED_SCOPES if s in scopes]
    return " ".join(known + sorted(scopes - set(known)))


async def mark_used(account_id: UUID, client_id: str) -> None:
    await OidcConsent.filter(account_id=account_id, client_id=client_id).update(
        last_used_at=clock.now()
    )


async def consents_of(account_id: UUID) -> list[OidcConsent]:
    return await OidcConsent.filter(account_id=account_id).order_by("granted_at")


async def delete_consent(account_id: UUID, client_id: str) -> int:
    return await OidcConsent.filter(account_id=account_id, client_id=client_id).delete()


async def purge_expired() -> int:
    """Spent codes and dead tokens, for the maintenance job."""
    now = clock.now()
    codes = await OidcAuthorizationCode.filter(expires_at__lt=now - timedelta(days=1)).delete()
    tokens = await OidcToken.filter(
        Q(access_expires_at__lt=now)
        & (Q(refresh_expires_at=None) | Q(refresh_expires_at__lt=now) | ~Q(revoked_at=None))
    ).delete()
    return codes + tokens
