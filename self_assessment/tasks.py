"""Tasks of the self-assessment: the note's PDF goes through the shared document renderer."""

from celery import shared_task

from cooperation.tasks import task_render_document


@shared_task(name="self_assessment.render_note")
def task_render_note(revision_id: int) -> str:
    """Render a note revision's PDF (kept as a name for tasks already queued; the work is shared)."""
    return task_render_document.run("self_assessment.NoteRevision", revision_id)
