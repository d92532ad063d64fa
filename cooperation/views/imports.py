"""Officer import and export of the NGO base (CSV/XLSX). The rules live in cooperation.importing."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from .. import exporting, importing
from ..exceptions import DomainError
from ..models import OrganizationImport
from ..resources import COLUMNS, export_header
from .helpers import municipality_perm, report_domain_error

MANAGE = "cooperation.manage_municipality"
RECENT_IMPORTS = 10

COLUMN_HELP = {
    "name": gettext_lazy("Name of the organization. Required."),
    "legal_form": gettext_lazy(
        "Legal form: e.g. “stowarzyszenie”, “fundacja”, “koło gospodyń wiejskich”, “klub sportowy”, "
        "“grupa nieformalna”. Required for a new organization."
    ),
    "krs": gettext_lazy("KRS number, up to 10 digits (zeros in front may be left out). Required for associations, "
                        "foundations and social cooperatives."),
    "nip": gettext_lazy("NIP, 10 digits with or without dashes."),
    "regon": gettext_lazy("REGON, 9 or 14 digits."),
    "street": gettext_lazy("Street and number. Required for a new organization."),
    "postal_code": gettext_lazy("Postal code in the form 00-000. Required for a new organization."),
    "city": gettext_lazy("Town. Required for a new organization."),
    "email": gettext_lazy("E-mail address. Required for a new organization."),
    "phone": gettext_lazy("Phone number."),
    "website": gettext_lazy("Website address."),
    "spheres": gettext_lazy("Codes of the spheres of public benefit (art. 4), separated by a comma or a semicolon, "
                            "e.g. “1a; 33”."),
    "description": gettext_lazy("Short description of the organization's activity."),
    "wants_email": gettext_lazy("“tak” or “nie”: send information by e-mail (“tak” when empty)."),
    "wants_post": gettext_lazy("“tak” or “nie”: send information by post (“nie” when empty)."),
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File with organizations (CSV or XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV saved as UTF-8 (comma or semicolon) or an Excel XLSX workbook, at most %(size)d MB. "
            "Nothing is saved until you confirm on the next page."
        ) % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_format, self.content = importing.check_import_file(upload)
        return upload


@municipality_perm(MANAGE)
@require_http_methods(["GET", "POST"])
def import_upload(request, municipality_slug):
    municipality = request.municipality
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organization_import = importing.create_organization_import(
            municipality=municipality, actor=request.user, content=form.content, file_format=form.file_format,
            original_name=form.cleaned_data["file"].name,
        )
        return redirect("cooperation:import_review", municipality_slug=municipality.slug, pk=organization_import.pk)
    recent = OrganizationImport.objects.filter(municipality=municipality).select_related("created_by").order_by(
        "-created_at"
    )[:RECENT_IMPORTS]
    columns = [
        {"header": header, "aliases": [a for a in dict.fromkeys((attribute, *aliases)) if a != header],
         "help": COLUMN_HELP[attribute]}
        for attribute, header, aliases in COLUMNS
    ]
    return render(
        request,
        "cooperation/import_upload.html",
        {"municipality": municipality, "form": form, "columns": columns, "recent": recent},
    )


@municipality_perm(MANAGE)
@require_http_methods(["GET", "POST"])
def import_review(request, municipality_slug, pk):
    municipality = request.municipality
    organization_import = get_object_or_404(OrganizationImport.objects.select_related("created_by"), pk=pk)
    if request.method == "POST":
        try:
            summary = importing.confirm_organization_import(organization_import=organization_import, actor=request.user)
        except DomainError as error:
            report_domain_error(request, error)
        else:
            messages.success(
                request,
                _("Import finished: %(created)d new organizations, %(matched)d already in the portal; "
                  "%(skipped)d rows with errors were skipped.")
                % {"created": summary["created"], "matched": summary["matched"], "skipped": summary["errors"]},
            )
        return redirect("cooperation:import_review", municipality_slug=municipality.slug, pk=organization_import.pk)
    context = {"municipality": municipality, "organization_import": organization_import}
    if not organization_import.confirmed_at:
        try:
            context["report"] = importing.check_organization_import(organization_import=organization_import)
        except importing.ImportFileError as error:
            context["file_error"] = error.message
    return render(request, "cooperation/import_review.html", context)


@municipality_perm(MANAGE)
@require_GET
def export_organizations(request, municipality_slug, file_format):
    if file_format not in importing.FILE_FORMATS:
        raise Http404
    municipality = request.municipality
    importing.record_export(municipality=municipality, actor=request.user, file_format=file_format)
    filename = importing.export_filename(municipality=municipality, file_format=file_format)
    rows = importing.export_rows(municipality=municipality)
    if file_format == importing.CSV:
        rows = ([exporting.escape_formula(value) for value in row] for row in rows)
        return exporting.csv_response(export_header(), rows, filename=filename)
    return exporting.xlsx_response(export_header(), rows, filename=filename, title="organizacje")
