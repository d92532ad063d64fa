"""Called from consultations.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of programmes."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

FEATURE = "programmes"


def _url(name: str, municipality, **kwargs) -> str:
    return reverse(f"programmes:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def programme_deadlines(municipality, today: date):
    """Art. 5a ust. 1: next year's annual programme adopted by 30 November (while none is adopted);
    art. 5a ust. 3: the report on last year published by 31 May (while none is published)."""
    from cooperation.features import Deadline

    from .enums import ProgrammeReportStatus, ProgrammeStatus
    from .models import Programme, ProgrammeReport

    found = []
    next_year = today.year + 1
    adopted = Programme.objects.filter(municipality=municipality, status__in=(ProgrammeStatus.ADOPTED,
                                                                               ProgrammeStatus.PUBLISHED),
                                       first_year__lte=next_year, last_year__gte=next_year).exists()
    if not adopted:
        found.append(Deadline(due=date(today.year, 11, 30), basis="art. 5a ust. 1", feature=FEATURE,
                              title=_("Adopt the cooperation programme for %(year)d") % {"year": next_year},
                              url=_url("admin_list", municipality)))
    last_year = today.year - 1
    reported = ProgrammeReport.objects.filter(municipality=municipality, year=last_year,
                                              status=ProgrammeReportStatus.PUBLISHED).exists()
    if not reported:
        found.append(Deadline(due=date(today.year, 5, 31), basis="art. 5a ust. 3", feature=FEATURE,
                              title=_("Publish the report on the cooperation programme in %(year)d") % {"year": last_year},
                              url=_url("admin_list", municipality)))
    return found


def programme_tasks(municipality):
    """Programmes whose consultation has closed and that wait for adoption; draft reports."""
    from django.utils import timezone

    from cooperation.features import OpenTask

    from .enums import ProgrammeReportStatus, ProgrammeStatus
    from .models import Programme, ProgrammeReport

    waiting = Programme.objects.filter(municipality=municipality, status=ProgrammeStatus.IN_CONSULTATION,
                                       consultation__closes_at__lte=timezone.now()).count()
    adopted = Programme.objects.filter(municipality=municipality, status=ProgrammeStatus.ADOPTED).count()
    drafts = ProgrammeReport.objects.filter(municipality=municipality, status=ProgrammeReportStatus.DRAFT).count()
    url = _url("admin_list", municipality)
    return [
        OpenTask(title=_("Cooperation programmes consulted and awaiting adoption"), url=url, count=waiting,
                 feature=FEATURE),
        OpenTask(title=_("Adopted cooperation programmes to publish"), url=url, count=adopted, feature=FEATURE),
        OpenTask(title=_("Draft reports on the cooperation programme"), url=url, count=drafts, feature=FEATURE),
    ]


def programme_evidence(municipality) -> dict:
    """An adopted programme shows P1.A5.T1.S1; one with indicators P1.A6.T1.S1; the Model's clauses the
    programme contains P3.A1.T1.S1, P3.A1.T2.S1, P3.A2.T3.S2; a published report P1.A6.T2.S2."""
    from django.db.models import Count

    from cooperation.features import Evidence

    from .enums import ProgrammeReportStatus, ProgrammeStatus
    from .models import Programme, ProgrammeReport

    evidence: dict[str, list] = {}
    programmes = (Programme.objects.filter(municipality=municipality,
                                           status__in=(ProgrammeStatus.ADOPTED, ProgrammeStatus.PUBLISHED))
                  .annotate(indicator_count=Count("indicators")).order_by("-first_year", "-id"))
    for programme in programmes:
        url = (_url("detail", municipality, pk=programme.pk) if programme.status == ProgrammeStatus.PUBLISHED
               else _url("admin", municipality, pk=programme.pk))
        item = Evidence(title=programme.title, url=url, day=programme.resolution_date)
        codes = ["P1.A5.T1.S1"]
        if programme.indicator_count:
            codes.append("P1.A6.T1.S1")
        for field, code in (("officer_competences", "P3.A1.T1.S1"), ("support_centre", "P3.A1.T2.S1"),
                            ("local_events", "P3.A2.T3.S2")):
            if getattr(programme, field).strip():
                codes.append(code)
        for code in codes:
            evidence.setdefault(code, []).append(item)
    reports = ProgrammeReport.objects.filter(municipality=municipality, status=ProgrammeReportStatus.PUBLISHED)
    for report in reports.order_by("-year", "-number"):
        evidence.setdefault("P1.A6.T2.S2", []).append(Evidence(
            title=_("Report on the cooperation programme in %(year)d") % {"year": report.year},
            url=_url("report", municipality, pk=report.pk),
            day=report.published_at.date() if report.published_at else None,
        ))
    return evidence


def ready() -> None:
    from cooperation.audit import register_action_labels
    from cooperation.features import (
        Feature,
        register_deadlines,
        register_evidence,
        register_feature,
        register_open_tasks,
    )

    from . import rules  # noqa: F401

    register_action_labels({
        "consultations.programme.created": _("cooperation programme created"),
        "consultations.programme.section_updated": _("section of the cooperation programme changed"),
        "consultations.programme.tasks_updated": _("priority tasks of the cooperation programme changed"),
        "consultations.programme.indicators_updated": _("indicators of the cooperation programme changed"),
        "consultations.programme.sent_to_consultation": _("cooperation programme sent to consultation"),
        "consultations.programme.council_asked": _("council asked for its opinion on the cooperation programme"),
        "consultations.programme.adopted": _("adoption of the cooperation programme recorded"),
        "consultations.programme.published": _("cooperation programme published"),
        "consultations.programme.withdrawn": _("draft cooperation programme withdrawn"),
        "consultations.programme.pdf_retried": _("PDF of the cooperation programme prepared again"),
        "consultations.programme_report.created": _("report on the cooperation programme created"),
        "consultations.programme_report.refreshed": _("figures of the report on the cooperation programme refreshed"),
        "consultations.programme_report.updated": _("report on the cooperation programme changed"),
        "consultations.programme_report.published": _("report on the cooperation programme published"),
        "consultations.programme_report.correction_started": _("correction of the report on the cooperation programme started"),
        "consultations.programme_report.pdf_retried": _(
            "PDF of the report on the cooperation programme prepared again"),
    })
    register_feature(Feature(
        key=FEATURE, title=_("Cooperation programme"), plane="P1", order=30,
        description=_("The annual or multi-year programme of cooperation with NGOs, consulted, adopted and "
                      "published, and the yearly report on its implementation (art. 5a of the act)."),
        public_url="programmes:list", panel_url="programmes:admin_list",
        standards=("P1.A5.T1.S1", "P1.A3.T2.S1", "P1.A6.T1.S1", "P1.A6.T2.S1", "P3.A1.T1.S1", "P3.A1.T2.S1",
                   "P3.A2.T3.S2"),
    ))
    register_deadlines(programme_deadlines)
    register_open_tasks(programme_tasks)
    register_evidence(programme_evidence)
