import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0003_lead_blank_creators_pdf_requested"),
        ("cooperation", "0003_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Resource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('room', 'Room or building'), ('equipment', 'Equipment'), ('public_space', 'Public space'), ('other', 'Vehicle or other')], default='room', max_length=20, verbose_name='kind')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='address or location')),
                ('capacity', models.PositiveIntegerField(blank=True, help_text='Leave empty where people are not counted (equipment).', null=True, verbose_name='capacity (people)')),
                ('quantity', models.PositiveIntegerField(blank=True, null=True, verbose_name='quantity (items lent together)')),
                ('accessibility', models.TextField(blank=True, help_text='Step-free access, toilets, induction loop, parking, what is missing.', verbose_name='accessibility information')),
                ('rules', models.TextField(help_text='What the organization undertakes: keys, cleaning, insurance, fees.', verbose_name='rules of use')),
                ('procedure_url', models.URLField(blank=True, help_text='A link to the ordinance or regulations on the use of municipal property (e.g. in the BIP).', verbose_name="the municipality's procedure document")),
                ('open_weekdays', models.CharField(default='01234', help_text='Digits of ISO weekdays minus one: 0 Monday … 6 Sunday.', max_length=7, verbose_name='open on')),
                ('opens_at', models.TimeField(default=datetime.time(8, 0), verbose_name='opens at')),
                ('closes_at', models.TimeField(default=datetime.time(20, 0), verbose_name='closes at')),
                ('min_notice_days', models.PositiveSmallIntegerField(default=3, verbose_name='minimum notice (days)')),
                ('max_booking_hours', models.PositiveIntegerField(default=8, verbose_name='longest booking (hours)')),
                ('free_for_ngos', models.BooleanField(default=True, verbose_name='free of charge for NGOs')),
                ('fee_note', models.CharField(blank=True, help_text='Where NGOs pay: how much and on what basis.', max_length=300, verbose_name='fees')),
                ('is_published', models.BooleanField(default=False, verbose_name='published in the catalogue')),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cooperation.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'municipal resource',
                'verbose_name_plural': 'municipal resources',
                'ordering': ['name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='BookingRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_task', models.TextField(verbose_name='public task it serves')),
                ('starts_at', models.DateTimeField(verbose_name='starts')),
                ('ends_at', models.DateTimeField(verbose_name='ends')),
                ('participants', models.PositiveIntegerField(blank=True, null=True, verbose_name='expected participants')),
                ('needs', models.TextField(blank=True, verbose_name='needs')),
                ('status', models.CharField(choices=[('requested', 'Awaiting a decision'), ('approved', 'Approved'), ('declined', 'Declined'), ('cancelled', 'Cancelled by the organization'), ('withdrawn', 'Withdrawn by the municipality')], default='requested', max_length=12, verbose_name='status')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decision_note', models.TextField(blank=True, verbose_name='note or reason')),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('notified_status', models.CharField(blank=True, help_text='The status the requester was last e-mailed about.', max_length=12)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('contract', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='booking_requests', to='grants.contract', verbose_name='grant contract')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cooperation.municipality', verbose_name='municipality')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='booking_requests', to='cooperation.organization', verbose_name='organization')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('resource', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='grants.resource', verbose_name='resource')),
            ],
            options={
                'verbose_name': 'booking request',
                'verbose_name_plural': 'booking requests',
                'ordering': ['starts_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ResourceBlackout',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(verbose_name='from')),
                ('ends_on', models.DateField(verbose_name='until')),
                ('reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
                ('resource', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='blackouts', to='grants.resource')),
            ],
            options={
                'verbose_name': 'blackout period',
                'verbose_name_plural': 'blackout periods',
                'ordering': ['starts_on', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='resource',
            constraint=models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='resource_opens_before_closing'),
        ),
        migrations.AddConstraint(
            model_name='resource',
            constraint=models.CheckConstraint(condition=models.Q(('max_booking_hours__gte', 1)), name='resource_longest_booking_positive'),
        ),
        migrations.AddIndex(
            model_name='bookingrequest',
            index=models.Index(fields=['resource', 'status', 'starts_at'], name='grants_book_resourc_ada61c_idx'),
        ),
        migrations.AddIndex(
            model_name='bookingrequest',
            index=models.Index(fields=['municipality', 'status'], name='grants_book_municip_bbe2c1_idx'),
        ),
        migrations.AddConstraint(
            model_name='bookingrequest',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='booking_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='resourceblackout',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='blackout_ends_after_start'),
        ),
    ]
