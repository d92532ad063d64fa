"""Every write of cooperation programmes and their implementation reports.
Guard → mutate → full_clean → save → audit → on_commit. A status changes only in `set_programme_status` and
`set_report_status`, which lock the row and re-check the current state."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.documents import enqueue_render
from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import Municipality, Sphere, User
from cooperation.services import record_audit

from .. import council
from .. import services as consultation_services
from ..enums import Addressees, ConsultationForm, ConsultationStatus, Subject, VersionKind
from .content import (
    consultation_course,
    figures_snapshot,
    indicator_rows,
    missing_sections,
    programme_markdown,
)
from .enums import ProgrammeKind, ProgrammeReportStatus, ProgrammeStatus
from .models import TEXT_SECTIONS, PriorityTask, Programme, ProgrammeIndicator, ProgrammeReport

LEGAL_BASIS = "art. 5a ust. 1 i art. 5 ust. 5 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego " \
              "i o wolontariacie"
LIVE = (ProgrammeStatus.DRAFT, ProgrammeStatus.IN_CONSULTATION, ProgrammeStatus.ADOPTED, ProgrammeStatus.PUBLISHED)


def default_title(municipality: Municipality, kind: str, first_year: int, last_year: int) -> str:
    if kind == ProgrammeKind.ANNUAL:
        return (f"Program współpracy – {municipality.name} – z organizacjami pozarządowymi i podmiotami "
                f"wymienionymi w art. 3 ust. 3 ustawy na {first_year} rok")
    return (f"Wieloletni program współpracy – {municipality.name} – z organizacjami pozarządowymi na lata "
            f"{first_year}–{last_year}")


def default_period(first_year: int, last_year: int) -> str:
    return f"Program obowiązuje od 1 stycznia {first_year} r. do 31 grudnia {last_year} r."


# --- The status field ----------------------------------------------------------------------------------------


def set_programme_status(programme: Programme, *, to: str, allowed_from: tuple[str, ...], actor: User,
                         action: str, data: dict | None = None, **fields) -> Programme:
    """The one place `Programme.status` changes: locks the row, re-checks the state, sets the extra fields."""
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if locked.status not in allowed_from:
        raise TransitionNotAllowed(_("This is not possible while the programme is %(status)s.")
                                   % {"status": locked.get_status_display()})
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    record_audit(actor=actor, action=action, target=locked, municipality=locked.municipality,
                 data={"status": to, **(data or {})})
    programme.status = locked.status
    for name in fields:
        setattr(programme, name, getattr(locked, name))
    return locked


def _locked_editable(programme: Programme) -> Programme:
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if not locked.is_editable:
        raise TransitionNotAllowed(_("An adopted programme no longer changes."))
    return locked


# --- Writing the programme -----------------------------------------------------------------------------------


@transaction.atomic
def create_programme(*, municipality: Municipality, actor: User, kind: str, first_year: int,
                     last_year: int | None = None, title: str = "") -> Programme:
    """A new draft. An annual programme covers one year; two live programmes of the same kind never cover
    the same year."""
    if kind not in ProgrammeKind.values:
        raise ValidationError({"kind": _("Choose the kind of programme.")})
    last_year = first_year if kind == ProgrammeKind.ANNUAL or last_year is None else last_year
    if last_year < first_year:
        raise ValidationError({"last_year": _("The last year cannot come before the first.")})
    if kind == ProgrammeKind.MULTI_YEAR and last_year == first_year:
        raise ValidationError({"last_year": _("A multi-year programme covers at least two years.")})
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    overlapping = Programme.objects.filter(municipality=municipality, kind=kind, status__in=LIVE,
                                           first_year__lte=last_year, last_year__gte=first_year)
    if overlapping.exists():
        raise ValidationError({"first_year": _("Another programme of this kind already covers these years.")})
    programme = Programme(municipality=municipality, kind=kind, first_year=first_year, last_year=last_year,
                          title=title.strip() or default_title(municipality, kind, first_year, last_year),
                          period=default_period(first_year, last_year), created_by=actor)
    programme.full_clean()
    programme.save()
    record_audit(actor=actor, action="consultations.programme.created", target=programme, municipality=municipality,
                 data={"kind": kind, "years": [first_year, last_year]})
    return programme


@transaction.atomic
def update_programme_section(*, programme: Programme, actor: User, section: str, text: str = "",
                             planned_funds: Decimal | None = None, title: str | None = None) -> Programme:
    """One section's text (and, for section 8, the planned funds; for the first, the title)."""
    if section not in TEXT_SECTIONS and section not in ("tasks", "funds"):
        raise ValueError(f"unknown section {section!r}")
    locked = _locked_editable(programme)
    changed = [section]
    setattr(locked, section, text)
    if section == "funds":
        locked.planned_funds = planned_funds
        changed.append("planned_funds")
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("Give the programme a title.")})
        locked.title = title.strip()
        changed.append("title")
    locked.full_clean()
    locked.save(update_fields=[*changed, "updated_at"])
    record_audit(actor=actor, action="consultations.programme.section_updated", target=locked,
                 municipality=locked.municipality, data={"section": section})
    for name in changed:
        setattr(programme, name, getattr(locked, name))
    return locked


