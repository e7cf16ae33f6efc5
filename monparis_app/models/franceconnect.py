"""FranceConnect sign-ins in progress (state, nonce) and identities waiting to be linked."""

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class FranceConnectLogin(Model):
    """One authorization request: ``state`` and ``nonce`` are single use and bound to a browser."""

    id = fields.UUIDField(primary_key=True)
    state_digest = fields.CharField(max_length=64, unique=True)
    nonce = fields.CharField(max_length=128)
    browser_binding_digest = fields.CharField(max_length=64)
    redirect_uri = fields.CharField(max_length=500)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)
    # Set when a signed-in person links their own account: the identity goes to this account
    # (if the same session comes back), never to whichever account the e-mail names.
    link_account_id = fields.UUIDField(null=True)

    class Meta:
        table = "franceconnect_login"


class PendingIdentityPurpose(StrEnum):
    """What a certified identity waits for before anything is written to an account."""

    # Its e-mail already belongs to a local account: never merged silently; kept until the
    # person proves that account with its password, or gives up.
    LINK = "link"
    # No account yet: created only once the person accepts the terms of use.
    CREATION = "creation"


class PendingFranceConnectIdentity(Model):
    """A certified identity kept server-side (short-lived) until the person decides.

    The browser carries only a random token whose digest is stored here, and a token is good
    only for its own ``purpose``."""

    id = fields.UUIDField(primary_key=True)
    purpose = fields.CharEnumField(PendingIdentityPurpose, max_length=16)
    token_digest = fields.CharField(max_length=64, unique=True)
    fc_sub = fields.CharField(max_length=128)
    identity: Any = fields.JSONField()
    id_token = fields.TextField()
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "franceconnect_pending_identity"
