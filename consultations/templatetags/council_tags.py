"""Template tags of the public benefit council for pages owned by the consultation views: the council's
opinion on the public consultation page and the officer's opinion box on the consultation's admin page.
Each makes one query, so the host views need no change."""

from django import template

from .. import council

register = template.Library()


@register.simple_tag
def council_opinion_of(consultation):
    """The request for the council's opinion on this consultation, or None (one query)."""
    if consultation is None or consultation.pk is None:
        return None
    return council.consultation_opinion(consultation)


@register.inclusion_tag("consultations/council/_consultation_box.html", takes_context=True)
def council_consultation_box(context, consultation):
    """On the officer's consultation page: request the council's opinion, or record it (two queries)."""
    from ..views.council import OpinionRecordForm

    opinion = council.consultation_opinion(consultation)
    has_council = opinion is None and council.current_term(consultation.municipality, published_only=True) is not None
    return {
        "consultation": consultation,
        "municipality": consultation.municipality,
        "opinion": opinion,
        "state": opinion.state() if opinion else "",
        "has_council": has_council,
        "form": OpinionRecordForm(auto_id="council_%s") if opinion and not opinion.has_opinion else None,
        "csrf_token": context.get("csrf_token"),
    }
