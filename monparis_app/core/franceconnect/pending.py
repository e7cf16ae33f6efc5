"""The single-use secrets of the FranceConnect journeys, and the rows that wait for them.

A login (state, nonce), an identity waiting for the terms of use and an identity waiting for a
password are each kept server-side under the digest of a random token; only the token goes to
the browser. Each row expires, and ``purge_expired`` drops what nobody came back for.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from monparis_app.core import clock
from monparis_app.core.franceconnect.claims import CertifiedIdentity, identity_data
from monparis_app.core.franceconnect.results import failure
from monparis_app.models import (
    FranceConnectLogin,
    PendingFranceConnectIdentity,
    PendingIdentityPurpose,
)

SECRET_BYTES = 32  # 43 URL-safe characters: above FranceConnect's 32-character minimum
MAX_PARAM_LENGTH = 2048

LINK = PendingIdentityPurpose.LINK
CREATION = PendingIdentityPurpose.CREATION


def digest(value: str) -> str:
    """What is stored instead of a secret: a leaked table gives no usable token."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def bounded(value: str, name: str) -> str:
    """Bound every value from outside before it reaches a query or a hash."""
    if not value or len(value) > MAX_PARAM_LENGTH:
        raise failure("invalid_state", f"{name}.missing_or_too_long")
    return value


async def store_pending(
    purpose: PendingIdentityPurpose, identity: CertifiedIdentity, id_token: str, ttl_seconds: int
) -> str:
    """Keep the identity until the person decides; returns the token the browser carries."""
    token = new_secret()
    await PendingFranceConnectIdentity.create(
        purpose=purpose,
        token_digest=digest(token),
        fc_sub=identity.sub,
        identity=identity_data(identity),
        id_token=id_token,
        expires_at=clock.now() + timedelta(seconds=ttl_seconds),
    )
    return token


async def live_pending(purpose: PendingIdentityPurpose, token: str) -> PendingFranceConnectIdentity:
    """The row behind ``token`` while it lasts, for this purpose only (a creation token opens
    no link); else ``<purpose>_expired``."""
    kind = purpose.value
    token_digest = digest(bounded(token, kind))
    row = await PendingFranceConnectIdentity.get_or_none(token_digest=token_digest, purpose=purpose)
    if row is None or clock.now() >= row.expires_at:
        raise failure(f"{kind}_expired", f"{kind}.unknown_or_expired")
    return row


async def purge_expired() -> int:
    """Old logins, abandoned links and creations; ``maintenance`` calls it periodically."""
    now = clock.now()
    logins = await FranceConnectLogin.filter(expires_at__lt=now).delete()
    identities = await PendingFranceConnectIdentity.filter(expires_at__lt=now).delete()
    return logins + identities
