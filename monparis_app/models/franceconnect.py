"""FranceConnect sign-ins in progress (state, nonce) and identities waiting to be linked."""

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


class PendingFranceConnectLink(Model):
    """A certified identity whose e-mail already belongs to a local account: never merged
    silently; kept until the person proves the local account with its password, or gives up."""

    id = fields.UUIDField(primary_key=True)
    token_digest = fields.CharField(max_length=64, unique=True)
    fc_sub = fields.CharField(max_length=128)
    identity: Any = fields.JSONField()
    id_token = fields.TextField()
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "franceconnect_pending_link"


class PendingFranceConnectCreation(Model):
    """A certified identity with no account yet: the account is created only once the person
    accepts the terms of use, so it is kept here (server-side, short-lived) until then."""

    id = fields.UUIDField(primary_key=True)
    token_digest = fields.CharField(max_length=64, unique=True)
    fc_sub = fields.CharField(max_length=128)
    identity: Any = fields.JSONField()
    id_token = fields.TextField()
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "franceconnect_pending_creation"
