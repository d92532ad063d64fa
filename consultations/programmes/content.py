"""The programme as text (the consulted document, the page and the PDF) and the report's frozen figures.

The consulted document and the consultation-course paragraph are written in Polish whatever the officer's
interface language: they are the municipality's legal texts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from .models import SECTIONS, ZERO, Programme


def tasks_total(programme: Programme) -> Decimal:
    """The sum of the priority tasks' planned amounts (one query)."""
    return programme.priority_tasks.aggregate(total=Sum("planned_amount"))["total"] or ZERO


def funds_check(programme: Programme, total: Decimal | None = None) -> dict:
    """Whether the planned funds cover the priority tasks' amounts: ok, short (by how much) or unknown."""
    total = tasks_total(programme) if total is None else total
    if programme.planned_funds is None:
        return {"state": "unknown", "total": total, "shortfall": ZERO}
    if programme.planned_funds >= total:
        return {"state": "ok", "total": total, "shortfall": ZERO}
    return {"state": "short", "total": total, "shortfall": total - programme.planned_funds}


def pln(amount) -> str:
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} zł"


def section_texts(programme: Programme, tasks=None, indicators=None) -> list[dict]:
    """Every section with its text, in the order of art. 5a ust. 4, then the Model's clauses; rows for the
    priority tasks (5) and the indicators (9). Empty optional sections are left out."""
    tasks = list(programme.priority_tasks.select_related("sphere")) if tasks is None else tasks
    indicators = list(programme.indicators.all()) if indicators is None else indicators
    result = []
    for section in SECTIONS:
        item = {"key": section.key, "number": section.number, "title": str(section.title),
                "statutory": section.statutory, "text": getattr(programme, section.key, ""), "rows": []}
        if section.key == "tasks":
            item["rows"] = tasks
        if section.key == "evaluation":
            item["rows"] = indicators
        if section.key == "creation" and programme.consultation_course:
            item["text"] = "\n\n".join(t for t in (item["text"], programme.consultation_course) if t.strip())
        if not section.statutory and not item["text"].strip():
            continue
        result.append(item)
    return result


def missing_sections(programme: Programme, tasks=None) -> list[str]:
    """Titles of the art. 5a ust. 4 sections still empty (section 10 is written after the consultation)."""
    tasks = list(programme.priority_tasks.all()) if tasks is None else tasks
    missing = []
    for section in SECTIONS:
        if not section.statutory or section.key == "creation":
            continue
        if section.key == "tasks":
            empty = not tasks and not programme.tasks.strip()
        elif section.key == "funds":
            empty = programme.planned_funds is None
        else:
            empty = not getattr(programme, section.key).strip()
        if empty:
            missing.append(f"{section.number}. {section.title}")
    return missing


def programme_markdown(programme: Programme) -> str:
    """The programme as the consulted document: a heading per section, its paragraphs, the tasks and the
    indicators as numbered paragraphs (so each can be commented on)."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [f"# {programme.title}", ""]
        for item in section_texts(programme):
            heading = f"{item['number']}. {item['title']}" if item["number"] else item["title"]
            lines += [f"## {heading}", ""]
            if item["text"].strip():
                lines += [item["text"].strip(), ""]
            if item["key"] == "tasks":
                for n, task in enumerate(item["rows"], start=1):
                    amount = f" ({_('planned amount')}: {pln(task.planned_amount)})" if task.planned_amount else ""
                    lines += [f"{n}) {task.sphere}: {task.description}{amount}", ""]
            if item["key"] == "funds" and programme.planned_funds is not None:
                lines += [_("Funds planned for the programme: %(amount)s.") % {"amount": pln(programme.planned_funds)}, ""]
            if item["key"] == "evaluation":
                for n, indicator in enumerate(item["rows"], start=1):
                    target = f" – {_('target')}: {indicator.target} {indicator.unit}".rstrip() if indicator.target else ""
                    lines += [f"{n}) {indicator.name}{target}", ""]
        return "\n".join(lines).strip() + "\n"


def consultation_course(programme: Programme) -> str:
    """Section 10 as the services write it at adoption: the consultation's dates, comments and report, and
    the council's opinion (art. 5a ust. 2a: the opinion is attached to the draft)."""
    from ..council import consultation_opinion

    with translation.override(settings.LANGUAGE_CODE):
        parts = []
        consultation = programme.consultation
        if consultation is not None:
            comments = consultation.comments.count()
            parts.append(_(
                "The draft was consulted with NGOs from %(opens)s to %(closes)s (consultation “%(title)s”). "
                "Comments received: %(comments)d."
            ) % {"opens": timezone.localtime(consultation.opens_at).strftime("%d.%m.%Y"),
                 "closes": timezone.localtime(consultation.closes_at).strftime("%d.%m.%Y"),
                 "title": consultation.title, "comments": comments})
            report = consultation.reports.order_by("-number").first()
            if report is not None:
                parts.append(_("The consultation report was published on %(day)s.")
                             % {"day": timezone.localtime(report.published_at).strftime("%d.%m.%Y")})
        opinion = programme.opinion_request or (consultation_opinion(consultation) if consultation else None)
        if opinion is not None:
            state = opinion.state()
            if state in ("given", "late"):
                parts.append(_("The public benefit council gave its opinion on %(day)s.")
                             % {"day": timezone.localtime(opinion.received_at).strftime("%d.%m.%Y")})
            elif state == "waived":
                parts.append(_("The public benefit council gave no opinion by %(day)s (art. 41i ust. 2 of the act).")
                             % {"day": opinion.due_on.strftime("%d.%m.%Y")})
            else:
                parts.append(_("The draft was sent to the public benefit council for its opinion on %(day)s.")
                             % {"day": timezone.localtime(opinion.sent_at).strftime("%d.%m.%Y")})
        return " ".join(parts)


def figures_snapshot(municipality, year: int) -> list[dict]:
    """What the portal recorded in `year` (cooperation.features.year_figures), frozen as JSON with the labels
    in the portal's language."""
    from cooperation.features import year_figures

    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, (int, float, str)) or value is None:
            return value
        return str(value)

    with translation.override(settings.LANGUAGE_CODE):
        return [
            {"feature": f.feature, "label": str(f.label), "value": plain(f.value), "money": f.money,
             "rows": [[str(label), plain(value)] for label, value in f.rows], "order": f.order}
            for f in year_figures(municipality, year)
        ]


def indicator_rows(programme: Programme | None, previous: list | None = None) -> list[dict]:
    """The evaluation table's rows: the programme's indicators, keeping values already typed for the same name."""
    known = {row.get("name"): row.get("value", "") for row in (previous or [])}
    if programme is None:
        return list(previous or [])
    return [{"name": i.name, "unit": i.unit, "target": i.target, "value": known.get(i.name, "")}
            for i in programme.indicators.all()]
