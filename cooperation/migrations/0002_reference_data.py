"""Load the Model's reference data (principles, planes, areas, tools, minimal standards) and the spheres
of public benefit activity. Re-running the loaders updates texts in place; ids never change."""

from django.db import migrations


def load(apps, schema_editor):
    from cooperation.reference.model import load_model_reference
    from cooperation.reference.spheres import load_spheres

    load_model_reference(apps)
    load_spheres(apps)


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
