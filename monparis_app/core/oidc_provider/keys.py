"""The ES256 keys that sign ID tokens, and their rotation.

Keys live in the database so that every worker signs with the same key and publishes the same
JWKS. Every ``MONPARIS_OIDC_KEY_ROTATION_DAYS`` a new key takes over; the previous one stays
in the JWKS for ``RETIRED_KEY_GRACE`` more (far beyond the life of any token it signed), so a
relying party that cached the JWKS or holds a fresh token never meets an unknown key.
Two workers rotating at the same instant each add a key: both are published, the newest signs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from joserfc.jwk import ECKey
from tortoise.expressions import Q

from monparis_app.core import clock
from monparis_app.models import OidcSigningKey
from monparis_app.settings import get_settings

ALGORITHM = "ES256"
RETIRED_KEY_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_jwk: dict[str, Any]

    def as_key(self) -> ECKey:
        return ECKey.import_key(self.private_jwk)


def _new_key_material() -> tuple[str, dict[str, Any]]:
    key = ECKey.generate_key("P-256", parameters={"use": "sig", "alg": ALGORITHM})
    kid = key.thumbprint()
    return kid, {**key.as_dict(private=True), "kid": kid}


async def current_signing_key() -> SigningKey:
    """The key to sign with now, rotating it when it has served its period."""
    now = clock.now()
    newest = await OidcSigningKey.filter(retire_at=None).order_by("-created_at").first()
    period = timedelta(days=get_settings().oidc_key_rotation_days)
    if newest is not None and newest.created_at > now - period:
        return SigningKey(newest.kid, newest.private_jwk)
    kid, jwk = _new_key_material()
    await OidcSigningKey.create(kid=kid, private_jwk=jwk, created_at=now)
    # Every older key stops signing but stays published through the grace period.
    await OidcSigningKey.filter(retire_at=None, created_at__lt=now).update(
        retire_at=now + RETIRED_KEY_GRACE
    )
    return SigningKey(kid, jwk)


async def published_keys() -> dict[str, Any]:
    """The JWKS: public halves of the signing key and of the keys still in their grace period."""
    await current_signing_key()  # a fresh deployment publishes a key before signing anything
    now = clock.now()
    rows = await OidcSigningKey.filter(Q(retire_at=None) | Q(retire_at__gt=now)).order_by(
        "-created_at"
    )
    keys = []
    for row in rows:
        public = ECKey.import_key(row.private_jwk).as_dict(private=False)
        keys.append({**public, "kid": row.kid, "use": "sig", "alg": ALGORITHM})
    return {"keys": keys}


async def purge_retired_keys() -> int:
    """Keys past their grace period are deleted: nothing they signed is still valid."""
    return await OidcSigningKey.filter(retire_at__lte=clock.now()).delete()
