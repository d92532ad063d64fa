"""Two owners of an organization remove each other at the same moment, in real threads with their own database
connections (PostgreSQL only: SQLite has no row locks). The organization's row is the lock: one removal goes
through, the other is refused as the last owner's, and the organization never ends up without an owner."""

import pytest
from django.db import connection

from cooperation import services
from cooperation.enums import MembershipRole
from cooperation.exceptions import LastOwner
from cooperation.models import Membership
from tests.concurrency import run_together
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
]


def test_two_owners_removing_each_other_at_once_leave_one_owner():
    assert connection.vendor == "postgresql"
    for _round in range(3):
        organization = OrganizationFactory()
        first, second = (MembershipFactory(organization=organization, role=MembershipRole.OWNER) for _ in range(2))
        results = run_together([
            lambda: services.remove_member(membership=Membership.objects.get(pk=second.pk), actor=first.user),
            lambda: services.remove_member(membership=Membership.objects.get(pk=first.pk), actor=second.user),
        ])
        assert sum(isinstance(result, LastOwner) for result in results) == 1, results
        assert organization.memberships.filter(role=MembershipRole.OWNER).count() == 1


def test_removing_a_membership_removed_meanwhile_changes_nothing():
    organization = OrganizationFactory()
    owner = MembershipFactory(organization=organization, role=MembershipRole.OWNER)
    member = MembershipFactory(organization=organization, role=MembershipRole.EDITOR)
    stale = Membership.objects.get(pk=member.pk)
    services.remove_member(membership=member, actor=owner.user)
    services.remove_member(membership=stale, actor=owner.user)
    assert list(organization.memberships.values_list("pk", flat=True)) == [owner.pk]
