"""What self_assessment did in a year, for the cooperation programme's implementation report
(cooperation.features.register_year_figures)."""

from django.utils import timezone
from django.utils.translation import gettext as _


def self_assessment_figures(municipality, year: int):
    """The LIJW edition assessing `year` (its period overlaps the year; the latest if several) and whether its
    note was published. Two queries."""
    from cooperation.features import YearFigure

    from .models import Edition, NoteRevision

    edition = (Edition.objects.filter(municipality=municipality, period_start__year__lte=year,
                                      period_end__year__gte=year)
               .order_by("-period_end", "-id").first())
    if edition is None:
        return [YearFigure("lijw", _("Cooperation quality index (LIJW) edition"), _("none"), order=40)]
    note = NoteRevision.objects.filter(edition=edition).order_by("number").first()
    published = (_("yes, on %(day)s") % {"day": timezone.localdate(note.published_at).strftime("%d.%m.%Y")}) if note else _("no")
    return [
        YearFigure("lijw", _("Cooperation quality index (LIJW) edition"), edition.title, order=40),
        YearFigure("lijw", _("LIJW note published"), published, order=41),
    ]


def register() -> None:
    from cooperation.features import register_year_figures

    register_year_figures(self_assessment_figures)
