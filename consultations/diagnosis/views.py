"""Pages of the local diagnosis: the public dashboard (groups × years, charts), an indicator's page, the open-data
CSV; the officer's list of indicators, their forms, the grid of yearly values, the starter set and the import."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from cooperation import exporting
from cooperation.exceptions import DomainError
from cooperation.views.helpers import apply_errors, municipal_object_view

from . import charts, selectors, services
from .enums import IndicatorGroup
from .forms import ImportForm, IndicatorForm, ValueGridForm
from .models import FIRST_YEAR, Indicator, IndicatorValue

MANAGE = "consultations.manage_diagnosis"
TEMPLATES = "consultations/diagnosis/"
IMPORT_SALT = "consultations.diagnosis.import"
IMPORT_MAX_AGE = 60 * 60
GRID_YEARS = 6  # the grid shows at least the last six years and the current one
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _to(request, name: str, **kwargs):
    return redirect(f"diagnosis:{name}", municipality_slug=request.municipality.slug, **kwargs)


def _ctx(request, **extra) -> dict:
    return {"municipality": request.municipality, **extra}


def _chart(indicator: Indicator, values: list[IndicatorValue | None], years: list[int], where: str):
    points = [(year, value.value if value is not None else None) for year, value in zip(years, values, strict=True)]
    return charts.line_chart(
        chart_id=f"chart-{indicator.pk}",
        title=_("%(name)s (%(unit)s), %(first)d–%(last)d") % {"name": indicator.name, "unit": indicator.unit,
                                                              "first": years[0], "last": years[-1]},
        description=where,
        points=points,
    )


# --- Public pages --------------------------------------------------------------------------------------------


@require_GET
def dashboard(request, municipality_slug):
    """Published indicators by group: a table of the last five years with trends and sources, and a chart
    per indicator. Two queries for the data, whatever their number."""
    sections, years = selectors.dashboard(request.municipality)
    where = _("Values by year. The same numbers, with sources, are in the group's table above.")
    for section in sections:
        for row in section.rows:
            row.chart = _chart(row.indicator, row.cells, years, where)
    return render(request, TEMPLATES + "indicator_dashboard.html", _ctx(
        request, sections=sections, years=years, any_published=any(section.rows for section in sections),
        can_manage=selectors.can_manage(request.user, request.municipality),
    ))


@require_GET
def indicator_detail(request, municipality_slug, pk):
    indicator = get_object_or_404(selectors.indicators_visible_to(request.user, request.municipality), pk=pk)
    values = selectors.indicator_values(indicator)
    chart = None
    if values:
        years = list(range(values[0].year, values[-1].year + 1))
        by_year = {value.year: value for value in values}
        chart = _chart(indicator, [by_year.get(year) for year in years], years,
                       _("Values by year. The same numbers, with sources, are in the table below."))
    return render(request, TEMPLATES + "indicator_detail.html", _ctx(
        request, indicator=indicator, values=list(reversed(values)), chart=chart,
        trend=selectors.trend(indicator, values),
        can_manage=selectors.can_manage(request.user, request.municipality),
    ))


def _safe(value: str) -> str:
    """Text cells that a spreadsheet would take for a formula get a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


@require_GET
def open_data(request, municipality_slug):
    """Every value of every published indicator, as CSV (UTF-8 with a BOM), streamed from a database iterator.
    The columns wskaznik, rok, wartosc, zrodlo, zrodlo_adres and uwagi are the import's, so a file can be
    corrected and imported back."""
    municipality = request.municipality
    values = (selectors.published_values(municipality).select_related("indicator")
              .order_by("indicator__group", "indicator__order", "indicator__name", "indicator_id", "year"))
    labels = dict(IndicatorGroup.choices)

    def rows():
        for value in exporting.iterate(values):
            indicator = value.indicator
            yield [
                municipality.teryt, _safe(municipality.name), indicator.group, str(labels[indicator.group]),
                _safe(indicator.name), _safe(indicator.unit), value.year, selectors.decimal_text(value.value),
                _safe(value.source), value.source_url, _safe(value.note),
            ]

    return exporting.csv_response(
        ["teryt", "gmina", "grupa", "grupa_nazwa", "wskaznik", "jednostka", "rok", "wartosc", "zrodlo",
         "zrodlo_adres", "uwagi"],
        rows(), filename=f"diagnoza-{municipality.slug}-{timezone.localdate():%Y-%m-%d}.csv", private=False)


# --- Officer pages -------------------------------------------------------------------------------------------


