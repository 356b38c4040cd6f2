"""Event and ForumSeries now live in the `events` app (its 0001_initial); their tables, the
boards' foreign key to their event and every row stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('boards', '0002_events'),
        ('events', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='board',
                    name='event',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='boards', to='events.event', verbose_name='evenemang'),
                ),
                migrations.DeleteModel(name='Event'),
                migrations.DeleteModel(name='ForumSeries'),
            ],
        ),
    ]
