"""The "Ce n'était pas moi" links of the security e-mails, and the browsers an account knows.

A link's token is random and lives only in the e-mail: the row keeps its SHA-256, so reading the
table gives no link that works. A browser is recognised by the long-lived binding cookie every
browser gets (``monparis_app.web.cookies``), of which only the SHA-256 is kept. Both rows go
with their account (foreign keys, ``CASCADE``).
"""

from uuid import UUID

from tortoise import fields
from tortoise.models import Model

from monparis_app.models.accounts import Account


class SecurityEventLink(Model):
    """A link of a security e-mail, bound to one event of one account: usable once, 10 days.

    ``previous_email`` is the login e-mail before an e-mail change, so that the link sent to it
    can give it back. ``used_at`` is claimed by an atomic update: a link secures once.
    """

    id = fields.UUIDField(primary_key=True)
    token_digest = fields.CharField(max_length=64, unique=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "monparis.Account", related_name="security_event_links", on_delete=fields.CASCADE
    )
    account_id: UUID
    kind = fields.CharField(max_length=40)
    occurred_at = fields.DatetimeField()
    device = fields.CharField(max_length=120, default="")
    ip_prefix = fields.CharField(max_length=64, default="")
    previous_email = fields.CharField(max_length=254, null=True)
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "security_event_link"


class KnownDevice(Model):
    """A browser that signed in to an account: a sign-in from any other one is e-mailed.

    ``browser_digest`` is the SHA-256 of the browser's binding cookie, never the cookie itself.
    """

    id = fields.UUIDField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "monparis.Account", related_name="known_devices", on_delete=fields.CASCADE
    )
    account_id: UUID
    browser_digest = fields.CharField(max_length=64)
    first_seen_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()

    class Meta:
        table = "known_device"
        unique_together = (("account", "browser_digest"),)
