from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("consultations", "0008_rules_allowed_forms")]

    operations = []
