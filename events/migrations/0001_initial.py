"""Event and ForumSeries, moved here from `boards` with their tables, rows and constraints as
they were: this migration only tells Django's state where the models live now (the tables
were made by boards' 0002_events, and keep their names: see the models' Meta.db_table)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('boards', '0002_events'),
        ('hub', '0002_role_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Event',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('forum_meeting', 'Forumträff'), ('matchmaking', 'Matchmaking'), ('lab', 'Labb'), ('open_workshop', 'Öppen verkstad'), ('design_sprint', 'Designsprint'), ('pitch_event', 'Pitchevent'), ('other', 'Annat evenemang')], default='other', max_length=20, verbose_name='typ')),
                        ('title', models.CharField(max_length=200, verbose_name='rubrik')),
                        ('description', models.TextField(blank=True, max_length=20000, validators=[django.core.validators.MaxLengthValidator(20000)], verbose_name='beskrivning')),
                        ('description_html', models.TextField(blank=True, editable=False)),
                        ('starts_at', models.DateTimeField(verbose_name='börjar')),
                        ('ends_at', models.DateTimeField(verbose_name='slutar')),
                        ('place', models.CharField(blank=True, max_length=200, verbose_name='plats')),
                        ('series_number', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='träff nummer')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events_created', to=settings.AUTH_USER_MODEL)),
                        ('focus_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='hub.focusarea', verbose_name='fokusområde')),
                        ('organisers', models.ManyToManyField(blank=True, related_name='events_organised', to=settings.AUTH_USER_MODEL, verbose_name='arrangörer')),
                    ],
                    options={
                        'db_table': 'boards_event',
                        'verbose_name': 'evenemang',
                        'verbose_name_plural': 'evenemang',
                        'ordering': ['starts_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ForumSeries',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='namn')),
                        ('description', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='tema och beskrivning')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='forum_series_created', to=settings.AUTH_USER_MODEL)),
                        ('focus_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='forum_series', to='hub.focusarea', verbose_name='fokusområde')),
                    ],
                    options={
                        'db_table': 'boards_forumseries',
                        'verbose_name': 'forumserie',
                        'verbose_name_plural': 'forumserier',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.AddField(
                    model_name='event',
                    name='series',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='events.forumseries', verbose_name='forumserie'),
                ),
                migrations.AddIndex(
                    model_name='event',
                    index=models.Index(fields=['ends_at', 'starts_at'], name='event_when_idx'),
                ),
                migrations.AddConstraint(
                    model_name='event',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='event_ends_after_it_starts'),
                ),
                migrations.AddConstraint(
                    model_name='event',
                    constraint=models.CheckConstraint(condition=models.Q(('series__isnull', True), ('kind', 'forum_meeting'), _connector='OR'), name='event_series_only_for_forum_meetings'),
                ),
                migrations.AddConstraint(
                    model_name='event',
                    constraint=models.CheckConstraint(condition=models.Q(('series_number__isnull', True), ('series__isnull', False), _connector='OR'), name='event_number_only_in_a_series'),
                ),
                migrations.AddConstraint(
                    model_name='event',
                    constraint=models.UniqueConstraint(condition=models.Q(('series__isnull', False), ('series_number__isnull', False)), fields=('series', 'series_number'), name='one_meeting_per_number_in_a_series'),
                ),
            ],
        ),
    ]
