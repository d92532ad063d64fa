"""What consultations did in a year, for the cooperation programme's implementation report
(cooperation.features.register_year_figures)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The calendar year in Europe/Warsaw as aware datetimes [start, end)."""
    return (timezone.make_aware(datetime(year, 1, 1)), timezone.make_aware(datetime(year + 1, 1, 1)))


def consultation_figures(municipality, year: int):
    """Consultations opened in `year` (published ones), comments made in them that year, consultation reports
    published (first revisions); council meetings held and opinions the council gave. Five queries."""
    from cooperation.features import YearFigure

    from .enums import ConsultationStatus
    from .models import Comment, Consultation, CouncilMeeting, OpinionRequest, Report

    start, end = year_bounds(year)
    now = timezone.now()
    consultations = (Consultation.objects.filter(municipality=municipality, opens_at__gte=start, opens_at__lt=end)
                     .exclude(status=ConsultationStatus.DRAFT).count())
    comments = (Comment.objects.filter(consultation__municipality=municipality, created_at__gte=start,
                                       created_at__lt=end)
                .exclude(consultation__status=ConsultationStatus.DRAFT).count())
    reports = Report.objects.filter(consultation__municipality=municipality, number=1, published_at__gte=start,
                                    published_at__lt=end).count()
    meetings = CouncilMeeting.objects.filter(term__municipality=municipality, starts_at__gte=start,
                                             starts_at__lt=min(end, now)).count()
    opinions = OpinionRequest.objects.filter(municipality=municipality, received_at__gte=start,
                                             received_at__lt=end).count()
    return [
        YearFigure("consultations", _("Public consultations held"), consultations, order=20),
        YearFigure("consultations", _("Comments made in consultations"), comments, order=21),
        YearFigure("consultations", _("Consultation reports published"), reports, order=22),
        YearFigure("council", _("Meetings of the public benefit council held"), meetings, order=23),
        YearFigure("council", _("Opinions given by the public benefit council"), opinions, order=24),
    ]


def register() -> None:
    from cooperation.features import register_year_figures

    register_year_figures(consultation_figures)
