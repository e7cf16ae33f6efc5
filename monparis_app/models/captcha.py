"""A captcha challenge: the answer is kept only as an HMAC; the row is burnt by its first check."""

from tortoise import fields
from tortoise.models import Model


class CaptchaChallenge(Model):
    id = fields.UUIDField(primary_key=True)
    answer_digest = fields.CharField(max_length=64)
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "captcha_challenge"
