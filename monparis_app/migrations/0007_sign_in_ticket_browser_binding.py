from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0006_outbox_owner_code_retention')]

    initial = False

    operations = [
        ops.AddField(
            model_name='SignInTicket',
            name='browser_binding_digest',
            field=fields.CharField(default='', max_length=64),
        ),
    ]
