"""The consultation report: the officer publishes it (after the close, every comment answered); everyone
reads it as a page and a PDF; earlier revisions stay available."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cooperation.enums import RenderStatus
from cooperation.exceptions import DomainError
from cooperation.views.helpers import apply_errors

from .. import services
from ..enums import ConsultationStatus
from ..models import Consultation, Report
from ..reports import report_context
from .officer import _back, _ctx, officer_view


class ReportForm(forms.Form):
    summary = forms.CharField(label=gettext_lazy("Summary of the consultation"), widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=gettext_lazy("How the consultation went and what it changed."))
    correction_note = forms.CharField(
        label=gettext_lazy("What does this correction change?"), required=False, max_length=500,
        help_text=gettext_lazy("Required when the report was already published."),
    )


@officer_view
def report_publish(request, consultation):
    previous = consultation.reports.order_by("-number").first()
    form = ReportForm(request.POST or None, initial={"summary": previous.content["summary"] if previous else ""})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.publish_report(consultation=consultation, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Revision %(number)d of the report is published. The PDF is being prepared.")
                             % {"number": report.number})
            return _back(consultation, "report_publish")
    return render(request, "consultations/officer/report_form.html",
                  _ctx(request, consultation, form=form, reports=consultation.reports.order_by("-number"),
                       unanswered=consultation.comments.filter(decision="").count(), RenderStatus=RenderStatus))


@officer_view
@require_POST
def report_retry(request, consultation, number):
    report = get_object_or_404(Report, consultation=consultation, number=number)
    try:
        services.retry_report_render(report=report, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The PDF will be prepared again."))
    return _back(consultation, "report_publish")


def _published_report(pk, number=None):
    consultation = get_object_or_404(Consultation, pk=pk, status=ConsultationStatus.REPORT_PUBLISHED)
    reports = consultation.reports.order_by("-number")
    report = reports.first() if number is None else get_object_or_404(reports, number=number)
    if report is None:
        raise Http404
    return consultation, report, reports


@require_GET
def report_page(request, municipality_slug, pk, number=None):
    consultation, report, reports = _published_report(pk, number)
    context = report_context(report.content)
    context.update({"consultation": consultation, "report": report, "reports": reports,
                    "municipality": request.municipality, "RenderStatus": RenderStatus})
    return render(request, "consultations/public/report.html", context)


@require_GET
def report_pdf(request, municipality_slug, pk, number):
    _consultation, report, _reports = _published_report(pk, number)
    if report.pdf_status != RenderStatus.READY or not report.pdf:
        raise Http404
    response = FileResponse(report.pdf.open("rb"), as_attachment=True, filename=report.pdf.name.rsplit("/", 1)[-1],
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
