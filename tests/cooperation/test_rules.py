"""Every permission of cooperation/rules.py over every role. Default deny: a role that is not listed as
True must be refused."""

import pytest
import rules
from django_scopes import scopes_disabled

from cooperation.enums import OrganizationLinkStatus
from cooperation.models import OrganizationMunicipality
from tests.cooperation.core_roles import ROLES, build_world, fresh

pytestmark = pytest.mark.django_db

ALL = frozenset(ROLES)
SIGNED_IN = ALL - {"anonymous"}
OFFICE = frozenset({"officer_here", "admin"})
MEMBERS = frozenset({"editor", "owner"})


def _allowed(world, perm, obj) -> set[str]:
    return {role for role in ROLES if fresh(world.user(role)).has_perm(perm, obj)}


def test_every_permission_of_the_core_app_has_a_table_here():
    tested = {
        "cooperation.manage_municipality", "cooperation.decide_organization_link", "cooperation.register_organization",
        "cooperation.view_organization", "cooperation.change_organization", "cooperation.manage_members",
        "cooperation.view_own_data",
        # Meetings and trainings: their tables are in test_events.py.
        "cooperation.manage_events", "cooperation.view_event", "cooperation.register_for_event",
        "cooperation.view_event_registrations", "cooperation.view_event_material",
    }
    defined = {name for name in rules.permissions.permissions if name.startswith("cooperation.")}
    assert defined == tested


def test_manage_municipality_is_for_its_officers_and_admins():
    world = build_world()
    assert _allowed(world, "cooperation.manage_municipality", world.here) == OFFICE
    assert _allowed(world, "cooperation.manage_municipality", world.elsewhere) == {"officer_elsewhere", "admin"}


def test_manage_municipality_without_an_object_is_for_admins_only():
    world = build_world()
    assert _allowed(world, "cooperation.manage_municipality", None) == {"admin"}


@pytest.mark.parametrize("status", list(OrganizationLinkStatus))
def test_deciding_a_link_is_for_officers_of_the_links_municipality_and_admins(status):
    world = build_world(link_status=status)
    with scopes_disabled():
        link = OrganizationMunicipality.objects.get(organization=world.organization)
    assert _allowed(world, "cooperation.decide_organization_link", link) == OFFICE


def test_registering_an_organization_needs_an_account():
    world = build_world()
    assert _allowed(world, "cooperation.register_organization", None) == SIGNED_IN


def test_a_confirmed_organization_is_visible_to_everyone():
    world = build_world(link_status=OrganizationLinkStatus.CONFIRMED)
    assert _allowed(world, "cooperation.view_organization", world.organization) == ALL


def test_an_organization_with_only_a_pending_link_is_visible_to_members_the_municipality_it_applied_to_and_admins():
    world = build_world(link_status=OrganizationLinkStatus.PENDING)
    assert _allowed(world, "cooperation.view_organization", world.organization) == MEMBERS | OFFICE


def test_an_organization_with_only_a_rejected_link_is_not_public():
    world = build_world(link_status=OrganizationLinkStatus.REJECTED)
    assert _allowed(world, "cooperation.view_organization", world.organization) == MEMBERS | OFFICE


def test_an_organization_without_any_link_is_visible_to_its_members_and_admins_only():
    world = build_world(link_status=None)
    assert _allowed(world, "cooperation.view_organization", world.organization) == MEMBERS | {"admin"}


def test_an_organization_confirmed_elsewhere_is_public_even_if_pending_here():
    world = build_world(link_status=OrganizationLinkStatus.PENDING)
    with scopes_disabled():
        OrganizationMunicipality.objects.create(
            organization=world.organization, municipality=world.elsewhere, status=OrganizationLinkStatus.CONFIRMED
        )
    assert _allowed(world, "cooperation.view_organization", world.organization) == ALL


@pytest.mark.parametrize("status", list(OrganizationLinkStatus))
def test_changing_an_organization_is_for_its_members_and_admins_not_for_officers(status):
    world = build_world(link_status=status)
    assert _allowed(world, "cooperation.change_organization", world.organization) == MEMBERS | {"admin"}


def test_managing_members_is_for_owners_and_admins():
    world = build_world()
    assert _allowed(world, "cooperation.manage_members", world.organization) == {"owner", "admin"}


def test_viewing_own_data_needs_an_account():
    world = build_world()
    assert _allowed(world, "cooperation.view_own_data", None) == SIGNED_IN


@pytest.mark.parametrize(
    "perm",
    ["cooperation.view_organization", "cooperation.change_organization", "cooperation.manage_members",
     "cooperation.manage_municipality", "cooperation.decide_organization_link"],
)
def test_object_permissions_without_an_object_are_refused_to_everyone_but_admins(perm):
    world = build_world()
    assert _allowed(world, perm, None) <= {"admin"}


def test_an_unknown_permission_is_refused_even_to_officers():
    world = build_world()
    assert _allowed(world, "cooperation.delete_municipality", world.here) == {"admin"}
