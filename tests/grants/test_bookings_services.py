"""Municipal resources (P2.A2.T1): the catalogue, every rule a requested time must meet (each refusal next to its
field), the one place a request's status changes, the refusal to approve over an approved booking, the e-mails
of decisions, and the providers registered with cooperation.features."""

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation import features
from cooperation.enums import OrganizationLinkStatus
from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import AuditEntry, OrganizationMunicipality
from grants.bookings import providers, services
from grants.bookings.enums import BookingStatus
from grants.bookings.models import BookingRequest, ResourceBlackout
from grants.exceptions import NotAllowed
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .booking_factories import Setup, make_request, make_resource, next_weekend_day, weekday_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def s():
    return Setup()


def refused(s, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        s.request(**kwargs)
    return error.value.message_dict


# --- The catalogue ---------------------------------------------------------------------------------------------


def test_create_resource_stores_blackouts_and_publication_time(s):
    resource = make_resource(s.municipality, s.officer, name="Projektor",
                             blackouts=[(date(2027, 1, 1), date(2027, 1, 6), "Ferie")])
    assert resource.published_at is not None
    assert list(ResourceBlackout.objects.filter(resource=resource).values_list("starts_on", "ends_on", "reason")) == [
        (date(2027, 1, 1), date(2027, 1, 6), "Ferie")]
    assert AuditEntry.objects.filter(action="grants.resource.created", target_id=str(resource.pk)).count() == 1


def test_update_resource_replaces_blackouts_and_keeps_first_publication(s):
    published_at = s.resource.published_at
    services.update_resource(resource=s.resource, actor=s.officer, name="Sala 12", blackouts=[])
    s.resource.refresh_from_db()
    assert (s.resource.name, s.resource.published_at) == ("Sala 12", published_at)
    assert ResourceBlackout.objects.filter(resource=s.resource).count() == 0


def test_resource_without_open_days_is_refused(s):
    with pytest.raises(ValidationError) as error:
        make_resource(s.municipality, s.officer, open_weekdays="")
    assert error.value.message_dict == {"open_weekdays": ["Choose at least one day of the week."]}


def test_resource_closing_before_opening_is_refused(s):
    with pytest.raises(ValidationError) as error:
        make_resource(s.municipality, s.officer, opens_at=time(18, 0), closes_at=time(9, 0))
    assert error.value.message_dict["closes_at"] == ["The closing hour must be after the opening hour."]


def test_parse_blackouts_reads_single_days_ranges_and_reasons():
    assert services.parse_blackouts("2026-12-24: Wigilia\n\n2026-12-27 – 2026-12-31 remont\n2027-01-06") == [
        (date(2026, 12, 24), date(2026, 12, 24), "Wigilia"),
        (date(2026, 12, 27), date(2026, 12, 31), "remont"),
        (date(2027, 1, 6), date(2027, 1, 6), ""),
    ]


def test_parse_blackouts_names_the_line_it_cannot_read():
    with pytest.raises(ValidationError) as error:
        services.parse_blackouts("2026-12-24\n24 grudnia")
    assert error.value.message_dict == {"blackouts": [
        "Line 2 is not a date or a range of dates (e.g. 2026-12-24 – 2026-12-26: reason)."]}


def test_parse_blackouts_refuses_a_range_that_ends_before_it_starts():
    with pytest.raises(ValidationError):
        services.parse_blackouts("2026-12-31 – 2026-12-24")


# --- Each rule of a requested time ---------------------------------------------------------------------------


def test_valid_request_is_stored_awaiting_a_decision(s):
    booking = s.request(participants=30)
    assert (booking.status, booking.organization, booking.requested_by, booking.participants) == (
        BookingStatus.REQUESTED, s.organization, s.member, 30)
    assert AuditEntry.objects.filter(action="grants.booking.requested", target_id=str(booking.pk)).count() == 1


def test_end_before_start_is_refused_next_to_the_end(s):
    start = weekday_at(7, 12)
    assert refused(s, starts_at=start, ends_at=start - timedelta(hours=1)) == {
        "ends_at": ["The end must be after the start."]}


def test_start_in_the_past_is_refused(s):
    start = timezone.now() - timedelta(days=1)
    errors = refused(s, starts_at=start, ends_at=start + timedelta(hours=1))
    assert errors["starts_at"][0] == "The start is in the past."


def test_request_within_the_minimum_notice_is_refused(s):
    services.update_resource(resource=s.resource, actor=s.officer, open_weekdays="0123456", min_notice_days=5)
    start = timezone.make_aware(timezone.datetime.combine(timezone.localdate() + timedelta(days=2), time(10, 0)))
    first = timezone.localdate() + timedelta(days=5)
    assert refused(s, starts_at=start) == {"starts_at": [
        f"Ask at least 5 days ahead: the earliest start is {first:%d.%m.%Y}."]}


def test_booking_longer_than_the_longest_is_refused(s):
    services.update_resource(resource=s.resource, actor=s.officer, max_booking_hours=3)
    assert refused(s, starts_at=weekday_at(7, 9), hours=4) == {"ends_at": [
        "A booking of this resource is at most 3 hours long; this one is 4.0 hours."]}


def test_start_before_opening_is_refused(s):
    assert refused(s, starts_at=weekday_at(7, 7), hours=2) == {"starts_at": [
        "The resource is open 08:00–20:00: start within these hours."]}


def test_end_after_closing_is_refused(s):
    assert refused(s, starts_at=weekday_at(7, 19), hours=2) == {"ends_at": [
        "The resource is open 08:00–20:00: end within these hours."]}


def test_request_on_a_closed_weekday_is_refused(s):
    errors = refused(s, starts_at=next_weekend_day(7))
    assert len(errors["starts_at"]) == 1
    assert errors["starts_at"][0].startswith("The resource is not lent on ")


def test_request_on_a_blackout_date_is_refused_with_the_reason(s):
    start = weekday_at(10, 10)
    services.update_resource(resource=s.resource, actor=s.officer, blackouts=[
        (start.date(), start.date() + timedelta(days=1), "Remont")])
    assert refused(s, starts_at=start) == {"starts_at": [
        f"The resource is not available {start:%d.%m.%Y}–{start + timedelta(days=1):%d.%m.%Y}. (Remont)"]}


def test_more_participants_than_capacity_is_refused(s):
    assert refused(s, participants=51) == {"participants": ["At most 50 people can use it; you expect 51."]}


def test_missing_public_task_is_refused(s):
    assert refused(s, public_task="  ") == {"public_task": ["Say which public task the resource serves."]}


def test_every_broken_rule_is_reported_at_once(s):
    errors = refused(s, starts_at=weekday_at(7, 7), hours=14, participants=80)
    assert set(errors) == {"starts_at", "ends_at", "participants"}


def test_organization_not_confirmed_in_the_municipality_cannot_ask(s):
    OrganizationMunicipality.objects.filter(organization=s.organization).update(status=OrganizationLinkStatus.PENDING)
    with pytest.raises(NotAllowed) as error:
        s.request()
    assert error.value.message == "The organization is not confirmed in this municipality yet."


def test_a_person_outside_the_organization_cannot_ask_on_its_behalf(s):
    with pytest.raises(NotAllowed):
        make_request(s.resource, s.organization, UserFactory())


def test_unpublished_resource_cannot_be_requested(s):
    services.update_resource(resource=s.resource, actor=s.officer, is_published=False)
    with pytest.raises(NotAllowed):
        s.request()


def test_contract_of_the_organization_is_linked_and_another_organizations_refused():
    from .award_factories import award_world, make_contract

    w = award_world()
    resource = make_resource(w.municipality, w.officer)
    own, foreign = make_contract(w.offer_a), make_contract(w.offer_b)
    booking = make_request(resource, w.org_a, w.owner_a, contract=own)
    assert booking.contract == own
    with pytest.raises(ValidationError) as error:
        make_request(resource, w.org_a, w.owner_a, contract=foreign)
    assert error.value.message_dict == {"contract": ["Choose a contract of this organization with this municipality."]}


# --- Conflicts and decisions ---------------------------------------------------------------------------------


def test_overlapping_request_is_accepted_and_listed_as_a_conflict(s):
    first = s.request(starts_at=weekday_at(7, 10), hours=3)
    second = s.other_request(starts_at=weekday_at(7, 12), hours=2)
    assert list(services.overlapping(s.resource, second.starts_at, second.ends_at, exclude=second)) == [first]


def test_adjacent_bookings_do_not_overlap(s):
    first = s.request(starts_at=weekday_at(7, 10), hours=2)
    second = s.other_request(starts_at=weekday_at(7, 12), hours=2)
    assert list(services.overlapping(s.resource, second.starts_at, second.ends_at, exclude=second)) == []
    assert first.pk != second.pk


def test_approving_over_an_approved_booking_is_refused_with_its_time(s):
    first = s.request(starts_at=weekday_at(7, 10), hours=3)
    second = s.other_request(starts_at=weekday_at(7, 12), hours=2)
    services.approve_booking(booking=first, actor=s.officer)
    with pytest.raises(services.BookingConflict) as error:
        services.approve_booking(booking=second, actor=s.officer)
    assert error.value.message == (
        f"This time overlaps a booking already approved: {services.when(first.starts_at, first.ends_at)} for "
        "Stowarzyszenie Przylesie. Decline this request, or ask the organization for another time.")
    second.refresh_from_db()
    assert second.status == BookingStatus.REQUESTED


def test_approving_one_of_competing_requests_flags_the_other(s):
    from grants.bookings import selectors

    first = s.request(starts_at=weekday_at(7, 10), hours=3)
    second = s.other_request(starts_at=weekday_at(7, 12), hours=2)
    services.approve_booking(booking=second, actor=s.officer)
    flags = {b.pk: (b.clashes_approved, b.competing) for b in selectors.inbox(s.municipality)}
    assert flags == {first.pk: (True, False), second.pk: (False, True)}


def test_approved_booking_of_another_resource_does_not_conflict(s):
    projector = make_resource(s.municipality, s.officer, name="Projektor", capacity=None)
    other = make_request(projector, s.other_organization, s.other_member, starts_at=weekday_at(7, 10))
    services.approve_booking(booking=other, actor=s.officer)
    booking = s.request(starts_at=weekday_at(7, 10))
    assert services.approve_booking(booking=booking, actor=s.officer).status == BookingStatus.APPROVED


def test_double_approval_is_refused_as_already_done(s):
    booking = s.request()
    services.approve_booking(booking=booking, actor=s.officer)
    with pytest.raises(TransitionNotAllowed) as error:
        services.approve_booking(booking=booking, actor=s.officer)
    assert error.value.message == "The request is already “Approved”: this change is not possible."


def test_decline_needs_a_reason(s):
    booking = s.request()
    with pytest.raises(ValidationError) as error:
        services.decline_booking(booking=booking, actor=s.officer, reason=" ")
    assert error.value.message_dict == {"reason": ["Give the reason: the organization receives it by e-mail."]}


def test_declined_request_cannot_be_approved(s):
    booking = s.request()
    services.decline_booking(booking=booking, actor=s.officer, reason="Sala zajęta przez urząd.")
    with pytest.raises(TransitionNotAllowed):
        services.approve_booking(booking=booking, actor=s.officer)


def test_withdraw_only_an_approved_booking_with_a_reason(s):
    booking = s.request()
    with pytest.raises(TransitionNotAllowed):
        services.withdraw_booking(booking=booking, actor=s.officer, reason="Awaria")
    services.approve_booking(booking=booking, actor=s.officer)
    withdrawn = services.withdraw_booking(booking=booking, actor=s.officer, reason="Awaria ogrzewania")
    assert (withdrawn.status, withdrawn.decision_note) == (BookingStatus.WITHDRAWN, "Awaria ogrzewania")


def test_organization_cancels_its_request_and_another_ngo_cannot(s):
    booking = s.request()
    with pytest.raises(NotAllowed):
        services.cancel_booking(booking=booking, actor=s.other_member)
    cancelled = services.cancel_booking(booking=booking, actor=s.member)
    assert cancelled.status == BookingStatus.CANCELLED and cancelled.cancelled_at is not None


def test_cancelled_booking_frees_the_time_for_another_approval(s):
    first = s.request(starts_at=weekday_at(7, 10))
    second = s.other_request(starts_at=weekday_at(7, 10))
    services.approve_booking(booking=first, actor=s.officer)
    services.cancel_booking(booking=first, actor=s.member)
    assert services.approve_booking(booking=second, actor=s.officer).status == BookingStatus.APPROVED


def test_status_changes_only_through_the_transition_table(s):
    booking = s.request()
    services.decline_booking(booking=booking, actor=s.officer, reason="Nie")
    with pytest.raises(TransitionNotAllowed):
        services.set_booking_status(booking=booking, status=BookingStatus.APPROVED)


# --- E-mails -------------------------------------------------------------------------------------------------


def test_approval_emails_the_requester_once(s, django_capture_on_commit_callbacks):
    booking = s.request()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_booking(booking=booking, actor=s.officer, note="Klucze w portierni.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [s.member.email]
    assert "Sala konferencyjna" in message.subject
    assert "Klucze w portierni." in message.body
    from grants.bookings.tasks import task_notify_booking_decision

    assert task_notify_booking_decision(booking.pk) == 0
    assert len(mail.outbox) == 1


def test_decline_emails_the_reason(s, django_capture_on_commit_callbacks):
    booking = s.request()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_booking(booking=booking, actor=s.officer, reason="Sala zajęta przez urząd.")
    assert [m.to for m in mail.outbox] == [[s.member.email]]
    assert "Sala zajęta przez urząd." in mail.outbox[0].body


def test_cancellation_by_the_organization_sends_nothing(s, django_capture_on_commit_callbacks):
    booking = s.request()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking=booking, actor=s.member)
    assert mail.outbox == []


# --- Providers (cooperation.features) ------------------------------------------------------------------------


def test_feature_is_registered_for_the_standard():
    assert features.REGISTRY.features["bookings"].standards == ("P2.A2.T1.S1",)
    assert [f.key for f in features.features_for_standard("P2.A2.T1.S1")] == ["bookings"]


def test_open_tasks_count_requests_awaiting_a_decision(s):
    s.request(starts_at=weekday_at(7, 10))
    s.other_request(starts_at=weekday_at(8, 10))
    approved = s.request(starts_at=weekday_at(9, 10))
    services.approve_booking(booking=approved, actor=s.officer)
    assert [t.count for t in providers.open_tasks(s.municipality)] == [2]
    assert [t.count for t in providers.open_tasks(s.other_municipality)] == [0]


def test_deadlines_are_undecided_requests_starting_soon_not_approved_bookings(s):
    soon = s.request(starts_at=weekday_at(5, 10))
    later = s.other_request(starts_at=weekday_at(30, 10))
    approved = s.request(starts_at=weekday_at(6, 10))
    services.approve_booking(booking=approved, actor=s.officer)
    found = providers.deadlines(s.municipality, timezone.localdate())
    assert [d.due for d in found] == [soon.starts_at]
    assert later.pk not in [d.url for d in found]


def test_evidence_needs_a_published_catalogue_with_rules_and_an_approved_booking(s):
    assert providers.evidence(s.municipality) == {}
    booking = s.request()
    assert providers.evidence(s.municipality) == {}
    services.approve_booking(booking=booking, actor=s.officer)
    evidence = providers.evidence(s.municipality)
    assert list(evidence) == ["P2.A2.T1.S1"]
    assert evidence["P2.A2.T1.S1"][0].url == f"/jst/{s.municipality.slug}/zasoby/"


def test_year_figures_count_approved_bookings_hours_and_organizations(s):
    first = s.request(starts_at=weekday_at(7, 10), hours=3)
    second = s.other_request(starts_at=weekday_at(8, 10), hours=2)
    third = s.request(starts_at=weekday_at(9, 10), hours=4)
    s.request(starts_at=weekday_at(10, 10), hours=5)  # still waiting: not counted
    for booking in (first, second, third):
        services.approve_booking(booking=booking, actor=s.officer)
    years = {b.starts_at.year for b in (first, second, third)}
    figures = [f for year in years for f in providers.year_figures(s.municipality, year)]
    totals = {}
    for figure in figures:
        totals[str(figure.label)] = totals.get(str(figure.label), 0) + figure.value
    assert totals["Bookings of municipal resources approved"] == 3
    assert totals["Hours of municipal resources lent to NGOs"] == 9
    assert totals["Organizations that used municipal resources"] in {2, 3}  # two if all in one year


def test_bookings_of_another_municipality_are_not_counted(s):
    other_resource = make_resource(s.other_municipality, s.other_officer)
    organization = OrganizationFactory()
    OrganizationMunicipality.objects.create(organization=organization, municipality=s.other_municipality,
                                            status=OrganizationLinkStatus.CONFIRMED)
    member = MembershipFactory(organization=organization).user
    booking = make_request(other_resource, organization, member)
    services.approve_booking(booking=booking, actor=s.other_officer)
    assert providers.evidence(s.municipality) == {}
    assert BookingRequest.objects.filter(municipality=s.municipality).count() == 0
