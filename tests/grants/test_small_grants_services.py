"""Small grants (art. 19a): the simplified offer with its limits (10,000 zł, 90 days), the submission number,
publication within 7 working days (Polish holidays), the 7-day comment window, the award with both caps
(20,000 zł per organization a year, 20% of the planned grants) and the decline."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from cooperation.enums import OrganizationLinkStatus
from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import AuditEntry
from grants.enums import OfferKind, OfferStatus, VersionReason
from grants.exceptions import DeadlinePassed, LimitExceeded, NotAllowed
from grants.models import GrantBudget, GrantRules, Offer, SmallGrantComment
from grants.services import small_grants as services
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .award_factories import make_small_grant, small_grant_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def setup():
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    organization = OrganizationFactory(name="Stowarzyszenie Przylesie")
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
    owner = MembershipFactory(organization=organization).user
    return municipality, officer, organization, owner


def create(setup, **data):
    municipality, _officer, organization, owner = setup
    content = services.build_content(organization=organization, data=small_grant_form_data(**data))
    return services.create_small_grant(municipality=municipality, organization=organization, actor=owner, content=content)


def submit(setup, **data):
    offer = create(setup, **data)
    return services.submit_small_grant(offer=offer, actor=setup[3])


# --- The simplified offer ---------------------------------------------------------------------------------------


def test_submit_gives_a_number_and_freezes_version_1(setup):
    moment = datetime(2027, 5, 10, 9, 30, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        first = submit(setup)
        second = submit(setup, title="Drugi festyn")
    assert (first.number, second.number) == ("MG/2027/0001", "MG/2027/0002")
    offer = Offer.objects.get(pk=first.pk)
    assert (offer.kind, offer.call_id, offer.status, offer.submitted_at) == (
        OfferKind.SMALL_GRANT, None, OfferStatus.SUBMITTED, moment)
    assert (offer.requested_grant, offer.total_cost) == (Decimal("8000.00"), Decimal("9500.00"))
    version = offer.versions.get()
    assert (version.number, version.reason) == (1, VersionReason.SUBMISSION)
    assert version.content["offerors"][0]["name"] == "Stowarzyszenie Przylesie"
    assert version.content["place"] == "Park osiedlowy Przylesie, Koszalin"
    assert [c["activity_id"] for c in version.content["costs"]] == ["a1", "a1", None]
    with pytest.raises(TransitionNotAllowed):
        services.submit_small_grant(offer=offer, actor=setup[3])


def test_grant_of_exactly_10000_is_accepted_and_a_grosz_more_refused(setup):
    assert submit(setup, grant="9000.00").requested_grant == Decimal("9000.00")
    costs = [{"name": "Scena", "category": "activity", "unit": "usługa", "quantity": "1", "unit_cost": "10500.00"}]
    ok = submit(setup, costs=costs, funding={"grant": "10000.00", "own_financial": "500.00",
                                             "own_non_financial": "0.00", "beneficiary_fees": "0.00"})
    assert ok.requested_grant == Decimal("10000.00")
    with pytest.raises(ValidationError) as error:
        submit(setup, costs=costs, funding={"grant": "10000.01", "own_financial": "499.99",
                                            "own_non_financial": "0.00", "beneficiary_fees": "0.00"})
    assert error.value.message_dict["funding.grant"] == ["The call gives at most 10,000.00 zł."]


def test_task_of_90_days_is_accepted_and_91_refused(setup):
    assert submit(setup, days=90).task_end - submit(setup, days=90).task_start == timedelta(days=89)
    with pytest.raises(ValidationError) as error:
        submit(setup, days=91)
    assert error.value.message_dict["end"] == ["The task may last at most 90 days."]


def test_limits_are_the_municipality_s_rules(setup):
    GrantRules.objects.update_or_create(municipality=setup[0], defaults={"small_grant_max_days": 30})
    with pytest.raises(ValidationError):
        submit(setup, days=31)


def test_a_draft_may_be_incomplete_but_submission_checks_everything(setup):
    offer = create(setup, title="", place="", results="", declarations={})
    assert offer.status == OfferStatus.DRAFT and offer.number == ""
    with pytest.raises(ValidationError) as error:
        services.submit_small_grant(offer=offer, actor=setup[3])
    assert {"title", "place", "results", "declarations.information_true"} <= set(error.value.message_dict)


def test_only_an_organization_confirmed_in_the_municipality_submits(setup):
    municipality, _officer, _organization, owner = setup
    pending = OrganizationFactory()
    OrganizationMunicipalityFactory(organization=pending, municipality=municipality,
                                    status=OrganizationLinkStatus.PENDING)
    content = services.build_content(organization=pending, data=small_grant_form_data())
    with pytest.raises(NotAllowed):
        services.create_small_grant(municipality=municipality, organization=pending, actor=owner, content=content)


# --- Publication ------------------------------------------------------------------------------------------------


def test_publish_within_7_working_days_counts_polish_holidays():
    # Received Monday 8 November 2027; Thursday 11 November is Independence Day.
    assert services.add_working_days(date(2027, 11, 8), 7) == date(2027, 11, 18)
    # The same week in 2028 has no holiday on a working day (11 November 2028 is a Saturday).
    assert services.add_working_days(date(2028, 11, 6), 7) == date(2028, 11, 15)
    # Received on Friday before Easter Monday (2027: 29 March): the weekend and the holiday are skipped.
    assert services.add_working_days(date(2027, 3, 26), 1) == date(2027, 3, 30)


def test_publish_by_is_shown_from_the_day_of_receipt(setup):
    received = datetime(2027, 11, 8, 15, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=received):
        offer = submit(setup)
    assert services.publish_by(offer) == date(2027, 11, 18)


def test_publish_opens_7_days_of_comments_to_the_end_of_the_7th_day(setup):
    offer = submit(setup)
    moment = datetime(2027, 6, 1, 10, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        services.publish_small_grant(offer=offer, actor=setup[1])
    offer = Offer.objects.get(pk=offer.pk)
    assert offer.published_at == moment
    assert timezone.localtime(offer.comments_until).isoformat() == "2027-06-08T23:59:59+02:00"
    with pytest.raises(TransitionNotAllowed):
        services.publish_small_grant(offer=offer, actor=setup[1])


def test_a_draft_is_not_published(setup):
    with pytest.raises(TransitionNotAllowed):
        services.publish_small_grant(offer=create(setup), actor=setup[1])


# --- Comments -----------------------------------------------------------------------------------------------


def test_comments_only_within_the_window(setup):
    offer = submit(setup)
    resident = UserFactory(full_name="Maria Mieszkańcowa")
    with pytest.raises(DeadlinePassed):
        services.add_comment(offer=offer, author=resident, author_name="", text="Za wcześnie")
    moment = datetime(2027, 6, 1, 10, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        services.publish_small_grant(offer=offer, actor=setup[1])
    offer = Offer.objects.get(pk=offer.pk)
    last_second = offer.comments_until
    with mock.patch("django.utils.timezone.now", return_value=last_second):
        comment = services.add_comment(offer=offer, author=resident, author_name="ignored", text="Dobry pomysł.")
    assert (comment.author, comment.author_name) == (resident, "Maria Mieszkańcowa")
    with mock.patch("django.utils.timezone.now", return_value=last_second + timedelta(seconds=1)), \
            pytest.raises(DeadlinePassed):
        services.add_comment(offer=offer, author=resident, author_name="", text="Za późno")
    assert SmallGrantComment.objects.filter(offer=offer).count() == 1


def test_anonymous_comment_needs_a_name(setup):
    from django.contrib.auth.models import AnonymousUser

    offer = make_small_grant(setup[0], setup[2], published_days_ago=1)
    with pytest.raises(ValidationError) as error:
        services.add_comment(offer=offer, author=AnonymousUser(), author_name="  ", text="Uwaga")
    assert list(error.value.message_dict) == ["author_name"]
    comment = services.add_comment(offer=offer, author=AnonymousUser(), author_name="Jan Sąsiad", text="Uwaga")
    assert (comment.author, comment.author_name) == (None, "Jan Sąsiad")
    assert AuditEntry.objects.filter(action="grants.small_grant.commented").count() == 1


# --- Award and the caps ---------------------------------------------------------------------------------------


def budget(municipality, planned, year=None):
    GrantBudget.objects.update_or_create(municipality=municipality, year=year or timezone.localdate().year,
                                         defaults={"planned_grants": Decimal(planned)})


def ready(setup, grant="8000.00", organization=None):
    """An offer whose comment window has passed."""
    data = small_grant_form_data(grant=grant)
    return make_small_grant(setup[0], organization or setup[2], published_days_ago=9, data=data)


def test_award_before_the_comments_end_is_refused(setup):
    budget(setup[0], "1000000")
    offer = make_small_grant(setup[0], setup[2], published_days_ago=2)
    with pytest.raises(DeadlinePassed):
        services.award_small_grant(offer=offer, actor=setup[1], amount=Decimal("8000"))
    unpublished = make_small_grant(setup[0], setup[2])
    with pytest.raises(DeadlinePassed):
        services.award_small_grant(offer=unpublished, actor=setup[1], amount=Decimal("8000"))


def test_award_sets_the_status_amount_and_date(setup):
    budget(setup[0], "1000000")
    offer = ready(setup)
    services.award_small_grant(offer=offer, actor=setup[1], amount=Decimal("7500.00"), note="Cel zasadny.")
    offer = Offer.objects.get(pk=offer.pk)
    assert (offer.status, offer.awarded_amount, offer.decision_note) == (OfferStatus.AWARDED, Decimal("7500.00"),
                                                                         "Cel zasadny.")
    assert offer.decided_at is not None


def test_award_above_the_request_is_refused(setup):
    budget(setup[0], "1000000")
    with pytest.raises(ValidationError):
        services.award_small_grant(offer=ready(setup), actor=setup[1], amount=Decimal("8000.01"))


def test_organization_cap_exactly_20000_allowed_and_a_grosz_more_refused(setup):
    municipality, officer, organization, _owner = setup
    budget(municipality, "1000000")
    make_small_grant(municipality, organization, awarded="10000.00")
    make_small_grant(municipality, organization, awarded="4999.99")
    # Last year's award does not count.
    last_year = timezone.now() - timedelta(days=400)
    make_small_grant(municipality, organization, awarded="10000.00", decided_at=last_year)
    # Another organization's awards do not count.
    make_small_grant(municipality, OrganizationFactory(), awarded="10000.00")
    usage = services.cap_usage(municipality, organization, timezone.localdate().year)
    assert (usage.organization_used, usage.organization_left) == (Decimal("14999.99"), Decimal("5000.01"))
    too_much = ready(setup, grant="5000.02")
    with pytest.raises(LimitExceeded) as error:
        services.award_small_grant(offer=too_much, actor=officer, amount=Decimal("5000.02"))
    assert str(error.value.message) == (
        f"Stowarzyszenie Przylesie already received 14,999.99 zł in small grants in {timezone.localdate().year}; "
        "with this one it would be 20,000.01 zł, above the limit of 20,000.00 zł a year.")
    exactly = ready(setup, grant="5000.01")
    services.award_small_grant(offer=exactly, actor=officer, amount=Decimal("5000.01"))
    assert services.cap_usage(municipality, organization, timezone.localdate().year).organization_used == Decimal(
        "20000.00")


def test_share_cap_exactly_20_percent_allowed_and_a_grosz_more_refused(setup):
    municipality, officer, organization, _owner = setup
    budget(municipality, "50000.00")  # 20% = 10,000.00
    make_small_grant(municipality, OrganizationFactory(), awarded="3000.00")
    over = ready(setup, grant="7000.01")
    with pytest.raises(LimitExceeded) as error:
        services.award_small_grant(offer=over, actor=officer, amount=Decimal("7000.01"))
    assert str(error.value.message) == (
        f"Small grants awarded in {timezone.localdate().year} would come to 10,000.01 zł, above 20.00% of the "
        "grants planned in the budget (10,000.00 zł).")
    with translation.override("pl"), pytest.raises(LimitExceeded) as error:
        services.award_small_grant(offer=over, actor=officer, amount=Decimal("7000.01"))
    assert str(error.value.message) == (
        f"Dotacje przyznane w trybie art. 19a w {timezone.localdate().year} r. wyniosłyby 10\xa0000,01 zł, czyli "
        "więcej niż 20,00% dotacji zaplanowanych w budżecie (10\xa0000,00 zł).")
    services.award_small_grant(offer=ready(setup, grant="7000.00"), actor=officer, amount=Decimal("7000.00"))
    usage = services.cap_usage(municipality, None, timezone.localdate().year)
    assert (usage.total_used, usage.total_cap, usage.total_left) == (Decimal("10000.00"), Decimal("10000.00"),
                                                                     Decimal("0.00"))


def test_share_cap_is_exact_for_amounts_that_do_not_divide(setup):
    municipality, officer, _organization, _owner = setup
    budget(municipality, "33333.33")  # 20% = 6,666.666 zł: 6,666.66 fits, 6,666.67 does not
    with pytest.raises(LimitExceeded):
        services.award_small_grant(offer=ready(setup, grant="6666.67"), actor=officer, amount=Decimal("6666.67"))
    services.award_small_grant(offer=ready(setup, grant="6666.66"), actor=officer, amount=Decimal("6666.66"))


def test_award_without_a_recorded_budget_tells_the_officer_to_record_it(setup):
    with pytest.raises(LimitExceeded) as error:
        services.award_small_grant(offer=ready(setup), actor=setup[1], amount=Decimal("8000"))
    year = timezone.localdate().year
    assert str(error.value.message) == (
        f"Record the grants to organizations planned in the {year} budget first (Small grants → Planned grants): "
        "small grants may use at most 20.00% of them.")


def test_decline_needs_a_reason(setup):
    offer = ready(setup)
    with pytest.raises(ValidationError):
        services.decline_small_grant(offer=offer, actor=setup[1], note=" ")
    services.decline_small_grant(offer=offer, actor=setup[1], note="Zadanie nie ma charakteru lokalnego.")
    offer = Offer.objects.get(pk=offer.pk)
    assert offer.status == OfferStatus.NOT_AWARDED
    with pytest.raises(TransitionNotAllowed):
        services.award_small_grant(offer=offer, actor=setup[1], amount=Decimal("1"))


def test_record_grant_budget_updates_the_year(setup):
    municipality, officer, _organization, _owner = setup
    services.record_grant_budget(municipality=municipality, actor=officer, year=2027, planned_grants=Decimal("100000"))
    services.record_grant_budget(municipality=municipality, actor=officer, year=2027, planned_grants=Decimal("120000.50"))
    assert list(GrantBudget.objects.filter(municipality=municipality).values_list("year", "planned_grants")) == [
        (2027, Decimal("120000.50"))]


def test_audit_labels_are_registered():
    from cooperation.audit import ACTION_LABELS

    assert set(services.AUDIT_LABELS) <= set(ACTION_LABELS)
