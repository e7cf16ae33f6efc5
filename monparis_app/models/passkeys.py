"""Passkeys (WebAuthn credentials) and the challenges their ceremonies sign.

Only public material is stored: the credential's public key and id. A challenge is kept
server-side until its single use, so a signed response cannot be replayed.
"""

from typing import Any

from tortoise import fields
from tortoise.models import Model


class Passkey(Model):
    """A passkey the person registered, found again at sign-in by its credential id.

    The credential is discoverable: the authenticator holds the account's user handle, so a
    sign-in starts without an e-mail typed.
    """

    id = fields.UUIDField(primary_key=True)
    account_id = fields.UUIDField(db_index=True)
    # base64url of the raw credential id, as the browser's ``toJSON()`` spells it.
    credential_id = fields.CharField(max_length=1400, unique=True)
    # COSE-encoded public key, verified by py_webauthn.
    public_key = fields.BinaryField()
    sign_count = fields.BigIntField(default=0)
    transports: Any = fields.JSONField(default=list)
    aaguid = fields.CharField(max_length=36, default="")
    backup_eligible = fields.BooleanField(default=False)
    backup_state = fields.BooleanField(default=False)
    name = fields.CharField(max_length=100)
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "passkey"


class PasskeyChallenge(Model):
    """A WebAuthn challenge: lives 5 minutes, serves one purpose once.

    A registration challenge belongs to one account; an authentication challenge to nobody
    (the credential names its account). ``used_at`` is claimed by an atomic update.
    """

    id = fields.UUIDField(primary_key=True)
    # base64url of the random challenge: it is public (sent in the options), not a secret.
    challenge = fields.CharField(max_length=128)
    purpose = fields.CharField(max_length=20)
    account_id = fields.UUIDField(null=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "passkey_challenge"
