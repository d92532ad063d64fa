"""Celery tasks of the evaluation stage. Arguments are ids; every task is idempotent."""

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled


@shared_task(name="grants.notify_offerors_of_results", autoretry_for=(OSError,), retry_backoff=30, max_retries=5,
             acks_late=True)
def task_notify_offerors(call_id: int) -> int:
    """E-mail every offeror whose offer was decided (awarded, not awarded or rejected formally) its result, with
    a link to its scores and justifications. Once per call: the audit entry written afterwards marks it done
    (the call's row is locked meanwhile, so two runs never both send)."""
    from cooperation.models import AuditEntry
    from cooperation.services import record_audit

    from ..enums import CallStatus, OfferStatus
    from ..models import Call, Offer

    action = "grants.results.offerors_notified"
    with scopes_disabled(), transaction.atomic():
        call = Call.objects.select_for_update().select_related("municipality").get(pk=call_id)
        if call.status != CallStatus.RESULTS_PUBLISHED:
            return 0
        if AuditEntry.objects.filter(action=action, target_id=str(call.pk), municipality=call.municipality).exists():
            return 0
        offers = list(Offer.objects.filter(call=call, status__in=(
            OfferStatus.AWARDED, OfferStatus.NOT_AWARDED, OfferStatus.FORMALLY_REJECTED))
            .select_related("organization", "created_by").order_by("pk"))
        connection = get_connection()
        sent = 0
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Results of the call: %(title)s") % {"title": call.title}
            for offer in offers:
                recipients = sorted({email for email in (offer.organization.email,
                                                         getattr(offer.created_by, "email", "")) if email})
                if not recipients:
                    continue
                path = reverse("grants:offer_scores", kwargs={"municipality_slug": call.municipality.slug,
                                                              "pk": offer.pk})
                results_path = reverse("grants:results", kwargs={"municipality_slug": call.municipality.slug,
                                                                 "pk": call.pk})
                body = render_to_string("grants/evaluation/email/result.txt", {
                    "call": call, "offer": offer, "Status": OfferStatus,
                    "url": f"{settings.PORTAL_BASE_URL}{path}",
                    "results_url": f"{settings.PORTAL_BASE_URL}{results_path}",
                })
                send_mail(subject, body, None, recipients, connection=connection)
                sent += 1
        record_audit(actor=None, action=action, target=call, municipality=call.municipality, data={"sent": sent})
    return sent
