"""What bookings tells cooperation.features: the feature card (P2.A2.T1.S1), the requests waiting for a decision,
the undecided requests whose time is near (deadlines), the evidence of the standard and the year's figures.
Each provider is a handful of queries whatever the data size."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from cooperation.features import Deadline, Evidence, Feature, OpenTask, YearFigure

from .enums import BookingStatus
from .models import BookingRequest, Resource

KEY = "bookings"
STANDARD = "P2.A2.T1.S1"
# An undecided request whose time starts within this many days is a deadline on the officer's dashboard.
DEADLINE_DAYS = 14

FEATURE = Feature(
    key=KEY, title=gettext_lazy("Municipal resources"),
    description=gettext_lazy("Rooms, equipment and public spaces the municipality lends to NGOs for public tasks, "
                             "with the rules of use and a booking calendar."),
    public_url="bookings:resource_list", panel_url="bookings:booking_inbox", standards=(STANDARD,), plane="P2",
    order=40,
)


def _url(name: str, municipality, **kwargs) -> str:
    return reverse(f"bookings:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def open_tasks(municipality) -> list[OpenTask]:
    with scopes_disabled():
        count = BookingRequest.objects.filter(municipality=municipality, status=BookingStatus.REQUESTED,
                                              starts_at__gt=timezone.now()).count()
    return [OpenTask(title=gettext_lazy("Requests for municipal resources awaiting a decision"),
                     url=_url("booking_inbox", municipality) + "?status=requested", count=count, feature=KEY)]


def deadlines(municipality, today: date) -> list[Deadline]:
    """Undecided requests whose time starts soon: the decision is due before the start."""
    now = timezone.now()
    until = timezone.make_aware(datetime.combine(today + timedelta(days=DEADLINE_DAYS + 1), time.min))
    with scopes_disabled():
        waiting = list(BookingRequest.objects.filter(
            municipality=municipality, status=BookingStatus.REQUESTED, starts_at__gt=now, starts_at__lt=until)
            .select_related("resource", "organization").order_by("starts_at", "id")[:50])
    return [Deadline(due=booking.starts_at, feature=KEY, url=_url("booking_decide", municipality, pk=booking.pk),
                     title=_("Decide on the request for %(resource)s (%(organization)s) before it starts")
                     % {"resource": booking.resource.name, "organization": booking.organization.name})
            for booking in waiting]


def evidence(municipality) -> dict:
    """A published catalogue with rules of use and at least one approved booking shows the standard in practice."""
    with scopes_disabled():
        catalogue = Resource.objects.filter(municipality=municipality, is_published=True).exclude(rules="").aggregate(
            count=Count("id"), since=Max("published_at"))
        approved = BookingRequest.objects.filter(
            municipality=municipality, status=BookingStatus.APPROVED, resource__is_published=True).aggregate(
            count=Count("id"), last=Max("decided_at"))
    if not catalogue["count"] or not approved["count"]:
        return {}
    title = _("Catalogue of municipal resources with rules of use (%(resources)d resources, %(bookings)d bookings "
              "approved)") % {"resources": catalogue["count"], "bookings": approved["count"]}
    day = timezone.localdate(approved["last"]) if approved["last"] else None
    return {STANDARD: [Evidence(title=title, url=_url("resource_list", municipality), day=day)]}


def year_figures(municipality, year: int) -> list[YearFigure]:
    start = timezone.make_aware(datetime(year, 1, 1))
    end = timezone.make_aware(datetime(year + 1, 1, 1))
    with scopes_disabled():
        approved = BookingRequest.objects.filter(municipality=municipality, status=BookingStatus.APPROVED,
                                                 starts_at__gte=start, starts_at__lt=end)
        totals = approved.aggregate(count=Count("id"), duration=Sum(F("ends_at") - F("starts_at")),
                                    organizations=Count("organization", distinct=True))
        per_kind = list(approved.values("resource__kind").annotate(n=Count("id")).order_by("resource__kind"))
    hours = int(round(totals["duration"].total_seconds() / 3600)) if totals["duration"] else 0
    from .enums import ResourceKind

    labels = dict(ResourceKind.choices)
    return [
        YearFigure(feature=KEY, label=gettext_lazy("Bookings of municipal resources approved"), value=totals["count"],
                   rows=tuple((labels.get(row["resource__kind"], row["resource__kind"]), row["n"]) for row in per_kind),
                   order=40),
        YearFigure(feature=KEY, label=gettext_lazy("Hours of municipal resources lent to NGOs"), value=hours, order=41),
        YearFigure(feature=KEY, label=gettext_lazy("Organizations that used municipal resources"),
                   value=totals["organizations"], order=42),
    ]
