"""Municipal resources in Chromium: axe-core on the catalogue, a resource's page (with its month calendar) and the
officer's calendar, in Polish and English; and the journey of an NGO that asks for a room at a time already
booked (warned of the overlap), an officer whose approval is refused with a clear message and who declines, and
the NGO that sees the decision."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.bookings.enums import BookingStatus
from grants.bookings.models import BookingRequest
from tests.factories import MembershipFactory, OrganizationFactory, OrganizationMunicipalityFactory
from tests.grants.booking_factories import approve, make_request, make_resource, weekday_at

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOM = "Sala widowiskowa Centrum Kultury"


def room_booked_by_another_ngo(world):
    """The room, with an approved booking of another NGO on a weekday a week ahead, 10:00–13:00."""
    resource = make_resource(world.municipality, world.officer, name=ROOM, capacity=120,
                             accessibility="Wejście bez progów, winda, pętla indukcyjna.")
    other = OrganizationFactory(name="Fundacja Chór Pomorza")
    OrganizationMunicipalityFactory(organization=other, municipality=world.municipality)
    member = MembershipFactory(organization=other).user
    booked = make_request(resource, other, member, starts_at=weekday_at(7, 10), hours=3, participants=80)
    approve(booked, world.officer)
    return resource, booked


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("language", ["pl", "en"])
def test_catalogue_resource_and_calendar_pages_are_accessible(world, new_page, live_server, language):
    resource, booked = room_booked_by_another_ngo(world)
    month = timezone.localtime(booked.starts_at).strftime("%Y-%m")
    base = f"/jst/{world.municipality.slug}/zasoby"
    visitor = new_page()
    set_language(visitor, language)
    for path in [f"{base}/", f"{base}/{resource.pk}/", f"{base}/{resource.pk}/?miesiac={month}"]:
        visitor.goto(path)
        assert visitor.locator("h1").count() == 1, path
        assert_accessible(visitor)
    assert visitor.console_errors == []
    officer = new_page()
    login(officer, live_server, world.officer)
    set_language(officer, language)
    for path in [f"{base}/panel/kalendarz/?miesiac={month}", f"{base}/panel/wnioski/", f"{base}/panel/"]:
        officer.goto(path)
        assert officer.locator("h1").count() == 1, path
        assert_accessible(officer)


def test_ngo_asks_for_a_booked_time_officer_is_refused_and_declines(world, new_page, live_server):
    resource, booked = room_booked_by_another_ngo(world)
    base = f"/jst/{world.municipality.slug}/zasoby"

    # The NGO asks for 11:00–12:00 on the day the room is booked 10:00–13:00.
    ngo = new_page()
    login(ngo, live_server, world.owner)
    set_language(ngo, "en")
    ngo.goto(f"{base}/{resource.pk}/")
    ngo.get_by_role("link", name="Request this resource").click()
    start = booked.starts_at + timedelta(hours=1)
    ngo.get_by_label("Starts").fill(local(start))
    ngo.get_by_label("Ends").fill(local(start + timedelta(hours=1)))
    ngo.get_by_label("Expected participants").fill("25")
    ngo.get_by_label("Public task it serves").fill("Warsztaty ekologiczne dla dzieci z osiedla Przylesie.")
    ngo.get_by_role("button", name="Send the request").click()
    warning = ngo.locator("section.bookings-warning")
    assert warning.get_by_role("heading", name="This time overlaps other bookings").is_visible()
    assert "Booked (approved)" in warning.inner_text()
    assert "Fundacja Chór Pomorza" not in ngo.content()
    assert_accessible(ngo)
    ngo.get_by_label("I know this time overlaps another booking or request; send the request anyway").check()
    ngo.get_by_role("button", name="Send the request").click()
    assert ngo.get_by_text("The request is sent.").is_visible()
    assert ngo.locator(".lead .badge").inner_text() == "Awaiting a decision"
    with scopes_disabled():
        request = BookingRequest.objects.get(organization=world.organization)

    # The officer opens it from the inbox, tries to approve, is refused, declines.
    officer = new_page()
    login(officer, live_server, world.officer)
    set_language(officer, "en")
    officer.goto(f"{base}/panel/wnioski/")
    assert officer.get_by_text("overlaps an approved booking").is_visible()
    officer.locator(f"a[href$='/panel/wnioski/{request.pk}/']").click()
    assert officer.get_by_text("An approved booking overlaps this time").is_visible()
    assert "Fundacja Chór Pomorza" in officer.locator("table.bookings-overlaps").inner_text()
    assert_accessible(officer)
    officer.get_by_role("button", name="Approve the booking").click()
    summary = officer.locator(".error-summary")
    assert summary.is_visible()
    assert "This time overlaps a booking already approved" in summary.inner_text()
    assert "Fundacja Chór Pomorza" in summary.inner_text()
    officer.get_by_label("Reason").fill("Sala jest już zarezerwowana; proponujemy środę po 14:00.")
    officer.get_by_role("button", name="Decline the request").click()
    assert officer.get_by_text("The request is declined; the organization is told by e-mail.").is_visible()
    with scopes_disabled():
        request.refresh_from_db()
        booked.refresh_from_db()
    assert (request.status, booked.status) == (BookingStatus.DECLINED, BookingStatus.APPROVED)

    # The NGO sees the decision and the reason.
    ngo.goto(f"{base}/moje/")
    assert ngo.locator("table").get_by_text("Declined").is_visible()
    ngo.get_by_role("link", name=ROOM).click()
    assert ngo.locator(".lead .badge").inner_text() == "Declined"
    assert ngo.get_by_text("Sala jest już zarezerwowana; proponujemy środę po 14:00.").is_visible()
    assert ngo.console_errors == [] and officer.console_errors == []
