"""Offers written straight into the database (fast), for tests that need submitted offers without going
through the offer form: the summary columns come from `grants.offer_content.summary`, version 1 is frozen."""

from dataclasses import dataclass
from datetime import timedelta
from itertools import count

from django.utils import timezone
from django_scopes import scopes_disabled

from grants import offer_content
from grants.enums import OfferStatus, VersionReason
from grants.models import Offer, OfferVersion
from tests.factories import UserFactory

from .factories import offer_content as valid_content

_numbers = count(1)


def make_offer(call, organization, status=OfferStatus.SUBMITTED, content=None, *, number=None, submitted_at=None,
               **fields) -> Offer:
    """An offer of `organization` in `call` with version 1 of `content` (a complete valid offer for the call's
    year by default). A draft has no number, no submission time and no version."""
    if content is None:
        content = valid_content(year=call.task_start_earliest.year)
    content = {**content, "offerors": [{**content["offerors"][0], "organization_id": organization.pk,
                                        "name": organization.name}, *content["offerors"][1:]]}
    draft = status == OfferStatus.DRAFT
    if "created_by" not in fields:
        membership = organization.memberships.select_related("user").first()
        fields["created_by"] = membership.user if membership else UserFactory()
    with scopes_disabled():
        offer = Offer.objects.create(
            municipality=call.municipality, call=call, organization=organization, status=status,
            number="" if draft else (number or f"{call.pk}/{next(_numbers)}"),
            draft=content if draft else {},
            submitted_at=None if draft else (submitted_at or call.deadline - timedelta(days=1)),
            **offer_content.summary(content), **fields,
        )
        if not draft:
            OfferVersion.objects.create(offer=offer, number=1, reason=VersionReason.SUBMISSION, content=content)
    return offer


def close_call(call, *, days_ago: int = 1):
    """Move the call's deadline into the past (offers are evaluated only after it)."""
    with scopes_disabled():
        call.deadline = timezone.now() - timedelta(days=days_ago)
        call.save(update_fields=["deadline"])
    return call


@dataclass
class EvaluationWorld:
    """A closed call with two submitted offers and a committee: two officials (one of them a member of the
    first offer's organization), an NGO nominee and an expert; nobody has signed yet."""

    municipality: object
    officer: object
    call: object
    org_a: object
    org_b: object
    org_nominating: object
    owner_a: object
    owner_b: object
    offer_a: object
    offer_b: object
    official: object
    official_in_a: object
    nominee: object
    expert: object
    member_official: object
    member_official_in_a: object
    member_nominee: object
    member_expert: object


def evaluation_world(municipality=None) -> EvaluationWorld:
    from cooperation.enums import MembershipRole
    from grants.enums import CommitteeRole
    from grants.models import CommitteeMember
    from tests.factories import MembershipFactory, MunicipalityFactory, OfficerFactory, OrganizationFactory

    from .factories import make_call

    municipality = municipality or MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    call = close_call(make_call(municipality, created_by=officer))
    org_a = OrganizationFactory(name="Stowarzyszenie Aktywni Razem")
    org_b = OrganizationFactory(name="Fundacja Bliżej Seniora")
    org_nominating = OrganizationFactory(name="Klub Seniora Przylesie")
    owner_a = MembershipFactory(organization=org_a, role=MembershipRole.OWNER).user
    owner_b = MembershipFactory(organization=org_b, role=MembershipRole.OWNER).user
    offer_a = make_offer(call, org_a, number="1/2027")
    offer_b = make_offer(call, org_b, number="2/2027", content=valid_content(
        year=call.task_start_earliest.year, title="Aktywny senior",
        funding={"grant": "10000.00", "own_financial": "1000.00", "own_non_financial": "3850.00",
                 "beneficiary_fees": "0.00"}))
    official = UserFactory(full_name="Olga Urzędniczka")
    official_in_a = UserFactory(full_name="Adam Członkowski")
    MembershipFactory(organization=org_a, user=official_in_a, role=MembershipRole.EDITOR)
    nominee = UserFactory(full_name="Nina Kandydatka")
    expert = UserFactory(full_name="Edward Ekspert")
    with scopes_disabled():
        members = [
            CommitteeMember.objects.create(call=call, user=official, role=CommitteeRole.OFFICIAL, is_chair=True),
            CommitteeMember.objects.create(call=call, user=official_in_a, role=CommitteeRole.OFFICIAL),
            CommitteeMember.objects.create(call=call, user=nominee, role=CommitteeRole.NGO_NOMINEE,
                                           nominated_by=org_nominating),
            CommitteeMember.objects.create(call=call, user=expert, role=CommitteeRole.EXPERT),
        ]
    return EvaluationWorld(municipality, officer, call, org_a, org_b, org_nominating, owner_a, owner_b, offer_a,
                           offer_b, official, official_in_a, nominee, expert, *members)
