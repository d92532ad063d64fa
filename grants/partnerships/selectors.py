"""Reads of partnerships: what a person may see (drafts are the municipality's officers' alone), the pages'
data in a fixed number of queries, and the providers of cooperation.features (evidence, open tasks, year
figures), each one or two queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from .enums import ActionStatus, Appointment, PartnerKind
from .models import PUBLISHED, Action, EngagementAssessment, Partner, Partnership, Representative
from .services import is_manager


def partnerships(municipality) -> QuerySet[Partnership]:
    return Partnership.objects.filter(municipality=municipality)


def partnerships_visible_to(user, municipality) -> QuerySet[Partnership]:
    """Published partnerships for everyone; drafts too for the municipality's officers and administrators."""
    qs = partnerships(municipality)
    if not is_manager(user, municipality.pk):
        qs = qs.filter(status__in=PUBLISHED)
    return qs


def _current_partners():
    return Count("partners", filter=Q(partners__left_on__isnull=True), distinct=True)


def public_partnerships(municipality, *, kind: str = "", status: str = "") -> QuerySet[Partnership]:
    qs = partnerships(municipality).filter(status__in=PUBLISHED)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(partner_count=_current_partners()).order_by("-starts_on", "-id")


def partnerships_for_officer(municipality) -> QuerySet[Partnership]:
    return (partnerships(municipality).annotate(partner_count=_current_partners())
            .order_by("status", "-starts_on", "-id"))


def partners_of(partnership: Partnership) -> list[Partner]:
    """Every partner (those who left last), with the organization and the representatives (two queries)."""
    reps = Prefetch("representatives", queryset=Representative.objects.order_by("full_name", "id"))
    partners = list(Partner.objects.filter(partnership=partnership).select_related("organization")
                    .prefetch_related(reps).order_by("left_on", "-role", "id"))
    for partner in partners:
        partner.partnership = partnership
    return partners


def actions_of(partnership: Partnership) -> list[Action]:
    actions = list(Action.objects.filter(partnership=partnership)
                   .select_related("responsible__organization").order_by("date", "id"))
    for action in actions:
        action.partnership = partnership
    return actions


@dataclass
class SummaryRow:
    partner: Partner
    average: Decimal
    count: int


@dataclass
class YearSummary:
    year: int
    rows: list[SummaryRow]

    @property
    def average(self) -> Decimal:
        if not self.rows:
            return Decimal("0.0")
        total = sum(row.average for row in self.rows) / len(self.rows)
        return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def engagement_summary(partnership: Partnership, partners: list[Partner]) -> list[YearSummary]:
    """Per year (latest first), each partner's average score, one query."""
    by_id = {partner.pk: partner for partner in partners}
    rows = (EngagementAssessment.objects.filter(partner__partnership=partnership)
            .values("year", "partner_id").annotate(average=Avg("score"), count=Count("id")).order_by("-year", "partner_id"))
    years: dict[int, list[SummaryRow]] = {}
    for row in rows:
        partner = by_id.get(row["partner_id"])
        if partner is None:
            continue
        average = Decimal(str(row["average"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        years.setdefault(row["year"], []).append(SummaryRow(partner=partner, average=average, count=row["count"]))
    return [YearSummary(year=year, rows=items) for year, items in years.items()]


def assessments_of(partnership: Partnership) -> QuerySet[EngagementAssessment]:
    """Every assessment with its comment and assessor: the officer's and the coordinator's page."""
    return (EngagementAssessment.objects.filter(partner__partnership=partnership)
            .select_related("partner__organization", "assessed_by").order_by("-year", "partner_id", "id"))


# --- Providers of cooperation.features ------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def active_in(municipality, year: int) -> QuerySet[Partnership]:
    """Published partnerships that worked at some time in `year`."""
    first, last = _year_bounds(year)
    return (partnerships(municipality).filter(status__in=PUBLISHED, starts_on__lte=last)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first)))


def evidence_rows(municipality) -> list[Partnership]:
    """Published partnerships with what each shows, one query."""
    current = Partner.objects.filter(partnership=OuterRef("pk"), left_on__isnull=True)
    reps = Representative.objects.filter(partner__partnership=OuterRef("pk"))
    return list(partnerships(municipality).filter(status__in=PUBLISHED).annotate(
        has_partners=Exists(current),
        has_municipal_reps=Exists(reps.filter(appointment=Appointment.EXECUTIVE_ORDER,
                                              partner__kind=PartnerKind.MUNICIPALITY)),
        has_ngo_reps=Exists(reps.filter(appointment=Appointment.NGO_SELECTION, partner__kind=PartnerKind.NGO)),
    ).order_by("-starts_on", "-id"))


def partnerships_due_assessment(municipality, today: date | None = None) -> QuerySet[Partnership]:
    """Partnerships that worked last year and have a current partner nobody assessed for last year."""
    year = (today or timezone.localdate()).year - 1
    unassessed = Partner.objects.filter(partnership=OuterRef("pk"), left_on__isnull=True).exclude(
        Exists(EngagementAssessment.objects.filter(partner=OuterRef("pk"), year=year)))
    return active_in(municipality, year).filter(Exists(unassessed))


def year_counts(municipality, year: int) -> dict:
    first, last = _year_bounds(year)
    active = active_in(municipality, year)
    partners = Partner.objects.filter(partnership__in=active, joined_on__lte=last).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=first))
    done = Action.objects.filter(partnership__municipality=municipality, partnership__status__in=PUBLISHED,
                                 status=ActionStatus.DONE, done_on__gte=first, done_on__lte=last)
    return {"partnerships": active.count(), "partners": partners.count(), "actions_done": done.count()}

