"""Flows proven by a 4-digit e-mailed code after sign-up: password reset, login e-mail change."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class CodeFlowPurpose(StrEnum):
    PASSWORD_RESET = "password_reset"
    EMAIL_CHANGE = "email_change"


class CodeFlow(Model):
    id = fields.UUIDField(primary_key=True)
    purpose = fields.CharEnumField(CodeFlowPurpose)
    account_id = fields.UUIDField(null=True, db_index=True)
    email = fields.CharField(max_length=254)
    code_digest = fields.CharField(max_length=64)
    # The code the last resend replaced: typed, it is told apart from a wrong one.
    previous_code_digest = fields.CharField(max_length=64, default="")
    code_expires_at = fields.DatetimeField()
    code_attempts = fields.IntField(default=0)
    sends_count = fields.IntField(default=1)
    last_sent_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    completed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "code_flow"
