# The migrations up to issue #13, squashed into one: a new database is set up from this;
# one made before it has every migration it replaces, and takes this one as applied.

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('innofund', '0001_initial'),
        ('innofund', '0002_publication'),
        ('innofund', '0003_history'),
        ('innofund', '0004_translatable_labels'),
        ('innofund', '0005_directory_order'),
    ]

    dependencies = [
        ('figures', '0001_squashed_0001_initial'),
        ('incubators', '0001_squashed_0005_directory_order'),
        ('zones', '0001_squashed_0004_translatable_labels'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('locator', models.CharField(blank=True, help_text='Where in the source: a section, table or list entry.', max_length=200, verbose_name='locator')),
                ('notes', models.TextField(blank=True, help_text='How facts were read from the source, and what is uncertain.', verbose_name='notes')),
                ('name', models.CharField(help_text='The name as published, in English.', max_length=200, verbose_name='name')),
                ('name_zh', models.CharField(blank=True, help_text='The official Chinese name, if known.', max_length=200, verbose_name='Chinese name')),
                ('slug', models.SlugField(blank=True, help_text="The record's address in the portal's URLs; made from the name when left empty.", max_length=200, unique=True, verbose_name='slug')),
                ('short_name', models.CharField(blank=True, help_text='e.g. Innofund.', max_length=60, verbose_name='short name')),
                ('launched_on', models.DateField(blank=True, help_text="As precisely as the source gives it. For a year alone enter 1 January of that year and choose precision 'Year'; for a month, the 1st and 'Month'.", null=True, verbose_name='launch date')),
                ('launched_precision', models.CharField(blank=True, choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], help_text='How much of the date the source gives.', max_length=5, verbose_name='launch date precision')),
                ('established_by', models.CharField(blank=True, help_text='e.g. State Council.', max_length=200, verbose_name='established by')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('parent', models.ForeignKey(blank=True, help_text='The programme this one is an instrument or part of.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='innofund.programme', verbose_name='parent programme')),
                ('source', models.ForeignKey(blank=True, help_text='The document these facts come from.', null=True, on_delete=django.db.models.deletion.PROTECT, to='figures.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'programme',
                'verbose_name_plural': 'programmes',
                'ordering': ['name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='HistoricalProject',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('publication', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', help_text='Drafts are seen only in the admin; a reviewer publishes them.', max_length=10, verbose_name='publication')),
                ('locator', models.CharField(blank=True, help_text='Where in the source: a section, table or list entry.', max_length=200, verbose_name='locator')),
                ('notes', models.TextField(blank=True, help_text='How facts were read from the source, and what is uncertain.', verbose_name='notes')),
                ('slug', models.SlugField(blank=True, help_text="The record's address in the portal's URLs; made from the name when left empty.", max_length=200, verbose_name='slug')),
                ('name', models.CharField(help_text="The project's title, in English.", max_length=300, verbose_name='title')),
                ('name_zh', models.CharField(blank=True, max_length=300, verbose_name='Chinese title')),
                ('code', models.CharField(blank=True, help_text="The programme's own reference number, if published.", max_length=40, verbose_name='project number')),
                ('year', models.PositiveSmallIntegerField(help_text='The year the grant or award was made.', validators=[django.core.validators.MinValueValidator(1949, 'Enter a year from %(limit_value)s on.'), django.core.validators.MaxValueValidator(2100, 'Enter a year up to %(limit_value)s.')], verbose_name='year')),
                ('currency', models.CharField(choices=[('CNY', 'CNY (yuan)'), ('USD', 'USD (US dollars)')], default='CNY', help_text='The currency of the amounts (CNY unless the source says otherwise).', max_length=3, verbose_name='currency')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, help_text='In full units of the currency (5.3 billion yuan is 5300000000). Leave empty when unknown.', max_digits=20, null=True, validators=[django.core.validators.MinValueValidator(0, 'An amount cannot be negative.')], verbose_name='amount awarded')),
                ('funding_type', models.CharField(choices=[('grant', 'Grant'), ('interest_subsidy', 'Loan interest subsidy'), ('equity', 'Equity investment'), ('risk_subsidy', 'Risk subsidy'), ('award', 'Award')], default='grant', max_length=20, verbose_name='funding type')),
                ('status', models.CharField(choices=[('approved', 'Approved'), ('in_progress', 'In progress'), ('completed', 'Completed'), ('terminated', 'Terminated')], default='approved', max_length=15, verbose_name='status')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('company', models.ForeignKey(blank=True, db_constraint=False, help_text='The recipient.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='incubators.company', verbose_name='company')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('province', models.ForeignKey(blank=True, db_constraint=False, help_text="Where the project is carried out; the company's province when left empty.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.province', verbose_name='province')),
                ('sector', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='zones.sector', verbose_name='sector')),
                ('source', models.ForeignKey(blank=True, db_constraint=False, help_text='The document these facts come from.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='figures.source', verbose_name='source')),
                ('programme', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='innofund.programme', verbose_name='programme')),
            ],
            options={
                'verbose_name': 'historical project',
                'verbose_name_plural': 'historical projects',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalProgramme',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('locator', models.CharField(blank=True, help_text='Where in the source: a section, table or list entry.', max_length=200, verbose_name='locator')),
                ('notes', models.TextField(blank=True, help_text='How facts were read from the source, and what is uncertain.', verbose_name='notes')),
                ('name', models.CharField(help_text='The name as published, in English.', max_length=200, verbose_name='name')),
                ('name_zh', models.CharField(blank=True, help_text='The official Chinese name, if known.', max_length=200, verbose_name='Chinese name')),
                ('slug', models.SlugField(blank=True, help_text="The record's address in the portal's URLs; made from the name when left empty.", max_length=200, verbose_name='slug')),
                ('short_name', models.CharField(blank=True, help_text='e.g. Innofund.', max_length=60, verbose_name='short name')),
                ('launched_on', models.DateField(blank=True, help_text="As precisely as the source gives it. For a year alone enter 1 January of that year and choose precision 'Year'; for a month, the 1st and 'Month'.", null=True, verbose_name='launch date')),
                ('launched_precision', models.CharField(blank=True, choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], help_text='How much of the date the source gives.', max_length=5, verbose_name='launch date precision')),
                ('established_by', models.CharField(blank=True, help_text='e.g. State Council.', max_length=200, verbose_name='established by')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, help_text='The document these facts come from.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='figures.source', verbose_name='source')),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, help_text='The programme this one is an instrument or part of.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='innofund.programme', verbose_name='parent programme')),
            ],
            options={
                'verbose_name': 'historical programme',
                'verbose_name_plural': 'historical programmes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Project',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('publication', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', help_text='Drafts are seen only in the admin; a reviewer publishes them.', max_length=10, verbose_name='publication')),
                ('locator', models.CharField(blank=True, help_text='Where in the source: a section, table or list entry.', max_length=200, verbose_name='locator')),
                ('notes', models.TextField(blank=True, help_text='How facts were read from the source, and what is uncertain.', verbose_name='notes')),
                ('slug', models.SlugField(blank=True, help_text="The record's address in the portal's URLs; made from the name when left empty.", max_length=200, unique=True, verbose_name='slug')),
                ('name', models.CharField(help_text="The project's title, in English.", max_length=300, verbose_name='title')),
                ('name_zh', models.CharField(blank=True, max_length=300, verbose_name='Chinese title')),
                ('code', models.CharField(blank=True, help_text="The programme's own reference number, if published.", max_length=40, verbose_name='project number')),
                ('year', models.PositiveSmallIntegerField(help_text='The year the grant or award was made.', validators=[django.core.validators.MinValueValidator(1949, 'Enter a year from %(limit_value)s on.'), django.core.validators.MaxValueValidator(2100, 'Enter a year up to %(limit_value)s.')], verbose_name='year')),
                ('currency', models.CharField(choices=[('CNY', 'CNY (yuan)'), ('USD', 'USD (US dollars)')], default='CNY', help_text='The currency of the amounts (CNY unless the source says otherwise).', max_length=3, verbose_name='currency')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, help_text='In full units of the currency (5.3 billion yuan is 5300000000). Leave empty when unknown.', max_digits=20, null=True, validators=[django.core.validators.MinValueValidator(0, 'An amount cannot be negative.')], verbose_name='amount awarded')),
                ('funding_type', models.CharField(choices=[('grant', 'Grant'), ('interest_subsidy', 'Loan interest subsidy'), ('equity', 'Equity investment'), ('risk_subsidy', 'Risk subsidy'), ('award', 'Award')], default='grant', max_length=20, verbose_name='funding type')),
                ('status', models.CharField(choices=[('approved', 'Approved'), ('in_progress', 'In progress'), ('completed', 'Completed'), ('terminated', 'Terminated')], default='approved', max_length=15, verbose_name='status')),
                ('company', models.ForeignKey(help_text='The recipient.', on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='incubators.company', verbose_name='company')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='innofund.programme', verbose_name='programme')),
                ('province', models.ForeignKey(blank=True, help_text="Where the project is carried out; the company's province when left empty.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='zones.province', verbose_name='province')),
                ('sector', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='projects', to='zones.sector', verbose_name='sector')),
                ('source', models.ForeignKey(blank=True, help_text='The document these facts come from.', null=True, on_delete=django.db.models.deletion.PROTECT, to='figures.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'project',
                'verbose_name_plural': 'projects',
                'ordering': ['-year', 'name'],
                'permissions': [('publish_project', 'Can publish and unpublish projects')],
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('launched_on__isnull', True), ('launched_precision', '')), models.Q(('launched_on__isnull', False), ('launched_precision', 'day')), models.Q(('launched_on__day', 1), ('launched_on__isnull', False), ('launched_precision', 'month')), models.Q(('launched_on__day', 1), ('launched_on__isnull', False), ('launched_on__month', 1), ('launched_precision', 'year')), _connector='OR'), name='innofund_programme_launched_precision_matches', violation_error_message='A date and its precision do not match.'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='innofund_programme_not_own_parent', violation_error_message='A programme cannot be its own parent.'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['year', 'programme'], name='innofund_pr_year_d822e8_idx'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['-year', 'name'], name='innofund_pr_year_7c78c0_idx'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('year__gte', 1949), ('year__lte', 2100)), ('year__isnull', True), _connector='OR'), name='innofund_project_year_plausible', violation_error_message='The year must lie between 1949 and 2100.'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0), ('amount__isnull', True), _connector='OR'), name='innofund_project_amount_non_negative', violation_error_message='An amount cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('programme', 'code'), name='innofund_project_unique_code_per_programme', violation_error_message='This programme already has a project with this number.'),
        ),
    ]
