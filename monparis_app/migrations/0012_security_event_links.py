# "Ce n'était pas moi": the links of the security e-mails, the browsers each account knows,
# and the flag that blocks password sign-in until a new password is set by e-mailed code.
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0011_passkeys')]

    initial = False

    operations = [
        ops.CreateModel(
            name='KnownDevice',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('monparis.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='known_devices', on_delete=OnDelete.CASCADE)),
                ('browser_digest', fields.CharField(max_length=64)),
                ('first_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'known_device', 'app': 'monparis', 'unique_together': (('account', 'browser_digest'),), 'pk_attr': 'id', 'table_description': 'A browser that signed in to an account: a sign-in from any other one is e-mailed.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SecurityEventLink',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('account', fields.ForeignKeyField('monparis.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='security_event_links', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=40)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('device', fields.CharField(default='', max_length=120)),
                ('ip_prefix', fields.CharField(default='', max_length=64)),
                ('previous_email', fields.CharField(null=True, max_length=254)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'security_event_link', 'app': 'monparis', 'pk_attr': 'id', 'table_description': 'A link of a security e-mail, bound to one event of one account: usable once, 10 days.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Account',
            name='must_reset_password',
            field=fields.BooleanField(default=False),
        ),
    ]
