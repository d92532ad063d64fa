"""Reads of the local diagnosis: what a visitor may see (published indicators only), the dashboard's groups
with a window of years, trends, and the small counts the officer dashboard and the standards tracker need.
Every function here makes a fixed number of queries, whatever the number of indicators and years."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.models import Municipality

from .enums import Direction, IndicatorGroup
from .models import Indicator, IndicatorValue

WINDOW = 5  # years shown in the dashboard's tables


def last_year() -> int:
    """The last complete calendar year: the one whose values the set should have."""
    return timezone.localdate().year - 1


def can_manage(user, municipality) -> bool:
    return user.has_perm("consultations.manage_diagnosis", municipality)


def indicators_visible_to(user, municipality: Municipality) -> QuerySet[Indicator]:
    """Published indicators for everyone; the municipality's officers (and administrators) see all."""
    indicators = Indicator.objects.filter(municipality=municipality)
    if can_manage(user, municipality):
        return indicators
    return indicators.filter(is_published=True)


def published_values(municipality: Municipality) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(indicator__municipality=municipality, indicator__is_published=True)


@dataclass
class Trend:
    """Which way the latest value moved against the one before it, in words and a symbol (never colour)."""

    movement: str  # "up", "down", "same", "" (fewer than two values)
    judgement: str  # "better", "worse", "" (neutral indicator or no movement)
    previous_year: int | None = None

    @property
    def symbol(self) -> str:
        return {"up": "↑", "down": "↓", "same": "→"}.get(self.movement, "")

    @property
    def words(self) -> str:
        movement = {"up": _("rising"), "down": _("falling"), "same": _("no change")}.get(self.movement)
        if movement is None:
            return _("not enough data")
        judgement = {"better": _("better"), "worse": _("worse")}.get(self.judgement)
        if judgement is None:
            return movement
        return _("%(movement)s (%(judgement)s)") % {"movement": movement, "judgement": judgement}


def trend(indicator: Indicator, values: list[IndicatorValue]) -> Trend:
    """`values` in year order. Compares the latest two years that have values."""
    if len(values) < 2:
        return Trend("", "")
    previous, latest = values[-2], values[-1]
    if latest.value == previous.value:
        return Trend("same", "", previous.year)
    movement = "up" if latest.value > previous.value else "down"
    judgement = ""
    if indicator.direction == Direction.HIGHER_IS_BETTER:
        judgement = "better" if movement == "up" else "worse"
    elif indicator.direction == Direction.LOWER_IS_BETTER:
        judgement = "better" if movement == "down" else "worse"
    return Trend(movement, judgement, previous.year)


@dataclass
class IndicatorRow:
    indicator: Indicator
    values: list[IndicatorValue]  # every year, in order
    cells: list[IndicatorValue | None] = field(default_factory=list)  # one per year of the window
    trend: Trend | None = None

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None


@dataclass
class GroupSection:
    value: str
    label: str
    rows: list[IndicatorRow]


def _values_prefetch(queryset=None) -> Prefetch:
    if queryset is None:
        queryset = IndicatorValue.objects.order_by("year")
    return Prefetch("values", queryset=queryset, to_attr="ordered_values")


def dashboard(municipality: Municipality, *, published_only: bool = True,
              window: int = WINDOW) -> tuple[list[GroupSection], list[int]]:
    """The groups in the Model's order (each with its indicators, possibly none) and the window of years: the
    last `window` years up to the latest year that has a value (or the last complete year). Two queries."""
    indicators = Indicator.objects.filter(municipality=municipality)
    if published_only:
        indicators = indicators.filter(is_published=True)
    indicators = list(indicators.prefetch_related(_values_prefetch()).order_by("group", "order", "name", "id"))
    latest = max((value.year for indicator in indicators for value in indicator.ordered_values), default=None)
    end = latest or last_year()
    years = list(range(end - window + 1, end + 1))
    by_group: dict[str, list[IndicatorRow]] = {}
    for indicator in indicators:
        by_year = {value.year: value for value in indicator.ordered_values}
        row = IndicatorRow(indicator=indicator, values=indicator.ordered_values,
                           cells=[by_year.get(year) for year in years])
        row.trend = trend(indicator, [value for value in indicator.ordered_values if value.year <= end])
        by_group.setdefault(indicator.group, []).append(row)
    sections = [GroupSection(value, str(label), by_group.get(value, [])) for value, label in IndicatorGroup.choices]
    return sections, years


def indicator_values(indicator: Indicator) -> list[IndicatorValue]:
    return list(indicator.values.select_related("recorded_by").order_by("year"))


def officer_overview(municipality: Municipality) -> tuple[list[GroupSection], int]:
    """Every indicator of the municipality by group, with its values (for the counts and the last year)."""
    sections, _years = dashboard(municipality, published_only=False)
    return sections, last_year()


# --- Figures for cooperation.features ------------------------------------------------------------------------


def missing_last_year_count(municipality: Municipality) -> int:
    """Published indicators without a value for the last complete year. One query."""
    year = last_year()
    return (Indicator.objects.filter(municipality=municipality, is_published=True)
            .exclude(values__year=year).count())


def groups_covered(municipality: Municipality, year: int) -> tuple[set[str], int, object]:
    """The groups that have a published indicator with a value for `year`, how many such indicators, and
    when the latest of those values was recorded. One query."""
    rows = list(Indicator.objects.filter(municipality=municipality, is_published=True, values__year=year)
                .values("group").annotate(count=Count("id", distinct=True), recorded=Max("values__recorded_at")))
    groups = {row["group"] for row in rows}
    count = sum(row["count"] for row in rows)
    recorded = max((row["recorded"] for row in rows), default=None)
    return groups, count, recorded


def indicators_updated_in(municipality: Municipality, year: int) -> int:
    """Indicators whose values were recorded or corrected in the calendar year (Europe/Warsaw). One query."""
    return (Indicator.objects.filter(municipality=municipality)
            .filter(Q(values__recorded_at__year=year)).distinct().count())


def decimal_text(value: Decimal) -> str:
    """A value without trailing zeros and without exponent: Decimal('12.500') → '12.5'."""
    return format(value.normalize(), "f")
