from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("consultations", "0009_programmes")]

    operations = []
