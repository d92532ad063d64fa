"""Reads of bookings: the public catalogue, what a person may see, the officer's inbox with conflicts flagged."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cooperation.enums import OrganizationLinkStatus
from cooperation.models import Organization
from cooperation.selectors import organization_ids_of

from .enums import ACTIVE_STATUSES, BookingStatus
from .models import BookingRequest, Resource


def published_resources(municipality) -> QuerySet[Resource]:
    return Resource.objects.filter(municipality=municipality, is_published=True).order_by("kind", "name", "id")


def resources_for_officer(municipality) -> QuerySet[Resource]:
    return (Resource.objects.filter(municipality=municipality)
            .annotate(waiting=Count("requests", filter=Q(requests__status=BookingStatus.REQUESTED)))
            .order_by("name", "id"))


def approved_between(resources, start: datetime, end: datetime) -> QuerySet[BookingRequest]:
    """Approved bookings of the resources (a queryset or a list) that overlap [start, end)."""
    return (BookingRequest.objects.filter(resource__in=resources, status=BookingStatus.APPROVED, starts_at__lt=end,
                                          ends_at__gt=start).order_by("starts_at", "id"))


def with_conflict_flag(queryset: QuerySet[BookingRequest]) -> QuerySet[BookingRequest]:
    """`clashes_approved`: an approved booking of the same resource overlaps; `competing`: another request
    awaiting a decision overlaps."""
    overlapping = BookingRequest.objects.filter(resource=OuterRef("resource"), starts_at__lt=OuterRef("ends_at"),
                                                ends_at__gt=OuterRef("starts_at")).exclude(pk=OuterRef("pk"))
    return queryset.annotate(
        clashes_approved=Exists(overlapping.filter(status=BookingStatus.APPROVED)),
        competing=Exists(overlapping.filter(status=BookingStatus.REQUESTED)),
    )


def inbox(municipality, *, status: str = "", resource_id: int | None = None) -> QuerySet[BookingRequest]:
    requests = BookingRequest.objects.filter(municipality=municipality)
    if status:
        requests = requests.filter(status=status)
    if resource_id:
        requests = requests.filter(resource_id=resource_id)
    return with_conflict_flag(requests.select_related("resource", "organization")).order_by("starts_at", "id")


def requests_between(municipality, start: datetime, end: datetime, *, resource_id: int | None = None):
    """Requests awaiting a decision and approved bookings in a period: the officer's calendar."""
    requests = BookingRequest.objects.filter(municipality=municipality, status__in=ACTIVE_STATUSES,
                                             starts_at__lt=end, ends_at__gt=start)
    if resource_id:
        requests = requests.filter(resource_id=resource_id)
    return with_conflict_flag(requests.select_related("resource", "organization")).order_by("starts_at", "id")


def bookings_visible_to(user, municipality) -> QuerySet[BookingRequest]:
    """The requests of the person's organizations in the municipality (never another NGO's)."""
    return (BookingRequest.objects.filter(municipality=municipality, organization_id__in=organization_ids_of(user))
            .select_related("resource", "organization").order_by("-starts_at", "-id"))


def organizations_for(user, municipality) -> list[Organization]:
    """The person's organizations confirmed in the municipality: on whose behalf they may ask."""
    return list(Organization.objects.filter(
        pk__in=organization_ids_of(user), municipality_links__municipality=municipality,
        municipality_links__status=OrganizationLinkStatus.CONFIRMED).order_by("name"))