@municipal_object_view(MANAGE, Indicator)
def admin(request):
    sections, year = selectors.officer_overview(request.municipality)
    for section in sections:
        for row in section.rows:
            row.has_last_year = any(value.year == year for value in row.values)
    return render(request, TEMPLATES + "indicator_admin.html", _ctx(
        request, sections=sections, last_year=year, starter_count=len(services.STARTER_SET),
        empty=not any(section.rows for section in sections),
    ))


@municipal_object_view(MANAGE, Indicator)
@require_POST
def starter_add(request):
    added = services.add_starter_indicators(municipality=request.municipality, actor=request.user,
                                            group=request.POST.get("group") or None)
    if added:
        messages.success(request, _("Suggested indicators added: %(count)d. They are unpublished until you "
                                    "publish them.") % {"count": len(added)})
    else:
        messages.info(request, _("The municipality already has every suggested indicator."))
    return _to(request, "admin")


@municipal_object_view(MANAGE, Indicator)
def indicator_create(request):
    form = IndicatorForm(request.POST or None, initial={"group": request.GET.get("grupa")})
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.create_indicator(municipality=request.municipality, actor=request.user,
                                                  **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The indicator is saved. Record its values, then publish it."))
            return _to(request, "values_edit", pk=indicator.pk)
    return render(request, TEMPLATES + "indicator_form.html", _ctx(request, form=form))


@municipal_object_view(MANAGE, Indicator)
def indicator_edit(request, indicator):
    form = IndicatorForm(request.POST or None, initial={name: getattr(indicator, name)
                                                        for name in services.INDICATOR_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_indicator(indicator=indicator, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return _to(request, "admin")
    return render(request, TEMPLATES + "indicator_form.html", _ctx(request, form=form, indicator=indicator))


@municipal_object_view(MANAGE, Indicator)
@require_POST
def indicator_publish(request, indicator):
    published = request.POST.get("published") == "1"
    try:
        services.set_indicator_published(indicator=indicator, actor=request.user, published=published)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, (_("“%(name)s” is published.") if published
                                   else _("“%(name)s” is unpublished: visitors no longer see it."))
                         % {"name": indicator.name})
    return _to(request, "admin")


def _grid_years(values: list[IndicatorValue]) -> list[int]:
    this_year = timezone.localdate().year
    first = min([this_year - GRID_YEARS, *(value.year for value in values)])
    return list(range(this_year, max(first, FIRST_YEAR) - 1, -1))


@municipal_object_view(MANAGE, Indicator)
def values_edit(request, indicator):
    """The grid: one row a year, newest first. All rows are saved together or none."""
    values = selectors.indicator_values(indicator)
    existing = {value.year: value for value in values}
    form = ValueGridForm(request.POST or None, years=_grid_years(values), existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.record_values(indicator=indicator, actor=request.user, rows=form.rows())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Values saved: %(recorded)d new, %(corrected)d corrected.") % counts)
            if counts["removed"]:
                messages.success(request, ngettext("%(removed)d value removed.", "%(removed)d values removed.",
                                                   counts["removed"]) % counts)
            return _to(request, "values_edit", pk=indicator.pk)
    return render(request, TEMPLATES + "value_grid.html", _ctx(request, form=form, indicator=indicator))


def _payload(municipality, content: bytes) -> str:
    return signing.dumps({"m": municipality.pk, "csv": base64.b64encode(content).decode("ascii")},
                         salt=IMPORT_SALT, compress=True)


@municipal_object_view(MANAGE, Indicator)
def import_upload(request):
    """Upload a CSV file and see every row checked; nothing is saved until the officer confirms a file
    without errors."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = payload = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            report = services.check_value_import(municipality=request.municipality, content=content)
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            if not report.has_errors:
                payload = _payload(request.municipality, content)
    return render(request, TEMPLATES + "value_import.html", _ctx(
        request, form=form, report=report, payload=payload, counts=report.counts() if report else None,
        columns=services.COLUMNS,
    ))


@municipal_object_view(MANAGE, Indicator)
@require_POST
def import_confirm(request):
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        if data.get("m") != request.municipality.pk:
            raise signing.BadSignature
        content = base64.b64decode(data["csv"])
    except (signing.BadSignature, KeyError, ValueError):
        messages.error(request, _("The checked file has expired or is not valid: upload it again."))
        return _to(request, "import_upload")
    try:
        counts = services.import_values(municipality=request.municipality, actor=request.user, content=content)
    except DomainError as error:
        messages.error(request, error.message)
        return _to(request, "import_upload")
    messages.success(request, _("Imported: %(recorded)d new values, %(corrected)d corrected, %(unchanged)d "
                                "unchanged.") % counts)
    return _to(request, "admin")
