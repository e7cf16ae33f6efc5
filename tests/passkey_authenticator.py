"""A software authenticator: real WebAuthn registrations and assertions, as a browser sends them.

``fido2`` encodes the CBOR and COSE structures (attestation object, authenticator data, public
key) and ``cryptography`` signs with an EC P-256 key, so the service's checks (py_webauthn)
verify exactly what a real passkey would produce. Each response is the JSON of the browser's
``PublicKeyCredential.toJSON()``.

Every knob a test needs to forge a bad response is a keyword: another origin, another rp id,
no user verification, a chosen counter, another user handle.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

FLAG = AuthenticatorData.FLAG
# An AAGUID that says which kind of authenticator this is (any 16 bytes: no attestation).
SOFTWARE_AAGUID = b"monparis-testkey"


@dataclass
class StoredCredential:
    """What the authenticator keeps of one passkey (a discoverable credential)."""

    credential_id: bytes
    private_key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    counter: int = 0


@dataclass
class SoftwareAuthenticator:
    """``origin``: where the "browser" says the page was; ``counts``: whether the signature
    counter moves (many platform passkeys keep it at 0)."""

    origin: str = "http://localhost:8000"
    counts: bool = True
    backup_eligible: bool = True
    backed_up: bool = True
    credentials: dict[bytes, StoredCredential] = field(default_factory=dict)

    def _flags(self, *, user_verified: bool, attested: bool = False) -> AuthenticatorData.FLAG:
        flags = FLAG.UP
        if user_verified:
            flags |= FLAG.UV
        if self.backup_eligible:
            flags |= FLAG.BE
        if self.backed_up:
            flags |= FLAG.BS
        if attested:
            flags |= FLAG.AT
        return flags

    def create(
        self,
        options_json: str,
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        user_verified: bool = True,
        credential_id: bytes | None = None,
    ) -> str:
        """``navigator.credentials.create({publicKey: options})`` then ``toJSON()``; the keywords
        forge a response for another site, without user verification, or claiming a chosen
        credential id (a "none" attestation signs nothing: only the service can refuse it)."""
        options = json.loads(options_json)
        used_rp_id = rp_id or options["rp"]["id"]
        private_key = ec.generate_private_key(ec.SECP256R1())
        credential_id = credential_id or secrets.token_bytes(32)
        stored = StoredCredential(
            credential_id,
            private_key,
            used_rp_id,
            websafe_decode(options["user"]["id"]),
            counter=1 if self.counts else 0,
        )
        self.credentials[credential_id] = stored
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.CREATE,
            challenge=options["challenge"],
            origin=origin or self.origin,
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256(used_rp_id.encode()).digest(),
            self._flags(user_verified=user_verified, attested=True),
            stored.counter,
            AttestedCredentialData.create(
                SOFTWARE_AAGUID,
                credential_id,
                ES256.from_cryptography_key(private_key.public_key()),  # type: ignore[no-untyped-call]
            ),
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return json.dumps(
            {
                "id": websafe_encode(credential_id),
                "rawId": websafe_encode(credential_id),
                "type": "public-key",
                "authenticatorAttachment": "platform",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": websafe_encode(client_data),
                    "attestationObject": websafe_encode(attestation),
                    "transports": ["internal", "hybrid"],
                },
            }
        )

    def get(
        self,
        options_json: str,
        *,
        credential_id: bytes | None = None,
        origin: str | None = None,
        rp_id: str | None = None,
        user_verified: bool = True,
        counter: int | None = None,
        user_handle: bytes | None = None,
    ) -> str:
        """``navigator.credentials.get({publicKey: options})`` then ``toJSON()``, with the only
        (or the chosen) credential; ``counter`` sets the signature counter sent."""
        options = json.loads(options_json)
        stored = self.credentials[credential_id or self.only_credential_id()]
        if counter is not None:
            stored.counter = counter
        elif self.counts:
            stored.counter += 1
        client_data = CollectedClientData.create(
            type=CollectedClientData.TYPE.GET,
            challenge=options["challenge"],
            origin=origin or self.origin,
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256((rp_id or options["rpId"]).encode()).digest(),
            self._flags(user_verified=user_verified),
            stored.counter,
        )
        signature = stored.private_key.sign(
            bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": websafe_encode(stored.credential_id),
                "rawId": websafe_encode(stored.credential_id),
                "type": "public-key",
                "authenticatorAttachment": "platform",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": websafe_encode(client_data),
                    "authenticatorData": websafe_encode(auth_data),
                    "signature": websafe_encode(signature),
                    "userHandle": websafe_encode(user_handle or stored.user_handle),
                },
            }
        )

    def only_credential_id(self) -> bytes:
        (only,) = self.credentials
        return only

    def forget(self, credential_id: bytes) -> None:
        del self.credentials[credential_id]


def tampered(response_json: str, **response_fields: Any) -> str:
    """The same response with some ``response`` members replaced."""
    body = json.loads(response_json)
    body["response"].update(response_fields)
    return json.dumps(body)
