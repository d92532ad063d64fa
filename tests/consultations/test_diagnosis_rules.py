"""Who may manage the local diagnosis and who sees an indicator (consultations/diagnosis/rules.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import OfficerFactory, UserFactory

from .test_diagnosis_services import make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


def test_only_the_municipalitys_officers_and_administrators_manage_the_diagnosis(officer):
    municipality = officer.municipality
    answers = {
        "officer": officer.user.has_perm("consultations.manage_diagnosis", municipality),
        "other_officer": OfficerFactory().user.has_perm("consultations.manage_diagnosis", municipality),
        "resident": UserFactory().has_perm("consultations.manage_diagnosis", municipality),
        "anonymous": AnonymousUser().has_perm("consultations.manage_diagnosis", municipality),
        "admin": UserFactory(is_superuser=True).has_perm("consultations.manage_diagnosis", municipality),
    }
    assert answers == {"officer": True, "other_officer": False, "resident": False, "anonymous": False,
                       "admin": True}


def test_a_published_indicator_is_seen_by_everyone(officer):
    indicator = make_indicator(officer)
    assert AnonymousUser().has_perm("consultations.view_indicator", indicator)
    assert OfficerFactory().user.has_perm("consultations.view_indicator", indicator)


def test_an_unpublished_indicator_is_seen_only_by_its_municipalitys_officers(officer):
    indicator = make_indicator(officer, publish=False)
    assert officer.user.has_perm("consultations.view_indicator", indicator)
    assert not OfficerFactory().user.has_perm("consultations.view_indicator", indicator)
    assert not UserFactory().has_perm("consultations.view_indicator", indicator)
    assert not AnonymousUser().has_perm("consultations.view_indicator", indicator)
