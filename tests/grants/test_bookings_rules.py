"""Permissions of municipal resources: officers of the municipality manage; a request is its organization's and
the municipality's; published resources are public. Default deny."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from grants.bookings import services
from tests.factories import UserFactory

from .booking_factories import Setup, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    with scopes_disabled():
        yield Setup()


def test_manage_bookings_is_for_the_municipalitys_officers(s):
    assert s.officer.has_perm("grants.manage_bookings", s.municipality)
    assert not s.other_officer.has_perm("grants.manage_bookings", s.municipality)
    assert not s.member.has_perm("grants.manage_bookings", s.municipality)
    assert not AnonymousUser().has_perm("grants.manage_bookings", s.municipality)


def test_admin_manages_every_municipality(s):
    admin = UserFactory(is_superuser=True)
    assert admin.has_perm("grants.manage_bookings", s.municipality)


def test_published_resource_is_public_and_a_draft_is_the_officers(s):
    draft = make_resource(s.municipality, s.officer, is_published=False)
    assert AnonymousUser().has_perm("grants.view_resource", s.resource)
    assert not AnonymousUser().has_perm("grants.view_resource", draft)
    assert not s.member.has_perm("grants.view_resource", draft)
    assert not s.other_officer.has_perm("grants.view_resource", draft)
    assert s.officer.has_perm("grants.view_resource", draft)


def test_request_is_seen_by_its_organization_and_the_municipality_only(s):
    with scopes_disabled():
        booking = s.request()
    assert s.member.has_perm("grants.view_booking", booking)
    assert s.officer.has_perm("grants.view_booking", booking)
    assert not s.other_member.has_perm("grants.view_booking", booking)
    assert not s.other_officer.has_perm("grants.view_booking", booking)
    assert not UserFactory().has_perm("grants.view_booking", booking)
    assert not AnonymousUser().has_perm("grants.view_booking", booking)


def test_cancel_is_for_the_organizations_members_while_active(s):
    with scopes_disabled():
        booking = s.request()
    assert s.member.has_perm("grants.cancel_booking", booking)
    assert not s.officer.has_perm("grants.cancel_booking", booking)
    assert not s.other_member.has_perm("grants.cancel_booking", booking)
    with scopes_disabled():
        services.decline_booking(booking=booking, actor=s.officer, reason="Nie")
    assert not s.member.has_perm("grants.cancel_booking", booking)


def test_request_booking_is_for_the_organizations_members(s):
    assert s.member.has_perm("grants.request_booking", s.organization)
    assert not s.other_member.has_perm("grants.request_booking", s.organization)
    assert not s.officer.has_perm("grants.request_booking", s.organization)
