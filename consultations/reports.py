"""The consultation report as a frozen snapshot, and what its page and PDF render from it."""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

from .council import opinion_snapshot
from .documents import diff_versions
from .enums import CommentChannel, Decision, Subject


def build_report_content(consultation, summary: str) -> dict:
    versions = list(consultation.versions.order_by("number"))
    first, final = versions[0], versions[-1]
    changes = Counter(change.kind for change in diff_versions(first.source, final.source)) if len(versions) > 1 else {}
    comments = list(consultation.comments.select_related("paragraph__version", "organization", "author")
                    .order_by("created_at", "id"))
    signatures = sorted({c.signature for c in comments if c.signature})
    return {
        "version": 1,
        "municipality": {"name": consultation.municipality.name, "teryt": consultation.municipality.teryt},
        "consultation": {
            "title": consultation.title, "subject": consultation.subject, "legal_basis": consultation.legal_basis,
            "opens": timezone.localtime(consultation.opens_at).isoformat(),
            "closes": timezone.localtime(consultation.closes_at).isoformat(),
            "contact": consultation.contact_person,
        },
        "summary": summary,
        "participants": {"count": len(signatures), "names": signatures,
                         "by_channel": dict(Counter(c.channel for c in comments))},
        "comments": [
            {
                "n": index, "signature": c.signature, "channel": c.channel,
                "paragraph": (c.paragraph.label or str(c.paragraph.order)) if c.paragraph else "",
                "paragraph_version": c.paragraph.version.number if c.paragraph else None,
                "proposed_wording": c.proposed_wording, "justification": c.justification,
                "decision": c.decision, "answer": c.answer,
            }
            for index, c in enumerate(comments, start=1)
        ],
        "decisions": {d: sum(1 for c in comments if c.decision == d) for d in Decision.values},
        "versions": [{"number": v.number, "kind": v.kind, "note": v.note,
                      "created": timezone.localtime(v.created_at).date().isoformat()} for v in versions],
        "changes": {kind: changes.get(kind, 0) for kind in ("changed", "added", "removed", "same")},
        "council_opinion": opinion_snapshot(consultation),
        "final_version": {
            "number": final.number, "kind": final.kind,
            "paragraphs": [{"label": p.label, "order": p.order, "section": p.section, "text": p.text}
                           for p in final.paragraphs.order_by("order")],
        },
    }


def report_context(content: dict) -> dict:
    """Labels for the codes stored in the snapshot, in the reader's language."""
    decisions = dict(Decision.choices)
    channels = dict(CommentChannel.choices)
    return {
        "content": content,
        "subject_label": dict(Subject.choices).get(content["consultation"]["subject"], ""),
        "comments": [{**c, "decision_label": decisions.get(c["decision"], ""),
                      "channel_label": channels.get(c["channel"], "")} for c in content["comments"]],
        "decision_counts": [(decisions[d], n) for d, n in content["decisions"].items()],
    }
