"""Permissions of partnerships (grants/partnerships/rules.py): drafts for the municipality's officers and
administrators alone; partner NGO members act on their own organization's actions; the coordinator assesses."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from grants.partnerships import services
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .partnership_factories import make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def s():
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    other_officer = OfficerFactory().user
    organization = OrganizationFactory()
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
    member = MembershipFactory(organization=organization).user
    outsider_org = OrganizationFactory()
    OrganizationMunicipalityFactory(organization=outsider_org, municipality=municipality)
    outsider = MembershipFactory(organization=outsider_org).user
    admin = UserFactory(is_superuser=True, is_staff=True)
    resident = UserFactory()
    anonymous = AnonymousUser()

    class S:
        pass

    for name, value in locals().items():
        setattr(S, name, value)
    return S


def who(s, perm, obj) -> set[str]:
    roles = ("officer", "other_officer", "member", "outsider", "admin", "resident", "anonymous")
    return {role for role in roles if getattr(s, role).has_perm(perm, obj)}


def test_manage_partnerships_is_for_the_municipality_staff(s):
    assert who(s, "grants.manage_partnerships", s.municipality) == {"officer", "admin"}


def test_a_draft_is_seen_by_the_municipality_staff_only(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, active=False)
    assert who(s, "grants.view_partnership", partnership) == {"officer", "admin"}


def test_a_published_partnership_is_seen_by_everyone(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    assert who(s, "grants.view_partnership", partnership) == {
        "officer", "other_officer", "member", "outsider", "admin", "resident", "anonymous"}


def test_actions_are_added_by_staff_and_partner_members_while_active(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    assert who(s, "grants.add_partnership_action", partnership) == {"officer", "member", "admin"}
    draft = make_partnership(s.municipality, s.officer, organization=s.organization, active=False, name="Szkic")
    assert who(s, "grants.add_partnership_action", draft) == {"officer", "admin"}


def test_a_partner_member_changes_only_own_organizations_actions(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    own = services.add_action(partnership=partnership, actor=s.officer, title="A", date=date(2026, 5, 1),
                              responsible=partnership.ngo_partner)
    theirs = services.add_action(partnership=partnership, actor=s.officer, title="B", date=date(2026, 5, 1),
                                 responsible=partnership.municipal_partner)
    assert who(s, "grants.change_partnership_action", own) == {"officer", "member", "admin"}
    assert who(s, "grants.change_partnership_action", theirs) == {"officer", "admin"}


def test_a_member_who_left_no_longer_acts(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    own = services.add_action(partnership=partnership, actor=s.officer, title="A", date=date(2026, 5, 1),
                              responsible=partnership.ngo_partner)
    services.record_partner_left(partner=partnership.ngo_partner, actor=s.officer)
    partnership.refresh_from_db()
    own.refresh_from_db()
    assert who(s, "grants.change_partnership_action", own) == {"officer", "admin"}
    assert who(s, "grants.update_partnership_results", partnership) == {"officer", "admin"}


def test_nothing_changes_in_an_ended_partnership_but_the_results(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    action = services.add_action(partnership=partnership, actor=s.officer, title="A", date=date(2026, 5, 1),
                                 responsible=partnership.ngo_partner)
    services.end_partnership(partnership=partnership, actor=s.officer)
    action.refresh_from_db()
    assert who(s, "grants.add_partnership_action", partnership) == {"admin"}  # a superuser passes every check
    assert who(s, "grants.change_partnership_action", action) == {"admin"}
    assert who(s, "grants.update_partnership_results", partnership) == {"officer", "member", "admin"}


def test_the_coordinator_and_the_staff_assess_engagement(s):
    led_by_ngo = make_partnership(s.municipality, s.officer, organization=s.organization, leader_ngo=True)
    led_by_municipality = make_partnership(s.municipality, s.officer, organization=s.organization, name="Inne")
    assert who(s, "grants.assess_partnership_engagement", led_by_ngo) == {"officer", "member", "admin"}
    assert who(s, "grants.assess_partnership_engagement", led_by_municipality) == {"officer", "admin"}
