"""Pages of cooperation programmes: the public list, a programme, a report and their PDFs; the officer's
panel where the programme is written section by section, sent to consultation and to the council, adopted and
published, and where the yearly implementation reports are prepared and published."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cooperation.enums import RenderStatus
from cooperation.exceptions import DomainError
from cooperation.views.helpers import apply_errors, municipal_object_view, municipality_perm

from .. import council
from . import selectors, services
from .content import funds_check, missing_sections, section_texts, tasks_total
from .enums import ProgrammeReportStatus, ProgrammeStatus
from .forms import (
    AdoptForm,
    ConsultationForm,
    IndicatorFormSet,
    LinkConsultationForm,
    PriorityTaskFormSet,
    ProgrammeCreateForm,
    ReportCreateForm,
    ReportForm,
    SectionForm,
    used_rows,
)
from .models import SECTIONS, ZERO, Programme, ProgrammeReport

MANAGE = "consultations.manage_programmes"
TEMPLATES = "consultations/programmes/"
SECTION_BY_KEY = {section.key: section for section in SECTIONS}


def _ctx(request, **extra) -> dict:
    return {"municipality": request.municipality, "RenderStatus": RenderStatus, "ProgrammeStatus": ProgrammeStatus,
            **extra}


def _to(request, name: str, **kwargs):
    return redirect(f"programmes:{name}", municipality_slug=request.municipality.slug, **kwargs)


def _report_error(request, error: Exception) -> None:
    if isinstance(error, DomainError):
        messages.error(request, error.message)
    else:
        for message in error.messages:
            messages.error(request, message)


def _pdf(document):
    if document.pdf_status != RenderStatus.READY or not document.pdf:
        raise Http404
    try:
        handle = document.pdf.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=document.pdf.name.rsplit("/", 1)[-1],
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _programme_context(programme: Programme) -> dict:
    tasks = list(programme.priority_tasks.select_related("sphere"))
    total = sum((t.planned_amount for t in tasks if t.planned_amount is not None), start=ZERO)
    return {
        "programme": programme, "sections": section_texts(programme, tasks=tasks),
        "tasks_total": total, "funds": funds_check(programme, total),
        "opinion": programme.opinion_request or (council.consultation_opinion(programme.consultation)
                                                 if programme.consultation_id else None),
    }


# --- Public pages ------------------------------------------------------------------------------------------


@require_GET
def programme_list(request, municipality_slug):
    """Published programmes and the latest revision of each year's report (a fixed number of queries)."""
    municipality = request.municipality
    return render(request, TEMPLATES + "programme_list.html", _ctx(
        request, programmes=list(selectors.public_programmes(municipality)),
        reports=selectors.latest_public_reports(municipality),
        can_manage=selectors.can_manage(request.user, municipality),
    ))


def _visible_programme(request, pk) -> Programme:
    programme = get_object_or_404(selectors.programmes_visible_to(request.user, request.municipality)
                                  .select_related("consultation", "opinion_request"), pk=pk)
    if not request.user.has_perm("consultations.view_programme", programme):
        raise Http404
    return programme


@require_GET
def programme_detail(request, municipality_slug, pk):
    programme = _visible_programme(request, pk)
    context = _programme_context(programme)
    context["reports"] = [r for r in selectors.latest_public_reports(request.municipality)
                          if r.programme_id == programme.pk]
    return render(request, TEMPLATES + "programme_detail.html", _ctx(request, **context))


@require_GET
def programme_pdf(request, municipality_slug, pk):
    programme = _visible_programme(request, pk)
    if programme.status != ProgrammeStatus.PUBLISHED:
        raise Http404
    return _pdf(programme)


def _visible_report(request, pk) -> ProgrammeReport:
    report = get_object_or_404(selectors.reports_visible_to(request.user, request.municipality)
                               .select_related("programme"), pk=pk)
    if not request.user.has_perm("consultations.view_programme_report", report):
        raise Http404
    return report


@require_GET
def report_detail(request, municipality_slug, pk):
    report = _visible_report(request, pk)
    revisions = list(ProgrammeReport.objects.filter(municipality=request.municipality, year=report.year,
                                                    status=ProgrammeReportStatus.PUBLISHED).order_by("-number"))
    return render(request, TEMPLATES + "report_detail.html", _ctx(request, report=report, revisions=revisions))


@require_GET
def report_pdf(request, municipality_slug, pk):
    report = _visible_report(request, pk)
    if not report.is_published:
        raise Http404
    return _pdf(report)


# --- Officer: programmes -------------------------------------------------------------------------------------


@municipality_perm(MANAGE)
def admin_list(request, municipality_slug):
    municipality = request.municipality
    return render(request, TEMPLATES + "admin_list.html", _ctx(
        request, programmes=list(selectors.programmes_for_officer(municipality)),
        reports=list(selectors.reports_for_officer(municipality)),
    ))