@transaction.atomic
def set_priority_tasks(*, programme: Programme, actor: User, rows: list[dict]) -> list[PriorityTask]:
    """Replace the priority public tasks (art. 5a ust. 4 pkt 5): each has a sphere, a description and an
    optional planned amount."""
    locked = _locked_editable(programme)
    tasks = []
    for order, row in enumerate(rows, start=1):
        sphere = row["sphere"]
        if not isinstance(sphere, Sphere):
            raise ValidationError({"sphere": _("Choose a sphere of public tasks.")})
        task = PriorityTask(programme=locked, sphere=sphere, description=(row.get("description") or "").strip(),
                            planned_amount=row.get("planned_amount"), order=order)
        task.full_clean(exclude=["programme"])
        tasks.append(task)
    locked.priority_tasks.all().delete()
    PriorityTask.objects.bulk_create(tasks)
    Programme.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    record_audit(actor=actor, action="consultations.programme.tasks_updated", target=locked,
                 municipality=locked.municipality, data={"tasks": len(tasks)})
    return tasks


@transaction.atomic
def set_indicators(*, programme: Programme, actor: User, rows: list[dict]) -> list[ProgrammeIndicator]:
    """Replace the indicators the programme is evaluated by (art. 5a ust. 4 pkt 9; Model P1.A6.T1)."""
    locked = _locked_editable(programme)
    indicators = []
    for order, row in enumerate(rows, start=1):
        indicator = ProgrammeIndicator(programme=locked, name=(row.get("name") or "").strip(),
                                       unit=(row.get("unit") or "").strip(), target=(row.get("target") or "").strip(),
                                       order=order)
        indicator.full_clean(exclude=["programme"])
        indicators.append(indicator)
    locked.indicators.all().delete()
    ProgrammeIndicator.objects.bulk_create(indicators)
    Programme.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    record_audit(actor=actor, action="consultations.programme.indicators_updated", target=locked,
                 municipality=locked.municipality, data={"indicators": len(indicators)})
    return indicators


# --- Consultation, the council, adoption, publication ----------------------------------------------------


