# The digest of the code a resend replaced, on every code flow: the old code is then answered
# "a new code was sent" instead of "incorrect". Rows in flight start with none ("").
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0008_one_pending_franceconnect_identity')]

    initial = False

    operations = [
        ops.AddField(
            model_name='CodeFlow',
            name='previous_code_digest',
            field=fields.CharField(default='', max_length=64),
        ),
        ops.AddField(
            model_name='RegistrationFlow',
            name='previous_code_digest',
            field=fields.CharField(default='', max_length=64),
        ),
    ]