@municipality_perm(MANAGE)
def programme_create(request, municipality_slug):
    form = ProgrammeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(municipality=request.municipality, actor=request.user,
                                                  **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The draft programme is created. Write its sections one by one."))
            return _to(request, "admin", pk=programme.pk)
    return render(request, TEMPLATES + "programme_form.html", _ctx(request, form=form))


@municipal_object_view(MANAGE, Programme)
def programme_admin(request, programme):
    context = _programme_context(programme)
    consultation = programme.consultation
    written = {item["key"]: bool(item["text"].strip() or item["rows"]) for item in context["sections"]}
    written["funds"] = written.get("funds", False) or programme.planned_funds is not None
    context.update({
        "section_rows": [(section, written.get(section.key, False)) for section in SECTIONS],
        "indicators": list(programme.indicators.all()),
        "missing": missing_sections(programme),
        "has_council": council.current_term(request.municipality, published_only=True) is not None,
        "consultation_closed": services.consultation_closed(programme),
        "consultation": consultation,
        "warnings": services.adoption_warnings(programme) if programme.is_editable else [],
    })
    return render(request, TEMPLATES + "programme_admin.html", _ctx(request, **context))


@municipal_object_view(MANAGE, Programme)
def section_edit(request, programme, key):
    section = SECTION_BY_KEY.get(key)
    if section is None:
        raise Http404
    initial = {"text": getattr(programme, key)}
    if key == "funds":
        initial["planned_funds"] = programme.planned_funds
    form = SectionForm(request.POST or None, section=section, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme_section(programme=programme, actor=request.user, section=key,
                                              text=form.cleaned_data["text"],
                                              planned_funds=form.cleaned_data.get("planned_funds"))
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to(request, "admin", pk=programme.pk)
        else:
            messages.success(request, _("Section “%(title)s” is saved.") % {"title": section.title})
            if key == "funds":
                check = funds_check(programme)
                if check["state"] == "short":
                    messages.warning(request, _(
                        "The planned funds are %(short)s zł less than the sum of the priority tasks' amounts "
                        "(%(total)s zł)."
                    ) % {"short": check["shortfall"], "total": check["total"]})
            return _to(request, "admin", pk=programme.pk)
    return render(request, TEMPLATES + "section_form.html", _ctx(
        request, programme=programme, section=section, form=form,
        tasks_total=tasks_total(programme) if key == "funds" else None,
    ))


def _rows_view(request, programme, *, formset_class, initial, save, template_title, kind):
    formset = formset_class(request.POST or None, initial=initial, prefix=kind)
    if request.method == "POST" and formset.is_valid():
        try:
            save(used_rows(formset))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except DomainError as error:
            messages.error(request, error.message)
            return _to(request, "admin", pk=programme.pk)
        else:
            messages.success(request, _("Saved."))
            return _to(request, "admin", pk=programme.pk)
    return render(request, TEMPLATES + "rows_form.html", _ctx(
        request, programme=programme, formset=formset, page_title=template_title, kind=kind,
    ))


@municipal_object_view(MANAGE, Programme)
def tasks_edit(request, programme):
    initial = [{"sphere": t.sphere_id, "description": t.description, "planned_amount": t.planned_amount}
               for t in programme.priority_tasks.all()]
    return _rows_view(
        request, programme, formset_class=PriorityTaskFormSet, initial=initial, kind="tasks",
        template_title=_("Priority public tasks"),
        save=lambda rows: services.set_priority_tasks(programme=programme, actor=request.user, rows=rows),
    )


@municipal_object_view(MANAGE, Programme)
def indicators_edit(request, programme):
    initial = [{"name": i.name, "unit": i.unit, "target": i.target} for i in programme.indicators.all()]
    return _rows_view(
        request, programme, formset_class=IndicatorFormSet, initial=initial, kind="indicators",
        template_title=_("Evaluation indicators"),
        save=lambda rows: services.set_indicators(programme=programme, actor=request.user, rows=rows),
    )


@municipal_object_view(MANAGE, Programme)
def consultation_send(request, programme):
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = ConsultationForm(request.POST or None, initial={
        "opens_at": now, "closes_at": now + timedelta(days=14),
        "contact_person": request.user.get_full_name(), "contact_email": request.user.email,
    })
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.send_to_consultation(programme=programme, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if consultation.status == "draft":
                messages.success(request, _("The consultation is created as a draft: publish it in the "
                                            "consultations panel."))
            else:
                messages.success(request, _("The draft programme is in public consultation."))
            return _to(request, "admin", pk=programme.pk)
    return render(request, TEMPLATES + "consultation_form.html", _ctx(
        request, programme=programme, form=form, missing=missing_sections(programme),
    ))


@municipal_object_view(MANAGE, Programme)
def consultation_link(request, programme):
    """Link a consultation of the draft made earlier in the consultations panel (services.link_consultation):
    only a draft; the choice is among this municipality's consultations of a cooperation programme that no
    other programme links."""
    if programme.status != ProgrammeStatus.DRAFT:
        messages.error(request, _("Only a draft programme is sent to consultation."))
        return _to(request, "admin", pk=programme.pk)
    form = LinkConsultationForm(request.POST or None, consultations=selectors.linkable_consultations(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.link_consultation(programme=programme, actor=request.user,
                                       consultation=form.cleaned_data["consultation"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to(request, "admin", pk=programme.pk)
        else:
            messages.success(request, _("The consultation is linked: the draft programme is in consultation."))
            return _to(request, "admin", pk=programme.pk)
    return render(request, TEMPLATES + "consultation_link.html", _ctx(request, programme=programme, form=form))


@municipal_object_view(MANAGE, Programme)
@require_POST
def council_ask(request, programme):
    try:
        opinion = services.ask_council(programme=programme, actor=request.user)
    except (DomainError, ValidationError) as error:
        _report_error(request, error)
    else:
        messages.success(request, _("The council is asked for its opinion by %(due)s.")
                         % {"due": opinion.due_on.strftime("%Y-%m-%d")})
    return _to(request, "admin", pk=programme.pk)


@municipal_object_view(MANAGE, Programme)
def adopt(request, programme):
    form = AdoptForm(request.POST or None, initial={"resolution_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_programme(programme=programme, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The adoption of the programme is recorded."))
            for warning in services.adoption_warnings(programme, programme.resolution_date):
                messages.warning(request, warning)
            return _to(request, "admin", pk=programme.pk)
    return render(request, TEMPLATES + "adopt_form.html", _ctx(
        request, programme=programme, form=form, warnings=services.adoption_warnings(programme),
        consultation_closed=services.consultation_closed(programme),
    ))


def _act(request, run, success: str, *, back: str, pk: int):
    """A button's POST: run the service, say how it went (a domain error as a message), go back to the page."""
    try:
        run()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _to(request, back, pk=pk)


@municipal_object_view(MANAGE, Programme)
@require_POST
def publish(request, programme):
    return _act(request, lambda: services.publish_programme(programme=programme, actor=request.user),
                _("The programme is published. The PDF is being prepared."), back="admin", pk=programme.pk)


@municipal_object_view(MANAGE, Programme)
@require_POST
def pdf_retry(request, programme):
    return _act(request, lambda: services.retry_programme_render(programme=programme, actor=request.user),
                _("The PDF will be prepared again."), back="admin", pk=programme.pk)


@municipal_object_view(MANAGE, Programme)
@require_POST
def withdraw(request, programme):
    return _act(request, lambda: services.withdraw_programme(programme=programme, actor=request.user),
                _("The draft programme is withdrawn."), back="admin", pk=programme.pk)


# --- Officer: implementation reports -------------------------------------------------------------------------


@municipality_perm(MANAGE)
def report_create(request, municipality_slug):
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(municipality=request.municipality, actor=request.user,
                                            year=form.cleaned_data["year"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The draft report is created with the portal's figures of %(year)d.")
                             % {"year": report.year})
            return _to(request, "report_edit", pk=report.pk)
    return render(request, TEMPLATES + "report_create.html", _ctx(request, form=form))


@municipal_object_view(MANAGE, ProgrammeReport)
def report_edit(request, report):
    form = ReportForm(request.POST or None, report=report, initial={
        "summary": report.summary, "conclusions": report.conclusions, "correction_note": report.correction_note})
    if request.method == "POST" and report.is_published:
        messages.error(request, _("This report is already published and no longer changes."))
        return _to(request, "report_edit", pk=report.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_report(report=report, actor=request.user, summary=form.cleaned_data["summary"],
                                   conclusions=form.cleaned_data["conclusions"], values=form.values(),
                                   correction_note=form.cleaned_data.get("correction_note"))
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The report is saved."))
            return _to(request, "report_edit", pk=report.pk)
    revisions = list(ProgrammeReport.objects.filter(municipality=request.municipality, year=report.year)
                     .order_by("-number"))
    return render(request, TEMPLATES + "report_edit.html", _ctx(request, report=report, form=form,
                                                                revisions=revisions))


def _report_action(request, report, action, success: str):
    try:
        result = action(report=report, actor=request.user)
    except (DomainError, ValidationError) as error:
        _report_error(request, error)
        return _to(request, "report_edit", pk=report.pk)
    messages.success(request, success)
    return _to(request, "report_edit", pk=result.pk)


@municipal_object_view(MANAGE, ProgrammeReport)
@require_POST
def report_refresh(request, report):
    return _report_action(request, report, services.refresh_report_figures,
                          _("The figures are taken from the portal again."))


@municipal_object_view(MANAGE, ProgrammeReport)
@require_POST
def report_publish(request, report):
    return _report_action(request, report, services.publish_report,
                          _("The report is published. The PDF is being prepared."))


@municipal_object_view(MANAGE, ProgrammeReport)
@require_POST
def report_correct(request, report):
    return _report_action(request, report, services.start_report_correction,
                          _("A new revision of the report is created as a draft."))


@municipal_object_view(MANAGE, ProgrammeReport)
@require_POST
def report_pdf_retry(request, report):
    return _report_action(request, report, services.retry_report_render, _("The PDF will be prepared again."))
