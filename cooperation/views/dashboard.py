"""The officer dashboard (what is due, what waits, where the municipality stands with the Model) and the feature
cards of the municipality page and the officer panel, all built from cooperation.features."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import features, selectors
from ..models import Plane
from .helpers import municipality_perm

MANAGE = "cooperation.manage_municipality"
# How far ahead the dashboard looks for deadlines.
HORIZON_DAYS = 60


@dataclass(frozen=True)
class FeatureCard:
    feature: features.Feature
    href: str  # the page the card links to (public or officer's, depending on where it is shown)
    public_href: str = ""


@dataclass(frozen=True)
class PlaneGroup:
    code: str
    title: str
    cards: list


def _reverse(name: str | None, municipality) -> str:
    """The feature's URL in this municipality, or "" when it has none or its URL name is not (yet) routed: a
    feature that registers a page still under construction must not break the pages listing it."""
    if not name:
        return ""
    try:
        return reverse(name, kwargs={"municipality_slug": municipality.slug})
    except NoReverseMatch:
        return ""


def feature_groups(municipality, *, officer: bool) -> list[PlaneGroup]:
    """The registered features grouped by plane (P1, P2, P3, then those serving the whole Model), each linking
    to its officer page (`officer`) or its public page. Features without such a page are left out. One query."""
    planes = {plane.code: plane.short_name for plane in Plane.objects.all()}
    grouped: dict[str, list[FeatureCard]] = {}
    for feature in features.features():
        public_href = _reverse(feature.public_url, municipality)
        href = _reverse(feature.panel_url, municipality) if officer else public_href
        if href:
            grouped.setdefault(feature.plane, []).append(FeatureCard(feature, href, public_href))
    order = [code for code in planes if code in grouped] + sorted(code for code in grouped if code not in planes)
    return [
        PlaneGroup(code=code, title=planes.get(code) or _("The whole Model"), cards=grouped[code])
        for code in order
    ]


def standard_feature_links(municipality, codes, *, officer: bool) -> dict[str, list[FeatureCard]]:
    """For each standard's code, the features that serve it (`features.features_for_standard`), linking to
    their public page, or to the officer's page for a feature without one when `officer`. No query."""
    cards: dict[str, FeatureCard | None] = {}
    links: dict[str, list[FeatureCard]] = {}
    for code in codes:
        for feature in features.features_for_standard(code):
            if feature.key not in cards:
                public_href = _reverse(feature.public_url, municipality)
                href = public_href or (_reverse(feature.panel_url, municipality) if officer else "")
                cards[feature.key] = FeatureCard(feature, href, public_href) if href else None
            if cards[feature.key] is not None:
                links.setdefault(code, []).append(cards[feature.key])
    return links


def evidence_summary(municipality) -> tuple[dict, int]:
    """Evidence from every provider, and how many of the Model's standards it shows (codes nobody knows are not
    counted). One query besides the providers'."""
    from ..models import Standard

    evidence = features.evidence(municipality)
    known = set(Standard.objects.values_list("code", flat=True))
    return evidence, sum(1 for code, items in evidence.items() if items and code in known)


@dataclass(frozen=True)
class DeadlineRow:
    deadline: features.Deadline
    day: object
    time: object  # a time of day in Europe/Warsaw, or None for a whole-day deadline
    days_left: int
    feature_title: str


@municipality_perm(MANAGE)
@require_GET
def officer_dashboard(request, municipality_slug):
    municipality = request.municipality
    today = timezone.localdate()
    horizon = today + timedelta(days=HORIZON_DAYS)
    registered = features.REGISTRY.features
    deadlines = [
        DeadlineRow(
            deadline=deadline, day=deadline.day,
            time=timezone.localtime(deadline.due).time() if isinstance(deadline.due, datetime) else None,
            days_left=(deadline.day - today).days,
            feature_title=registered[deadline.feature].title if deadline.feature in registered else "",
        )
        for deadline in features.deadlines(municipality, today) if deadline.day <= horizon
    ]
    tasks = features.open_tasks(municipality)
    progress = selectors.standards_progress(municipality)
    _evidence, shown = evidence_summary(municipality)
    return render(request, "cooperation/officer_dashboard.html", {
        "municipality": municipality,
        "deadlines": deadlines,
        "statutory_count": sum(1 for row in deadlines if row.deadline.basis),
        "tasks": tasks,
        "task_total": sum(task.count for task in tasks),
        "horizon_days": HORIZON_DAYS,
        "standards_total": progress["total"],
        "standards_implemented": progress["implemented"],
        "standards_evidenced": shown,
    })
