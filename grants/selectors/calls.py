"""What may be seen of open calls. A draft belongs to its municipality's officers (and platform administrators)
alone; an announced, decided or cancelled call is public.

Public states of a call (what a visitor sees): "open" (announced, offers accepted), "evaluation" (announced,
the deadline has passed, no results yet), "results" (results published), "cancelled" (art. 18a) and "draft".
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cooperation.models import Sphere

from ..enums import CallStatus
from ..models import Call

PUBLIC_STATES = ("open", "evaluation", "results", "cancelled")
MANAGE = "grants.manage_calls"


def accepting_offers(call: Call, now: datetime | None = None) -> bool:
    """Offers are accepted while the call is announced and before its deadline (the same comparison as the
    offers' submission). The services store the deadline at the end of its minute (23:59:59.999999), so
    "until 23:59" accepts an offer sent at 23:59:40."""
    now = now or timezone.now()
    return call.status == CallStatus.PUBLISHED and now < call.deadline


def public_state(call: Call, now: datetime | None = None) -> str:
    if call.status == CallStatus.DRAFT:
        return "draft"
    if call.status == CallStatus.CANCELLED:
        return "cancelled"
    if call.status == CallStatus.RESULTS_PUBLISHED:
        return "results"
    return "open" if accepting_offers(call, now) else "evaluation"


def with_state(queryset: QuerySet[Call], state: str, now: datetime | None = None) -> QuerySet[Call]:
    """Narrow calls to one public state; an unknown state leaves the list as it is."""
    now = now or timezone.now()
    if state == "open":
        return queryset.filter(status=CallStatus.PUBLISHED, deadline__gt=now)
    if state == "evaluation":
        return queryset.filter(status=CallStatus.PUBLISHED, deadline__lte=now)
    if state == "results":
        return queryset.filter(status=CallStatus.RESULTS_PUBLISHED)
    if state == "cancelled":
        return queryset.filter(status=CallStatus.CANCELLED)
    return queryset


def _for_lists(queryset: QuerySet[Call]) -> QuerySet[Call]:
    return queryset.select_related("municipality").prefetch_related(
        Prefetch("spheres", queryset=Sphere.objects.order_by("order")))


def calls_visible_to(user, municipality) -> QuerySet[Call]:
    """The municipality's calls the user may see: all of them for those who manage its calls, otherwise only
    announced ones (drafts never leave the office). Use inside the municipality's scope."""
    queryset = Call.objects.filter(municipality=municipality)
    if user.has_perm(MANAGE, municipality):
        return queryset
    return queryset.exclude(status=CallStatus.DRAFT)


def published_calls() -> QuerySet[Call]:
    """Announced calls of every municipality (public data only); built unscoped so portal pages, the feed and
    open data can use it outside any municipality's scope."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return Call.objects.exclude(status=CallStatus.DRAFT).select_related("municipality")


def public_calls(*, municipality_slug: str = "", sphere: str = "", form: str = "", state: str = "",
                 now: datetime | None = None) -> QuerySet[Call]:
    """The portal-wide list with its filters: municipality (slug), sphere (art. 4 code), form, public state.
    The latest deadline first."""
    queryset = published_calls()
    if municipality_slug:
        queryset = queryset.filter(municipality__slug=municipality_slug)
    return order_for_public(filter_calls(queryset, sphere=sphere, form=form, state=state, now=now))


def filter_calls(queryset: QuerySet[Call], *, sphere: str = "", form: str = "", state: str = "",
                 now: datetime | None = None) -> QuerySet[Call]:
    if sphere:
        queryset = queryset.filter(spheres__code=sphere)
    if form:
        queryset = queryset.filter(form=form)
    if state:
        queryset = with_state(queryset, state, now)
    return queryset


def order_for_public(queryset: QuerySet[Call]) -> QuerySet[Call]:
    return _for_lists(queryset).order_by("-deadline", "-id")


def newest_published_calls(limit: int = 30) -> list[Call]:
    return list(_for_lists(published_calls().filter(published_at__isnull=False))
                .order_by("-published_at", "-id")[:limit])


def open_data_calls() -> QuerySet[Call]:
    return _for_lists(published_calls()).order_by("municipality__name", "-deadline", "id")


def call_page(call: Call) -> dict:
    """Everything the public page of one call shows, in a fixed number of queries."""
    criteria = list(call.criteria.all())
    previous = list(call.previous_tasks.all())
    years = sorted({task.year for task in previous}, reverse=True)
    return {
        "spheres": list(call.spheres.order_by("order")),
        "criteria": criteria,
        "statutory_criteria": [c for c in criteria if c.statutory],
        "own_criteria": [c for c in criteria if not c.statutory],
        "total_points": sum(c.max_points for c in criteria),
        "formal_requirements": list(call.formal_requirements.all()),
        "required_attachments": list(call.required_attachments.all()),
        "previous_tasks": previous,
        "previous_years": [(year, [t for t in previous if t.year == year],
                            sum((t.amount for t in previous if t.year == year), start=0))
                           for year in years],
    }


def municipalities_with_calls():
    from cooperation.models import Municipality

    return Municipality.objects.filter(pk__in=published_calls().values("municipality_id")).order_by("name")
