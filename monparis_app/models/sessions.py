"""Signed-in sessions: the browser holds a random token, we keep only its SHA-256."""

from uuid import UUID

from tortoise import fields
from tortoise.models import Model

from monparis_app.models.accounts import Account


class Session(Model):
    id = fields.UUIDField(primary_key=True)
    token_digest = fields.CharField(max_length=64, unique=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "monparis.Account", related_name="sessions", on_delete=fields.CASCADE
    )
    account_id: UUID
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    device = fields.CharField(max_length=120, default="")
    ip_prefix = fields.CharField(max_length=64, default="")
    revoked_at = fields.DatetimeField(null=True)
    # FranceConnect sign-out needs the id_token as ``id_token_hint``.
    fc_id_token = fields.TextField(null=True)

    class Meta:
        table = "session"


class SignInTicket(Model):
    """Hands a proven sign-in from a websocket handler to an HTTP response that sets the cookie."""

    id = fields.UUIDField(primary_key=True)
    ticket_digest = fields.CharField(max_length=64, unique=True)
    # SHA-256 of the browser's binding cookie: only that browser may redeem the ticket.
    browser_binding_digest = fields.CharField(max_length=64, default="")
    account_id = fields.UUIDField()
    next_path = fields.CharField(max_length=200, default="/")
    expires_at = fields.DatetimeField(db_index=True)
    # A FranceConnect sign-in (e-mail conflict linked on a page) keeps its id_token for logout.
    fc_id_token = fields.TextField(null=True)

    class Meta:
        table = "sign_in_ticket"


class SignInThrottle(Model):
    """Failed sign-ins per key (a hashed e-mail or IP), whether or not an account exists."""

    key_digest = fields.CharField(max_length=64, primary_key=True)
    failures = fields.IntField(default=0)
    last_failure_at = fields.DatetimeField(null=True)
    blocked_until = fields.DatetimeField(null=True)
    owner_warned_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sign_in_throttle"


class AuditEvent(Model):
    """Security-relevant events, shown to the person as "Activité récente"."""

    id = fields.BigIntField(primary_key=True)
    account_id = fields.UUIDField(db_index=True)
    kind = fields.CharField(max_length=40)
    created_at = fields.DatetimeField(db_index=True)
    device = fields.CharField(max_length=120, default="")
    ip_prefix = fields.CharField(max_length=64, default="")
    # What the event was about when its kind is not enough (the service that received data).
    detail = fields.CharField(max_length=200, default="")

    class Meta:
        table = "audit_event"
