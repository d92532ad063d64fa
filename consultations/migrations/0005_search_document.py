"""A normalised search column on Consultation with a trigram GIN index (PostgreSQL only), filled for existing rows.

The index lets PostgreSQL answer the word-start regular expressions and the word-similarity operator of
consultations/search.py without reading every row."""

from django.db import migrations, models

INDEX = "consultation_search_trgm"


def fill(apps, schema_editor):
    from consultations.search import normalise

    Consultation = apps.get_model("consultations", "Consultation")
    DocumentVersion = apps.get_model("consultations", "DocumentVersion")
    for consultation in Consultation.objects.all().iterator():
        latest = DocumentVersion.objects.filter(consultation=consultation).order_by("-number").first()
        text = f"{consultation.title} {latest.source if latest else ''}"
        Consultation.objects.filter(pk=consultation.pk).update(search_document=normalise(text))


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON consultations_consultation "
            "USING gin (search_document gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("consultations", "0004_reports")]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="search_document",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
