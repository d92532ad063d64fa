"""Deadlines, open tasks and evidence of the Local Cooperation Quality Index (LIJW), registered with
cooperation.features by self_assessment/hooks.py. Each provider is a fixed handful of queries, whatever the data
size: they run on the officer dashboard and the public standards tracker."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cooperation.features import Deadline, Evidence, OpenTask

from .enums import EditionStatus, RecommendationStatus
from .models import Edition, Recommendation

EVIDENCE_PER_STANDARD = 3
TASKS_PER_KIND = 20
OPEN_RECOMMENDATIONS = (RecommendationStatus.PLANNED, RecommendationStatus.IN_PROGRESS)


def _url(name: str, municipality, **kwargs) -> str:
    return reverse(name, kwargs={"municipality_slug": municipality.slug, **kwargs})


def lijw_deadlines(municipality, today: date) -> list[Deadline]:
    """Editions: the survey opening and closing, the assessment meeting; recommendations still open with their
    deadline. Two queries."""
    now = timezone.now()
    found = []
    editions = (Edition.objects.filter(municipality=municipality)
                .exclude(status=EditionStatus.PUBLISHED).only("pk", "title", "status", "survey_opens_at",
                                                              "survey_closes_at", "meeting_at"))
    for edition in editions:
        url = _url("self_assessment:edition_detail", municipality, pk=edition.pk)
        if edition.status == EditionStatus.DRAFT and edition.survey_opens_at >= now:
            found.append(Deadline(due=edition.survey_opens_at, url=url, feature="lijw",
                                  title=_("LIJW survey opens: %(title)s") % {"title": edition.title}))
        if edition.status in (EditionStatus.DRAFT, EditionStatus.OPEN) and edition.survey_closes_at >= now:
            found.append(Deadline(due=edition.survey_closes_at, url=url, feature="lijw",
                                  title=_("LIJW survey closes: %(title)s") % {"title": edition.title}))
        if edition.meeting_at is not None and edition.meeting_at >= now:
            found.append(Deadline(due=edition.meeting_at, url=url, feature="lijw",
                                  title=_("LIJW assessment meeting: %(title)s") % {"title": edition.title}))
    recommendations = (Recommendation.objects.filter(edition__municipality=municipality,
                                                     status__in=OPEN_RECOMMENDATIONS, deadline__gte=today)
                       .only("pk", "edition_id", "text", "deadline"))
    for recommendation in recommendations:
        found.append(Deadline(
            due=recommendation.deadline, feature="lijw",
            title=_("LIJW recommendation due: %(text)s") % {"text": Truncator(recommendation.text).chars(80)},
            url=_url("self_assessment:recommendations", municipality, pk=recommendation.edition_id)))
    return found


def lijw_tasks(municipality) -> list[OpenTask]:
    """Editions whose survey closed and whose note is not published; recommendations past their deadline and
    still open, by edition. Two queries."""
    tasks = [
        OpenTask(title=_("LIJW note to publish: %(title)s") % {"title": title},
                 url=_url("self_assessment:note_edit", municipality, pk=pk), feature="lijw")
        for pk, title in Edition.objects.filter(municipality=municipality, status=EditionStatus.CLOSED)
        .order_by("-period_end", "-id").values_list("pk", "title")[:TASKS_PER_KIND]
    ]
    overdue = (Recommendation.objects.filter(edition__municipality=municipality, status__in=OPEN_RECOMMENDATIONS,
                                             deadline__lt=timezone.localdate())
               .values("edition_id", "edition__title").annotate(n=Count("id"))
               .order_by("-edition__period_end", "edition_id")[:TASKS_PER_KIND])
    tasks += [
        OpenTask(title=_("LIJW recommendations past their deadline: %(title)s") % {"title": row["edition__title"]},
                 url=_url("self_assessment:recommendations", municipality, pk=row["edition_id"]), count=row["n"],
                 feature="lijw")
        for row in overdue
    ]
    return tasks


def lijw_evidence(municipality) -> dict[str, list[Evidence]]:
    """Published notes of the joint self-assessment: an ex-post evaluation (P1.A6.T2.S2). One query."""
    editions = (Edition.objects.filter(municipality=municipality, status=EditionStatus.PUBLISHED)
                .annotate(published=Max("revisions__published_at")).filter(published__isnull=False)
                .only("pk", "title").order_by("-published", "-id")[:EVIDENCE_PER_STANDARD])
    items = [
        Evidence(title=_("LIJW note: %(title)s") % {"title": edition.title},
                 url=_url("self_assessment:note", municipality, pk=edition.pk),
                 day=timezone.localdate(edition.published))
        for edition in editions
    ]
    return {"P1.A6.T2.S2": items} if items else {}
