from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0009_previous_code_digest')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OidcAuthorizationCode',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('code_digest', fields.CharField(unique=True, max_length=64)),
                ('client_id', fields.CharField(max_length=100)),
                ('account_id', fields.UUIDField()),
                ('redirect_uri', fields.CharField(max_length=500)),
                ('scope', fields.CharField(max_length=300)),
                ('nonce', fields.CharField(null=True, max_length=255)),
                ('code_challenge', fields.CharField(max_length=128)),
                ('code_challenge_method', fields.CharField(default='S256', max_length=10)),
                ('auth_time', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('amr', fields.CharField(default='pwd', max_length=20)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('replayed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oidc_authorization_code', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'A code handed to a client: lives 60 s and works once (a replay revokes what it issued).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OidcConsent',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('account_id', fields.UUIDField()),
                ('client_id', fields.CharField(max_length=100)),
                ('scope', fields.CharField(max_length=300)),
                ('granted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oidc_consent', 'app': 'monparis', 'unique_together': (('account_id', 'client_id'),), 'pk_attr': 'id', 'table_description': 'What a person allowed a service to read, so the second sign-in asks nothing.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OidcPendingAuthorization',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('client_id', fields.CharField(max_length=100)),
                ('params', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oidc_pending_authorization', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'An authorization request paused while the person signs in, signs up or consents.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OidcSigningKey',
            fields=[
                ('kid', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('private_jwk', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('retire_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oidc_signing_key', 'app': 'monparis', 'pk_attr': 'kid', 'table_description': 'An ES256 key pair signing ID tokens, published in the JWKS until ``retire_at``.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OidcToken',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('access_digest', fields.CharField(unique=True, max_length=64)),
                ('refresh_digest', fields.CharField(null=True, unique=True, max_length=64)),
                ('client_id', fields.CharField(db_index=True, max_length=100)),
                ('account_id', fields.UUIDField(db_index=True)),
                ('scope', fields.CharField(max_length=300)),
                ('amr', fields.CharField(default='pwd', max_length=20)),
                ('code_id', fields.UUIDField(null=True, db_index=True)),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('access_expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('refresh_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('refreshed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oidc_token', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'An access token (and maybe a refresh token) issued to a client for an account.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='AuditEvent',
            name='detail',
            field=fields.CharField(default='', max_length=200),
        ),
    ]
