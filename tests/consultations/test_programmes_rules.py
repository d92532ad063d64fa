"""Who may manage and read cooperation programmes and their reports (consultations/programmes/rules.py):
the municipality's officers and the platform administrators manage; everyone reads what is published;
drafts are for the municipality's officers and the administrators alone."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from consultations.programmes.enums import ProgrammeReportStatus, ProgrammeStatus
from consultations.programmes.models import Programme, ProgrammeReport
from tests.factories import MembershipFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def people(officer):
    ngo_owner = MembershipFactory().user
    return {
        "anonymous": AnonymousUser(), "resident": UserFactory(), "ngo": ngo_owner, "officer": officer.user,
        "other_officer": OfficerFactory().user, "admin": UserFactory(is_superuser=True),
    }


def allowed(perm, obj, everyone) -> set[str]:
    return {role for role, user in everyone.items() if user.has_perm(perm, obj)}


def test_managing_programmes_is_for_the_municipalitys_officers_and_administrators(officer):
    everyone = people(officer)
    assert allowed("consultations.manage_programmes", officer.municipality, everyone) == {"officer", "admin"}


@pytest.mark.parametrize("status", [s for s in ProgrammeStatus.values if s != ProgrammeStatus.PUBLISHED])
def test_an_unpublished_programme_is_read_by_officers_and_administrators_only(officer, status):
    with scopes_disabled():
        programme = Programme.objects.create(municipality=officer.municipality, first_year=2027, last_year=2027,
                                             title="Program", status=status)
    assert allowed("consultations.view_programme", programme, people(officer)) == {"officer", "admin"}


def test_a_published_programme_is_read_by_everyone(officer):
    with scopes_disabled():
        programme = Programme.objects.create(municipality=officer.municipality, first_year=2027, last_year=2027,
                                             title="Program", status=ProgrammeStatus.PUBLISHED)
    everyone = people(officer)
    assert allowed("consultations.view_programme", programme, everyone) == set(everyone)


def test_a_report_is_public_once_published(officer):
    with scopes_disabled():
        draft = ProgrammeReport.objects.create(municipality=officer.municipality, year=2025)
        published = ProgrammeReport.objects.create(municipality=officer.municipality, year=2024,
                                                   status=ProgrammeReportStatus.PUBLISHED)
    everyone = people(officer)
    assert allowed("consultations.view_programme_report", draft, everyone) == {"officer", "admin"}
    assert allowed("consultations.view_programme_report", published, everyone) == set(everyone)
