"""The demo data of the local initiative: Koszalin's rules, an accepted playground renovation with a signed
agreement, an organization's application waiting for the assessment; seeding twice adds nothing."""

import pytest
from django_scopes import scopes_disabled

from grants.initiatives import demo
from grants.initiatives.enums import ApplicantKind, InitiativeStatus
from grants.initiatives.models import InitiativeAgreement, InitiativeApplication, InitiativeRules
from tests.browser.world import build_world

pytestmark = pytest.mark.django_db


def test_demo_seeds_rules_an_accepted_playground_and_an_organizations_application_once():
    w = build_world()
    demo.seed([w.municipality, w.other_municipality], [w.officer, w.other_officer])
    demo.seed([w.municipality, w.other_municipality], [w.officer, w.other_officer])
    with scopes_disabled():
        rules = InitiativeRules.objects.get(municipality=w.municipality)
        criteria = list(rules.criteria.all())
        applications = {a.title: a for a in InitiativeApplication.objects.filter(municipality=w.municipality)}
        assert InitiativeAgreement.objects.filter(municipality=w.municipality).count() == 1
    assert len(criteria) == 4 and [c.is_social_work for c in criteria] == [True, False, False, False]
    playground = applications["Remont placu zabaw przy ul. Lipowej"]
    assert playground.status == InitiativeStatus.AGREEMENT_SIGNED and playground.created_by == w.resident
    square = applications["Zielony skwer przy ul. Morskiej"]
    assert (square.status, square.applicant_kind) == (InitiativeStatus.SUBMITTED, ApplicantKind.ORGANIZATION)
    assert len(applications) == 2
