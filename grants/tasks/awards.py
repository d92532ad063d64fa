"""Celery tasks of grants: awards (e-mails about reports). Arguments are ids; each task checks the report's
state first, so a retry after the state moved on sends nothing."""

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled


def _report(report_id: int):
    from ..models import TaskReport

    return TaskReport.objects.select_related("contract__offer__organization", "contract__municipality").get(pk=report_id)


def _url(name: str, **kwargs) -> str:
    return f"{settings.PORTAL_BASE_URL}{reverse(name, kwargs=kwargs)}"


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> int:
    connection = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
    for email in recipients:  # one message each: no address is shown to the others
        send_mail(subject, body, None, [email], connection=connection)
    return len(recipients)


def _organization_recipients(organization) -> list[str]:
    from cooperation.models import Membership

    emails = set(Membership.objects.filter(organization=organization, user__is_active=True)
                 .values_list("user__email", flat=True))
    if organization.email:
        emails.add(organization.email)
    return sorted(emails)


@shared_task(name="grants.notify_report_submitted", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_report_submitted(report_id: int) -> int:
    """E-mail the municipality's officers that a report waits for them."""
    from cooperation.models import Officer

    from ..enums import ReportStatus

    with scopes_disabled():
        report = _report(report_id)
        if report.status != ReportStatus.SUBMITTED:
            return 0
        contract = report.contract
        recipients = sorted(set(Officer.objects.filter(municipality=contract.municipality, user__is_active=True)
                                .values_list("user__email", flat=True)))
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Report to check: contract %(number)s") % {"number": contract.number}
        url = _url("grants:report_review", municipality_slug=contract.municipality.slug, pk=report.pk)
        return _send(subject, "grants/awards/email/report_submitted.txt",
                     {"report": report, "contract": contract, "url": url}, recipients)


@shared_task(name="grants.notify_report_returned", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_report_returned(report_id: int) -> int:
    """E-mail the organization that its report came back for correction, with the officer's note."""
    from ..enums import ReportStatus

    with scopes_disabled():
        report = _report(report_id)
        if report.status != ReportStatus.RETURNED:
            return 0
        contract = report.contract
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Your report was returned for correction: contract %(number)s") % {"number": contract.number}
        url = _url("grants:report_detail", municipality_slug=contract.municipality.slug, pk=report.pk)
        return _send(subject, "grants/awards/email/report_returned.txt",
                     {"report": report, "contract": contract, "url": url},
                     _organization_recipients(contract.offer.organization))


@shared_task(name="grants.notify_partial_report_requested", autoretry_for=(OSError,), retry_backoff=30,
             max_retries=5, acks_late=True)
def task_notify_partial_report_requested(report_id: int) -> int:
    from ..enums import ReportStatus

    with scopes_disabled():
        report = _report(report_id)
        if report.status != ReportStatus.DRAFT:
            return 0
        contract = report.contract
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Partial report requested: contract %(number)s") % {"number": contract.number}
        url = _url("grants:report_detail", municipality_slug=contract.municipality.slug, pk=report.pk)
        return _send(subject, "grants/awards/email/partial_report_requested.txt",
                     {"report": report, "contract": contract, "url": url},
                     _organization_recipients(contract.offer.organization))
