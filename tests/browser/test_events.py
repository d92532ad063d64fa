"""Meetings and trainings in Chromium: axe-core on the public list and an event's page (Polish and English, as a
visitor and signed in), and the journey of a resident who registers, sees the place taken, and cancels."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation import events
from cooperation.models import EventRegistration

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Roczne spotkanie z organizacjami pozarządowymi 2027"


def sector_meeting(world, *, capacity=2):
    start = timezone.now() + timedelta(days=20)
    with scopes_disabled():
        event = events.create_event(
            municipality=world.municipality, actor=world.officer, title=TITLE, kind="sector_meeting",
            description="Podsumowanie współpracy, plan na kolejny rok i przeciwdziałanie dyskryminacji.",
            starts_at=start, ends_at=start + timedelta(hours=3), place="Ratusz, sala 12", capacity=capacity,
            step_free_access=True, induction_loop=True, sign_language_on_request=True,
            contact_person="Oskar Pełnomocnik", contact_email="ngo@koszalin.example.pl",
        )
        events.publish_event(event=event, actor=world.officer)
        events.add_material(event=event, actor=world.officer, title="Program spotkania",
                            upload=SimpleUploadedFile("program.pdf", b"%PDF-1.4\n%%EOF\n"), is_public=True)
    return event


def past_training(world):
    start = timezone.now() - timedelta(days=10)
    with scopes_disabled():
        event = events.create_event(
            municipality=world.municipality, actor=world.officer, title="Szkolenie: rozliczanie dotacji",
            kind="accounting_info", description="Jak rozliczyć zadanie publiczne.", starts_at=start,
            ends_at=start + timedelta(hours=2), place="", online_url="https://meet.example.pl/szkolenie",
            contact_person="Oskar Pełnomocnik", contact_email="ngo@koszalin.example.pl",
        )
        event.status, event.published_at = "published", start - timedelta(days=5)
        event.save(update_fields=["status", "published_at"])
    return event


@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_event_pages_are_accessible(world, page, live_server, language):
    event = sector_meeting(world)
    past_training(world)
    set_language(page, language)
    base = f"/jst/{world.municipality.slug}/wydarzenia"
    for path in [f"{base}/", f"{base}/?kind=sector_meeting", f"{base}/{event.pk}/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    login(page, live_server, world.owner)
    page.goto(f"{base}/{event.pk}/")  # the registration form with the organization choice
    assert page.locator("#id_organization").count() == 1
    assert_accessible(page)
    assert not page.console_errors


def test_a_resident_registers_sees_the_place_taken_and_cancels(world, page, live_server):
    event = sector_meeting(world, capacity=2)
    set_language(page, "en")
    login(page, live_server, world.resident)
    page.goto(f"/jst/{world.municipality.slug}/wydarzenia/")
    page.get_by_role("link", name=TITLE).click()
    assert page.locator("#places").inner_text() == "2 places left of 2"
    page.get_by_label("Accessibility needs").fill("Proszę o tłumacza PJM.")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**#registration")
    assert "You are registered. Your place is reserved." in page.locator(".messages").inner_text()
    assert page.locator(".event-state").inner_text() == "You have a place."
    assert page.locator("#places").inner_text() == "1 place left of 2"
    assert_accessible(page)
    with scopes_disabled():
        registration = EventRegistration.objects.get(event=event, user=world.resident)
    assert (registration.needs, registration.waitlisted, registration.cancelled_at) == (
        "Proszę o tłumacza PJM.", False, None)

    page.get_by_role("button", name="Cancel my registration").click()
    page.wait_for_url("**#registration")
    assert "Your registration is cancelled." in page.locator(".messages").inner_text()
    assert page.locator("#places").inner_text() == "2 places left of 2"
    assert page.get_by_role("button", name="Register").count() == 1
    with scopes_disabled():
        registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert not page.console_errors
