"""Reads of cooperation programmes: what may this user see, and the lists' rows in a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from .enums import ProgrammeReportStatus, ProgrammeStatus
from .models import Programme, ProgrammeReport


def can_manage(user, municipality) -> bool:
    return user.has_perm("consultations.manage_programmes", municipality)


def public_programmes(municipality) -> QuerySet[Programme]:
    return Programme.objects.filter(municipality=municipality, status=ProgrammeStatus.PUBLISHED).order_by(
        "-first_year", "-id")


def programmes_visible_to(user, municipality) -> QuerySet[Programme]:
    """Published programmes for everyone; every programme for the municipality's officers and administrators."""
    if can_manage(user, municipality):
        return Programme.objects.filter(municipality=municipality)
    return public_programmes(municipality)


def programmes_for_officer(municipality) -> QuerySet[Programme]:
    return (Programme.objects.filter(municipality=municipality)
            .select_related("consultation", "opinion_request").order_by("-first_year", "-id"))


def reports_visible_to(user, municipality) -> QuerySet[ProgrammeReport]:
    reports = ProgrammeReport.objects.filter(municipality=municipality)
    if can_manage(user, municipality):
        return reports
    return reports.filter(status=ProgrammeReportStatus.PUBLISHED)


def latest_public_reports(municipality) -> list[ProgrammeReport]:
    """The latest published revision of each year's report, newest year first (one query)."""
    seen, result = set(), []
    for report in (ProgrammeReport.objects.filter(municipality=municipality, status=ProgrammeReportStatus.PUBLISHED)
                   .order_by("-year", "-number")):
        if report.year not in seen:
            seen.add(report.year)
            result.append(report)
    return result


def reports_for_officer(municipality) -> QuerySet[ProgrammeReport]:
    return ProgrammeReport.objects.filter(municipality=municipality).order_by("-year", "-number")


def linkable_consultations(programme: Programme):
    """The municipality's consultations of a cooperation programme that a draft may link (services.
    link_consultation): none linked to another programme still in play (a withdrawn draft gives its
    consultation up). Newest first; one query."""
    from ..enums import Subject
    from ..models import Consultation

    taken = (Programme.objects.filter(municipality=programme.municipality_id, consultation__isnull=False)
             .exclude(pk=programme.pk).exclude(status=ProgrammeStatus.WITHDRAWN).values("consultation_id"))
    return (Consultation.objects.filter(municipality=programme.municipality_id,
                                        subject=Subject.COOPERATION_PROGRAMME)
            .exclude(pk__in=taken).order_by("-opens_at", "-id"))
