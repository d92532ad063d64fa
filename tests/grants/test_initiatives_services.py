"""Services of the local initiative: the council's rules (social work weighs most), the exact totals, the status
flow and its guards, applying through an organization, the refusal without rules, the e-mails."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from cooperation.enums import OrganizationLinkStatus
from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import AuditEntry
from grants.initiatives import services
from grants.initiatives.enums import ApplicantKind, InitiativeStatus
from grants.initiatives.models import InitiativeApplication, InitiativeScore
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .initiative_factories import CRITERIA, application_data, make_application, make_rules

pytestmark = pytest.mark.django_db

C = services.CriterionData


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def municipality():
    return MunicipalityFactory()


@pytest.fixture
def officer(municipality):
    return OfficerFactory(municipality=municipality).user


# --- Rules -------------------------------------------------------------------------------------------------


def test_rules_with_social_work_weighing_most_are_saved_with_their_criteria(municipality, officer):
    rules = make_rules(municipality, actor=officer)
    assert [(c.name, c.weight, c.is_social_work) for c in rules.criteria.all()] == [
        ("Wkład pracy społecznej mieszkańców", Decimal("4.00"), True),
        ("Wkład finansowy i rzeczowy", Decimal("2.50"), False),
        ("Trwałość efektów", Decimal("1.50"), False),
    ]
    assert rules.hour_value == Decimal("35.50")
    assert AuditEntry.objects.filter(action="grants.initiative_rules.saved", municipality=municipality).count() == 1


@pytest.mark.parametrize("criteria, message", [
    ([C("Praca", Decimal("3"), True), C("Pieniądze", Decimal("3"))],
     "The residents' social work must weigh most: its weight (3) must be greater than every other criterion's "
     "(the highest is 3)."),
    ([C("Praca", Decimal("2"), True), C("Pieniądze", Decimal("2.01"))],
     "The residents' social work must weigh most: its weight (2) must be greater than every other criterion's "
     "(the highest is 2.01)."),
    ([C("Pieniądze", Decimal("3")), C("Trwałość", Decimal("1"))],
     "Exactly one criterion must be the residents' social work (art. 19c ust. 1)."),
    ([C("Praca", Decimal("3"), True), C("Praca 2", Decimal("3"), True)],
     "Exactly one criterion must be the residents' social work (art. 19c ust. 1)."),
    ([C("Praca", Decimal("3"), True), C("Pieniądze", Decimal("0"))],
     "The weight of “Pieniądze” must be above zero."),
])
def test_rules_where_social_work_does_not_weigh_most_are_refused(municipality, officer, criteria, message):
    with pytest.raises(ValidationError) as error:
        services.save_rules(municipality=municipality, actor=officer, resolution_number="X/1/2026",
                            resolution_date=date(2026, 1, 1), hour_value=Decimal("30.00"), criteria=criteria)
    assert error.value.message_dict["criteria"] == [message]
    assert services.rules_of(municipality) is None


def test_saving_rules_again_replaces_the_criteria_but_not_past_scores(municipality, officer):
    application = make_application(municipality, status=InitiativeStatus.ASSESSED, officer=officer)
    make_rules(municipality, criteria=[C("Praca", Decimal("5"), True), C("Inne", Decimal("1"))])
    assert [c.name for c in services.rules_of(municipality).criteria.all()] == ["Praca", "Inne"]
    assert [(s.name, s.points, s.weighted) for s in InitiativeScore.objects.filter(application=application)] == [
        ("Wkład pracy społecznej mieszkańców", 8, Decimal("32.00")),
        ("Wkład finansowy i rzeczowy", 8, Decimal("20.00")),
        ("Trwałość efektów", 8, Decimal("12.00")),
    ]


# --- Applications ------------------------------------------------------------------------------------------


def test_an_application_without_rules_is_refused_with_a_clear_message(municipality):
    with pytest.raises(services.RulesMissing) as error:
        services.create_application(municipality=municipality, actor=UserFactory(), data=application_data())
    assert error.value.message == (
        "The council has not adopted the rules of the local initiative in this municipality yet: applications are "
        "accepted once the rules are published here.")
    assert InitiativeApplication.objects.count() == 0


def test_contributions_are_valued_exactly_at_the_rules_hourly_rate(municipality):
    make_rules(municipality, hour_value=Decimal("35.50"))
    application = services.create_application(municipality=municipality, actor=UserFactory(), data=application_data())
    assert application.hour_value == Decimal("35.50")
    assert application.social_work_value == Decimal("4277.75")  # 120.5 h × 35.50 zł
    assert application.in_kind_total == Decimal("500.05")  # 300.10 + 199.95
    assert application.money_contribution == Decimal("500.00")
    assert application.residents_total == Decimal("5277.80")
    assert application.municipal_total == Decimal("4850.00")
    assert application.in_kind == [{"item": "Farby", "value": "300.10"}, {"item": "Narzędzia", "value": "199.95"}]


def test_empty_rows_are_left_out_and_amounts_with_a_comma_are_read(municipality):
    make_rules(municipality)
    application = services.create_application(
        municipality=municipality, actor=UserFactory(),
        data=application_data(in_kind=[{"item": "Deski", "value": "1 234,56"}, {"item": "", "value": ""}]))
    assert application.in_kind == [{"item": "Deski", "value": "1234.56"}]
    assert application.in_kind_total == Decimal("1234.56")


def test_an_amount_with_three_decimals_is_refused(municipality):
    make_rules(municipality)
    with pytest.raises(ValidationError) as error:
        services.create_application(municipality=municipality, actor=UserFactory(),
                                    data=application_data(money_contribution="10.005"))
    assert error.value.message_dict == {"money_contribution": ["Enter an amount in złoty with at most two decimal "
                                                               "places."]}


def test_submitting_numbers_the_application_and_freezes_it(municipality):
    application = make_application(municipality, status=InitiativeStatus.DRAFT)
    user = application.created_by
    services.submit_application(application=application, actor=user)
    application.refresh_from_db()
    assert application.status == InitiativeStatus.SUBMITTED
    assert application.number.startswith("IL/") and application.number.endswith("/0001")
    with pytest.raises(TransitionNotAllowed):
        services.save_application(application=application, actor=user, data={"title": "Inny"})
    with pytest.raises(TransitionNotAllowed) as error:
        services.submit_application(application=application, actor=user)
    assert error.value.message == "The application is already submitted."


def test_an_incomplete_application_is_not_submitted(municipality):
    make_rules(municipality)
    user = UserFactory()
    application = services.create_application(
        municipality=municipality, actor=user,
        data={"contact_name": "Jan", "contact_email": "jan@example.pl", "title": "Ławki"})
    with pytest.raises(ValidationError) as error:
        services.submit_application(application=application, actor=user)
    assert set(error.value.message_dict) == {"scope", "description", "place", "start", "end", "schedule",
                                             "social_work_hours", "municipal_items"}
    application.refresh_from_db()
    assert application.status == InitiativeStatus.DRAFT


def test_a_member_applies_through_an_organization_confirmed_in_the_municipality(municipality):
    organization = OrganizationFactory()
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
    member = MembershipFactory(organization=organization).user
    make_rules(municipality)
    application = services.create_application(municipality=municipality, actor=member, organization=organization,
                                              data=application_data())
    assert application.applicant_kind == ApplicantKind.ORGANIZATION
    assert application.applicant_public_name == organization.name


def test_an_organization_not_confirmed_in_the_municipality_cannot_apply(municipality):
    organization = OrganizationFactory()
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality,
                                    status=OrganizationLinkStatus.PENDING)
    member = MembershipFactory(organization=organization).user
    make_rules(municipality)
    with pytest.raises(services.NotAllowed) as error:
        services.create_application(municipality=municipality, actor=member, organization=organization,
                                    data=application_data())
    assert error.value.message == "The organization must be confirmed by this municipality before it applies."


def test_a_non_member_cannot_apply_on_an_organizations_behalf(municipality):
    organization = OrganizationFactory()
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
    make_rules(municipality)
    with pytest.raises(services.NotAllowed) as error:
        services.create_application(municipality=municipality, actor=UserFactory(), organization=organization,
                                    data=application_data())
    assert error.value.message == "Only a member of the organization may apply on its behalf."


# --- Formal check, scoring, decision -----------------------------------------------------------------------


def test_returning_for_completion_then_resubmitting_keeps_the_number(municipality, officer,
                                                                   django_capture_on_commit_callbacks):
    application = make_application(municipality, status=InitiativeStatus.SUBMITTED)
    number = application.number
    with django_capture_on_commit_callbacks(execute=True):
        services.return_application(application=application, actor=officer, note="Dodaj harmonogram prac.")
    assert application.status == InitiativeStatus.RETURNED
    assert [m.to for m in mail.outbox] == [["jan.sasiad@example.pl"]]
    assert "Dodaj harmonogram prac." in mail.outbox[0].body
    services.save_application(application=application, actor=application.created_by, data={"title": "Nowy tytuł"})
    services.submit_application(application=application, actor=application.created_by)
    application.refresh_from_db()
    assert (application.status, application.number, application.title) == (
        InitiativeStatus.SUBMITTED, number, "Nowy tytuł")


def test_return_needs_a_note(municipality, officer):
    application = make_application(municipality)
    with pytest.raises(ValidationError) as error:
        services.return_application(application=application, actor=officer, note="  ")
    assert error.value.message_dict == {"note": ["Say what the applicant should complete."]}


def test_weighted_score_is_the_exact_sum_of_points_times_weights(municipality, officer):
    application = make_application(municipality, officer=officer)
    criteria = list(services.rules_of(municipality).criteria.all())
    services.assess_application(application=application, actor=officer,
                                points={criteria[0].pk: 9, criteria[1].pk: 7, criteria[2].pk: 3},
                                justification="Plac jest jedynym na osiedlu.")
    application.refresh_from_db()
    # 9 × 4 + 7 × 2.5 + 3 × 1.5 = 36 + 17.5 + 4.5 = 58; the highest: 10 × 8 = 80
    assert (application.status, application.score_total, application.score_max) == (
        InitiativeStatus.ASSESSED, Decimal("58.00"), Decimal("80.00"))
    assert [(s.points, s.weighted) for s in application.scores.all()] == [
        (9, Decimal("36.00")), (7, Decimal("17.50")), (3, Decimal("4.50"))]


def test_scoring_needs_every_criterion_in_range_and_the_justification(municipality, officer):
    application = make_application(municipality, officer=officer)
    criteria = list(services.rules_of(municipality).criteria.all())
    with pytest.raises(ValidationError) as error:
        services.assess_application(application=application, actor=officer,
                                    points={criteria[0].pk: 11, criteria[1].pk: 5}, justification="")
    assert error.value.message_dict == {
        f"points_{criteria[0].pk}": ["Give whole points from 0 to 10."],
        f"points_{criteria[2].pk}": ["Give the points."],
        "justification": ["Justify the purposefulness for local needs."],
    }
    application.refresh_from_db()
    assert application.status == InitiativeStatus.SUBMITTED


def test_a_draft_cannot_be_assessed(municipality, officer):
    application = make_application(municipality, status=InitiativeStatus.DRAFT)
    criteria = list(services.rules_of(municipality).criteria.all())
    with pytest.raises(TransitionNotAllowed) as error:
        services.assess_application(application=application, actor=officer, points={c.pk: 5 for c in criteria},
                                    justification="x")
    assert error.value.message == "The application is already “draft”: this change is not possible."


def test_accepting_emails_the_reasons_to_the_applicant(municipality, officer, django_capture_on_commit_callbacks):
    application = make_application(municipality, status=InitiativeStatus.ASSESSED, officer=officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(application=application, actor=officer, accept=True,
                                    reasons="Najwyższa ocena pracy społecznej.")
    assert application.status == InitiativeStatus.ACCEPTED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jan.sasiad@example.pl"]
    assert "Najwyższa ocena pracy społecznej." in mail.outbox[0].body


def test_a_decision_only_follows_the_assessment_and_happens_once(municipality, officer):
    application = make_application(municipality, status=InitiativeStatus.SUBMITTED)
    with pytest.raises(TransitionNotAllowed):
        services.decide_application(application=application, actor=officer, accept=True, reasons="Tak")
    application = make_application(municipality, status=InitiativeStatus.REJECTED, officer=officer)
    with pytest.raises(TransitionNotAllowed) as error:
        services.decide_application(application=application, actor=officer, accept=True, reasons="Jednak tak")
    assert error.value.message == "The application is already “rejected”: this change is not possible."


# --- Agreement and completion ------------------------------------------------------------------------------


def test_the_agreement_copies_the_contributions_and_recomputes_edited_ones(municipality, officer):
    application = make_application(municipality, status=InitiativeStatus.ACCEPTED, officer=officer)
    data = services.agreement_initial(application)
    data.update(social_work_hours=Decimal("100"), in_kind=[{"item": "Farby", "value": "250.25"}])
    agreement = services.save_agreement(application=application, actor=officer, data=data)
    assert agreement.number.startswith("IL-U/")
    assert (agreement.social_work_value, agreement.in_kind_total, agreement.money_contribution,
            agreement.municipal_total) == (Decimal("3550.00"), Decimal("250.25"), Decimal("500.00"),
                                           Decimal("4850.00"))
    assert agreement.residents_total == Decimal("4300.25")
    assert agreement.schedule == application.schedule


def test_an_agreement_is_not_prepared_before_acceptance(municipality, officer):
    application = make_application(municipality, status=InitiativeStatus.ASSESSED, officer=officer)
    with pytest.raises(TransitionNotAllowed):
        services.save_agreement(application=application, actor=officer, data=services.agreement_initial(application))


def test_signing_then_settling_completes_the_initiative(municipality, officer):
    application = make_application(municipality, status=InitiativeStatus.COMPLETED, officer=officer)
    application.refresh_from_db()
    assert application.status == InitiativeStatus.COMPLETED
    assert application.agreement.signed_on is not None
    assert application.actual_social_work_value == Decimal("4615.00")  # 130 h × 35.50 zł
    with pytest.raises(TransitionNotAllowed):
        services.complete_application(application=application, actor=officer, actual_hours=1, actual_money=0,
                                      actual_in_kind=0, actual_municipal=0, result="Znowu")


def test_signing_needs_a_prepared_agreement(municipality, officer):
    application = make_application(municipality, status=InitiativeStatus.ACCEPTED, officer=officer)
    with pytest.raises(TransitionNotAllowed) as error:
        services.sign_agreement(application=application, actor=officer, signed_on=date(2026, 1, 1))
    assert error.value.message == "Prepare the agreement first."


def test_criteria_constant_matches_the_law():
    social = [c for c in CRITERIA if c.is_social_work]
    assert len(social) == 1 and all(social[0].weight > c.weight for c in CRITERIA if not c.is_social_work)
