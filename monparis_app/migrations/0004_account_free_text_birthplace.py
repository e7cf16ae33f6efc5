from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('monparis', '0003_sign_in_ticket_fc_id_token')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Account',
            name='address_city',
            field=fields.CharField(null=True, max_length=200),
        ),
        ops.AlterField(
            model_name='Account',
            name='address_country',
            field=fields.CharField(null=True, max_length=200),
        ),
        ops.AlterField(
            model_name='Account',
            name='birth_country',
            field=fields.CharField(null=True, max_length=200),
        ),
        ops.AlterField(
            model_name='Account',
            name='birth_place',
            field=fields.CharField(null=True, max_length=200),
        ),
    ]
