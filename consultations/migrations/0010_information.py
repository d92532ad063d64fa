from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0009_programmes"),
        ("cooperation", "0003_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Newsletter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject', models.CharField(max_length=200, verbose_name='subject')),
                ('text', models.TextField(help_text='Plain text; an empty line starts a new paragraph.', max_length=20000, verbose_name='text')),
                ('attachment_url', models.URLField(blank=True, help_text='E.g. a document in the BIP. It is sent as a link.', verbose_name='link to an attachment')),
                ('audience', models.CharField(choices=[('all', 'all confirmed organizations'), ('spheres', 'organizations of the chosen spheres')], default='all', max_length=10, verbose_name='who receives it')),
                ('reply_to', models.EmailField(help_text="The officer's address: replies are sent there.", max_length=254, verbose_name='replies go to')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('sent', 'sent')], default='draft', max_length=10, verbose_name='status')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cooperation.municipality', verbose_name='municipality')),
                ('sent_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('spheres', models.ManyToManyField(blank=True, related_name='+', to='cooperation.sphere', verbose_name='spheres of public benefit activity')),
            ],
            options={
                'verbose_name': 'newsletter',
                'verbose_name_plural': 'newsletters',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('email', 'e-mail'), ('post', 'post')], max_length=5, verbose_name='channel')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                ('name', models.CharField(max_length=300, verbose_name='name')),
                ('street', models.CharField(blank=True, max_length=200, verbose_name='street and number')),
                ('postal_code', models.CharField(blank=True, max_length=6, verbose_name='postal code')),
                ('city', models.CharField(blank=True, max_length=100, verbose_name='town')),
                ('status', models.CharField(choices=[('pending', 'waiting'), ('sent', 'sent'), ('failed', 'failed')], default='pending', max_length=10, verbose_name='status')),
                ('token_hash', models.CharField(blank=True, max_length=64)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('error', models.TextField(blank=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='receipt confirmed')),
                ('reply', models.TextField(blank=True, max_length=3000, verbose_name='reply')),
                ('replied_at', models.DateTimeField(blank=True, null=True)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cooperation.organization')),
                ('newsletter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='consultations.newsletter')),
            ],
            options={
                'verbose_name': 'delivery of a newsletter',
                'verbose_name_plural': 'deliveries of newsletters',
                'ordering': ['name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='NewsletterOptOut',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('delivery', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='consultations.delivery')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cooperation.municipality', verbose_name='municipality')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cooperation.organization')),
            ],
            options={
                'verbose_name': 'newsletter unsubscription',
                'verbose_name_plural': 'newsletter unsubscriptions',
            },
        ),
        migrations.CreateModel(
            name='NgoPost',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('news', 'news'), ('event', 'event')], default='news', max_length=10, verbose_name='kind')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('text', models.TextField(help_text='Plain text; an empty line starts a new paragraph.', max_length=5000, verbose_name='text')),
                ('starts_at', models.DateTimeField(blank=True, null=True, verbose_name='date and time of the event')),
                ('place', models.CharField(blank=True, max_length=300, verbose_name='place')),
                ('link', models.URLField(blank=True, help_text="E.g. the organization's page about it.", verbose_name='link')),
                ('status', models.CharField(choices=[('pending', 'awaiting approval'), ('published', 'published'), ('declined', 'declined'), ('withdrawn', 'withdrawn')], default='pending', max_length=10, verbose_name='status')),
                ('decline_reason', models.TextField(blank=True, verbose_name='reason for declining')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cooperation.municipality', verbose_name='municipality')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ngo_posts', to='cooperation.organization', verbose_name='organization')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'NGO news or event',
                'verbose_name_plural': 'NGO news and events',
                'ordering': ['-published_at', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['newsletter', 'channel', 'status'], name='consultatio_newslet_d36135_idx'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('newsletter', 'organization', 'channel'), name='delivery_one_per_channel'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(condition=models.Q(('token_hash', ''), _negated=True), fields=('token_hash',), name='delivery_token_unique'),
        ),
        migrations.AddConstraint(
            model_name='newsletteroptout',
            constraint=models.UniqueConstraint(fields=('municipality', 'organization'), name='newsletter_optout_unique'),
        ),
        migrations.AddIndex(
            model_name='ngopost',
            index=models.Index(fields=['municipality', 'status', '-published_at'], name='consultatio_municip_b71d80_idx'),
        ),
    ]
