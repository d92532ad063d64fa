from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_bookings")]

    operations = []
