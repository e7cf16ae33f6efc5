from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from monparis_app.models.registration import RegistrationState
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('sex', fields.CharField(max_length=6)),
                ('first_names', fields.CharField(max_length=200)),
                ('birth_name', fields.CharField(max_length=100)),
                ('usage_name', fields.CharField(null=True, max_length=100)),
                ('birth_date', fields.DateField(null=True)),
                ('birth_place', fields.CharField(null=True, max_length=5)),
                ('birth_country', fields.CharField(null=True, max_length=5)),
                ('phone', fields.CharField(null=True, max_length=20)),
                ('password_hash', fields.CharField(null=True, max_length=255)),
                ('password_changed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('fc_sub', fields.CharField(null=True, unique=True, max_length=128)),
                ('certified_fields', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('terms_accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'account', 'app': 'monparis', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaptchaChallenge',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('answer_digest', fields.CharField(max_length=64)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'captcha_challenge', 'app': 'monparis', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxEmail',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recipient', fields.CharField(db_index=True, max_length=254)),
                ('kind', fields.CharField(max_length=40)),
                ('subject', fields.CharField(max_length=200)),
                ('text_body', fields.TextField(unique=False)),
                ('html_body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('delivered_via', fields.CharField(null=True, max_length=20)),
                ('last_error', fields.CharField(null=True, max_length=500)),
            ],
            options={'table': 'outbox_email', 'app': 'monparis', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RegistrationFlow',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('state', fields.CharEnumField(default=RegistrationState.PENDING, description='PENDING: pending\nCOMPLETED: completed\nCANCELLED: cancelled', enum_type=RegistrationState, max_length=9)),
                ('email', fields.CharField(db_index=True, max_length=254)),
                ('email_taken', fields.BooleanField(default=False)),
                ('sex', fields.CharField(max_length=6)),
                ('first_names', fields.CharField(max_length=200)),
                ('birth_name', fields.CharField(max_length=100)),
                ('phone', fields.CharField(null=True, max_length=20)),
                ('password_hash', fields.CharField(max_length=255)),
                ('code_digest', fields.CharField(max_length=64)),
                ('code_expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('code_attempts', fields.IntField(default=0)),
                ('sends_count', fields.IntField(default=1)),
                ('last_sent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('account_id', fields.UUIDField(null=True)),
            ],
            options={'table': 'registration_flow', 'app': 'monparis', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