@transaction.atomic
def send_to_consultation(*, programme: Programme, actor: User, opens_at: datetime, closes_at: datetime,
                         contact_person: str, contact_email: str, publish: bool = True):
    """Create the public consultation of the draft (subject: cooperation programme) with the programme's
    text as the consulted document, link it and, unless told otherwise, publish it at once. An annual
    programme goes to consultation only with every section of art. 5a ust. 4 written (section 10 comes after)."""
    locked = Programme.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=programme.pk)
    if locked.status != ProgrammeStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft programme is sent to consultation."))
    if locked.kind == ProgrammeKind.ANNUAL:
        missing = missing_sections(locked)
        if missing:
            raise TransitionNotAllowed(_("Write every section the act requires first. Missing: %(sections)s.")
                                       % {"sections": "; ".join(missing)})
    consultation = consultation_services.create_consultation(
        municipality=locked.municipality, actor=actor, source=programme_markdown(locked),
        version_kind=VersionKind.DRAFT, title=f"Projekt: {locked.title}"[:300], subject=Subject.COOPERATION_PROGRAMME,
        legal_basis=LEGAL_BASIS, addressees=Addressees.NGOS, forms=[ConsultationForm.ONLINE],
        opens_at=opens_at, closes_at=closes_at, contact_person=contact_person, contact_email=contact_email,
    )
    if publish:
        consultation_services.publish_consultation(consultation=consultation, actor=actor)
    set_programme_status(locked, to=ProgrammeStatus.IN_CONSULTATION, allowed_from=(ProgrammeStatus.DRAFT,),
                         actor=actor, action="consultations.programme.sent_to_consultation",
                         data={"consultation": consultation.pk}, consultation=consultation)
    programme.status, programme.consultation = locked.status, consultation
    return consultation


@transaction.atomic
def link_consultation(*, programme: Programme, actor: User, consultation) -> Programme:
    """Link a consultation of the draft created earlier in the consultations panel (its subject must be the
    cooperation programme, and no other programme still in play links it: a withdrawn draft gives its
    consultation up); the council's opinion on it, if requested, is linked too."""
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if locked.status != ProgrammeStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft programme is sent to consultation."))
    if consultation.municipality_id != locked.municipality_id:
        raise ValidationError(_("The consultation belongs to another municipality."))
    if consultation.subject != Subject.COOPERATION_PROGRAMME:
        raise ValidationError(_("The consultation's subject is not the cooperation programme."))
    if Programme.objects.filter(consultation=consultation).exclude(pk=locked.pk).exclude(
            status=ProgrammeStatus.WITHDRAWN).exists():
        raise ValidationError(_("The consultation is already linked to another programme."))
    opinion = council.consultation_opinion(consultation)
    return set_programme_status(programme, to=ProgrammeStatus.IN_CONSULTATION, allowed_from=(ProgrammeStatus.DRAFT,),
                                actor=actor, action="consultations.programme.sent_to_consultation",
                                data={"consultation": consultation.pk, "linked": True}, consultation=consultation,
                                opinion_request=opinion or locked.opinion_request)


@transaction.atomic
def ask_council(*, programme: Programme, actor: User):
    """Ask the public benefit council for its opinion (art. 41i: 14 days). The programme's consultation is
    the draft asked about when there is one; a request already made for that consultation is linked."""
    locked = (Programme.objects.select_for_update(of=("self",)).select_related("municipality", "consultation")
              .get(pk=programme.pk))
    if not locked.is_editable:
        raise TransitionNotAllowed(_("The council is asked before the programme is adopted."))
    if locked.opinion_request_id:
        raise TransitionNotAllowed(_("The council's opinion has already been requested for this programme."))
    opinion = council.consultation_opinion(locked.consultation) if locked.consultation else None
    if opinion is None:
        opinion = council.request_opinion(
            municipality=locked.municipality, actor=actor, consultation=locked.consultation,
            subject=f"Projekt: {locked.title}"[:300],
            description=_("Opinion on the draft cooperation programme (art. 41i ust. 1 pkt 2 of the act)."),
        )
    locked.opinion_request = opinion
    locked.save(update_fields=["opinion_request", "updated_at"])
    record_audit(actor=actor, action="consultations.programme.council_asked", target=locked,
                 municipality=locked.municipality, data={"opinion_request": opinion.pk,
                                                         "due_on": opinion.due_on.isoformat()})
    programme.opinion_request = opinion
    return opinion


def consultation_closed(programme: Programme, now: datetime | None = None) -> bool:
    consultation = programme.consultation
    now = now or timezone.now()
    return (consultation is not None and consultation.status != ConsultationStatus.DRAFT
            and consultation.closes_at <= now)


