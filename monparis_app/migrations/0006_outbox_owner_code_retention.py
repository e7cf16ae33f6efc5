from tortoise import migrations
from tortoise.migrations import operations as ops
import re
from datetime import datetime, timedelta
from typing import Any
from tortoise import fields

# Rows queued before this migration: the owner is found by address, and a code e-mail's code
# leaves its bodies (it moves to ``code`` while the row is still unsent, see core/outbox.py).
_CODE_KINDS = ("registration_code", "password_reset_code", "email_change_code")
_MASK = "••••"
_TEXT_CODE = re.compile(r"^\d{4}$", re.MULTILINE)
_HTML_CODE = re.compile(r'(letter-spacing:6px">)(\d{4})(</p>)')


async def _scrub_codes(apps: Any, schema_editor: Any) -> None:
    from monparis_app.settings import get_settings

    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    marks = ["$1", "$2", "$3", "$4", "$5"] if postgres else ["?"] * 5
    kinds = ", ".join(f"'{kind}'" for kind in _CODE_KINDS)
    rows = await client.execute_query_dict(
        "SELECT id, text_body, html_body, sent_at, created_at FROM outbox_email "
        f"WHERE kind IN ({kinds}) AND code IS NULL"
    )
    ttl = timedelta(seconds=get_settings().code_ttl_seconds)
    for row in rows:
        found = _TEXT_CODE.search(row["text_body"])
        if found is None:
            continue
        created = row["created_at"]
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        unsent = row["sent_at"] is None
        await client.execute_query(
            f"UPDATE outbox_email SET text_body = {marks[0]}, html_body = {marks[1]}, "
            f"code = {marks[2]}, code_expires_at = {marks[3]} WHERE id = {marks[4]}",
            [
                _TEXT_CODE.sub(_MASK, row["text_body"]),
                _HTML_CODE.sub(rf"\g<1>{_MASK}\g<3>", row["html_body"]),
                found.group(0) if unsent else None,
                created + ttl,
                row["id"],
            ],
        )


class Migration(migrations.Migration):
    dependencies = [('monparis', '0005_franceconnect_terms_and_account_link')]

    initial = False

    operations = [
        ops.AddField(
            model_name='OutboxEmail',
            name='account_id',
            field=fields.UUIDField(null=True, db_index=True),
        ),
        ops.AddField(
            model_name='OutboxEmail',
            name='code',
            field=fields.CharField(null=True, max_length=16),
        ),
        ops.AddField(
            model_name='OutboxEmail',
            name='code_expires_at',
            field=fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='OutboxEmail',
            name='gave_up_at',
            field=fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False),
        ),
        ops.RunSQL(
            "UPDATE outbox_email SET account_id = "
            "(SELECT account.id FROM account WHERE account.email = outbox_email.recipient) "
            "WHERE account_id IS NULL",
            reverse_sql=ops.RunSQL.noop,
        ),
        ops.RunPython(_scrub_codes, ops.RunPython.noop),
    ]
