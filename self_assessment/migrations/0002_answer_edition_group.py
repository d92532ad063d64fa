"""Answers carry their edition and respondent group, so that results aggregate over the answers table alone."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Answer = apps.get_model("self_assessment", "Answer")
    Response = apps.get_model("self_assessment", "Response")
    responses = Response.objects.filter(pk=OuterRef("response_id"))
    Answer._base_manager.update(
        edition_id=Subquery(responses.values("edition_id")[:1]), group=Subquery(responses.values("group")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("self_assessment", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="answer", name="edition",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="self_assessment.edition"),
        ),
        migrations.AddField(
            model_name="answer", name="group",
            field=models.CharField(choices=[("ngo", "NGO representative"),
                                            ("jst", "local government (staff, councillors, council members)")],
                                   default="", max_length=5),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="answer", name="edition",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="self_assessment.edition"),
        ),
        migrations.RemoveIndex(model_name="answer", name="self_assess_questio_cde1c1_idx"),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(fields=["question", "group", "rating", "dont_know"], name="answer_aggregation"),
        ),
    ]
