from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("grants", "0003_lead_blank_creators_pdf_requested")]

    operations = []