def adoption_warnings(programme: Programme, resolution_date: date | None = None) -> list[str]:
    """What the officer is told (not refused) about the adoption date: art. 5a ust. 1 sets 30 November of
    the previous year for an annual programme."""
    day = resolution_date or timezone.localdate()
    if programme.kind == ProgrammeKind.ANNUAL and day > programme.adoption_due:
        return [_("An annual programme is adopted by %(due)s (art. 5a ust. 1 of the act): this adoption is late.")
                % {"due": programme.adoption_due.strftime("%d.%m.%Y")}]
    return []


@transaction.atomic
def adopt_programme(*, programme: Programme, actor: User, resolution_number: str,
                    resolution_date: date) -> Programme:
    """Record the council resolution that adopted the programme. Refused before its consultation closed and
    while the public benefit council's 14 days still run. Section 10 gets the consultation's course."""
    locked = (Programme.objects.select_for_update(of=("self",)).select_related("consultation", "opinion_request")
              .get(pk=programme.pk))
    if locked.status != ProgrammeStatus.IN_CONSULTATION:
        raise TransitionNotAllowed(_("A programme is adopted after its consultation."))
    if not consultation_closed(locked):
        raise TransitionNotAllowed(_("The programme is adopted after its consultation closes."))
    if locked.opinion_request is not None and locked.opinion_request.state() == "awaiting":
        raise TransitionNotAllowed(_("The public benefit council has until %(due)s to give its opinion.")
                                   % {"due": locked.opinion_request.due_on.strftime("%d.%m.%Y")})
    if not resolution_number.strip():
        raise ValidationError({"resolution_number": _("Give the number of the resolution.")})
    if resolution_date > timezone.localdate():
        raise ValidationError({"resolution_date": _("The resolution's date cannot be in the future.")})
    if resolution_date < timezone.localdate(locked.consultation.closes_at):
        raise ValidationError({"resolution_date": _("The resolution comes after the consultation closed.")})
    return set_programme_status(
        programme, to=ProgrammeStatus.ADOPTED, allowed_from=(ProgrammeStatus.IN_CONSULTATION,), actor=actor,
        action="consultations.programme.adopted",
        data={"resolution": resolution_number, "late": bool(adoption_warnings(locked, resolution_date))},
        resolution_number=resolution_number.strip(), resolution_date=resolution_date, adopted_at=timezone.now(),
        adopted_by=actor, consultation_course=consultation_course(locked),
    )


@transaction.atomic
def publish_programme(*, programme: Programme, actor: User) -> Programme:
    """Publish the adopted programme: its page is public at once; its PDF is rendered by a task."""
    locked = set_programme_status(programme, to=ProgrammeStatus.PUBLISHED, allowed_from=(ProgrammeStatus.ADOPTED,),
                                  actor=actor, action="consultations.programme.published",
                                  published_at=timezone.now(), published_by=actor)
    enqueue_render(locked)
    return locked


@transaction.atomic
def withdraw_programme(*, programme: Programme, actor: User) -> Programme:
    """Withdraw a draft (also one in consultation: the draft was not adopted). Its consultation stays."""
    return set_programme_status(programme, to=ProgrammeStatus.WITHDRAWN,
                                allowed_from=(ProgrammeStatus.DRAFT, ProgrammeStatus.IN_CONSULTATION), actor=actor,
                                action="consultations.programme.withdrawn", withdrawn_at=timezone.now())


@transaction.atomic
def retry_programme_render(*, programme: Programme, actor: User) -> Programme:
    """Render the published programme's PDF again after a failure (or a render left pending)."""
    from cooperation.enums import RenderStatus

    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if locked.status != ProgrammeStatus.PUBLISHED:
        raise TransitionNotAllowed(_("Only a published programme has a PDF."))
    if locked.pdf_status == RenderStatus.READY:
        raise TransitionNotAllowed(_("The PDF is already ready."))
    locked.pdf_status, locked.pdf_error = RenderStatus.PENDING, ""
    locked.save(update_fields=["pdf_status", "pdf_error"])
    record_audit(actor=actor, action="consultations.programme.pdf_retried", target=locked,
                 municipality=locked.municipality)
    enqueue_render(locked)
    programme.pdf_status, programme.pdf_error = locked.pdf_status, locked.pdf_error
    return locked


