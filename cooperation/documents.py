"""Published documents rendered to PDF by Celery: one mechanism for the LIJW note, the consultation report
and whatever comes next. A model inherits RenderedPdf and implements `render_pdf()`; publishing calls
`enqueue_render(instance)` after the commit; the task stores the file or records the failure for the
officer; a periodic task re-enqueues renders left pending (a lost task, Redis down at the time)."""

from django.db import models, transaction

from .enums import RenderStatus
from .models import private_storage


class RenderedPdf(models.Model):
    pdf = models.FileField(upload_to="documents/%Y/", storage=private_storage, blank=True)
    pdf_status = models.CharField(max_length=10, choices=RenderStatus.choices, default=RenderStatus.PENDING)
    pdf_error = models.TextField(blank=True)
    pdf_attempts = models.PositiveSmallIntegerField(default=0)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    # Set when a render is asked for (enqueue_render): the beat task re-enqueues only documents asked for and
    # still pending, never drafts that were not meant to be rendered yet.
    pdf_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def render_pdf(self) -> tuple[str, str, bytes]:
        """(filename, content type, bytes) of this document's PDF."""
        raise NotImplementedError


def enqueue_render(instance: RenderedPdf) -> None:
    from django.utils import timezone

    from .tasks import task_render_document

    label, pk = instance._meta.label, instance.pk
    type(instance)._base_manager.filter(pk=pk).update(pdf_requested_at=timezone.now())
    transaction.on_commit(lambda: task_render_document.delay(label, pk))


def rendered_models() -> list[type[RenderedPdf]]:
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, RenderedPdf)]
