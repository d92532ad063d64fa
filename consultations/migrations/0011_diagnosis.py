import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0010_information"),
        ("cooperation", "0003_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('group', models.CharField(choices=[('living_conditions', 'Material living conditions'), ('housing', 'Housing'), ('economy', 'Economic development and jobs'), ('education', 'Education and culture'), ('civic', 'Civic activity'), ('health', 'Public health'), ('environment', 'Natural environment'), ('inequalities', 'Social inequalities')], max_length=30, verbose_name='group')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('unit', models.CharField(help_text='E.g. “percent”, “per 1000 residents”, “PLN”.', max_length=60, verbose_name='unit')),
                ('definition', models.TextField(blank=True, help_text='What is measured and how it is calculated.', verbose_name='definition')),
                ('direction', models.CharField(choices=[('higher', 'Higher is better'), ('lower', 'Lower is better'), ('neutral', 'Neither higher nor lower is better')], default='neutral', max_length=10, verbose_name='which way is better')),
                ('order', models.PositiveSmallIntegerField(default=100, verbose_name='order in the group')),
                ('is_published', models.BooleanField(default=False, verbose_name='published')),
                ('starter_key', models.CharField(blank=True, editable=False, max_length=50)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cooperation.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'indicator',
                'verbose_name_plural': 'indicators',
                'ordering': ['group', 'order', 'name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='IndicatorValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('value', models.DecimalField(decimal_places=3, error_messages={'null': 'Enter the value.'}, max_digits=15, verbose_name='value')),
                ('source', models.CharField(error_messages={'blank': 'Name the source of the value.'}, help_text='E.g. “GUS BDL, tablica P2392”.', max_length=300, verbose_name='source')),
                ('source_url', models.URLField(blank=True, max_length=500, verbose_name='source address')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='consultations.indicator', verbose_name='indicator')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'indicator value',
                'verbose_name_plural': 'indicator values',
                'ordering': ['indicator', 'year'],
            },
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.UniqueConstraint(fields=('municipality', 'name'), name='diagnosis_indicator_name_unique'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.UniqueConstraint(condition=models.Q(('starter_key', ''), _negated=True), fields=('municipality', 'starter_key'), name='diagnosis_indicator_starter_unique'),
        ),
        migrations.AddConstraint(
            model_name='indicatorvalue',
            constraint=models.UniqueConstraint(fields=('indicator', 'year'), name='diagnosis_value_year_unique'),
        ),
    ]
