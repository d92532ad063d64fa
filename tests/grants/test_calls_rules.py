"""Permissions of open calls: managing belongs to the municipality's officers and administrators; a draft is
seen by them alone, an announced, decided or cancelled call by everyone."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from grants.enums import CallStatus
from tests.factories import OfficerFactory, UserFactory

from .factories import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    officer, other = OfficerFactory(), OfficerFactory()
    return {"officer": officer.user, "other_officer": other.user, "resident": UserFactory(),
            "admin": UserFactory(is_superuser=True), "anonymous": AnonymousUser(), "_municipality": officer.municipality}


def allowed(people, perm, obj) -> set[str]:
    return {name for name, user in people.items() if not name.startswith("_") and user.has_perm(perm, obj)}


def test_manage_calls_is_for_the_municipalitys_officers_and_admins(people):
    assert allowed(people, "grants.manage_calls", people["_municipality"]) == {"officer", "admin"}


@pytest.mark.parametrize("status", [CallStatus.PUBLISHED, CallStatus.RESULTS_PUBLISHED, CallStatus.CANCELLED])
def test_announced_calls_are_public(people, status):
    with scopes_disabled():
        call = make_call(people["_municipality"], status=status)
    assert allowed(people, "grants.view_call", call) == {"officer", "other_officer", "resident", "admin",
                                                          "anonymous"}


def test_a_draft_is_for_its_managers_only(people):
    with scopes_disabled():
        call = make_call(people["_municipality"], status=CallStatus.DRAFT)
    assert allowed(people, "grants.view_call", call) == {"officer", "admin"}
