from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import cooperation.models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0008_rules_allowed_forms"),
        ("cooperation", "0003_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('pdf', models.FileField(blank=True, storage=cooperation.models.private_storage, upload_to='documents/%Y/')),
                ('pdf_status', models.CharField(choices=[('pending', 'PDF being prepared'), ('ready', 'PDF ready'), ('failed', 'PDF failed')], default='pending', max_length=10)),
                ('pdf_error', models.TextField(blank=True)),
                ('pdf_attempts', models.PositiveSmallIntegerField(default=0)),
                ('pdf_rendered_at', models.DateTimeField(blank=True, null=True)),
                ('pdf_requested_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('kind', models.CharField(choices=[('annual', 'annual'), ('multi_year', 'multi-year')], default='annual', max_length=12, verbose_name='kind')),
                ('first_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000)], verbose_name='first year')),
                ('last_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000)], verbose_name='last year')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('consultation', 'in consultation'), ('adopted', 'adopted'), ('published', 'published'), ('withdrawn', 'withdrawn')], default='draft', max_length=12, verbose_name='status')),
                ('goals', models.TextField(blank=True, verbose_name='main and specific goals')),
                ('principles', models.TextField(blank=True, verbose_name='principles of cooperation')),
                ('scope', models.TextField(blank=True, verbose_name='subject scope')),
                ('forms', models.TextField(blank=True, verbose_name='forms of cooperation')),
                ('tasks', models.TextField(blank=True, verbose_name='priority public tasks: introduction')),
                ('period', models.TextField(blank=True, verbose_name='period of implementation')),
                ('implementation', models.TextField(blank=True, verbose_name='manner of implementation')),
                ('planned_funds', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.00'))], verbose_name='funds planned (PLN)')),
                ('funds', models.TextField(blank=True, verbose_name='funds planned: explanation')),
                ('evaluation', models.TextField(blank=True, verbose_name='evaluation of the programme')),
                ('creation', models.TextField(blank=True, verbose_name='how the programme was created')),
                ('committees', models.TextField(blank=True, verbose_name='open call committees')),
                ('officer_competences', models.TextField(blank=True, verbose_name='competences of the NGO officer')),
                ('support_centre', models.TextField(blank=True, verbose_name='support centre')),
                ('local_events', models.TextField(blank=True, verbose_name='NGOs at local events')),
                ('consultation_course', models.TextField(blank=True, help_text='Written from the consultation and the opinion at adoption.', verbose_name="the consultation and the council's opinion")),
                ('resolution_number', models.CharField(blank=True, max_length=200, verbose_name='resolution (number)')),
                ('resolution_date', models.DateField(blank=True, null=True, verbose_name='date of the resolution')),
                ('adopted_at', models.DateTimeField(blank=True, null=True)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('adopted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('consultation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='programmes', to='consultations.consultation', verbose_name='consultation')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cooperation.municipality', verbose_name='municipality')),
                ('opinion_request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='programmes', to='consultations.opinionrequest', verbose_name="request for the council's opinion")),
                ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'cooperation programme',
                'verbose_name_plural': 'cooperation programmes',
                'ordering': ['-first_year', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PriorityTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.TextField(verbose_name='task')),
                ('planned_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.00'))], verbose_name='planned amount (PLN)')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('sphere', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cooperation.sphere', verbose_name='sphere')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='priority_tasks', to='consultations.programme')),
            ],
            options={
                'verbose_name': 'priority public task',
                'verbose_name_plural': 'priority public tasks',
                'ordering': ['programme', 'order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ProgrammeIndicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=300, verbose_name='indicator')),
                ('unit', models.CharField(blank=True, max_length=60, verbose_name='unit')),
                ('target', models.CharField(blank=True, max_length=100, verbose_name='target value')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='consultations.programme')),
            ],
            options={
                'verbose_name': 'indicator',
                'verbose_name_plural': 'indicators',
                'ordering': ['programme', 'order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ProgrammeReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('pdf', models.FileField(blank=True, storage=cooperation.models.private_storage, upload_to='documents/%Y/')),
                ('pdf_status', models.CharField(choices=[('pending', 'PDF being prepared'), ('ready', 'PDF ready'), ('failed', 'PDF failed')], default='pending', max_length=10)),
                ('pdf_error', models.TextField(blank=True)),
                ('pdf_attempts', models.PositiveSmallIntegerField(default=0)),
                ('pdf_rendered_at', models.DateTimeField(blank=True, null=True)),
                ('pdf_requested_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000)], verbose_name='year')),
                ('number', models.PositiveSmallIntegerField(default=1)),
                ('status', models.CharField(choices=[('draft', 'draft'), ('published', 'published')], default='draft', max_length=10, verbose_name='status')),
                ('figures', models.JSONField(blank=True, default=list)),
                ('figures_taken_at', models.DateTimeField(blank=True, null=True)),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('indicator_values', models.JSONField(blank=True, default=list, help_text="[{name, unit, target, value}] against the programme's indicators.")),
                ('conclusions', models.TextField(blank=True, verbose_name='conclusions')),
                ('correction_note', models.CharField(blank=True, max_length=500, verbose_name='what was corrected')),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cooperation.municipality', verbose_name='municipality')),
                ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='consultations.programme', verbose_name='programme')),
                ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'programme implementation report',
                'verbose_name_plural': 'programme implementation reports',
                'ordering': ['-year', '-number', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='programme',
            index=models.Index(fields=['municipality', 'status', '-first_year'], name='consultatio_municip_f0bb1d_idx'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('last_year__gte', models.F('first_year'))), name='programme_years_order'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'annual'), _negated=True), ('last_year', models.F('first_year')), _connector='OR'), name='programme_annual_one_year'),
        ),
        migrations.AddConstraint(
            model_name='programmereport',
            constraint=models.UniqueConstraint(fields=('municipality', 'year', 'number'), name='programme_report_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='programmereport',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'draft')), fields=('municipality', 'year'), name='programme_report_one_draft'),
        ),
    ]
