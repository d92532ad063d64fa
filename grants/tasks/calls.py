"""Celery tasks of grants: calls. Arguments are ids; every task is idempotent: it runs under a lock of the call
and leaves an audit entry that a second run finds (the call has no "notified at" column of its own)."""

from celery import shared_task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled


def _already_done(call, action: str) -> bool:
    from cooperation.models import AuditEntry

    return AuditEntry.objects.filter(action=action, target_type=ContentType.objects.get_for_model(call),
                                     target_id=str(call.pk)).exists()


def _send(emails, subject: str, body: str) -> None:
    connection = get_connection()
    # One message per organization: no address is disclosed to the others.
    for email in emails:
        send_mail(subject, body, None, [email], connection=connection)


def _url(name: str, call) -> str:
    path = reverse(name, kwargs={"municipality_slug": call.municipality.slug, "pk": call.pk})
    return f"{settings.PORTAL_BASE_URL}{path}"


@shared_task(name="grants.calls.notify_ngo_base", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_ngo_base_of_call(call_id: int) -> int:
    """E-mail the municipality's NGO base (confirmed organizations that accept e-mail) that a call is announced,
    once."""
    from cooperation.selectors import address_base
    from cooperation.services import record_audit

    from ..enums import CallStatus
    from ..models import Call

    action = "grants.call.ngo_base_notified"
    with scopes_disabled(), transaction.atomic():
        call = Call.objects.select_for_update().select_related("municipality").get(pk=call_id)
        if call.status != CallStatus.PUBLISHED or _already_done(call, action):
            return 0
        emails = sorted(set(address_base(call.municipality).filter(wants_email=True).exclude(email="")
                            .values_list("email", flat=True)))
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Open call for offers: %(title)s") % {"title": call.title}
            body = render_to_string("grants/calls/email/published.txt",
                                    {"call": call, "url": _url("grants:call_detail", call)})
        _send(emails, subject, body)
        record_audit(actor=None, action=action, target=call, municipality=call.municipality,
                     data={"recipients": len(emails)})
    return len(emails)


@shared_task(name="grants.calls.notify_offerors_of_cancellation", autoretry_for=(OSError,), retry_backoff=30,
             max_retries=5, acks_late=True)
def task_notify_offerors_of_cancellation(call_id: int) -> int:
    """E-mail every organization with an offer (also a draft) in a cancelled call, once, with the notice."""
    from cooperation.services import record_audit

    from ..enums import CallStatus
    from ..models import Call, Offer

    action = "grants.call.offerors_notified"
    with scopes_disabled(), transaction.atomic():
        call = Call.objects.select_for_update().select_related("municipality").get(pk=call_id)
        if call.status != CallStatus.CANCELLED or _already_done(call, action):
            return 0
        emails = sorted(set(Offer.objects.filter(call=call).exclude(organization__email="")
                            .values_list("organization__email", flat=True)))
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Open call cancelled: %(title)s") % {"title": call.title}
            body = render_to_string("grants/calls/email/cancelled.txt",
                                    {"call": call, "url": _url("grants:call_cancellation", call)})
        _send(emails, subject, body)
        record_audit(actor=None, action=action, target=call, municipality=call.municipality,
                     data={"recipients": len(emails)})
    return len(emails)
