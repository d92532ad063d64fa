from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("grants", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contract",
            name="municipality_represented_by",
            field=models.CharField(blank=True, max_length=300, verbose_name="the municipality is represented by"),
        ),
        migrations.AddField(
            model_name="contract",
            name="organization_represented_by",
            field=models.CharField(blank=True, max_length=300, verbose_name="the organization is represented by"),
        ),
        migrations.AddField(
            model_name="taskreport",
            name="due_on",
            field=models.DateField(
                blank=True, help_text="Partial reports the officer asked for: at least 30 days after the request.",
                null=True, verbose_name="due on",
            ),
        ),
    ]
