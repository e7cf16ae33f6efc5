"""E-mails waiting to be sent, written in the same transaction as the change that needs them."""

from tortoise import fields
from tortoise.models import Model


class OutboxEmail(Model):
    id = fields.BigIntField(primary_key=True)
    recipient = fields.CharField(max_length=254, db_index=True)
    kind = fields.CharField(max_length=40)
    subject = fields.CharField(max_length=200)
    text_body = fields.TextField()
    html_body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(db_index=True)
    locked_until = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True, db_index=True)
    delivered_via = fields.CharField(max_length=20, null=True)
    last_error = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "outbox_email"
