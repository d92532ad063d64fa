"""Builders for municipal resources and booking requests (grants/bookings), through the services."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from grants.bookings import services
from grants.bookings.enums import ResourceKind
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
)

RULES = "Klucze odbiera osoba wskazana we wniosku. Organizacja sprząta po wydarzeniu."


def weekday_at(days: int, hour: int, minute: int = 0) -> datetime:
    """`hour` o'clock Polish time on the first Monday–Friday at least `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def next_weekend_day(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() < 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def make_resource(municipality, officer, **overrides):
    fields = {"kind": ResourceKind.ROOM, "name": "Sala konferencyjna", "address": "ul. Rynek 1, Koszalin",
              "capacity": 50, "rules": RULES, "open_weekdays": "01234", "opens_at": time(8, 0),
              "closes_at": time(20, 0), "min_notice_days": 3, "max_booking_hours": 8, "is_published": True,
              "accessibility": "Wejście bez progów, winda.", **overrides}
    blackouts = fields.pop("blackouts", ())
    with scopes_disabled():
        return services.create_resource(municipality=municipality, actor=officer, blackouts=blackouts, **fields)


def make_request(resource, organization, member, *, starts_at=None, hours=2, **overrides):
    starts_at = starts_at or weekday_at(7, 10)
    data = {"starts_at": starts_at, "ends_at": starts_at + timedelta(hours=hours), "participants": 20,
            "public_task": "Warsztaty dla seniorów", "needs": "", **overrides}
    with scopes_disabled():
        return services.request_booking(resource=resource, organization=organization, actor=member, **data)


def approve(booking, officer):
    with scopes_disabled():
        return services.approve_booking(booking=booking, actor=officer)


class Setup:
    """A municipality with an officer and a published room; two NGOs confirmed there, each with a member; a
    second municipality with its own officer."""

    def __init__(self):
        self.municipality = MunicipalityFactory()
        self.officer = OfficerFactory(municipality=self.municipality).user
        self.organization = OrganizationFactory(name="Stowarzyszenie Przylesie")
        OrganizationMunicipalityFactory(organization=self.organization, municipality=self.municipality)
        self.member = MembershipFactory(organization=self.organization).user
        self.other_organization = OrganizationFactory(name="Fundacja Inna")
        OrganizationMunicipalityFactory(organization=self.other_organization, municipality=self.municipality)
        self.other_member = MembershipFactory(organization=self.other_organization).user
        self.other_municipality = MunicipalityFactory()
        self.other_officer = OfficerFactory(municipality=self.other_municipality).user
        self.resource = make_resource(self.municipality, self.officer)

    def request(self, **kwargs):
        return make_request(self.resource, self.organization, self.member, **kwargs)

    def other_request(self, **kwargs):
        return make_request(self.resource, self.other_organization, self.other_member, **kwargs)
