"""Pages of municipal resources: the public catalogue and resource page (calendar table and list, no names), the
ICS feed, the NGO's request form (errors next to the fields, overlaps shown and confirmed), "my requests", the
officer's catalogue, inbox, decision page (conflicts, refused approval) and calendar; leaks and query counts."""

from datetime import UTC, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.bookings import services
from grants.bookings.enums import BookingStatus
from grants.bookings.models import BookingRequest, Resource
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .booking_factories import Setup, approve, make_request, make_resource, weekday_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    """Tests read the database outside any request; each request still runs in its municipality's scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def s():
    return Setup()


def url(name, s, **kwargs):
    return reverse(f"bookings:{name}", kwargs={"municipality_slug": s.municipality.slug, **kwargs})


def en(client, user=None):
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def form_post(s, start=None, hours=2, **overrides):
    start = start or weekday_at(7, 10)
    return {"organization": s.organization.pk, "starts_at": local(start), "ends_at": local(start + timedelta(hours=hours)),
            "participants": "20", "public_task": "Warsztaty dla seniorów", "needs": "", **overrides}


# --- Public pages ----------------------------------------------------------------------------------------------


def test_catalogue_lists_published_resources_only(client, s):
    make_resource(s.municipality, s.officer, name="Magazyn (szkic)", is_published=False)
    page = html(en(client).get(url("resource_list", s)))
    assert "Sala konferencyjna" in page
    assert "Magazyn (szkic)" not in page


def test_unpublished_resource_page_is_not_found_for_the_public_but_seen_by_the_officer(client, s):
    draft = make_resource(s.municipality, s.officer, name="Magazyn", is_published=False)
    assert en(client).get(url("resource_detail", s, pk=draft.pk)).status_code == 404
    assert en(client, s.officer).get(url("resource_detail", s, pk=draft.pk)).status_code == 200


def test_resource_page_shows_rules_accessibility_and_approved_times_without_names(client, s):
    booking = s.request(starts_at=weekday_at(7, 10), hours=3, public_task="Tajne spotkanie zarządu")
    approve(booking, s.officer)
    waiting = s.other_request(starts_at=weekday_at(8, 14))
    month = timezone.localtime(booking.starts_at).strftime("%Y-%m")
    page = html(en(client).get(url("resource_detail", s, pk=s.resource.pk) + f"?miesiac={month}"))
    assert "Klucze odbiera osoba wskazana we wniosku." in page
    assert "Wejście bez progów, winda." in page
    assert '<table class="month">' in page and '<th scope="col">' in page
    assert "10:00–13:00 booked" in page
    assert "Stowarzyszenie Przylesie" not in page and "Tajne spotkanie zarządu" not in page
    assert timezone.localtime(waiting.starts_at).strftime("%d.%m.%Y 14:00") not in page
    assert "Previous month" in page and "Next month" in page


def test_calendar_navigates_between_months(client, s):
    page = html(en(client).get(url("resource_detail", s, pk=s.resource.pk) + "?miesiac=2027-01"))
    assert "Bookings in January 2027" in page
    assert "miesiac=2026-12" in page and "miesiac=2027-02" in page


def test_calendar_with_a_wrong_month_shows_the_current_one(client, s):
    response = en(client).get(url("resource_detail", s, pk=s.resource.pk) + "?miesiac=abc")
    assert response.status_code == 200
    assert timezone.localdate().strftime("%Y") in html(response)


def test_ics_feed_has_approved_bookings_only_without_names(client, s):
    booking = s.request(starts_at=weekday_at(7, 10), hours=3)
    approve(booking, s.officer)
    s.other_request(starts_at=weekday_at(8, 10))
    response = client.get(url("resource_ics", s, pk=s.resource.pk))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    start = booking.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}\r\n" in body
    assert f"UID:booking-{booking.pk}@testserver" in body
    assert "Przylesie" not in body
    assert body.endswith("END:VCALENDAR\r\n")


# --- The request form --------------------------------------------------------------------------------------------


def test_member_sends_a_request(client, s):
    response = en(client, s.member).post(url("booking_create", s, pk=s.resource.pk), form_post(s))
    booking = BookingRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == url("booking_detail", s, pk=booking.pk)
    assert (booking.organization, booking.status) == (s.organization, BookingStatus.REQUESTED)


def test_broken_rules_are_shown_next_to_the_fields(client, s):
    response = en(client, s.member).post(url("booking_create", s, pk=s.resource.pk),
                                         form_post(s, start=weekday_at(7, 7), participants="70"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["starts_at"] == ["The resource is open 08:00–20:00: start within these hours."]
    assert form.errors["participants"] == ["At most 50 people can use it; you expect 70."]
    assert BookingRequest.objects.count() == 0


def test_end_before_start_is_shown_next_to_the_end(client, s):
    start = weekday_at(7, 12)
    response = en(client, s.member).post(url("booking_create", s, pk=s.resource.pk),
                                         form_post(s, start=start, ends_at=local(start - timedelta(hours=1))))
    assert response.context["form"].errors["ends_at"] == ["The end must be after the start."]


def test_overlap_with_an_approved_booking_is_shown_and_must_be_confirmed(client, s):
    approve(s.other_request(starts_at=weekday_at(7, 10), hours=3), s.officer)
    client = en(client, s.member)
    response = client.post(url("booking_create", s, pk=s.resource.pk), form_post(s, start=weekday_at(7, 11)))
    assert response.status_code == 200
    page = html(response)
    assert "This time overlaps other bookings" in page
    assert "Booked (approved)" in page
    assert "Fundacja Inna" not in page  # another NGO's name is not shown to the requester
    assert 'type="checkbox" name="confirm_overlap"' in page
    assert BookingRequest.objects.filter(organization=s.organization).count() == 0
    response = client.post(url("booking_create", s, pk=s.resource.pk),
                           form_post(s, start=weekday_at(7, 11), confirm_overlap="on"))
    assert response.status_code == 302
    assert BookingRequest.objects.filter(organization=s.organization).count() == 1


def test_person_without_a_confirmed_organization_is_refused(client, s):
    assert en(client, UserFactory()).get(url("booking_create", s, pk=s.resource.pk)).status_code == 403


def test_request_form_offers_only_the_persons_confirmed_organizations(client, s):
    pending = OrganizationFactory(name="Fundacja Oczekująca")
    OrganizationMunicipalityFactory(organization=pending, municipality=s.municipality, status="pending")
    MembershipFactory(organization=pending, user=s.member)
    form = en(client, s.member).get(url("booking_create", s, pk=s.resource.pk)).context["form"]
    assert form.fields["organization"].choices == [(s.organization.pk, "Stowarzyszenie Przylesie")]


def test_posting_another_organization_is_refused_by_the_form(client, s):
    response = en(client, s.member).post(url("booking_create", s, pk=s.resource.pk),
                                         form_post(s, organization=s.other_organization.pk))
    assert response.status_code == 200 and "organization" in response.context["form"].errors
    assert BookingRequest.objects.count() == 0


# --- My requests and cancelling ----------------------------------------------------------------------------------


def test_my_requests_lists_only_my_organizations_requests(client, s):
    mine = s.request(starts_at=weekday_at(7, 10))
    theirs = s.other_request(starts_at=weekday_at(8, 10), public_task="Cudzy wniosek")
    page = html(en(client, s.member).get(url("my_bookings", s)))
    assert url("booking_detail", s, pk=mine.pk) in page
    assert url("booking_detail", s, pk=theirs.pk) not in page


def test_another_ngo_cannot_open_or_cancel_my_request(client, s):
    booking = s.request()
    client = en(client, s.other_member)
    assert client.get(url("booking_detail", s, pk=booking.pk)).status_code == 404
    assert client.post(url("booking_cancel", s, pk=booking.pk)).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_member_cancels_the_request(client, s):
    booking = s.request()
    response = en(client, s.member).post(url("booking_cancel", s, pk=booking.pk))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_member_sees_the_decision_and_its_reason(client, s):
    booking = s.request()
    with scopes_disabled():
        services.decline_booking(booking=booking, actor=s.officer, reason="Sala zajęta przez urząd.")
    page = html(en(client, s.member).get(url("booking_detail", s, pk=booking.pk)))
    assert "Declined" in page and "Sala zajęta przez urząd." in page


# --- The officer -------------------------------------------------------------------------------------------------


def resource_post(**overrides):
    return {"kind": "equipment", "name": "Nagłośnienie", "description": "", "address": "Urząd, pokój 3",
            "capacity": "", "quantity": "2", "accessibility": "", "rules": "Zwrot w dniu wypożyczenia.",
            "procedure_url": "", "open_weekdays": ["0", "2", "4"], "opens_at": "08:00", "closes_at": "15:00",
            "min_notice_days": "2", "max_booking_hours": "6", "free_for_ngos": "on", "fee_note": "",
            "is_published": "on", "blackouts": "2026-12-24 – 2026-12-26: Święta", **overrides}


def test_officer_adds_a_resource_with_blackouts(client, s):
    response = en(client, s.officer).post(url("resource_create", s), resource_post())
    assert response.status_code == 302
    with scopes_disabled():
        resource = Resource.objects.get(name="Nagłośnienie")
        assert (resource.open_weekdays, resource.opens_at, resource.quantity) == ("024", time(8, 0), 2)
        assert services.blackouts_text(resource) == "2026-12-24 – 2026-12-26: Święta"


def test_unreadable_blackout_is_shown_next_to_its_field(client, s):
    response = en(client, s.officer).post(url("resource_create", s), resource_post(blackouts="w święta"))
    assert response.status_code == 200
    assert response.context["form"].errors["blackouts"] == [
        "Line 1 is not a date or a range of dates (e.g. 2026-12-24 – 2026-12-26: reason)."]


def test_officer_edits_a_resource(client, s):
    response = en(client, s.officer).post(url("resource_edit", s, pk=s.resource.pk),
                                          resource_post(name="Sala 12", blackouts=""))
    assert response.status_code == 302
    s.resource.refresh_from_db()
    assert s.resource.name == "Sala 12"


def test_ngo_member_cannot_manage_the_catalogue(client, s):
    assert en(client, s.member).get(url("resource_admin_list", s)).status_code == 403
    assert en(client, s.member).post(url("resource_create", s), resource_post()).status_code == 403


def test_inbox_shows_waiting_requests_with_conflicts_flagged(client, s):
    approved = s.request(starts_at=weekday_at(7, 10), hours=3)
    approve(approved, s.officer)
    clashing = s.other_request(starts_at=weekday_at(7, 11))
    page = html(en(client, s.officer).get(url("booking_inbox", s)))
    assert url("booking_decide", s, pk=clashing.pk) in page
    assert url("booking_decide", s, pk=approved.pk) not in page  # the default filter: awaiting a decision
    assert "overlaps an approved booking" in page


def test_inbox_filters_by_status_and_resource(client, s):
    projector = make_resource(s.municipality, s.officer, name="Projektor", capacity=None)
    room = s.request(starts_at=weekday_at(7, 10))
    other = make_request(projector, s.organization, s.member, starts_at=weekday_at(7, 10))
    response = en(client, s.officer).get(url("booking_inbox", s) + f"?status=requested&resource={projector.pk}")
    assert [b.pk for b in response.context["bookings"]] == [other.pk]
    response = en(client, s.officer).get(url("booking_inbox", s) + "?status=")
    assert {b.pk for b in response.context["bookings"]} == {room.pk, other.pk}


def test_decision_page_lists_overlapping_requests_and_bookings(client, s):
    approved = s.request(starts_at=weekday_at(7, 10), hours=3)
    approve(approved, s.officer)
    clashing = s.other_request(starts_at=weekday_at(7, 11))
    response = en(client, s.officer).get(url("booking_decide", s, pk=clashing.pk))
    assert [o.pk for o in response.context["overlaps"]] == [approved.pk]
    assert "the request cannot be approved" in html(response)


def test_approving_over_an_approved_booking_is_refused_with_a_clear_message(client, s):
    approved = s.request(starts_at=weekday_at(7, 10), hours=3)
    approve(approved, s.officer)
    clashing = s.other_request(starts_at=weekday_at(7, 11))
    response = en(client, s.officer).post(url("booking_approve", s, pk=clashing.pk), {"note": ""})
    assert response.status_code == 200
    errors = response.context["approve_form"].non_field_errors()
    assert errors[0].startswith("This time overlaps a booking already approved:")
    clashing.refresh_from_db()
    assert clashing.status == BookingStatus.REQUESTED


def test_officer_approves_and_declines(client, s):
    first, second = s.request(starts_at=weekday_at(7, 10)), s.other_request(starts_at=weekday_at(8, 10))
    client = en(client, s.officer)
    assert client.post(url("booking_approve", s, pk=first.pk), {"note": "Klucze w portierni"}).status_code == 302
    assert client.post(url("booking_decline", s, pk=second.pk), {"decline-reason": "Remont"}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.decision_note) == (BookingStatus.APPROVED, BookingStatus.DECLINED,
                                                                   "Remont")


def test_decline_without_a_reason_is_shown_next_to_the_field(client, s):
    booking = s.request()
    response = en(client, s.officer).post(url("booking_decline", s, pk=booking.pk), {"decline-reason": ""})
    assert response.status_code == 200 and "reason" in response.context["decline_form"].errors


def test_officer_withdraws_an_approved_booking(client, s):
    booking = s.request()
    approve(booking, s.officer)
    response = en(client, s.officer).post(url("booking_withdraw", s, pk=booking.pk), {"withdraw-reason": "Awaria"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.WITHDRAWN


def test_officer_calendar_shows_requests_with_names(client, s):
    booking = s.request(starts_at=weekday_at(7, 10))
    month = timezone.localtime(booking.starts_at).strftime("%Y-%m")
    page = html(en(client, s.officer).get(url("booking_calendar", s) + f"?miesiac={month}"))
    assert "Stowarzyszenie Przylesie" in page
    assert url("booking_decide", s, pk=booking.pk) in page


# --- Leaks -------------------------------------------------------------------------------------------------------


def test_another_municipalitys_officer_sees_nothing(client, s):
    booking = s.request()
    client = en(client, s.other_officer)
    assert client.get(url("booking_inbox", s)).status_code == 403
    assert client.get(url("booking_decide", s, pk=booking.pk)).status_code == 403
    assert client.get(url("booking_detail", s, pk=booking.pk)).status_code == 404


def test_another_municipalitys_resource_and_request_are_not_found_under_this_address(client, s):
    resource = make_resource(s.other_municipality, s.other_officer, name="Świetlica w Będzinie")
    organization = OrganizationFactory()
    OrganizationMunicipalityFactory(organization=organization, municipality=s.other_municipality)
    member = MembershipFactory(organization=organization).user
    booking = make_request(resource, organization, member)
    client = en(client, s.officer)
    assert client.get(url("resource_detail", s, pk=resource.pk)).status_code == 404
    assert client.get(url("resource_edit", s, pk=resource.pk)).status_code == 404
    assert client.get(url("booking_decide", s, pk=booking.pk)).status_code == 404
    assert "Świetlica w Będzinie" not in html(client.get(url("resource_list", s)))


# --- Query counts --------------------------------------------------------------------------------------------


def _many(s, count):
    for day in range(count):
        booking = make_request(s.resource, s.organization if day % 2 else s.other_organization,
                               s.member if day % 2 else s.other_member, starts_at=weekday_at(5 + day, 10))
        if day % 3 == 0:
            approve(booking, s.officer)


@pytest.mark.parametrize("count", [1, 12])
def test_inbox_queries_do_not_grow_with_rows(client, s, django_assert_max_num_queries, count):
    _many(s, count)
    client = en(client, s.officer)
    with django_assert_max_num_queries(12):
        assert client.get(url("booking_inbox", s) + "?status=").status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_public_calendar_queries_do_not_grow_with_rows(client, s, django_assert_max_num_queries, count):
    _many(s, count)
    month = timezone.localtime(weekday_at(5, 10)).strftime("%Y-%m")
    with django_assert_max_num_queries(8):
        assert en(client).get(url("resource_detail", s, pk=s.resource.pk) + f"?miesiac={month}").status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_officer_calendar_and_my_requests_queries_do_not_grow(client, s, django_assert_max_num_queries, count):
    _many(s, count)
    month = timezone.localtime(weekday_at(5, 10)).strftime("%Y-%m")
    officer = en(client, s.officer)
    with django_assert_max_num_queries(12):
        assert officer.get(url("booking_calendar", s) + f"?miesiac={month}").status_code == 200
    member = en(type(client)(), s.member)
    with django_assert_max_num_queries(12):
        assert member.get(url("my_bookings", s)).status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_catalogue_queries_do_not_grow(client, s, django_assert_max_num_queries, count):
    for n in range(count):
        make_resource(s.municipality, s.officer, name=f"Zasób {n}")
    with django_assert_max_num_queries(8):
        assert en(client).get(url("resource_list", s)).status_code == 200
    officer = en(type(client)(), s.officer)
    with django_assert_max_num_queries(12):
        assert officer.get(url("resource_admin_list", s)).status_code == 200
