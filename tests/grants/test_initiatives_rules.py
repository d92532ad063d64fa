"""Permissions of the local initiative: a draft is its applicant's alone, the officer sees what was submitted in
their own municipality, everyone sees accepted initiatives, nobody edits after submission."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from grants.initiatives.enums import InitiativeStatus
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .initiative_factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    with scopes_disabled():
        municipality = MunicipalityFactory()
        officer = OfficerFactory(municipality=municipality).user
        other_officer = OfficerFactory(municipality=MunicipalityFactory()).user
        resident = UserFactory()
        stranger = UserFactory()
        organization = OrganizationFactory()
        OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
        member = MembershipFactory(organization=organization).user
        colleague = MembershipFactory(organization=organization).user

        class W:
            pass

        for name, value in locals().items():
            setattr(W, name, value)
        return W


def can(user, perm, obj):
    return user.has_perm(perm, obj)


def test_a_draft_is_seen_and_edited_only_by_its_resident(w):
    with scopes_disabled():
        draft = make_application(w.municipality, status=InitiativeStatus.DRAFT, user=w.resident)
    assert [can(u, "grants.view_initiative", draft) for u in (w.resident, w.stranger, w.officer, w.other_officer,
                                                              AnonymousUser())] == [True, False, False, False, False]
    assert [can(u, "grants.edit_initiative", draft) for u in (w.resident, w.stranger, w.officer)] == [True, False, False]
    assert not can(w.resident, "grants.view_public_initiative", draft)


def test_a_draft_through_an_organization_is_every_members(w):
    with scopes_disabled():
        draft = make_application(w.municipality, status=InitiativeStatus.DRAFT, organization=w.organization,
                                 user=w.member)
    assert [can(u, "grants.edit_initiative", draft) for u in (w.member, w.colleague, w.resident)] == [
        True, True, False]


def test_a_submitted_application_is_seen_by_this_municipalitys_officer_only_and_edited_by_nobody(w):
    with scopes_disabled():
        submitted = make_application(w.municipality, user=w.resident, officer=w.officer)
    assert [can(u, "grants.view_initiative", submitted) for u in (w.resident, w.officer, w.other_officer,
                                                                  w.stranger)] == [True, True, False, False]
    assert not can(w.resident, "grants.edit_initiative", submitted)
    assert not can(w.stranger, "grants.view_public_initiative", submitted)


def test_a_returned_application_is_editable_again_by_its_applicant(w):
    with scopes_disabled():
        returned = make_application(w.municipality, status=InitiativeStatus.RETURNED, user=w.resident,
                                    officer=w.officer)
    assert can(w.resident, "grants.edit_initiative", returned)


@pytest.mark.parametrize("status, public", [
    (InitiativeStatus.ASSESSED, False), (InitiativeStatus.REJECTED, False), (InitiativeStatus.ACCEPTED, True),
    (InitiativeStatus.AGREEMENT_SIGNED, True), (InitiativeStatus.COMPLETED, True),
])
def test_everyone_sees_an_initiative_once_accepted(w, status, public):
    with scopes_disabled():
        application = make_application(w.municipality, status=status, officer=w.officer)
    assert can(AnonymousUser(), "grants.view_public_initiative", application) is public


def test_managing_is_for_this_municipalitys_officers(w):
    assert [can(u, "grants.manage_initiatives", w.municipality) for u in (w.officer, w.other_officer, w.resident,
                                                                          w.member)] == [True, False, False, False]
    assert can(w.resident, "grants.apply_initiative", w.municipality)
    assert not can(AnonymousUser(), "grants.apply_initiative", w.municipality)


def test_the_agreement_is_for_the_applicant_and_this_municipalitys_officers(w):
    with scopes_disabled():
        application = make_application(w.municipality, status=InitiativeStatus.AGREEMENT_SIGNED, user=w.resident,
                                       officer=w.officer)
    assert [can(u, "grants.view_initiative_agreement", application) for u in (
        w.resident, w.officer, w.other_officer, w.stranger)] == [True, True, False, False]
