"""The demo data of programmes: Koszalin's 2026 programme adopted and published, the 2027 programme in
consultation linked to the consultation the consultations demo made, and the published report on 2025;
seeding twice adds nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import services as consultation_services
from consultations.programmes import demo
from consultations.programmes.enums import ProgrammeReportStatus, ProgrammeStatus
from consultations.programmes.models import Programme, ProgrammeReport
from tests.browser.world import build_world, ensure_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference_data(db):
    """The Model's reference data and the spheres (a transactional test elsewhere may have flushed them)."""
    ensure_reference_data()


def test_demo_seeds_the_2026_and_2027_programmes_and_the_2025_report_once():
    w = build_world()
    now = timezone.now()
    with scopes_disabled():
        consultation = consultation_services.create_consultation(
            municipality=w.municipality, actor=w.officer, title="Program współpracy z organizacjami pozarządowymi na 2027 rok",
            subject="cooperation_programme", addressees="ngos", forms=["online"], opens_at=now - timedelta(days=3),
            closes_at=now + timedelta(days=18), contact_person="Oskar Pełnomocnik", contact_email="ngo@koszalin.pl",
            source="§ 1. Program określa cele współpracy.",
        )
        consultation_services.publish_consultation(consultation=consultation, actor=w.officer)
    for _ in range(2):
        demo.seed([w.municipality, w.other_municipality], [w.officer, w.other_officer])
    with scopes_disabled():
        programmes = {p.first_year: p for p in Programme.objects.filter(municipality=w.municipality)}
        reports = list(ProgrammeReport.objects.filter(municipality=w.municipality))
        current, upcoming = programmes[2026], programmes[2027]
        assert current.priority_tasks.count() == 4 and current.indicators.count() == 3
    assert sorted(programmes) == [2026, 2027]
    assert (current.status, current.resolution_date, current.adopted_late) == (ProgrammeStatus.PUBLISHED,
                                                                              date(2025, 11, 20), False)
    assert (upcoming.status, upcoming.consultation_id) == (ProgrammeStatus.IN_CONSULTATION, consultation.pk)
    assert [(r.year, r.status) for r in reports] == [(2025, ProgrammeReportStatus.PUBLISHED)]
