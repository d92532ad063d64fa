"""Thin Celery tasks of the core. Arguments are ids (and a model label); every task is idempotent."""

import logging
from datetime import timedelta

from celery import shared_task
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from .enums import RenderStatus

logger = logging.getLogger(__name__)
TRANSIENT = (OSError, ConnectionError, TimeoutError)


@shared_task(
    name="cooperation.render_document", bind=True, autoretry_for=TRANSIENT, retry_backoff=5, retry_backoff_max=300,
    max_retries=5, acks_late=True,
)
def task_render_document(self, model_label: str, pk: int) -> str:
    """Render a published document's PDF and store it. A ready PDF is left alone; a failure that is not
    transient is recorded on the document so the officer sees it and can retry."""
    model = apps.get_model(model_label)
    with scopes_disabled():
        document = model._base_manager.get(pk=pk)
        if document.pdf_status == RenderStatus.READY and document.pdf:
            return "already-rendered"
        model._base_manager.filter(pk=pk).update(pdf_attempts=document.pdf_attempts + 1)
        try:
            filename, _content_type, data = document.render_pdf()
        except TRANSIENT:
            raise
        except Exception as error:  # noqa: BLE001 - any rendering bug must reach the officer, not vanish
            logger.exception("Rendering %s %s failed", model_label, pk)
            model._base_manager.filter(pk=pk).update(
                pdf_status=RenderStatus.FAILED, pdf_error=f"{type(error).__name__}: {error}"[:2000]
            )
            return "failed"
        with transaction.atomic():
            locked = model._base_manager.select_for_update().get(pk=pk)
            if locked.pdf_status == RenderStatus.READY and locked.pdf:
                return "already-rendered"
            locked.pdf.save(filename, ContentFile(data), save=False)
            locked.pdf_status = RenderStatus.READY
            locked.pdf_error = ""
            locked.pdf_rendered_at = timezone.now()
            locked.save(update_fields=["pdf", "pdf_status", "pdf_error", "pdf_rendered_at"])
    return "rendered"


@shared_task(name="cooperation.requeue_pending_documents")
def task_requeue_pending_documents() -> int:
    """Safety net (celery beat): re-enqueue renders still pending after five minutes."""
    from .documents import rendered_models

    cutoff = timezone.now() - timedelta(minutes=5)
    count = 0
    with scopes_disabled():
        for model in rendered_models():
            for pk in model._base_manager.filter(pdf_status=RenderStatus.PENDING, published_at__lt=cutoff).values_list(
                "pk", flat=True
            ):
                task_render_document.delay(model._meta.label, pk)
                count += 1
    return count
