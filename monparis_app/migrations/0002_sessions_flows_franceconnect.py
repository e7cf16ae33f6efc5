from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from monparis_app.models.code_flows import CodeFlowPurpose
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account_id', fields.UUIDField(db_index=True)),
                ('kind', fields.CharField(max_length=40)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('device', fields.CharField(default='', max_length=120)),
                ('ip_prefix', fields.CharField(default='', max_length=64)),
            ],
            options={'table': 'audit_event', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'Security-relevant events, shown to the person as "Activité récente".'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CodeFlow',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('purpose', fields.CharEnumField(description='PASSWORD_RESET: password_reset\nEMAIL_CHANGE: email_change', enum_type=CodeFlowPurpose, max_length=14)),
                ('account_id', fields.UUIDField(null=True, db_index=True)),
                ('email', fields.CharField(max_length=254)),
                ('code_digest', fields.CharField(max_length=64)),
                ('code_expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('code_attempts', fields.IntField(default=0)),
                ('sends_count', fields.IntField(default=1)),
                ('last_sent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'code_flow', 'app': 'monparis', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FranceConnectLogin',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('state_digest', fields.CharField(unique=True, max_length=64)),
                ('nonce', fields.CharField(max_length=128)),
                ('browser_binding_digest', fields.CharField(max_length=64)),
                ('redirect_uri', fields.CharField(max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'franceconnect_login', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'One authorization request: ``state`` and ``nonce`` are single use and bound to a browser.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PendingFranceConnectLink',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('fc_sub', fields.CharField(max_length=128)),
                ('identity', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('id_token', fields.TextField(unique=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'franceconnect_pending_link', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'A certified identity whose e-mail already belongs to a local account: never merged'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('account', fields.ForeignKeyField('monparis.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('device', fields.CharField(default='', max_length=120)),
                ('ip_prefix', fields.CharField(default='', max_length=64)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('fc_id_token', fields.TextField(null=True, unique=False)),
            ],
            options={'table': 'session', 'app': 'monparis', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SignInThrottle',
            fields=[
                ('key_digest', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('failures', fields.IntField(default=0)),
                ('last_failure_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('blocked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('owner_warned_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sign_in_throttle', 'app': 'monparis', 'pk_attr': 'key_digest', 'table_description': 'Failed sign-ins per key (a hashed e-mail or IP), whether or not an account exists.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SignInTicket',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('ticket_digest', fields.CharField(unique=True, max_length=64)),
                ('account_id', fields.UUIDField()),
                ('next_path', fields.CharField(default='/', max_length=200)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sign_in_ticket', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'Hands a proven sign-in from a websocket handler to an HTTP response that sets the cookie.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Account',
            name='address_city',
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddField(
            model_name='Account',
            name='address_country',
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddField(
            model_name='Account',
            name='address_line',
            field=fields.CharField(null=True, max_length=200),
        ),
        ops.AddField(
            model_name='Account',
            name='address_postcode',
            field=fields.CharField(null=True, max_length=10),
        ),
    ]
