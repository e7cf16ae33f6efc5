"""The Mon Paris account: exists only once its e-mail was proven (code) or certified (FranceConnect)."""

from typing import Any

from tortoise import fields
from tortoise.models import Model


class Account(Model):
    id = fields.UUIDField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    sex = fields.CharField(max_length=6)
    first_names = fields.CharField(max_length=200)
    birth_name = fields.CharField(max_length=100)
    usage_name = fields.CharField(max_length=100, null=True)
    birth_date = fields.DateField(null=True)
    # An INSEE code when certified by FranceConnect, free text when typed by the person.
    birth_place = fields.CharField(max_length=200, null=True)
    birth_country = fields.CharField(max_length=200, null=True)
    phone = fields.CharField(max_length=20, null=True)
    password_hash = fields.CharField(max_length=255, null=True)
    password_changed_at = fields.DatetimeField(null=True)
    # Set by "Sécuriser mon compte": no password sign-in until a new one is set by e-mailed code.
    must_reset_password = fields.BooleanField(default=False)
    fc_sub = fields.CharField(max_length=128, unique=True, null=True)
    certified_fields: Any = fields.JSONField(default=list)
    terms_accepted_at = fields.DatetimeField(null=True)
    # Personal data the account page lets the person manage.
    address_line = fields.CharField(max_length=200, null=True)
    address_postcode = fields.CharField(max_length=10, null=True)
    address_city = fields.CharField(max_length=200, null=True)
    address_country = fields.CharField(max_length=200, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "account"
