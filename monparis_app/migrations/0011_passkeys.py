from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0010_openid_connect_provider')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Passkey',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('account_id', fields.UUIDField(db_index=True)),
                ('credential_id', fields.CharField(unique=True, max_length=1400)),
                ('public_key', fields.BinaryField()),
                ('sign_count', fields.BigIntField(default=0)),
                ('transports', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('aaguid', fields.CharField(default='', max_length=36)),
                ('backup_eligible', fields.BooleanField(default=False)),
                ('backup_state', fields.BooleanField(default=False)),
                ('name', fields.CharField(max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'passkey', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'A passkey the person registered, found again at sign-in by its credential id.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PasskeyChallenge',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('challenge', fields.CharField(max_length=128)),
                ('purpose', fields.CharField(max_length=20)),
                ('account_id', fields.UUIDField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'passkey_challenge', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'A WebAuthn challenge: lives 5 minutes, serves one purpose once.'},
            bases=['Model'],
        ),
    ]
