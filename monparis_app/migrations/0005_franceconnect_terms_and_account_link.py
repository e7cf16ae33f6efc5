from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0004_account_free_text_birthplace')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PendingFranceConnectCreation',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('fc_sub', fields.CharField(max_length=128)),
                ('identity', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('id_token', fields.TextField(unique=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'franceconnect_pending_creation', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'A certified identity with no account yet: the account is created only once the person'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='FranceConnectLogin',
            name='link_account_id',
            field=fields.UUIDField(null=True),
        ),
    ]
