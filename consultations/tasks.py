"""Thin Celery tasks of consultations. Arguments are ids; every task is idempotent."""

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

BATCH = 100


@shared_task(name="consultations.notify_ngo_base", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_ngo_base(consultation_id: int) -> int:
    """E-mail the municipality's NGO base (organizations that accept e-mail) about a published consultation.
    Marked done afterwards, so a retry or a second run sends nothing twice; sent in batches on one connection.
    Organizations that chose post are on the printable letter list instead."""
    from cooperation.selectors import address_base

    from .models import Consultation

    with scopes_disabled(), transaction.atomic():
        consultation = Consultation.objects.select_for_update().select_related("municipality").get(pk=consultation_id)
        if consultation.ngo_base_notified_at is not None:
            return 0
        recipients = list(address_base(consultation.municipality).filter(wants_email=True).values_list("email", flat=True))
        path = reverse("consultations:detail", kwargs={"municipality_slug": consultation.municipality.slug,
                                                       "pk": consultation.pk})
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Public consultation: %(title)s") % {"title": consultation.title}
            body = render_to_string("consultations/email/published.txt",
                                    {"consultation": consultation, "url": f"{settings.PORTAL_BASE_URL}{path}"})
        connection = get_connection()
        for start in range(0, len(recipients), BATCH):
            # One message per organization (no address is disclosed to the others).
            for email in recipients[start:start + BATCH]:
                send_mail(subject, body, None, [email], connection=connection)
        consultation.ngo_base_notified_at = timezone.now()
        consultation.save(update_fields=["ngo_base_notified_at"])
    return len(recipients)


@shared_task(name="consultations.notify_followers", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_followers(report_id: int) -> int:
    """E-mail everyone who follows the consultation that its report is published (once per report)."""
    from .models import Follow, Report

    with scopes_disabled(), transaction.atomic():
        report = Report.objects.select_for_update().select_related("consultation__municipality").get(pk=report_id)
        if report.followers_notified_at is not None:
            return 0
        consultation = report.consultation
        emails = list(Follow.objects.filter(consultation=consultation, user__is_active=True)
                      .values_list("user__email", flat=True))
        path = reverse("consultations:report", kwargs={"municipality_slug": consultation.municipality.slug,
                                                       "pk": consultation.pk})
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Report of the consultation: %(title)s") % {"title": consultation.title}
            body = render_to_string("consultations/email/report.txt",
                                    {"consultation": consultation, "url": f"{settings.PORTAL_BASE_URL}{path}"})
        connection = get_connection()
        for email in emails:
            send_mail(subject, body, None, [email], connection=connection)
        report.followers_notified_at = timezone.now()
        report.save(update_fields=["followers_notified_at"])
    return len(emails)


# --- The public benefit council (consultations/council.py) ----------------------------------------------------


@shared_task(name="consultations.notify_council_members", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_council_members(opinion_request_id: int) -> int:
    """E-mail the council's members who have an e-mail address that a draft awaits their opinion, with the
    due day (once per request: marked done afterwards)."""
    from .models import CouncilMember, OpinionRequest

    with scopes_disabled(), transaction.atomic():
        opinion = (OpinionRequest.objects.select_for_update().select_related("municipality", "term")
                   .get(pk=opinion_request_id))
        if opinion.members_notified_at is not None:
            return 0
        emails = list(CouncilMember.objects.filter(term=opinion.term, dismissed_on__isnull=True)
                      .exclude(email="").values_list("email", flat=True))
        path = reverse("consultations:council_opinion", kwargs={"municipality_slug": opinion.municipality.slug,
                                                                 "pk": opinion.pk})
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("The council's opinion is requested: %(subject)s") % {"subject": opinion.subject}
            body = render_to_string("consultations/council/email/opinion_requested.txt",
                                    {"opinion": opinion, "url": f"{settings.PORTAL_BASE_URL}{path}"})
        connection = get_connection()
        for email in emails:
            send_mail(subject, body, None, [email], connection=connection)
        opinion.members_notified_at = timezone.now()
        opinion.save(update_fields=["members_notified_at"])
    return len(emails)


@shared_task(name="consultations.notify_officers_of_council_request", autoretry_for=(OSError,), retry_backoff=30,
             max_retries=5, acks_late=True)
def task_notify_officers_of_council_request(council_request_id: int) -> int:
    """E-mail the municipality's officers that NGOs filed a request to create the council, with the 2-month
    deadline (once per request)."""
    from cooperation.models import Officer

    from .models import CouncilRequest

    with scopes_disabled(), transaction.atomic():
        council_request = (CouncilRequest.objects.select_for_update().select_related("municipality")
                           .get(pk=council_request_id))
        if council_request.officers_notified_at is not None:
            return 0
        emails = list(Officer.objects.filter(municipality=council_request.municipality, user__is_active=True)
                      .values_list("user__email", flat=True))
        path = reverse("consultations:council_admin",
                       kwargs={"municipality_slug": council_request.municipality.slug})
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("NGOs request a public benefit council in %(municipality)s") % {
                "municipality": council_request.municipality.name}
            body = render_to_string("consultations/council/email/request_filed.txt",
                                    {"council_request": council_request,
                                     "count": council_request.signatures.count(),
                                     "url": f"{settings.PORTAL_BASE_URL}{path}"})
        connection = get_connection()
        for email in emails:
            send_mail(subject, body, None, [email], connection=connection)
        council_request.officers_notified_at = timezone.now()
        council_request.save(update_fields=["officers_notified_at"])
    return len(emails)
