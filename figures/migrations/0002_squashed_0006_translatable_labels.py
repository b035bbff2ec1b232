# The migrations up to issue #13, squashed into one: a new database is set up from this;
# one made before it has every migration it replaces, and takes this one as applied.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('figures', '0002_initial'),
        ('figures', '0003_source_short_title'),
        ('figures', '0004_publication'),
        ('figures', '0005_history'),
        ('figures', '0006_translatable_labels'),
    ]

    dependencies = [
        ('figures', '0001_squashed_0001_initial'),
        ('incubators', '0001_squashed_0005_directory_order'),
        ('innofund', '0001_squashed_0005_directory_order'),
        ('zones', '0001_squashed_0004_translatable_labels'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='figure',
            name='incubator',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='incubators.incubator', verbose_name='incubator'),
        ),
        migrations.AddField(
            model_name='figure',
            name='programme',
            field=models.ForeignKey(blank=True, help_text='Required when the topic is a programme.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='innofund.programme', verbose_name='programme'),
        ),
        migrations.AddField(
            model_name='figure',
            name='zone',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='zones.zone', verbose_name='zone'),
        ),
        migrations.AddField(
            model_name='historicalfigure',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalfigure',
            name='incubator',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='incubators.incubator', verbose_name='incubator'),
        ),
        migrations.AddField(
            model_name='historicalfigure',
            name='programme',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Required when the topic is a programme.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='innofund.programme', verbose_name='programme'),
        ),
        migrations.AddField(
            model_name='historicalfigure',
            name='zone',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone'),
        ),
        migrations.AddField(
            model_name='historicalmetric',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='incubator',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='incubators.incubator', verbose_name='incubator'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='programme',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Required when the topic is a programme.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='innofund.programme', verbose_name='programme'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='zone',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.zone', verbose_name='zone'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalfigure',
            name='metric',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='figures.metric', verbose_name='metric'),
        ),
        migrations.AddField(
            model_name='figure',
            name='metric',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='figures', to='figures.metric', verbose_name='metric'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='incubator',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='incubators.incubator', verbose_name='incubator'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='programme',
            field=models.ForeignKey(blank=True, help_text='Required when the topic is a programme.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='innofund.programme', verbose_name='programme'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='zone',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='zones.zone', verbose_name='zone'),
        ),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('published_on__isnull', True), ('published_precision', '')), models.Q(('published_on__isnull', False), ('published_precision', 'day')), models.Q(('published_on__day', 1), ('published_on__isnull', False), ('published_precision', 'month')), models.Q(('published_on__day', 1), ('published_on__isnull', False), ('published_on__month', 1), ('published_precision', 'year')), _connector='OR'), name='figures_source_published_precision_matches', violation_error_message='A date and its precision do not match.'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='source',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='milestones', to='figures.source', verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='figures.source', verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalfigure',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='figures.source', verbose_name='source'),
        ),
        migrations.AddField(
            model_name='figure',
            name='source',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='figures', to='figures.source', verbose_name='source'),
        ),
        migrations.AddConstraint(
            model_name='milestone',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('happened_on__isnull', True), ('happened_precision', '')), models.Q(('happened_on__isnull', False), ('happened_precision', 'day')), models.Q(('happened_on__day', 1), ('happened_on__isnull', False), ('happened_precision', 'month')), models.Q(('happened_on__day', 1), ('happened_on__isnull', False), ('happened_on__month', 1), ('happened_precision', 'year')), _connector='OR'), name='figures_milestone_happened_precision_matches', violation_error_message='A date and its precision do not match.'),
        ),
        migrations.AddConstraint(
            model_name='milestone',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('topic', 'programme'), _negated=True), ('programme__isnull', False), _connector='OR'), name='figures_milestone_programme_topic_names_programme', violation_error_message='Name the programme when the topic is a programme.'),
        ),
        migrations.AddIndex(
            model_name='figure',
            index=models.Index(fields=['topic', 'metric'], name='figures_fig_topic_9f56bf_idx'),
        ),
        migrations.AddConstraint(
            model_name='figure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('as_of_on__isnull', True), ('as_of_precision', '')), models.Q(('as_of_on__isnull', False), ('as_of_precision', 'day')), models.Q(('as_of_on__day', 1), ('as_of_on__isnull', False), ('as_of_precision', 'month')), models.Q(('as_of_on__day', 1), ('as_of_on__isnull', False), ('as_of_on__month', 1), ('as_of_precision', 'year')), _connector='OR'), name='figures_figure_as_of_precision_matches', violation_error_message='A date and its precision do not match.'),
        ),
        migrations.AddConstraint(
            model_name='figure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('topic', 'programme'), _negated=True), ('programme__isnull', False), _connector='OR'), name='figures_figure_programme_topic_names_programme', violation_error_message='Name the programme when the topic is a programme.'),
        ),
        migrations.AddConstraint(
            model_name='figure',
            constraint=models.CheckConstraint(condition=models.Q(('unit', 'growth_percent'), ('value__gte', 0), _connector='OR'), name='figures_figure_non_negative_unless_growth', violation_error_message='Only a growth rate can be negative.'),
        ),
        migrations.AddConstraint(
            model_name='figure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('unit', 'percent'), _negated=True), models.Q(('value__lte', 100), models.Q(('upper_value__isnull', True), ('upper_value__lte', 100), _connector='OR')), _connector='OR'), name='figures_figure_share_at_most_100', violation_error_message='A share is a percentage from 0 to 100.'),
        ),
        migrations.AddConstraint(
            model_name='figure',
            constraint=models.CheckConstraint(condition=models.Q(('upper_value__isnull', True), ('upper_value__gt', models.F('value')), _connector='OR'), name='figures_figure_range_ascends', violation_error_message="A range's upper end must be above its lower end."),
        ),
    ]
