"""What cooperation did in a year, for the cooperation programme's implementation report
(cooperation.features.register_year_figures)."""

from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The calendar year in Europe/Warsaw as aware datetimes [start, end)."""
    return (timezone.make_aware(datetime(year, 1, 1)), timezone.make_aware(datetime(year + 1, 1, 1)))


def cooperation_figures(municipality, year: int):
    """Events held in `year` (published, started that year and over by now) by kind, the people recorded as
    present at them, and the organizations in the municipality's base at the end of the year. Two queries."""
    from .enums import OrganizationLinkStatus
    from .features import YearFigure
    from .models import Event, EventAttendance, EventKind, EventStatus, OrganizationMunicipality

    start, end = year_bounds(year)
    events = list(
        Event.objects.filter(municipality=municipality, status=EventStatus.PUBLISHED, starts_at__gte=start,
                             starts_at__lt=end, ends_at__lte=timezone.now())
        .values("kind")
        .annotate(n=Count("id", distinct=True),
                  present=Count("registrations", filter=Q(registrations__attendance=EventAttendance.PRESENT,
                                                          registrations__cancelled_at__isnull=True)))
        .order_by("kind")
    )
    labels = dict(EventKind.choices)
    organizations = OrganizationMunicipality.objects.filter(
        municipality=municipality, status=OrganizationLinkStatus.CONFIRMED, decided_at__lt=end,
    ).count()
    return [
        YearFigure("events", _("Meetings, trainings and local events held"), sum(e["n"] for e in events),
                   rows=tuple((str(labels.get(e["kind"], e["kind"])), e["n"]) for e in events), order=30),
        YearFigure("events", _("Participants present at the events"), sum(e["present"] for e in events), order=31),
        YearFigure("directory", _("Organizations in the municipality's NGO base at the end of the year"),
                   organizations, order=32),
    ]


def register() -> None:
    from .features import register_year_figures

    register_year_figures(cooperation_figures)
