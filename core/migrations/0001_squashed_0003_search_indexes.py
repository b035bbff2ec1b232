# The migrations up to issue #13, squashed into one: a new database is set up from this;
# one made before it has every migration it replaces, and takes this one as applied.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('torchportal', '0001_roles'),
        ('torchportal', '0002_data_version'),
        ('torchportal', '0003_search_indexes'),
    ]

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='DataVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveBigIntegerField(default=0)),
                ('changed_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'data version',
                'verbose_name_plural': 'data version',
            },
        ),
    ]
