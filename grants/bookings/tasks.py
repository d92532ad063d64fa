"""Thin Celery tasks of bookings. Arguments are ids; every task is idempotent."""

from celery import shared_task
from django.db import transaction
from django_scopes import scopes_disabled

TRANSIENT = (OSError, ConnectionError, TimeoutError)


@shared_task(name="grants.bookings.notify_booking_decision", autoretry_for=TRANSIENT, retry_backoff=30,
             max_retries=5, acks_late=True)
def task_notify_booking_decision(booking_id: int) -> int:
    """E-mail the person who asked (or, when their account is gone, the organization) the decision on a request:
    approved, declined or withdrawn. Sent once per status: `notified_status` remembers the last one told."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _
    from django.utils.translation import gettext_noop

    from .enums import BookingStatus
    from .models import BookingRequest
    from .services import when

    subjects = {
        BookingStatus.APPROVED: gettext_noop("Booking approved: %(resource)s, %(when)s"),
        BookingStatus.DECLINED: gettext_noop("Booking request declined: %(resource)s, %(when)s"),
        BookingStatus.WITHDRAWN: gettext_noop("Booking withdrawn: %(resource)s, %(when)s"),
    }
    with scopes_disabled(), transaction.atomic():
        booking = (BookingRequest.objects.select_for_update(of=("self",))
                   .select_related("resource", "organization", "municipality", "requested_by").get(pk=booking_id))
        if booking.status not in subjects or booking.notified_status == booking.status:
            return 0
        person = booking.requested_by
        email = person.email if person is not None and person.is_active else booking.organization.email
        path = reverse("bookings:booking_detail", kwargs={"municipality_slug": booking.municipality.slug,
                                                          "pk": booking.pk})
        with translation.override(settings.LANGUAGE_CODE):
            period = when(booking.starts_at, booking.ends_at)
            subject = _(subjects[booking.status]) % {"resource": booking.resource.name, "when": period}
            body = render_to_string("grants/bookings/email/decision.txt", {
                "booking": booking, "when": period, "url": f"{settings.PORTAL_BASE_URL}{path}",
                "BookingStatus": BookingStatus})
        send_mail(subject, body, None, [email])
        booking.notified_status = booking.status
        booking.save(update_fields=["notified_status"])
    return 1
