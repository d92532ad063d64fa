"""Thin Celery tasks of the core. Arguments are ids (and a model label); every task is idempotent."""

import logging
from datetime import timedelta

from celery import shared_task
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from .caching import bump_public_version
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
            transaction.on_commit(bump_public_version)  # public pages now link the PDF
    return "rendered"


@shared_task(name="cooperation.requeue_pending_documents")
def task_requeue_pending_documents() -> int:
    """Safety net (celery beat): re-enqueue renders asked for more than five minutes ago and still pending."""
    from .documents import rendered_models

    cutoff = timezone.now() - timedelta(minutes=5)
    count = 0
    with scopes_disabled():
        for model in rendered_models():
            pending = model._base_manager.filter(pdf_status=RenderStatus.PENDING, pdf_requested_at__lt=cutoff)
            for pk in pending.values_list("pk", flat=True):
                task_render_document.delay(model._meta.label, pk)
                count += 1
    return count


# --- Meetings and trainings (cooperation/events.py) ---------------------------------------------------


def _event_url(event) -> str:
    from django.conf import settings
    from django.urls import reverse

    path = reverse("cooperation:event_detail", kwargs={"municipality_slug": event.municipality.slug, "pk": event.pk})
    return f"{settings.PORTAL_BASE_URL}{path}"


@shared_task(name="cooperation.notify_event_cancelled", autoretry_for=TRANSIENT, retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_event_cancelled(event_id: int) -> int:
    """E-mail everyone registered (with a place or on the waiting list) that the event is cancelled, with the
    reason. Marked done afterwards, so a retry or a second run sends nothing twice; one message per person
    (no address is disclosed to the others), on one connection."""
    from django.conf import settings
    from django.core.mail import get_connection, send_mail
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.translation import gettext as _

    from .models import Event, EventRegistration, EventStatus

    with scopes_disabled(), transaction.atomic():
        event = Event.objects.select_for_update().select_related("municipality").get(pk=event_id)
        if event.registrants_notified_at is not None or event.status != EventStatus.CANCELLED:
            return 0
        emails = list(EventRegistration.objects.filter(event=event, cancelled_at__isnull=True, user__is_active=True)
                      .order_by("id").values_list("user__email", flat=True))
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Cancelled: %(title)s") % {"title": event.title}
            body = render_to_string("cooperation/events/email/cancelled.txt",
                                    {"event": event, "url": _event_url(event)})
        connection = get_connection()
        for email in emails:
            send_mail(subject, body, None, [email], connection=connection)
        event.registrants_notified_at = timezone.now()
        event.save(update_fields=["registrants_notified_at"])
    return len(emails)


@shared_task(name="cooperation.notify_event_promotion", autoretry_for=TRANSIENT, retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_event_promotion(registration_id: int) -> int:
    """E-mail a person promoted from the waiting list that they now have a place (once)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.translation import gettext as _

    from .models import EventRegistration

    with scopes_disabled(), transaction.atomic():
        registration = (EventRegistration.objects.select_for_update().select_related("event__municipality", "user")
                        .get(pk=registration_id))
        if (registration.promotion_notified_at is not None or registration.cancelled_at is not None
                or registration.waitlisted or not registration.user.is_active):
            return 0
        event = registration.event
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("You have a place: %(title)s") % {"title": event.title}
            body = render_to_string("cooperation/events/email/promoted.txt",
                                    {"event": event, "registration": registration, "url": _event_url(event)})
        send_mail(subject, body, None, [registration.user.email])
        registration.promotion_notified_at = timezone.now()
        registration.save(update_fields=["promotion_notified_at"])
    return 1
