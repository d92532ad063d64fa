"""The PostgreSQL extensions the consultation search uses (consultations/search.py): unaccent and pg_trgm.

Django's CreateExtension operations check `schema_editor.connection.vendor` themselves and do nothing on
other databases (SQLite in development and tests)."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [UnaccentExtension(), TrigramExtension()]
