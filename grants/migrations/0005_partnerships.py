"""Partnerships (P2.A3, P3.A3): partnerships, partners, representatives, actions, engagement assessments."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cooperation.models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0004_bookings"),
        ("cooperation", "0003_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Partnership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('project', 'project partnership'), ('local', 'local partnership')], max_length=20, verbose_name='kind')),
                ('name', models.CharField(max_length=300, verbose_name='name')),
                ('goals', models.TextField(blank=True, verbose_name='goals')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('area', models.CharField(blank=True, help_text='Where the partnership works, e.g. the municipality or a group of villages.', max_length=300, verbose_name='area')),
                ('starts_on', models.DateField(verbose_name='start date')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='end date')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('active', 'active'), ('ended', 'ended')], default='draft', max_length=20, verbose_name='status')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                ('agreement_signed_on', models.DateField(blank=True, null=True, verbose_name='agreement signed on')),
                ('agreement_file', models.FileField(blank=True, storage=cooperation.models.private_storage, upload_to='partnerships/%Y/', verbose_name='agreement (PDF)')),
                ('assessment_rules', models.TextField(blank=True, help_text='As the agreement sets them. Required before the first assessment.', verbose_name="rules for assessing the partners' engagement")),
                ('results', models.TextField(blank=True, verbose_name='results')),
                ('results_updated_at', models.DateTimeField(blank=True, null=True, verbose_name='results updated')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cooperation.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'partnership',
                'verbose_name_plural': 'partnerships',
                'ordering': ['-starts_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Partner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('municipality', 'municipality'), ('ngo', 'non-governmental organization'), ('business', 'business'), ('public_institution', 'public institution'), ('other', 'other')], max_length=30, verbose_name='kind of partner')),
                ('name', models.CharField(blank=True, max_length=300, verbose_name='name')),
                ('role', models.CharField(choices=[('leader', 'leader'), ('partner', 'partner')], default='partner', max_length=20, verbose_name='role')),
                ('joined_on', models.DateField(verbose_name='joined on')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='left on')),
                ('website', models.URLField(blank=True, help_text="The partner's web page that reports the partnership, its goals and results.", verbose_name='page reporting the partnership')),
                ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='partnerships', to='cooperation.organization', verbose_name='organization on the portal')),
                ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partners', to='grants.partnership')),
            ],
            options={
                'verbose_name': 'partner',
                'verbose_name_plural': 'partners',
                'ordering': ['partnership', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Action',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('date', models.DateField(verbose_name='date')),
                ('status', models.CharField(choices=[('planned', 'planned'), ('done', 'done')], default='planned', max_length=20, verbose_name='status')),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='done on')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('responsible', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='grants.partner', verbose_name='responsible partner')),
                ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='grants.partnership')),
            ],
            options={
                'verbose_name': 'action of a partnership',
                'verbose_name_plural': 'actions of partnerships',
                'ordering': ['date', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Representative',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=200, verbose_name='name and surname')),
                ('function', models.CharField(blank=True, max_length=200, verbose_name='function')),
                ('appointment', models.CharField(choices=[('executive_order', "appointed by the executive's order"), ('ngo_selection', 'selected by the NGOs'), ('designation', 'designated by the partner')], max_length=30, verbose_name='how appointed')),
                ('order_number', models.CharField(blank=True, max_length=100, verbose_name="number of the executive's order")),
                ('selection_method', models.CharField(blank=True, help_text="E.g. a vote at the NGOs' meeting of 12 March.", max_length=300, verbose_name='how the NGOs selected the representative')),
                ('appointed_on', models.DateField(verbose_name='date of the order or selection')),
                ('starts_on', models.DateField(verbose_name='represents from')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='represents until')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='representatives', to='grants.partner')),
            ],
            options={
                'verbose_name': 'representative',
                'verbose_name_plural': 'representatives',
                'ordering': ['partner', 'full_name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='EngagementAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('score', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='score (1–5)')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('assessed_at', models.DateTimeField(verbose_name='assessed at')),
                ('assessed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessments', to='grants.partner')),
            ],
            options={
                'verbose_name': 'engagement assessment',
                'verbose_name_plural': 'engagement assessments',
                'ordering': ['year', 'partner', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('score__gte', 1), ('score__lte', 5)), name='assessment_score_1_to_5'), models.UniqueConstraint(fields=('partner', 'year', 'assessed_by'), name='assessment_once_per_assessor')],
            },
        ),
        migrations.AddConstraint(
            model_name='partnership',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='partnership_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.UniqueConstraint(condition=models.Q(('organization__isnull', False)), fields=('partnership', 'organization'), name='partner_organization_once'),
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.UniqueConstraint(condition=models.Q(('role', 'leader')), fields=('partnership',), name='partner_one_leader'),
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.CheckConstraint(condition=models.Q(('organization__isnull', True), ('kind', 'ngo'), _connector='OR'), name='partner_organization_is_ngo'),
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.CheckConstraint(condition=models.Q(('left_on__isnull', True), ('left_on__gte', models.F('joined_on')), _connector='OR'), name='partner_leaves_after_joining'),
        ),
    ]
