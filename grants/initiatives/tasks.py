"""Celery tasks of the local initiative. Arguments are ids; each task checks the application's state first,
so a retry after the state moved on sends nothing."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from .enums import InitiativeStatus

EXPECTED = {
    "returned": {InitiativeStatus.RETURNED},
    "decided": {InitiativeStatus.ACCEPTED, InitiativeStatus.REJECTED},
}


@shared_task(name="grants.initiatives.notify_applicant", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_applicant(application_id: int, what: str) -> int:
    """E-mail the applicant's contact address: returned for completion, or the decision with its reasons."""
    from .models import InitiativeApplication

    with scopes_disabled():
        application = InitiativeApplication.objects.select_related("municipality").filter(pk=application_id).first()
    if application is None or application.status not in EXPECTED.get(what, set()):
        return 0
    recipient = application.contact_email or (application.created_by.email if application.created_by else "")
    if not recipient:
        return 0
    url = settings.PORTAL_BASE_URL + reverse("initiatives:application_detail", kwargs={
        "municipality_slug": application.municipality.slug, "pk": application.pk})
    with translation.override(settings.LANGUAGE_CODE):
        if what == "returned":
            subject = _("Local initiative: complete your application %(number)s") % {"number": application.number}
        elif application.status == InitiativeStatus.ACCEPTED:
            subject = _("Local initiative accepted: %(title)s") % {"title": application.title}
        else:
            subject = _("Local initiative not accepted: %(title)s") % {"title": application.title}
        body = render_to_string("grants/initiatives/email/applicant.txt",
                                {"application": application, "what": what, "url": url})
    send_mail(subject, body, None, [recipient])
    return 1
