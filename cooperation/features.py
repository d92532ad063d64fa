"""What the portal offers a municipality, registered by each feature so that `cooperation` never imports the
other apps (dependencies point one way).

A feature registers, in its AppConfig.ready():
- a `Feature`: its public page and officer page (URL names taking `municipality_slug`) and the codes of the
  Model's minimal standards it serves. The municipality page, the officer panel and the standards tracker are
  built from these: the tracker links each standard to the features that serve it.
- a deadline provider: `(municipality, today) -> iterable[Deadline]`, the dated duties still ahead (statutory
  ones carry their legal basis), for the officer dashboard.
- an open-task provider: `(municipality) -> iterable[OpenTask]`, what waits for the officer now.
- an evidence provider: `(municipality) -> dict[standard_code, list[Evidence]]`, what the municipality has
  done on the portal that shows a standard in practice (a programme adopted, a partnership published...).
- a year-figures provider: `(municipality, year) -> iterable[YearFigure]`, what the feature did in a calendar
  year, prefilled into the cooperation programme's implementation report (art. 5a ust. 3).

Providers run on the officer dashboard and the tracker, so each must be a handful of queries, whatever the
data size. Titles are translated strings (gettext or gettext_lazy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Feature:
    key: str  # stable, e.g. "consultations", "bookings"
    title: str
    description: str = ""
    public_url: str | None = None  # URL name reversed with municipality_slug; None: officers only
    panel_url: str | None = None  # the officer's page, reversed with municipality_slug
    standards: tuple[str, ...] = ()  # codes of the minimal standards it serves, e.g. ("P1.A4.T2.S1",)
    plane: str = ""  # "P1", "P2" or "P3": where the municipality page lists it
    order: int = 100


@dataclass(frozen=True)
class Deadline:
    due: date | datetime  # a datetime is aware (UTC); a date is a day in Europe/Warsaw
    title: str
    url: str = ""
    basis: str = ""  # the legal basis of a statutory deadline, e.g. "art. 5a ust. 1"
    feature: str = ""

    @property
    def day(self) -> date:
        if isinstance(self.due, datetime):
            from django.utils import timezone

            return timezone.localtime(self.due).date()
        return self.due


@dataclass(frozen=True)
class OpenTask:
    title: str
    url: str
    count: int = 1
    feature: str = ""


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str
    day: date | None = None


@dataclass(frozen=True)
class YearFigure:
    feature: str  # the Feature.key it belongs to
    label: str  # translated, e.g. "Offers submitted in open calls"
    value: object  # an int, a Decimal (PLN when `money`), or a short text
    money: bool = False
    rows: tuple = ()  # optional breakdown: ((label, value), ...), e.g. amounts per sphere
    order: int = 100


DeadlineProvider = Callable[..., Iterable[Deadline]]
TaskProvider = Callable[..., Iterable[OpenTask]]
EvidenceProvider = Callable[..., dict]


@dataclass
class _Registry:
    features: dict[str, Feature] = field(default_factory=dict)
    deadlines: list[DeadlineProvider] = field(default_factory=list)
    tasks: list[TaskProvider] = field(default_factory=list)
    evidence: list[EvidenceProvider] = field(default_factory=list)
    figures: list[Callable] = field(default_factory=list)


REGISTRY = _Registry()


def register_feature(feature: Feature) -> None:
    REGISTRY.features[feature.key] = feature


def register_deadlines(provider: DeadlineProvider) -> None:
    if provider not in REGISTRY.deadlines:
        REGISTRY.deadlines.append(provider)


def register_open_tasks(provider: TaskProvider) -> None:
    if provider not in REGISTRY.tasks:
        REGISTRY.tasks.append(provider)


def register_evidence(provider: EvidenceProvider) -> None:
    if provider not in REGISTRY.evidence:
        REGISTRY.evidence.append(provider)


def register_year_figures(provider: Callable) -> None:
    if provider not in REGISTRY.figures:
        REGISTRY.figures.append(provider)


def features() -> list[Feature]:
    return sorted(REGISTRY.features.values(), key=lambda f: (f.order, f.key))


def features_for_standard(code: str) -> list[Feature]:
    return [feature for feature in features() if code in feature.standards]


def deadlines(municipality, today: date) -> list[Deadline]:
    """Every registered deadline on or after `today`, soonest first."""
    found = [d for provider in REGISTRY.deadlines for d in provider(municipality, today)]
    return sorted((d for d in found if d.day >= today), key=lambda d: (d.day, str(d.title)))


def open_tasks(municipality) -> list[OpenTask]:
    return [task for provider in REGISTRY.tasks for task in provider(municipality) if task.count]


def evidence(municipality) -> dict[str, list[Evidence]]:
    merged: dict[str, list[Evidence]] = {}
    for provider in REGISTRY.evidence:
        for code, items in provider(municipality).items():
            merged.setdefault(code, []).extend(items)
    return merged


def year_figures(municipality, year: int) -> list[YearFigure]:
    found = [figure for provider in REGISTRY.figures for figure in provider(municipality, year)]
    return sorted(found, key=lambda f: (f.order, f.feature))
