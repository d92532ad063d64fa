"""The year figures each app registers for the programme's implementation report
(cooperation.features.year_figures): exact numbers on crafted data, the calendar year counted in
Europe/Warsaw, another municipality's records never counted, and a handful of queries whatever the data."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from consultations.models import Comment, CouncilMeeting, CouncilTerm, OpinionRequest, Report
from cooperation.features import year_figures
from cooperation.models import Area, Event, EventRegistration, OrganizationMunicipality, Sphere
from grants.enums import CallStatus, OfferStatus, ReportStatus
from grants.models import Offer, TaskReport
from self_assessment import services as lijw_services
from self_assessment.models import NoteRevision
from tests.browser.world import ensure_reference_data
from tests.factories import OfficerFactory, OrganizationFactory, OrganizationMunicipalityFactory, UserFactory
from tests.grants.award_factories import make_awarded_offer, make_contract, make_report, make_small_grant
from tests.grants.factories import make_call
from tests.grants.offer_factories import make_offer

from .test_services import make as make_consultation

WARSAW = ZoneInfo("Europe/Warsaw")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference_data(db):
    """The Model's reference data and the spheres (a transactional test elsewhere may have flushed them)."""
    ensure_reference_data()


def warsaw(*args) -> datetime:
    return datetime(*args, tzinfo=WARSAW)


def figures(municipality, year=2025, feature=None) -> dict:
    with translation.override("en"), scopes_disabled():
        found = year_figures(municipality, year)
    return {(f.feature, str(f.label)): f for f in found if feature is None or f.feature == feature}


def values(municipality, feature, year=2025) -> dict:
    return {label: figure.value for (_feature, label), figure in figures(municipality, year, feature).items()}


# --- Grants ------------------------------------------------------------------------------------------------------


def grants_data(municipality):
    organization = OrganizationFactory()
    with scopes_disabled():
        a = make_call(municipality, year=2025, published_at=warsaw(2025, 3, 1, 9))
        b = make_call(municipality, year=2025, published_at=warsaw(2025, 4, 1, 9))
        b.spheres.set(Sphere.objects.filter(code__in=["16", "17"]))
        make_call(municipality, year=2025, published_at=warsaw(2025, 1, 1, 0, 30))  # in 2025 in Warsaw
        make_call(municipality, year=2025, published_at=warsaw(2024, 12, 31, 23, 30))  # still 2024
        make_call(municipality, year=2025, status=CallStatus.DRAFT)
    o1 = make_awarded_offer(a, organization, amount="1000.00")
    o2 = make_offer(a, organization, OfferStatus.NOT_AWARDED)
    make_offer(a, organization, OfferStatus.DRAFT)
    o4 = make_awarded_offer(b, organization, amount="2500.00")
    o5 = make_awarded_offer(b, organization, amount="700.00")
    with scopes_disabled():
        Offer.objects.filter(pk__in=[o1.pk, o2.pk, o4.pk, o5.pk]).update(submitted_at=warsaw(2025, 4, 10, 12))
        Offer.objects.filter(pk=o1.pk).update(decided_at=warsaw(2025, 5, 2, 12))
        Offer.objects.filter(pk=o4.pk).update(decided_at=warsaw(2025, 12, 31, 23, 59))
        Offer.objects.filter(pk=o5.pk).update(decided_at=warsaw(2026, 1, 1, 0, 1))
        o1.refresh_from_db()
        o4.refresh_from_db()
    make_small_grant(municipality, organization, awarded="5000.00", decided_at=warsaw(2025, 8, 1, 12))
    make_small_grant(municipality, organization, awarded="3000.00", decided_at=warsaw(2024, 12, 1, 12))
    first = make_contract(o1, signed_on=date(2025, 5, 20))
    make_contract(o4, signed_on=date(2026, 1, 10))
    accepted = make_report(first, status=ReportStatus.ACCEPTED)
    make_report(first, status=ReportStatus.DRAFT)
    with scopes_disabled():
        TaskReport.objects.filter(pk=accepted.pk).update(decided_at=warsaw(2025, 12, 1, 12))


