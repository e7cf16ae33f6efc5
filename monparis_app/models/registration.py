"""A sign-up in progress: one persisted flow per attempt, with its code and its counters."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class RegistrationState(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class RegistrationFlow(Model):
    id = fields.UUIDField(primary_key=True)
    state = fields.CharEnumField(RegistrationState, default=RegistrationState.PENDING)
    email = fields.CharField(max_length=254, db_index=True)
    email_taken = fields.BooleanField(default=False)
    sex = fields.CharField(max_length=6)
    first_names = fields.CharField(max_length=200)
    birth_name = fields.CharField(max_length=100)
    phone = fields.CharField(max_length=20, null=True)
    password_hash = fields.CharField(max_length=255)
    code_digest = fields.CharField(max_length=64)
    # The code the last resend replaced: typed, it is told apart from a wrong one.
    previous_code_digest = fields.CharField(max_length=64, default="")
    code_expires_at = fields.DatetimeField()
    code_attempts = fields.IntField(default=0)
    sends_count = fields.IntField(default=1)
    last_sent_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    completed_at = fields.DatetimeField(null=True)
    account_id = fields.UUIDField(null=True)

    class Meta:
        table = "registration_flow"
