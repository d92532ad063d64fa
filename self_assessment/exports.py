"""Exports of an edition's survey results (officer) and of published aggregated results (open data)."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .scoring import ALL, GROUPS, rounded


def _fmt(value):
    value = rounded(value) if isinstance(value, Decimal) else value
    return "" if value is None else str(value)


def results_rows(results):
    """Flat rows: one per statement, then per area, per plane and overall."""
    header = [_("level"), _("code"), _("text"), _("NGO score"), _("NGO ratings"), _("NGO don't know"),
              _("local government score"), _("local government ratings"), _("local government don't know"),
              _("all score"), _("gap NGO - local government"),
              *[_("ratings %(n)d (all)") % {"n": n} for n in range(1, 6)]]
    rows = [header]
    for r in results.questions:
        q = r.question
        ngo, jst, everyone = r.cells["ngo"], r.cells["jst"], r.cells[ALL]
        rows.append([
            _("statement"), q.area.code if q.area else "", q.text_ngo or q.text_jst,
            _fmt(ngo.score), "" if ngo.suppressed else ngo.n, "" if ngo.suppressed else ngo.dont_know,
            _fmt(jst.score), "" if jst.suppressed else jst.n, "" if jst.suppressed else jst.dont_know,
            _fmt(everyone.score), _fmt(r.gap), *(["" if everyone.suppressed else c for c in everyone.distribution]),
        ])
    for level, items in ((_("area"), results.areas), (_("plane"), results.planes), (_("overall"), [results.overall])):
        for row in items:
            rows.append([level, row.key, row.label, _fmt(row.scores.get("ngo")), "", "", _fmt(row.scores.get("jst")),
                         "", "", _fmt(row.scores.get(ALL)), _fmt(row.gap), "", "", "", "", ""])
    rows.append([])
    rows.append([_("responses"), *[f"{g}: {results.response_counts[g]}" for g in GROUPS]])
    return rows


def results_response(results, edition, file_format: str) -> HttpResponse:
    rows = results_rows(results)
    name = slugify(f"lijw-{edition.municipality.name}-{edition.pk}-wyniki")
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "LIJW"
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
