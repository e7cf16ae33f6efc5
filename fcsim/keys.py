"""Signing keys: one ES256 and one RS256 key, published in the JWKS.

FranceConnect v2 lets each service provider choose ES256 or RS256, so the
simulator always holds both. Keys are generated at start-up; when
``FCSIM_KEYS_FILE`` is set they are kept in that file so that a restart does
not invalidate id_tokens a client still holds (for instance as an
``id_token_hint`` at logout) or a JWKS it has cached.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, RSAKey

Key = ECKey | RSAKey

_ALG_BY_KTY = {"EC": "ES256", "RSA": "RS256"}
"""Algorithm to assume for a key file entry that does not state its ``alg``."""


class KeyStore:
    """The simulator's private keys, one per supported algorithm."""

    def __init__(self, es256: ECKey, rs256: RSAKey) -> None:
        for key in (es256, rs256):
            key.ensure_kid()  # a hand-written key file may omit ``kid``
        self._by_alg: dict[str, Key] = {"ES256": es256, "RS256": rs256}
        self.key_set = KeySet([es256, rs256])

    @classmethod
    def generate(cls) -> KeyStore:
        """Fresh keys, for a simulator whose keys need not survive a restart."""
        return cls(_generate_es256(), _generate_rs256())

    @classmethod
    def load_or_create(cls, path: str | Path) -> KeyStore:
        """Load keys from a private JWK set file, creating missing keys and the file."""
        file = Path(path)
        keys: dict[str, Any] = {}
        if file.exists():
            for data in json.loads(file.read_text(encoding="utf-8")).get("keys", []):
                alg = data.get("alg") or _ALG_BY_KTY.get(data.get("kty", ""), "")
                keys.setdefault(alg, data)
        es256 = ECKey.import_key(keys["ES256"]) if "ES256" in keys else _generate_es256()
        rs256 = RSAKey.import_key(keys["RS256"]) if "RS256" in keys else _generate_rs256()
        store = cls(es256, rs256)
        if set(keys) < {"ES256", "RS256"} or not file.exists():
            store.save(file)
        return store

    def save(self, path: Path) -> None:
        """Write the private JWK set, readable by the owner only (it holds private keys)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        content = json.dumps(self.key_set.as_dict(private=True), indent=2)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(content)

    def public_jwks(self) -> dict[str, Any]:
        """The JWKS document: public parts only, each with ``kid``, ``use`` and ``alg``."""
        return {
            "keys": [
                {**key.as_dict(private=False), "kid": key.kid, "use": "sig", "alg": alg}
                for alg, key in self._by_alg.items()
            ]
        }

    def sign(self, claims: dict[str, Any], alg: str) -> str:
        """Sign claims as a JWT with the key of ``alg``, announcing its ``kid``."""
        key = self._by_alg[alg]
        header = {"alg": alg, "kid": key.kid, "typ": "JWT"}
        return jwt.encode(header, claims, key, algorithms=[alg])

    def verify(self, token: str) -> dict[str, Any]:
        """Check a JWT signed by the simulator and return its claims (no time checks).

        Used for ``id_token_hint`` at logout, which FranceConnect accepts even
        once the id_token has expired.
        """
        decoded = jwt.decode(token, self.key_set, algorithms=list(self._by_alg))
        return dict(decoded.claims)


def _generate_es256() -> ECKey:
    """A P-256 key whose ``kid`` is its RFC 7638 thumbprint."""
    return ECKey.generate_key("P-256", parameters={"alg": "ES256", "use": "sig"}, auto_kid=True)


def _generate_rs256() -> RSAKey:
    """A 2048-bit RSA key whose ``kid`` is its RFC 7638 thumbprint."""
    return RSAKey.generate_key(2048, parameters={"alg": "RS256", "use": "sig"}, auto_kid=True)
