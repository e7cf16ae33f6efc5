# One table for the certified identities waiting for a decision (link or creation). Rows live
# minutes: the few in flight at deploy time are dropped, and that person starts FranceConnect again.
from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from monparis_app.models.franceconnect import PendingIdentityPurpose
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0007_sign_in_ticket_browser_binding')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PendingFranceConnectIdentity',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('purpose', fields.CharEnumField(description='LINK: link\nCREATION: creation', enum_type=PendingIdentityPurpose, max_length=16)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('fc_sub', fields.CharField(max_length=128)),
                ('identity', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('id_token', fields.TextField(unique=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'franceconnect_pending_identity', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'A certified identity kept server-side (short-lived) until the person decides.'},
            bases=['Model'],
        ),
        ops.DeleteModel(name='PendingFranceConnectCreation'),
        ops.DeleteModel(name='PendingFranceConnectLink'),
    ]
