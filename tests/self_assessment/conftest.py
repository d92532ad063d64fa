from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.models import Area
from self_assessment import services
from self_assessment.enums import EditionStatus, QuestionKind
from tests.factories import MunicipalityFactory, OfficerFactory


@pytest.fixture
def officer(db):
    return OfficerFactory(municipality=MunicipalityFactory(name="Gmina Żółć Będzińska"))


@pytest.fixture
def make_edition(officer):
    def make(area_codes=("P1.A1", "P1.A2", "P2.A1"), status=EditionStatus.OPEN, **kwargs):
        now = timezone.now()
        with scopes_disabled():
            edition = services.create_edition(
                municipality=officer.municipality, actor=officer.user, title="Ocena współpracy 2025",
                period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
                survey_opens_at=now - timedelta(days=1), survey_closes_at=now + timedelta(days=7),
                areas=Area.objects.filter(code__in=area_codes), language="pl", **kwargs,
            )
            if status != EditionStatus.DRAFT:
                services.set_edition_status(edition=edition, actor=officer.user, status=EditionStatus.OPEN)
            if status == EditionStatus.CLOSED:
                services.set_edition_status(edition=edition, actor=officer.user, status=EditionStatus.CLOSED)
        return edition

    return make


def rated_questions(edition):
    """Rated statements by area code, in questionnaire order."""
    with scopes_disabled():
        by_area = {}
        for q in edition.questions.filter(kind=QuestionKind.RATING).select_related("area").order_by("order"):
            by_area.setdefault(q.area.code if q.area else None, []).append(q)
        return by_area


def required_answers(edition):
    with scopes_disabled():
        return {q.pk: "yes" for q in edition.questions.filter(required=True)}


def add_team(edition, actor=None):
    """A joint team (one member from each sector): the note cannot be published without it."""
    with scopes_disabled():
        for name, sector in (("Anna Urzędniczka", "jst"), ("Piotr Społecznik", "ngo")):
            services.add_participant(edition=edition, actor=actor or edition.created_by, name=name, sector=sector)
