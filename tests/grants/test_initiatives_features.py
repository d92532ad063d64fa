"""What the local initiative registers with cooperation.features: the feature card (P2.A3.T2.S1), the agreements
ending, the applications waiting for the officer, the evidence and the figures of a year."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation import features
from grants.initiatives import hooks
from grants.initiatives.enums import InitiativeStatus
from tests.factories import MunicipalityFactory, OfficerFactory

from .initiative_factories import make_application

pytestmark = pytest.mark.django_db


def test_the_feature_serves_the_local_initiative_standard():
    assert [f.key for f in features.features_for_standard("P2.A3.T2.S1")] == ["initiatives"]


def test_providers_report_agreements_open_tasks_evidence_and_year_figures():
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    with scopes_disabled():
        signed = make_application(municipality, status=InitiativeStatus.AGREEMENT_SIGNED, officer=officer)
        make_application(municipality, officer=officer)
        make_application(municipality, officer=officer)
        make_application(municipality, status=InitiativeStatus.ASSESSED, officer=officer)
    today = timezone.localdate()
    assert [(d.due, d.feature) for d in hooks.deadlines(municipality, today)] == [(signed.end, "initiatives")]
    assert [(str(t.title), t.count) for t in hooks.open_tasks(municipality)] == [
        ("Local initiative applications awaiting the formal check and scoring", 2),
        ("Assessed local initiatives awaiting the decision", 1),
        ("Accepted local initiatives awaiting the agreement", 0),
    ]
    evidence = hooks.evidence(municipality)["P2.A3.T2.S1"]
    assert [str(e.title) for e in evidence][0] == "Local initiative rules adopted by resolution XL/512/2026"
    assert len(evidence) == 2
    figures = {str(f.label): f.value for f in hooks.year_figures(municipality, today.year)}
    assert figures["Local initiative applications submitted"] == 4
    assert figures["Local initiative agreements signed"] == 1
    assert figures["Residents' social work in local initiatives (hours)"] == Decimal("120.5")
    assert figures["Value of the residents' social work"] == Decimal("4277.75")
    assert figures["Residents' contribution in kind to local initiatives"] == Decimal("500.05")
    assert figures["The municipality's contribution to local initiatives"] == Decimal("4850.00")