def test_grant_figures_count_the_years_calls_offers_awards_contracts_and_reports():
    municipality = OfficerFactory().municipality
    grants_data(municipality)
    grants_data(OfficerFactory().municipality)  # another municipality's records are not counted
    found = figures(municipality)
    counted = {label: f.value for (feature, label), f in found.items() if feature in ("calls", "small_grants", "contracts")}
    assert counted == {
        "Open calls announced": 3,
        "Offers submitted in open calls": 4,
        "Grants awarded in open calls": 2,
        "Amount of grants awarded in open calls": Decimal("3500.00"),
        "Small grants awarded (art. 19a)": 1,
        "Amount of small grants awarded": Decimal("5000.00"),
        "Contracts signed": 1,
        "Amount of grants in the contracts signed": Decimal("1000.00"),
        "Reports on public tasks accepted": 1,
    }
    with translation.override("en"), scopes_disabled():
        culture, sport = (str(s) for s in Sphere.objects.filter(code__in=["16", "17"]).order_by("order"))
    amounts = found[("calls", "Amount of grants awarded in open calls")]
    assert amounts.money and amounts.rows == ((culture, Decimal("1000.00")), (f"{culture}; {sport}", Decimal("2500.00")))


# --- Consultations and the council ------------------------------------------------------------------------------


def test_consultation_figures_count_the_years_consultations_comments_reports_meetings_and_opinions(officer):
    held = make_consultation(officer, opens_at=warsaw(2025, 2, 1, 9), closes_at=warsaw(2025, 2, 20, 9))
    make_consultation(officer, opens_at=warsaw(2025, 11, 1, 9), closes_at=warsaw(2025, 11, 20, 9))
    make_consultation(officer, opens_at=warsaw(2025, 3, 1, 9), closes_at=warsaw(2025, 3, 20, 9), publish=False)
    earlier = make_consultation(officer, opens_at=warsaw(2024, 12, 1, 9), closes_at=warsaw(2025, 1, 20, 9))
    make_consultation(OfficerFactory(), opens_at=warsaw(2025, 2, 1, 9), closes_at=warsaw(2025, 2, 20, 9))
    with scopes_disabled():
        for n, (consultation, moment) in enumerate([(held, warsaw(2025, 2, 2, 9)), (held, warsaw(2025, 2, 3, 9)),
                                                    (held, warsaw(2025, 2, 4, 9)), (earlier, warsaw(2024, 12, 5, 9)),
                                                    (earlier, warsaw(2025, 1, 3, 9))]):
            comment = Comment.objects.create(consultation=consultation, author_name=f"Osoba {n}", justification="Uwaga.")
            Comment.objects.filter(pk=comment.pk).update(created_at=moment)
        Report.objects.create(consultation=held, number=1, content={}, published_at=warsaw(2025, 3, 1, 9))
        Report.objects.create(consultation=held, number=2, content={}, published_at=warsaw(2025, 4, 1, 9))
        term = CouncilTerm.objects.create(municipality=officer.municipality, starts_on=date(2024, 1, 1),
                                          ends_on=date(2027, 1, 1), status="published")
        for number, moment in enumerate([warsaw(2024, 12, 1, 17), warsaw(2025, 3, 1, 17), warsaw(2025, 9, 1, 17)], 1):
            CouncilMeeting.objects.create(term=term, number=number, starts_at=moment, place="Ratusz", agenda="1.")
        OpinionRequest.objects.create(municipality=officer.municipality, term=term, subject="Strategia",
                                      sent_at=warsaw(2025, 6, 1, 9), due_on=date(2025, 6, 15),
                                      received_at=warsaw(2025, 6, 10, 9))
        OpinionRequest.objects.create(municipality=officer.municipality, term=term, subject="Program",
                                      sent_at=warsaw(2025, 10, 1, 9), due_on=date(2025, 10, 15))
    assert {**values(officer.municipality, "consultations"), **values(officer.municipality, "council")} == {
        "Public consultations held": 2,
        "Comments made in consultations": 4,
        "Consultation reports published": 1,
        "Meetings of the public benefit council held": 2,
        "Opinions given by the public benefit council": 1,
    }


