"""What citizens and NGOs see: published notes (HTML and PDF), scores, trend, recommendations, the regional
comparison and open data. Nothing unpublished or individual is ever shown here."""

import csv
import io

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import charts, selectors, services
from ..enums import EditionStatus, RenderStatus
from ..models import Edition, Participant, Recommendation
from ..notes import note_context
from .officer import results_context


def _dec(value):
    from decimal import Decimal

    return None if value is None else Decimal(value)


@require_GET
def archive(request, municipality_slug):
    editions = list(selectors.published_editions(request.municipality).prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.select_related("area"))))
    rows = []
    for edition in editions:
        revisions = list(edition.revisions.all())
        latest = revisions[0] if revisions else None
        rows.append({"edition": edition, "latest": latest, "count": len(revisions),
                     "overall": _dec(latest.content["overall"]["agreed"]) if latest else None})
    trend_points = [
        (str(row["edition"].period_end.year), row["overall"])
        for row in reversed(rows) if row["latest"]
    ]
    trend = charts.line_chart(
        title=_("Trend of the cooperation index"),
        description=_("The overall index agreed in each published edition, on a scale of 1 to 5, oldest first. "
                      "The same numbers are in the table."),
        points=trend_points,
    ) if trend_points else None
    recommendations = []
    for row in rows:
        recommendations.extend(row["edition"].recommendations.all())
    return render(request, "self_assessment/public/archive.html", {
        "municipality": request.municipality, "rows": rows, "trend": trend, "trend_points": trend_points,
        "recommendations": recommendations,
    })


def _published_revision(edition_pk, number=None):
    edition = get_object_or_404(Edition, pk=edition_pk, status=EditionStatus.PUBLISHED)
    revisions = edition.revisions.order_by("-number")
    revision = revisions.first() if number is None else get_object_or_404(revisions, number=number)
    if revision is None:
        raise Http404
    return edition, revision, revisions


@require_GET
def note_page(request, municipality_slug, pk, number=None):
    edition, revision, revisions = _published_revision(pk, number)

    def render_body():
        return render_to_string("self_assessment/includes/note_body.html",
                                {**note_context(revision.content), "revision": revision}, request=request)

    # A published revision never changes, so its rendered text is cached per language.
    key = f"lijw:note-body:{revision.pk}:{translation.get_language()}"
    context = {"note_html": cache.get_or_set(key, render_body, timeout=24 * 3600)}
    context.update({
        "municipality": request.municipality, "edition": edition, "revision": revision,
        "revisions": revisions, "RenderStatus": RenderStatus,
        "recommendations": edition.recommendations.select_related("area"),
        "can_manage": request.user.has_perm("self_assessment.manage_edition", request.municipality),
    })
    return render(request, "self_assessment/public/note.html", context)


@require_GET
def note_pdf(request, municipality_slug, pk, number):
    _edition, revision, _revisions = _published_revision(pk, number)
    if revision.pdf_status != RenderStatus.READY or not revision.pdf:
        raise Http404
    response = FileResponse(revision.pdf.open("rb"), as_attachment=True,
                            filename=revision.pdf.name.rsplit("/", 1)[-1], content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def preread(request, municipality_slug, pk, token):
    """A team member's pre-read before the meeting: the agenda and the survey results."""
    edition = get_object_or_404(Edition, pk=pk)
    participant = Participant.objects.filter(edition=edition, preread_token_hash=services.hash_key(token)).first()
    if participant is None or not token:
        raise Http404
    context = results_context(edition)
    context.update({"participant": participant, "items": edition.agenda.all()})
    return render(request, "self_assessment/public/preread.html", context)


@require_GET
def regional(request):
    revisions = selectors.regional_comparison()
    rows = [{"revision": r, "municipality": r.edition.municipality, "content": r.content,
             "overall": _dec(r.content["overall"]["agreed"])} for r in revisions]
    chart = charts.bar_chart(
        title=_("Latest index of each municipality"),
        description=_("The overall index agreed in each municipality's latest published edition, on a scale "
                      "of 1 to 5. The same numbers are in the table."),
        rows=[(row["municipality"].name, {"all": row["overall"]}) for row in rows],
        series=[("all", _("agreed index"))],
    ) if rows else None
    return render(request, "self_assessment/public/regional.html", {"rows": rows, "chart": chart})


def _open_data_records():
    for revision in selectors.latest_published_revisions():
        content = revision.content
        yield {
            "municipality": content["municipality"]["name"],
            "teryt": content["municipality"]["teryt"],
            "edition": content["edition"]["title"],
            "period_start": content["edition"]["period_start"],
            "period_end": content["edition"]["period_end"],
            "revision": revision.number,
            "published_at": revision.published_at.date().isoformat(),
            "aggregation": content["edition"]["aggregation"],
            "responses_ngo": content["data_used"]["responses"].get("ngo", 0),
            "responses_jst": content["data_used"]["responses"].get("jst", 0),
            "overall_agreed": content["overall"]["agreed"],
            "overall_survey_ngo": content["overall"]["survey"].get("ngo"),
            "overall_survey_jst": content["overall"]["survey"].get("jst"),
            "planes": {p["code"]: p["agreed"] for p in content["planes"]},
            "areas": {a["code"]: a["agreed"] for a in content["areas"]},
        }


@require_GET
def open_data(request, file_format):
    records = list(_open_data_records())
    if file_format == "json":
        response = JsonResponse({"license": "CC0-1.0", "records": records}, json_dumps_params={"ensure_ascii": False})
    elif file_format == "csv":
        area_codes = sorted({code for r in records for code in r["areas"]})
        plane_codes = sorted({code for r in records for code in r["planes"]})
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        base = [k for k in (records[0] if records else {}) if k not in ("areas", "planes")] or [
            "municipality", "teryt", "edition", "period_start", "period_end", "revision", "published_at",
            "aggregation", "responses_ngo", "responses_jst", "overall_agreed", "overall_survey_ngo",
            "overall_survey_jst"]
        writer.writerow(base + plane_codes + area_codes)
        for r in records:
            writer.writerow([r[k] for k in base] + [r["planes"].get(c) for c in plane_codes]
                            + [r["areas"].get(c) for c in area_codes])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="lijw-dane-otwarte.{file_format}"'
    return response

