"""Issue #8: each public page makes a number of queries that does not grow with the data.

Only the pages the other suites do not already cover: the home and municipality pages are in
tests/cooperation/test_queries.py, the consultation page and the search in tests/consultations/test_public.py,
the call lists and the call page in tests/grants/test_calls_views.py, the results pages in
tests/grants/test_evaluation_views.py. Here: a municipality's consultation list, the note archive and a note.
Each test counts the queries of a page with one row and with many, for an anonymous visitor (the anonymous
page cache is off in the test settings, so every request renders the page)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import services as consultation_services
from consultations.enums import Subject
from cooperation.models import Area
from self_assessment import services as lijw_services
from self_assessment.enums import EditionStatus
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


def count_queries(path: str) -> tuple[int, str]:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


# --- consultations ------------------------------------------------------------------------------------------


def publish_consultation(officer, n: int, *, closed: bool):
    now = timezone.now()
    opens_at = now - timedelta(days=30 + n) if closed else now - timedelta(days=1)
    with scopes_disabled():
        consultation = consultation_services.create_consultation(
            municipality=officer.municipality, actor=officer.user, title=f"Konsultacja numer {n}",
            subject=Subject.COOPERATION_PROGRAMME if n % 2 else Subject.LOCAL_LAW, addressees="ngos",
            forms=["online", "written"], opens_at=opens_at, closes_at=opens_at + timedelta(days=21),
            contact_person="Oskar Pełnomocnik", contact_email="ngo@gmina.example.pl",
            source="Rozdział 1. Przepisy ogólne\n\n§ 1. Gmina współpracuje z organizacjami.\n\n"
                   "§ 2. Program określa formy współpracy.\n",
        )
        consultation_services.publish_consultation(consultation=consultation, actor=officer.user)
    return consultation


def test_consultation_list_makes_the_same_number_of_queries_for_1_and_15_consultations(officer):
    path = reverse("consultations:list", kwargs={"municipality_slug": officer.municipality.slug})
    publish_consultation(officer, 0, closed=False)
    one, html = count_queries(path)
    assert html.count("Konsultacja numer") == 1
    for n in range(1, 15):
        publish_consultation(officer, n, closed=n % 2 == 0)
    many, html = count_queries(path)
    assert html.count("Konsultacja numer") == 15
    assert many == one


# --- the self-assessment: the note archive and a note -------------------------------------------------------


def published_edition(officer, year: int, *, recommendations: int = 1, revisions: int = 1):
    """An edition of `year`, closed, agreed by a joint team, with `recommendations` recommendations and
    `revisions` published revisions of its note (through the services)."""
    now = timezone.now()
    actor = officer.user
    with scopes_disabled():
        edition = lijw_services.create_edition(
            municipality=officer.municipality, actor=actor, title=f"Ocena współpracy {year}",
            period_start=date(year, 1, 1), period_end=date(year, 12, 31),
            survey_opens_at=now - timedelta(days=30), survey_closes_at=now - timedelta(days=1),
            areas=Area.objects.filter(code__in=("P1.A1", "P2.A1")), language="pl",
        )
        lijw_services.set_edition_status(edition=edition, actor=actor, status=EditionStatus.OPEN)
        lijw_services.set_edition_status(edition=edition, actor=actor, status=EditionStatus.CLOSED)
        for name, sector in (("Anna Urzędniczka", "jst"), ("Piotr Społecznik", "ngo")):
            lijw_services.add_participant(edition=edition, actor=actor, name=name, sector=sector)
        areas = list(edition.areas.all())
        for n in range(recommendations):
            lijw_services.save_recommendation(edition=edition, actor=actor, area=areas[n % len(areas)],
                                              text=f"Rekomendacja {year}-{n}", owner="Pełnomocnik",
                                              deadline=date(year + 1, 6, 30))
        for number in range(revisions):
            lijw_services.publish_note(edition=edition, actor=actor,
                                       correction_note=f"Poprawka {number}" if number else "")
    return edition


def test_note_archive_makes_the_same_number_of_queries_for_1_and_4_editions(officer):
    path = reverse("self_assessment:archive", kwargs={"municipality_slug": officer.municipality.slug})
    published_edition(officer, 2021)
    one, html = count_queries(path)
    assert "Rekomendacja 2021-0" in html
    for year in (2022, 2023, 2024):
        published_edition(officer, year, recommendations=3, revisions=2)
    many, html = count_queries(path)
    assert "Rekomendacja 2024-2" in html and "Rekomendacja 2021-0" in html
    assert many == one


def test_note_makes_the_same_number_of_queries_for_1_and_many_revisions_and_recommendations(officer):
    few = published_edition(officer, 2024)
    many_edition = published_edition(officer, 2025, recommendations=8, revisions=4)

    def note_path(edition):
        return reverse("self_assessment:note", kwargs={"municipality_slug": officer.municipality.slug,
                                                       "pk": edition.pk})

    one, html = count_queries(note_path(few))
    assert "Rekomendacja 2024-0" in html
    many, html = count_queries(note_path(many_edition))
    assert "Rekomendacja 2025-7" in html and "Poprawka 3" in html
    assert many == one
