"""Deadlines, open tasks and evidence of consultations and of the public benefit council, registered with
cooperation.features by consultations/hooks.py. Each provider is a fixed handful of queries, whatever the data
size: they run on the officer dashboard and the public standards tracker."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.features import Deadline, Evidence, OpenTask

from .enums import ConsultationStatus, Subject
from .models import (
    Comment,
    Consultation,
    ConsultationRules,
    CouncilMeeting,
    CouncilRequest,
    CouncilRequestStatus,
    CouncilTerm,
    CouncilTermStatus,
    OpinionRequest,
)

# How many of the latest items the tracker shows as evidence for one standard.
EVIDENCE_PER_STANDARD = 3
# Subjects that are planning documents (P1.A3.T2.S1: drafting and consulting planning documents).
PLANNING_SUBJECTS = (Subject.STRATEGY, Subject.PROGRAMME, Subject.COOPERATION_PROGRAMME)
# Open tasks listed one by one at most (the dashboard stays short; the pages behind the links have the rest).
TASKS_PER_KIND = 20


def _url(name: str, municipality, **kwargs) -> str:
    return reverse(name, kwargs={"municipality_slug": municipality.slug, **kwargs})


def _report_days_and_basis(municipality) -> tuple[int, str]:
    """The municipality's report deadline (days after the close) and the resolution that sets it; read only
    (no defaults are created on a GET)."""
    rules = ConsultationRules.objects.filter(municipality=municipality).only("report_days", "resolution").first()
    if rules is None:
        return ConsultationRules._meta.get_field("report_days").default, ""
    return rules.report_days, rules.resolution


# --- Deadlines ------------------------------------------------------------------------------------------------


def consultation_deadlines(municipality, today: date) -> list[Deadline]:
    """Published consultations closing from now on, and the report due for those already closed (the
    municipality's rules: `report_days` after the close). Two queries."""
    now = timezone.now()
    days, resolution = _report_days_and_basis(municipality)
    found = []
    published = (Consultation.objects.filter(municipality=municipality, status=ConsultationStatus.PUBLISHED)
                 .only("pk", "title", "closes_at").order_by("closes_at", "id"))
    for consultation in published:
        if consultation.closes_at > now:
            found.append(Deadline(
                due=consultation.closes_at, title=_("Consultation closes: %(title)s") % {"title": consultation.title},
                url=_url("consultations:admin", municipality, pk=consultation.pk), feature="consultations"))
        else:
            found.append(Deadline(
                due=timezone.localdate(consultation.closes_at) + timedelta(days=days),
                title=_("Consultation report due: %(title)s") % {"title": consultation.title},
                url=_url("consultations:report_publish", municipality, pk=consultation.pk), basis=resolution,
                feature="consultations"))
    return found


def council_deadlines(municipality, today: date) -> list[Deadline]:
    """Opinions the council owes (art. 41i ust. 2), the 2 months to create the council on the NGOs' request
    (art. 41e ust. 1), the end of a published term (art. 41e ust. 3) and the council's next meetings. Four
    queries."""
    found = [
        Deadline(due=request.due_on,
                 title=_("Opinion of the public benefit council due: %(subject)s") % {"subject": request.subject},
                 url=_url("consultations:council_opinion_record", municipality, pk=request.pk),
                 basis="art. 41i ust. 2", feature="council")
        for request in OpinionRequest.objects.filter(municipality=municipality, received_at__isnull=True,
                                                     due_on__gte=today).only("pk", "subject", "due_on")
    ]
    found += [
        Deadline(due=request.deadline,
                 title=_("Create the public benefit council requested by the organizations"),
                 url=_url("consultations:council_admin", municipality), basis="art. 41e ust. 1", feature="council")
        for request in CouncilRequest.objects.filter(municipality=municipality, status=CouncilRequestStatus.FILED,
                                                     deadline__gte=today).only("pk", "deadline")
    ]
    found += [
        Deadline(due=term.ends_on,
                 title=_("Term of the public benefit council ends (%(start)s–%(end)s)") % {
                     "start": term.starts_on.year, "end": term.ends_on.year},
                 url=_url("consultations:council_term_admin", municipality, pk=term.pk), basis="art. 41e ust. 3",
                 feature="council")
        for term in CouncilTerm.objects.filter(municipality=municipality, status=CouncilTermStatus.PUBLISHED,
                                               ends_on__gte=today).only("pk", "starts_on", "ends_on")
    ]
    found += [
        Deadline(due=meeting.starts_at,
                 title=_("Meeting no. %(number)d of the public benefit council") % {"number": meeting.number},
                 url=_url("consultations:council_meeting_admin", municipality, pk=meeting.pk), feature="council")
        for meeting in CouncilMeeting.objects.filter(term__municipality=municipality,
                                                     starts_at__gte=timezone.now()).only("pk", "number", "starts_at")
    ]
    return found


# --- Open tasks -----------------------------------------------------------------------------------------------


def consultation_tasks(municipality) -> list[OpenTask]:
    """Closed consultations: comments still without an answer, and the report not yet published. Two queries."""
    now = timezone.now()
    closed = {"municipality": municipality, "status": ConsultationStatus.PUBLISHED, "closes_at__lte": now}
    unanswered = (
        Comment.objects.filter(**{f"consultation__{key}": value for key, value in closed.items()},
                               answered_at__isnull=True)
        .values("consultation_id", "consultation__title").annotate(n=Count("id"))
        .order_by("consultation__closes_at", "consultation_id")[:TASKS_PER_KIND]
    )
    tasks = [
        OpenTask(title=_("Comments to answer: %(title)s") % {"title": row["consultation__title"]},
                 url=_url("consultations:comment_answers", municipality, pk=row["consultation_id"]),
                 count=row["n"], feature="consultations")
        for row in unanswered
    ]
    tasks += [
        OpenTask(title=_("Consultation report to publish: %(title)s") % {"title": title},
                 url=_url("consultations:report_publish", municipality, pk=pk), feature="consultations")
        for pk, title in Consultation.objects.filter(**closed).order_by("closes_at", "id")
        .values_list("pk", "title")[:TASKS_PER_KIND]
    ]
    return tasks


def council_tasks(municipality) -> list[OpenTask]:
    """The NGOs' filed request to create the council; held meetings whose minutes are not published. Two
    queries."""
    tasks = []
    if CouncilRequest.objects.filter(municipality=municipality, status=CouncilRequestStatus.FILED).exists():
        tasks.append(OpenTask(title=_("Create the public benefit council requested by the organizations"),
                              url=_url("consultations:council_admin", municipality), feature="council"))
    tasks += [
        OpenTask(title=_("Minutes to publish: meeting no. %(number)d of the public benefit council") % {
                     "number": number},
                 url=_url("consultations:council_minutes_edit", municipality, pk=pk), feature="council")
        for pk, number in CouncilMeeting.objects.filter(
            term__municipality=municipality, starts_at__lte=timezone.now(), minutes_published_at__isnull=True,
        ).order_by("starts_at", "id").values_list("pk", "number")[:TASKS_PER_KIND]
    ]
    return tasks


# --- Evidence on the portal -----------------------------------------------------------------------------------


def consultation_evidence(municipality) -> dict[str, list[Evidence]]:
    """Consultations with a published report (P1.A4.T2.S1), among them those on planning documents
    (P1.A3.T2.S1); a published composition of the council (P1.A5.T2.S1). Three queries."""
    reported = (Consultation.objects.filter(municipality=municipality, status=ConsultationStatus.REPORT_PUBLISHED)
                .annotate(reported_at=Max("reports__published_at")).order_by("-reported_at", "-id"))

    def items(queryset) -> list[Evidence]:
        return [
            Evidence(title=_("Consultation report: %(title)s") % {"title": c.title},
                     url=_url("consultations:report", municipality, pk=c.pk),
                     day=timezone.localdate(c.reported_at) if c.reported_at else None)
            for c in queryset.only("pk", "title")[:EVIDENCE_PER_STANDARD]
        ]

    found = {}
    consulted = items(reported)
    if consulted:
        found["P1.A4.T2.S1"] = consulted
        planning = items(reported.filter(subject__in=PLANNING_SUBJECTS))
        if planning:
            found["P1.A3.T2.S1"] = planning
    term = (CouncilTerm.objects.filter(municipality=municipality, status=CouncilTermStatus.PUBLISHED)
            .only("pk", "starts_on", "ends_on", "published_at").order_by("-starts_on", "-id").first())
    if term is not None:
        found["P1.A5.T2.S1"] = [Evidence(
            title=_("Public benefit council, term %(start)s–%(end)s") % {
                "start": term.starts_on.year, "end": term.ends_on.year},
            url=_url("consultations:council", municipality),
            day=timezone.localdate(term.published_at) if term.published_at else term.starts_on,
        )]
    return found
