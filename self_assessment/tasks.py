"""Thin Celery tasks. Arguments are ids; every task is idempotent."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from .enums import RenderStatus

logger = logging.getLogger(__name__)
TRANSIENT = (OSError, ConnectionError, TimeoutError)


@shared_task(
    name="self_assessment.render_note", bind=True, autoretry_for=TRANSIENT, retry_backoff=5, retry_backoff_max=300,
    max_retries=5, acks_late=True,
)
def task_render_note(self, revision_id: int) -> str:
    """Render a note revision's PDF and store it. A ready PDF is left alone (idempotent); a failure that is
    not transient is recorded on the revision so the officer sees it and can retry."""
    from .models import NoteRevision
    from .pdf import render_note

    with scopes_disabled():
        revision = NoteRevision.objects.select_related("edition__municipality").get(pk=revision_id)
        if revision.pdf_status == RenderStatus.READY and revision.pdf:
            return "already-rendered"
        NoteRevision.objects.filter(pk=revision_id).update(pdf_attempts=revision.pdf_attempts + 1)
        try:
            filename, _content_type, data = render_note(revision)
        except TRANSIENT:
            raise
        except Exception as error:  # noqa: BLE001 - any rendering bug must reach the officer, not vanish
            logger.exception("Rendering note revision %s failed", revision_id)
            NoteRevision.objects.filter(pk=revision_id).update(
                pdf_status=RenderStatus.FAILED, pdf_error=f"{type(error).__name__}: {error}"[:2000]
            )
            return "failed"
        with transaction.atomic():
            locked = NoteRevision.objects.select_for_update().get(pk=revision_id)
            if locked.pdf_status == RenderStatus.READY and locked.pdf:
                return "already-rendered"
            locked.pdf.save(filename, ContentFile(data), save=False)
            locked.pdf_status = RenderStatus.READY
            locked.pdf_error = ""
            locked.pdf_rendered_at = timezone.now()
            locked.save(update_fields=["pdf", "pdf_status", "pdf_error", "pdf_rendered_at"])
    return "rendered"


@shared_task(name="self_assessment.requeue_pending_notes")
def task_requeue_pending_notes() -> int:
    """Periodic safety net (celery beat): re-enqueue renders still pending after a few minutes, e.g. when
    Redis or a worker was down at publication time."""
    from datetime import timedelta

    from .models import NoteRevision

    cutoff = timezone.now() - timedelta(minutes=5)
    with scopes_disabled():
        ids = list(
            NoteRevision.objects.filter(pdf_status=RenderStatus.PENDING, published_at__lt=cutoff)
            .values_list("id", flat=True)
        )
    for revision_id in ids:
        task_render_note.delay(revision_id)
    return len(ids)
