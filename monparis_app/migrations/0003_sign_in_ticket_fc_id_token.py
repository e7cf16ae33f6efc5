from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0002_sessions_flows_franceconnect')]

    initial = False

    operations = [
        ops.AddField(
            model_name='SignInTicket',
            name='fc_id_token',
            field=fields.TextField(null=True, unique=False),
        ),
    ]
