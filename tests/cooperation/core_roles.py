"""Shared set-up for the core app's tests: one person for every role around one municipality.

Plain functions (not fixtures) so each test module states what it builds.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from cooperation.enums import MembershipRole, OrganizationLinkStatus
from cooperation.models import Municipality, Organization, User
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

ROLES = ("anonymous", "resident", "editor", "owner", "officer_here", "officer_elsewhere", "admin")


@dataclass
class World:
    here: Municipality
    elsewhere: Municipality
    organization: Organization
    users: dict[str, User | AnonymousUser] = field(default_factory=dict)

    def user(self, role: str):
        return self.users[role]


def build_world(*, link_status: str | None = OrganizationLinkStatus.CONFIRMED) -> World:
    """Municipality `here` and `elsewhere`; an organization linked to `here` with `link_status`
    (no link at all when None); one person for every role."""
    here = MunicipalityFactory(name="Gmina Tutejsza", slug="tutejsza")
    elsewhere = MunicipalityFactory(name="Gmina Obca", slug="obca")
    organization = OrganizationFactory(name="Stowarzyszenie Testowe")
    if link_status is not None:
        OrganizationMunicipalityFactory(organization=organization, municipality=here, status=link_status)
    users = {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(email="resident@example.org"),
        "editor": MembershipFactory(
            organization=organization, user=UserFactory(email="editor@example.org"), role=MembershipRole.EDITOR
        ).user,
        "owner": MembershipFactory(
            organization=organization, user=UserFactory(email="owner@example.org"), role=MembershipRole.OWNER
        ).user,
        "officer_here": OfficerFactory(municipality=here, user__email="officer.here@example.org").user,
        "officer_elsewhere": OfficerFactory(municipality=elsewhere, user__email="officer.elsewhere@example.org").user,
        "admin": UserFactory(email="admin@example.org", is_superuser=True, is_staff=True, totp=True),
    }
    return World(here=here, elsewhere=elsewhere, organization=organization, users=users)


def fresh(user):
    """A new instance of the user, without the per-request permission caches of an earlier check."""
    if not user.is_authenticated:
        return AnonymousUser()
    return User.objects.get(pk=user.pk)


@contextmanager
def english():
    """Messages in English (the msgids), whatever the compiled Polish catalogue says."""
    with translation.override("en"):
        yield
