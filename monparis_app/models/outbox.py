"""E-mails waiting to be sent, written in the same transaction as the change that needs them.

A verification code is never part of the stored bodies: they hold a mask where the code goes,
and the code itself sits in ``code`` only until the e-mail is delivered or the code expires
(see ``monparis_app.core.outbox``). Every row names the account it belongs to, when there is
one, so a data export and an account deletion find it whatever address it went to.
"""

from tortoise import fields
from tortoise.models import Model


class OutboxEmail(Model):
    id = fields.BigIntField(primary_key=True)
    # The account the e-mail belongs to (None: an address with no account, e.g. a sign-up
    # code, or the goodbye after deletion). Not a foreign key: the goodbye outlives the account.
    account_id = fields.UUIDField(null=True, db_index=True)
    recipient = fields.CharField(max_length=254, db_index=True)
    kind = fields.CharField(max_length=40)
    subject = fields.CharField(max_length=200)
    text_body = fields.TextField()
    html_body = fields.TextField()
    # The code to put in place of the mask when sending; cleared on delivery or expiry.
    code = fields.CharField(max_length=16, null=True)
    code_expires_at = fields.DatetimeField(null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(db_index=True)
    locked_until = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True, db_index=True)
    delivered_via = fields.CharField(max_length=20, null=True)
    # Set when the outbox stops trying (code expired, or too many failed tries); logged.
    gave_up_at = fields.DatetimeField(null=True, db_index=True)
    last_error = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "outbox_email"
