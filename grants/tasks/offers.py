"""Celery tasks of grants: offers. Arguments are ids; each task is idempotent: it records what it sent in the
audit log (under a lock of the row) and a second run finds the record and sends nothing."""

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled


def _already_sent(action: str, offer, key: str) -> bool:
    from django.contrib.contenttypes.models import ContentType

    from cooperation.models import AuditEntry

    return AuditEntry.objects.filter(
        action=action, target_type=ContentType.objects.get_for_model(offer), target_id=str(offer.pk),
        data__key=key,
    ).exists()


def _recipients(*addresses) -> list[str]:
    seen, result = set(), []
    for address in addresses:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


def _offer_url(offer) -> str:
    path = reverse("grants:offer_detail", kwargs={"municipality_slug": offer.municipality.slug, "pk": offer.pk})
    return f"{settings.PORTAL_BASE_URL}{path}"


@shared_task(name="grants.send_offer_confirmation", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_send_offer_confirmation(version_id: int, notify: str = "submitted") -> int:
    """E-mail the person who submitted (or corrected) the offer and the organization: number, time, checksum
    and where to find the PDF. Once per version."""
    from cooperation.services import record_audit

    from ..models import OfferVersion
    from ..offer_content import checksum

    with scopes_disabled(), transaction.atomic():
        version = (OfferVersion.objects.select_for_update(of=("self",))
                   .select_related("offer__municipality", "offer__organization", "offer__call", "created_by")
                   .get(pk=version_id))
        offer = version.offer
        key = f"version-{version.number}"
        if _already_sent("grants.offer_confirmation.sent", offer, key):
            return 0
        recipients = _recipients(version.created_by.email if version.created_by else "", offer.organization.email)
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "offer": offer, "version": version, "call": offer.call, "url": _offer_url(offer),
                "submitted_at": date_format(timezone.localtime(offer.submitted_at), "DATETIME_FORMAT"),
                "saved_at": date_format(timezone.localtime(version.created_at), "DATETIME_FORMAT"),
                "checksum": checksum(version.content), "corrected": notify == "corrected",
            }
            if notify == "corrected":
                subject = _("Corrected offer %(number)s received") % {"number": offer.number}
            else:
                subject = _("Offer %(number)s submitted") % {"number": offer.number}
            body = render_to_string("grants/offers/email/submitted.txt", context)
        connection = get_connection()
        for email in recipients:
            send_mail(subject, body, None, [email], connection=connection)
        record_audit(actor=None, action="grants.offer_confirmation.sent", target=offer, municipality=offer.municipality,
                     data={"key": key, "recipients": len(recipients)})
    return len(recipients)


@shared_task(name="grants.send_correction_request", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_send_correction_request(offer_id: int, due_key: str) -> int:
    """E-mail the organization and its members that the officer asks for a correction, with the note and the
    time it is due. Once per request (a request is identified by its due time)."""
    from cooperation.services import record_audit

    from ..models import Offer

    with scopes_disabled(), transaction.atomic():
        offer = (Offer.objects.select_for_update(of=("self",))
                 .select_related("municipality", "organization", "call").get(pk=offer_id))
        key = f"correction-{due_key}"
        if _already_sent("grants.offer_correction_notice.sent", offer, key) or offer.correction_due is None:
            return 0
        members = offer.organization.memberships.filter(user__is_active=True).values_list("user__email", flat=True)
        recipients = _recipients(offer.organization.email, *members)
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Correction of offer %(number)s requested") % {"number": offer.number}
            body = render_to_string("grants/offers/email/correction_requested.txt", {
                "offer": offer, "call": offer.call, "url": _offer_url(offer),
                "due": date_format(timezone.localtime(offer.correction_due), "DATETIME_FORMAT"),
            })
        connection = get_connection()
        for email in recipients:
            send_mail(subject, body, None, [email], connection=connection)
        record_audit(actor=None, action="grants.offer_correction_notice.sent", target=offer,
                     municipality=offer.municipality, data={"key": key, "recipients": len(recipients)})
    return len(recipients)
