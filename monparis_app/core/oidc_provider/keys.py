"""The ES256 keys that sign ID tokens, and their rotation.

Keys live in the database so that every worker signs with the same key and publishes the same
JWKS. Every ``MONPARIS_OIDC_KEY_ROTATION_DAYS`` a new key takes over; the previous one stays
in the JWKS for ``RETIRED_KEY_GRACE`` more (far beyond the life of any token it signed), so a
relying party that cached the JWKS or holds a fresh token never meets an unknown key.
Two workers rotating at the same instant each add a key: both are published, the newest signs.

At rest the private half is sealed (JWE, ``dir`` + A256GCM) with a key derived from
``MONPARIS_SECRET_KEY``: a copy of the database alone cannot sign tokens. The public half is
stored beside it in clear, for the JWKS. A key sealed under another secret key (the secret was
changed) cannot sign any more: a new one takes over, and the old one stays published through
its grace period. Keys written before sealing existed are read as they are, and rotate away.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, OctKey
from tortoise.expressions import Q

from monparis_app.core import clock
from monparis_app.core.secrets_hmac import keyed_digest
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


SEALING = {"alg": "dir", "enc": "A256GCM"}


def _sealing_key() -> OctKey:
    """256 bits derived from ``MONPARIS_SECRET_KEY`` for this one purpose."""
    return OctKey.import_key(bytes.fromhex(keyed_digest("oidc-signing-key", "seal", "v1")))


def _sealed(private_jwk: dict[str, Any]) -> dict[str, Any]:
    """What the database keeps: the private half encrypted, the public half in clear."""
    public = ECKey.import_key(private_jwk).as_dict(private=False)
    plaintext = json.dumps(private_jwk).encode()
    return {"public": public, "sealed": jwe.encrypt_compact(SEALING, plaintext, _sealing_key())}


def _unsealed(stored: dict[str, Any]) -> dict[str, Any] | None:
    """The private half, or None when it was sealed under another secret key."""
    if "sealed" not in stored:
        return stored  # written before keys were sealed
    try:
        opened = jwe.decrypt_compact(stored["sealed"], _sealing_key())
    except (JoseError, ValueError):
        return None
    private: dict[str, Any] = json.loads(opened.plaintext or b"null")
    return private


def _public_half(stored: dict[str, Any]) -> dict[str, Any]:
    if "public" in stored:
        return dict(stored["public"])
    return ECKey.import_key(stored).as_dict(private=False)


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
        private = _unsealed(newest.private_jwk)
        if private is not None:
            return SigningKey(newest.kid, private)
    kid, jwk = _new_key_material()
    await OidcSigningKey.create(kid=kid, private_jwk=_sealed(jwk), created_at=now)
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
        public = _public_half(row.private_jwk)
        keys.append({**public, "kid": row.kid, "use": "sig", "alg": ALGORITHM})
    return {"keys": keys}


async def purge_retired_keys() -> int:
    """Keys past their grace period are deleted: nothing they signed is still valid."""
    return await OidcSigningKey.filter(retire_at__lte=clock.now()).delete()