# --- Cooperation: events and the NGO base ---------------------------------------------------------------------------


def _event(municipality, kind, starts_at, status="published"):
    return Event.objects.create(municipality=municipality, title="Spotkanie", kind=kind, description="Opis.",
                                starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), place="Ratusz",
                                contact_person="Oskar", contact_email="ngo@gmina.example.pl", status=status)


def test_cooperation_figures_count_events_by_kind_participants_and_the_ngo_base(officer):
    municipality = officer.municipality
    with scopes_disabled():
        meeting = _event(municipality, "sector_meeting", warsaw(2025, 3, 1, 17))
        training = _event(municipality, "ngo_training", warsaw(2025, 5, 1, 17))
        _event(municipality, "ngo_training", warsaw(2025, 9, 1, 17))
        _event(municipality, "ngo_training", warsaw(2025, 10, 1, 17), status="draft")
        _event(municipality, "sector_meeting", warsaw(2024, 10, 1, 17))
        _event(OfficerFactory().municipality, "sector_meeting", warsaw(2025, 3, 1, 17))
        for event, attendance, cancelled in [(meeting, "present", None), (meeting, "present", None),
                                             (meeting, "absent", None), (meeting, "present", timezone.now()),
                                             (training, "present", None)]:
            EventRegistration.objects.create(event=event, user=UserFactory(), attendance=attendance,
                                             cancelled_at=cancelled)
        for decided_at in (warsaw(2025, 6, 1, 9), warsaw(2024, 6, 1, 9), warsaw(2026, 2, 1, 9)):
            link = OrganizationMunicipalityFactory(municipality=municipality)
            OrganizationMunicipality.objects.filter(pk=link.pk).update(decided_at=decided_at)
        OrganizationMunicipalityFactory(municipality=municipality, status="pending")
    found = figures(municipality)
    held = found[("events", "Meetings, trainings and local events held")]
    assert held.value == 3 and held.rows == (("training or workshop for NGOs", 2), ("sector meeting with NGOs", 1))
    assert found[("events", "Participants present at the events")].value == 3
    assert found[("directory", "Organizations in the municipality's NGO base at the end of the year")].value == 2


# --- The self-assessment (LIJW) ---------------------------------------------------------------------------------------


def test_the_lijw_figure_names_the_years_edition_and_whether_its_note_was_published(officer):
    assert values(officer.municipality, "lijw") == {"Cooperation quality index (LIJW) edition": "none"}
    now = timezone.now()
    with scopes_disabled():
        edition = lijw_services.create_edition(
            municipality=officer.municipality, actor=officer.user, title="Ocena współpracy 2025",
            period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), survey_opens_at=now - timedelta(days=1),
            survey_closes_at=now + timedelta(days=7), areas=Area.objects.filter(code__in=["P1.A1"]), language="pl")
    assert values(officer.municipality, "lijw") == {"Cooperation quality index (LIJW) edition": "Ocena współpracy 2025",
                                                    "LIJW note published": "no"}
    with scopes_disabled():
        NoteRevision.objects.create(edition=edition, number=1, content={}, published_at=warsaw(2026, 3, 10, 0, 30))
    assert values(officer.municipality, "lijw")["LIJW note published"] == "yes, on 10.03.2026"
    assert values(officer.municipality, "lijw", year=2024) == {"Cooperation quality index (LIJW) edition": "none"}


@pytest.mark.parametrize("provider, queries", [
    ("grants.figures.grant_figures", 8), ("consultations.figures.consultation_figures", 5),
    ("cooperation.figures.cooperation_figures", 2), ("self_assessment.figures.self_assessment_figures", 2),
])
def test_each_provider_takes_a_fixed_handful_of_queries(officer, provider, queries, django_assert_max_num_queries):
    import importlib

    from cooperation.features import REGISTRY

    module, name = provider.rsplit(".", 1)
    function = getattr(importlib.import_module(module), name)
    assert function in REGISTRY.figures
    grants_data(officer.municipality)
    with translation.override("en"), scopes_disabled(), django_assert_max_num_queries(queries):
        found = list(function(officer.municipality, 2025))
    assert found and all(f.order for f in found)
