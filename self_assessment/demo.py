"""Demo data for the self-assessment, called by `seed_demo`: two published editions (a trend) for one
municipality and an open survey for another. Everything goes through the services."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from cooperation.models import Area

from . import services
from .enums import EditionStatus, QuestionKind, RecommendationStatus, RespondentGroup, Sector

TEAM = [
    ("Oskar Pełnomocnik", Sector.JST, "Urząd Miejski", "pełnomocnik ds. organizacji pozarządowych", False),
    ("Halina Radna", Sector.JST, "Rada Miejska", "radna, komisja społeczna", False),
    ("Wiktoria Właścicielska", Sector.NGO, "Stowarzyszenie Przyjaciół Ziemi Koszalińskiej", "prezeska", False),
    ("Jerzy Społecznik", Sector.NGO, "Fundacja Pomocy Rodzinie „Przystań”", "członek zarządu", False),
    ("Ewa Moderatorka", Sector.NGO, "Centrum Organizacji Pozarządowych", "moderatorka", True),
]


def _aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def _answers(edition, group, rng: random.Random, bias: float) -> dict:
    raw = {}
    for question in edition.questions.all():
        if not question.text_for(group):
            continue
        if question.kind == QuestionKind.RATING:
            if rng.random() < 0.08:
                raw[question.pk] = "dk"
            else:
                raw[question.pk] = str(max(1, min(5, round(rng.gauss(bias, 0.9)))))
        elif question.kind == QuestionKind.YES_NO:
            raw[question.pk] = "yes" if rng.random() < 0.8 else "no"
        elif rng.random() < 0.3:
            raw[question.pk] = rng.choice([
                "Dobra komunikacja z pełnomocnikiem.", "Konkursy ogłaszane za późno.",
                "Brak lokalu na spotkania organizacji.", "Otwartość urzędu na nasze pomysły.",
            ])
    return raw


def _published_edition(municipality, officer, year: int, rng: random.Random, bias: float):
    edition = services.create_edition(
        municipality=municipality, actor=officer, title=f"Ocena współpracy {year}",
        period_start=date(year, 1, 1), period_end=date(year, 12, 31),
        survey_opens_at=_aware(date(year + 1, 1, 10)), survey_closes_at=_aware(date(year + 1, 2, 7), 16),
        meeting_at=_aware(date(year + 1, 2, 20), 10), meeting_place="Sala narad Urzędu Miejskiego",
        moderator="Ewa Moderatorka", language="pl",
    )
    for name, sector, affiliation, role, moderator in TEAM:
        services.add_participant(edition=edition, actor=officer, name=name, sector=sector, affiliation=affiliation,
                                 role=role, is_moderator=moderator)
    services.set_edition_status(edition=edition, actor=officer, status=EditionStatus.OPEN)
    services.set_edition_status(edition=edition, actor=officer, status=EditionStatus.CLOSED)
    for group, count, shift in ((RespondentGroup.NGO, 14, 0.0), (RespondentGroup.JST, 6, 0.6)):
        for _ in range(count):
            services.enter_paper_response(edition=edition, actor=officer, group=group, jst_role="",
                                          raw=_answers(edition, group, rng, bias + shift))
    for assessment in edition.area_assessments.select_related("area"):
        score = Decimal(max(1, min(5, round(rng.gauss(bias + 0.3, 0.6) * 2) / 2))).quantize(Decimal("0.1"))
        services.save_area_assessment(
            assessment=assessment, actor=officer, agreed_score=score,
            justification="Ocena uzgodniona na spotkaniu po dyskusji wyników ankiety i listy kontrolnej.",
            strengths="Stały kontakt z pełnomocnikiem." if score >= 3 else "",
            weaknesses="Brak procedury i informacji zwrotnej." if score < 3.5 else "",
        )
    p1a4 = Area.objects.get(code="P1.A4")
    services.save_recommendation(edition=edition, actor=officer, area=p1a4,
                                 text="Przyjąć regulamin konsultacji z formami deliberacyjnymi.",
                                 owner="Pełnomocnik ds. organizacji pozarządowych", deadline=date(year + 1, 9, 30))
    recommendation = services.save_recommendation(
        edition=edition, actor=officer, area=Area.objects.get(code="P3.A2"),
        text="Organizować coroczne spotkanie sektora i szkolenie z rozliczania dotacji.",
        owner="Wydział Spraw Społecznych", deadline=date(year + 1, 12, 31))
    services.set_recommendation_status(recommendation=recommendation, actor=officer,
                                       status=RecommendationStatus.DONE if year < 2025 else RecommendationStatus.IN_PROGRESS)
    services.save_note_draft(
        edition=edition, actor=officer,
        introduction="Ocena jakości współpracy została przeprowadzona metodą Lokalnego Indeksu Jakości Współpracy.",
        course="Po ankiecie odbyło się moderowane spotkanie przedstawicieli urzędu, rady i organizacji.",
        conclusions="Najlepiej oceniono współpracę finansową, najsłabiej konsultacje i ocenę polityk.",
        publication_channels="Strona internetowa urzędu, BIP, sprawozdanie z realizacji programu współpracy.",
    )
    services.publish_note(edition=edition, actor=officer)
    return edition


def seed(municipalities, officers) -> None:
    """municipalities and officers in the same order as seed_demo creates them."""
    rng = random.Random(2012)  # noqa: S311 - demo data
    koszalin, bedzino = municipalities[0], municipalities[1]
    _published_edition(koszalin, officers[0], 2024, rng, 2.8)
    _published_edition(koszalin, officers[0], 2025, rng, 3.4)
    today = timezone.localdate()
    start, end = services.default_period(today)
    edition = services.create_edition(
        municipality=bedzino, actor=officers[1], title=f"Ocena współpracy {start.year}",
        period_start=start, period_end=end, survey_opens_at=timezone.now() - timedelta(days=2),
        survey_closes_at=timezone.now() + timedelta(days=19), language="pl",
        areas=Area.objects.filter(code__in=["P1.A3", "P1.A4", "P2.A1", "P2.A2", "P3.A1", "P3.A2"]),
    )
    services.update_edition(edition=edition, actor=officers[1], open_link_enabled=True)
    services.set_edition_status(edition=edition, actor=officers[1], status=EditionStatus.OPEN)
