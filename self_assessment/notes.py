"""The note (notatka) from an edition: a frozen, JSON-serialisable snapshot taken at publication, and the
view model the HTML page and the PDF render from it."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import charts
from .enums import Aggregation, ChecklistAnswer, RespondentGroup, Sector
from .scoring import ALL, agreed_scores, compute_results, rounded, to_index


def _num(value: Decimal | None) -> str | None:
    value = rounded(value)
    return None if value is None else str(value)


def build_note_content(edition) -> dict:
    """Everything the note shows, taken from the edition now. Later edits of the edition do not change a
    published revision."""
    from cooperation.models import Area, Plane

    results = compute_results(edition)
    agreed_areas, agreed_planes, agreed_overall = agreed_scores(edition)
    assessments = {a.area_id: a for a in edition.area_assessments.select_related("area")}
    area_names = {a.code: (a.name_pl, a.name_en, a.short_name_pl, a.short_name_en) for a in Area.objects.all()}
    plane_names = {p.code: (p.short_name_pl, p.short_name_en) for p in Plane.objects.all()}
    participants = list(edition.participants.all())
    draft = getattr(edition, "note_draft", None)
    checklist = Counter(edition.checklist.values_list("answer", flat=True))
    tokens = edition.tokens.count()
    used = edition.tokens.filter(used=True).count()

    def area_entry(row, agreed_row):
        assessment = next((a for a in assessments.values() if a.area.code == row.key), None)
        names = area_names[row.key]
        return {
            "code": row.key, "name_pl": names[0], "name_en": names[1], "short_pl": names[2], "short_en": names[3],
            "survey": {g: _num(row.scores.get(g)) for g in ("ngo", "jst", ALL)},
            "gap": _num(row.gap),
            "agreed": _num(agreed_row.scores.get(ALL)),
            "justification": assessment.justification if assessment else "",
            "strengths": assessment.strengths if assessment else "",
            "weaknesses": assessment.weaknesses if assessment else "",
            "dissent": assessment.dissent if assessment else "",
        }

    def plane_entry(row, agreed_row):
        names = plane_names[row.key]
        return {
            "code": row.key, "short_pl": names[0], "short_en": names[1],
            "survey": {g: _num(row.scores.get(g)) for g in ("ngo", "jst", ALL)},
            "agreed": _num(agreed_row.scores.get(ALL)) if agreed_row else None,
        }

    agreed_plane_by_code = {p.key: p for p in agreed_planes}
    return {
        "version": 1,
        "municipality": {"name": edition.municipality.name, "kind": edition.municipality.kind,
                         "teryt": edition.municipality.teryt},
        "edition": {
            "title": edition.title,
            "period_start": edition.period_start.isoformat(),
            "period_end": edition.period_end.isoformat(),
            "survey_opens": edition.survey_opens_at.date().isoformat(),
            "survey_closes": edition.survey_closes_at.date().isoformat(),
            "meeting_at": edition.meeting_at.isoformat() if edition.meeting_at else None,
            "meeting_place": edition.meeting_place,
            "moderator": edition.moderator,
            "aggregation": edition.aggregation,
            "min_group_size": edition.min_group_size,
        },
        "participants": {
            "jst": [{"name": p.name, "affiliation": p.affiliation, "role": p.role} for p in participants
                    if p.sector == Sector.JST],
            "ngo": [{"name": p.name, "affiliation": p.affiliation, "role": p.role} for p in participants
                    if p.sector == Sector.NGO],
        },
        "data_used": {
            "responses": dict(results.response_counts),
            "suppressed": sorted(results.suppressed_groups),
            "invited": tokens,
            "invited_answered": used,
            "checklist": {answer: checklist.get(answer, 0) for answer in ChecklistAnswer.values},
        },
        "areas": [area_entry(row, agreed) for row, agreed in zip(results.areas, agreed_areas, strict=True)],
        "planes": [plane_entry(row, agreed_plane_by_code.get(row.key)) for row in results.planes],
        "overall": {
            "survey": {g: _num(results.overall.scores.get(g)) for g in ("ngo", "jst", ALL)},
            "agreed": _num(agreed_overall.scores.get(ALL)),
        },
        "recommendations": [
            {"area": r.area.code if r.area else "", "text": r.text, "owner": r.owner,
             "deadline": r.deadline.isoformat() if r.deadline else None}
            for r in edition.recommendations.select_related("area")
        ],
        "text": {
            "introduction": draft.introduction if draft else "",
            "course": draft.course if draft else "",
            "conclusions": draft.conclusions if draft else "",
            "publication_channels": draft.publication_channels if draft else "",
        },
    }


def _label(entry: dict, base: str) -> str:
    english = (get_language() or "pl").startswith("en")
    return entry.get(f"{base}_en" if english else f"{base}_pl") or entry.get(f"{base}_pl", "")


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def note_context(content: dict) -> dict:
    """What templates need to show a revision: labels in the active language, indexes and the charts."""
    areas = [
        {**a, "label": _label(a, "short"), "name": _label(a, "name"),
         "survey_dec": {g: _dec(v) for g, v in a["survey"].items()}, "agreed_dec": _dec(a["agreed"]),
         "gap_dec": _dec(a["gap"]),
         "agreed_index": to_index(_dec(a["agreed"]))}
        for a in content["areas"]
    ]
    planes = [
        {**p, "label": _label(p, "short"), "agreed_dec": _dec(p["agreed"]), "agreed_index": to_index(_dec(p["agreed"])),
         "survey_dec": {g: _dec(v) for g, v in p["survey"].items()}}
        for p in content["planes"]
    ]
    overall_agreed = _dec(content["overall"]["agreed"])
    chart_areas = charts.bar_chart(
        title=_("Scores of the areas"),
        description=_("Survey scores of NGO and local-government respondents and the score agreed at the meeting, "
                      "on a scale of 1 to 5, for each area assessed. The same numbers are in the table."),
        rows=[(f'{a["code"]} {a["label"]}', {"ngo": a["survey_dec"]["ngo"], "jst": a["survey_dec"]["jst"],
                                            "all": a["agreed_dec"]}) for a in areas],
        series=[("ngo", _("NGOs")), ("jst", _("local government")), ("all", _("agreed"))],
    )
    chart_planes = charts.bar_chart(
        title=_("Scores of the planes"),
        description=_("Scores agreed at the meeting for each plane of the Model, on a scale of 1 to 5."),
        rows=[(f'{p["code"]} {p["label"]}', {"all": p["agreed_dec"]}) for p in planes],
        series=[("all", _("agreed"))],
    )
    return {
        "content": content,
        "areas": areas,
        "planes": planes,
        "overall_agreed": overall_agreed,
        "overall_index": to_index(overall_agreed),
        "overall_survey": {g: _dec(v) for g, v in content["overall"]["survey"].items()},
        "aggregation_label": Aggregation(content["edition"]["aggregation"]).label,
        "group_labels": {RespondentGroup.NGO.value: RespondentGroup.NGO.label,
                         RespondentGroup.JST.value: RespondentGroup.JST.label},
        "chart_areas": chart_areas,
        "chart_planes": chart_planes,
    }
