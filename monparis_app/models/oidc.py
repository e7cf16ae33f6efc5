"""Mon Paris as an OpenID Connect provider: keys, codes, tokens, consents, paused requests.

Secrets (codes, tokens) are stored as SHA-256 digests: the database alone opens nothing.
Clients are not rows: they are registered by configuration (``MONPARIS_OIDC_CLIENTS``).
"""

from typing import Any

from tortoise import fields
from tortoise.models import Model


class OidcSigningKey(Model):
    """An ES256 key pair signing ID tokens, published in the JWKS until ``retire_at``.

    A new key signs from its creation on; the previous one stays published until its last
    token has expired, so a relying party holding a fresh token can always verify it.
    """

    kid = fields.CharField(max_length=64, primary_key=True)
    # {"public": JWK, "sealed": JWE of the private JWK} (``core.oidc_provider.keys``).
    private_jwk: Any = fields.JSONField()
    created_at = fields.DatetimeField(db_index=True)
    # Set when a newer key takes over: published until then, never used to sign again.
    retire_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oidc_signing_key"


class OidcAuthorizationCode(Model):
    """A code handed to a client: lives 60 s and works once (a replay revokes what it issued)."""

    id = fields.UUIDField(primary_key=True)
    code_digest = fields.CharField(max_length=64, unique=True)
    client_id = fields.CharField(max_length=100)
    account_id = fields.UUIDField()
    redirect_uri = fields.CharField(max_length=500)
    scope = fields.CharField(max_length=300)
    nonce = fields.CharField(max_length=255, null=True)
    code_challenge = fields.CharField(max_length=128)
    code_challenge_method = fields.CharField(max_length=10, default="S256")
    auth_time = fields.DatetimeField()
    # How the person proved who they are: "pwd" or "fc" (FranceConnect, certified identity).
    amr = fields.CharField(max_length=20, default="pwd")
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)
    # Set by a second presentation: a token its first use saves afterwards is revoked too.
    replayed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oidc_authorization_code"


class OidcToken(Model):
    """An access token (and maybe a refresh token) issued to a client for an account."""

    id = fields.UUIDField(primary_key=True)
    access_digest = fields.CharField(max_length=64, unique=True)
    refresh_digest = fields.CharField(max_length=64, unique=True, null=True)
    client_id = fields.CharField(max_length=100, db_index=True)
    account_id = fields.UUIDField(db_index=True)
    scope = fields.CharField(max_length=300)
    amr = fields.CharField(max_length=20, default="pwd")
    # The code this token came from (a replayed code revokes it); refresh rotations keep it.
    code_id = fields.UUIDField(null=True, db_index=True)
    issued_at = fields.DatetimeField()
    access_expires_at = fields.DatetimeField()
    refresh_expires_at = fields.DatetimeField(null=True)
    # Set when the refresh token was used once: its successor replaces it.
    refreshed_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oidc_token"


class OidcConsent(Model):
    """What a person allowed a service to read, so the second sign-in asks nothing."""

    id = fields.UUIDField(primary_key=True)
    account_id = fields.UUIDField()
    client_id = fields.CharField(max_length=100)
    scope = fields.CharField(max_length=300)
    granted_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oidc_consent"
        unique_together = (("account_id", "client_id"),)


class OidcPendingAuthorization(Model):
    """An authorization request paused while the person signs in, signs up or consents.

    The browser holds a random token in an HttpOnly cookie; the request itself stays here,
    already validated, so nothing of it travels through the sign-in or sign-up pages.
    """

    id = fields.UUIDField(primary_key=True)
    token_digest = fields.CharField(max_length=64, unique=True)
    client_id = fields.CharField(max_length=100)
    # The authorization request's parameters, exactly as the client sent them.
    params: Any = fields.JSONField()
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "oidc_pending_authorization"