# --- The implementation report (art. 5a ust. 3) ----------------------------------------------------------


def programme_for_year(municipality: Municipality, year: int) -> Programme | None:
    candidates = list(Programme.objects.filter(
        municipality=municipality, status__in=(ProgrammeStatus.ADOPTED, ProgrammeStatus.PUBLISHED),
        first_year__lte=year, last_year__gte=year).order_by("-first_year", "-id"))
    annual = [p for p in candidates if p.kind == ProgrammeKind.ANNUAL]
    return (annual or candidates or [None])[0]


def set_report_status(report: ProgrammeReport, *, to: str, allowed_from: tuple[str, ...], actor: User,
                      action: str, **fields) -> ProgrammeReport:
    locked = ProgrammeReport.objects.select_for_update().get(pk=report.pk)
    if locked.status not in allowed_from:
        raise TransitionNotAllowed(_("This report is already published and no longer changes."))
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    record_audit(actor=actor, action=action, target=locked, municipality=locked.municipality,
                 data={"year": locked.year, "number": locked.number})
    report.status = locked.status
    for name in fields:
        setattr(report, name, getattr(locked, name))
    return locked


@transaction.atomic
def create_report(*, municipality: Municipality, actor: User, year: int) -> ProgrammeReport:
    """A draft report on `year` (over by now), prefilled with the portal's figures of that year and the
    indicators of the programme in force then. A year already reported gets a correction instead."""
    if year >= timezone.localdate().year:
        raise ValidationError({"year": _("The report covers a year that is over.")})
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    reports = ProgrammeReport.objects.filter(municipality=municipality, year=year)
    if reports.filter(status=ProgrammeReportStatus.DRAFT).exists():
        raise TransitionNotAllowed(_("A draft report on %(year)d already exists.") % {"year": year})
    if reports.exists():
        raise TransitionNotAllowed(_("The report on %(year)d is published: correct it with a new revision.")
                                   % {"year": year})
    programme = programme_for_year(municipality, year)
    report = ProgrammeReport(municipality=municipality, programme=programme, year=year, number=1,
                             figures=figures_snapshot(municipality, year), figures_taken_at=timezone.now(),
                             indicator_values=indicator_rows(programme), created_by=actor)
    report.full_clean()
    report.save()
    record_audit(actor=actor, action="consultations.programme_report.created", target=report,
                 municipality=municipality, data={"year": year})
    return report


def _locked_draft(report: ProgrammeReport) -> ProgrammeReport:
    locked = ProgrammeReport.objects.select_for_update().select_related("municipality").get(pk=report.pk)
    if locked.status != ProgrammeReportStatus.DRAFT:
        raise TransitionNotAllowed(_("This report is already published and no longer changes."))
    return locked


@transaction.atomic
def refresh_report_figures(*, report: ProgrammeReport, actor: User) -> ProgrammeReport:
    """Take the year's figures from the portal again (a draft only)."""
    locked = _locked_draft(report)
    locked.figures, locked.figures_taken_at = figures_snapshot(locked.municipality, locked.year), timezone.now()
    locked.save(update_fields=["figures", "figures_taken_at"])
    record_audit(actor=actor, action="consultations.programme_report.refreshed", target=locked,
                 municipality=locked.municipality, data={"year": locked.year})
    report.figures, report.figures_taken_at = locked.figures, locked.figures_taken_at
    return locked


