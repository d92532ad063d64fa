"""Two officers approve competing requests for the same time at the same moment, in real threads with their own
database connections (PostgreSQL only: SQLite has no row locks). The resource's row is the lock: exactly one
approval succeeds, the other is refused with the conflict, and the resource is never double-booked."""

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from grants.bookings import services
from grants.bookings.enums import BookingStatus
from grants.bookings.models import BookingRequest
from tests.concurrency import run_together
from tests.factories import OfficerFactory

from .booking_factories import Setup, weekday_at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
]


def test_two_officers_approving_overlapping_requests_at_once_book_the_resource_once():
    assert connection.vendor == "postgresql"
    with scopes_disabled():
        s = Setup()
        second_officer = OfficerFactory(municipality=s.municipality).user
        first = s.request(starts_at=weekday_at(7, 10), hours=3)
        second = s.other_request(starts_at=weekday_at(7, 11), hours=2)
    for _round in range(3):
        results = run_together([
            lambda: services.approve_booking(booking=BookingRequest.objects.get(pk=first.pk), actor=s.officer),
            lambda: services.approve_booking(booking=BookingRequest.objects.get(pk=second.pk), actor=second_officer),
        ])
        refusals = [r for r in results if isinstance(r, Exception)]
        assert len(refusals) == 1 and isinstance(refusals[0], services.BookingConflict), results
        with scopes_disabled():
            statuses = sorted(BookingRequest.objects.filter(pk__in=[first.pk, second.pk])
                              .values_list("status", flat=True))
            assert statuses == [BookingStatus.APPROVED, BookingStatus.REQUESTED]
            # Put both back to "requested" for the next round (straight in the database: a test reset).
            BookingRequest.objects.filter(pk__in=[first.pk, second.pk]).update(status=BookingStatus.REQUESTED)