@transaction.atomic
def update_report(*, report: ProgrammeReport, actor: User, summary: str, conclusions: str,
                  values: list[str] | None = None, correction_note: str | None = None) -> ProgrammeReport:
    """The report's texts and the achieved value of each indicator (a draft only)."""
    locked = _locked_draft(report)
    locked.summary, locked.conclusions = summary, conclusions
    rows = [dict(row) for row in locked.indicator_values]
    for row, value in zip(rows, values or [], strict=False):
        row["value"] = (value or "").strip()[:100]
    locked.indicator_values = rows
    if correction_note is not None:
        locked.correction_note = correction_note.strip()
    locked.full_clean()
    locked.save(update_fields=["summary", "conclusions", "indicator_values", "correction_note"])
    record_audit(actor=actor, action="consultations.programme_report.updated", target=locked,
                 municipality=locked.municipality, data={"year": locked.year})
    for name in ("summary", "conclusions", "indicator_values", "correction_note"):
        setattr(report, name, getattr(locked, name))
    return locked


@transaction.atomic
def publish_report(*, report: ProgrammeReport, actor: User) -> ProgrammeReport:
    """Publish the report (a page at once, the PDF by a task). It never changes again."""
    locked = _locked_draft(report)
    if not locked.summary.strip():
        raise ValidationError({"summary": _("Write a summary of the year before publishing the report.")})
    if locked.number > 1 and not locked.correction_note.strip():
        raise ValidationError({"correction_note": _(
            "Say what the correction changes: it is shown with the new revision.")})
    published = set_report_status(locked, to=ProgrammeReportStatus.PUBLISHED,
                                  allowed_from=(ProgrammeReportStatus.DRAFT,), actor=actor,
                                  action="consultations.programme_report.published",
                                  published_at=timezone.now(), published_by=actor)
    report.status, report.published_at = published.status, published.published_at
    enqueue_render(published)
    return published


@transaction.atomic
def retry_report_render(*, report: ProgrammeReport, actor: User) -> ProgrammeReport:
    """Render a published report's PDF again after a failure (or a render left pending)."""
    from cooperation.enums import RenderStatus

    locked = ProgrammeReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != ProgrammeReportStatus.PUBLISHED:
        raise TransitionNotAllowed(_("Only a published report has a PDF."))
    if locked.pdf_status == RenderStatus.READY:
        raise TransitionNotAllowed(_("The PDF is already ready."))
    locked.pdf_status, locked.pdf_error = RenderStatus.PENDING, ""
    locked.save(update_fields=["pdf_status", "pdf_error"])
    record_audit(actor=actor, action="consultations.programme_report.pdf_retried", target=locked,
                 municipality=locked.municipality, data={"year": locked.year, "number": locked.number})
    enqueue_render(locked)
    report.pdf_status, report.pdf_error = locked.pdf_status, locked.pdf_error
    return locked


@transaction.atomic
def start_report_correction(*, report: ProgrammeReport, actor: User) -> ProgrammeReport:
    """A new draft revision of a published report, with its texts and figures; the published one stays."""
    published = ProgrammeReport.objects.select_for_update().get(pk=report.pk)
    if published.status != ProgrammeReportStatus.PUBLISHED:
        raise TransitionNotAllowed(_("Only a published report is corrected with a new revision."))
    siblings = ProgrammeReport.objects.filter(municipality=published.municipality_id, year=published.year)
    if siblings.filter(status=ProgrammeReportStatus.DRAFT).exists():
        raise TransitionNotAllowed(_("A draft report on %(year)d already exists.") % {"year": published.year})
    number = (siblings.aggregate(m=Max("number"))["m"] or 0) + 1
    draft = ProgrammeReport(municipality=published.municipality, programme=published.programme, year=published.year,
                            number=number, figures=published.figures, figures_taken_at=published.figures_taken_at,
                            summary=published.summary, indicator_values=published.indicator_values,
                            conclusions=published.conclusions, created_by=actor)
    draft.full_clean()
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError as race:
        raise TransitionNotAllowed(_("A draft report on %(year)d already exists.") % {"year": published.year}) from race
    record_audit(actor=actor, action="consultations.programme_report.correction_started", target=draft,
                 municipality=published.municipality, data={"year": published.year, "number": number})
    return draft
