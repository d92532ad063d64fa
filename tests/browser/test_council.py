"""The public benefit council in Chromium: axe-core on its public pages (Polish and English) and on the
officer's and the NGOs' pages, and the journey in which the officer asks the council for its opinion on a
consultation, records the opinion, and a visitor reads it on the consultation's public page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import council, services
from consultations.models import OpinionRequest
from tests.consultations.test_documents import DRAFT

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def consultation_of(world):
    now = timezone.now()
    with scopes_disabled():
        consultation = services.create_consultation(
            municipality=world.municipality, actor=world.officer, title="Program współpracy na 2027 rok",
            subject="cooperation_programme", addressees="ngos", forms=["online"],
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=13),
            contact_person="Oskar Pełnomocnik", contact_email="ngo@gmina.example.pl", source=DRAFT,
        )
        services.publish_consultation(consultation=consultation, actor=world.officer)
    return consultation


def seated_council(world):
    """A published term (2 NGO representatives of 4), a meeting with attendance and published minutes, a
    meeting without minutes yet, and an answered request for an opinion."""
    officer = world.officer
    with scopes_disabled():
        starts_on = timezone.localdate() - timedelta(days=90)
        term = council.start_term(municipality=world.municipality, actor=officer, starts_on=starts_on,
                                  resolution_number="Zarządzenie nr 214/2026 Prezydenta Miasta Koszalina")
        members = [
            council.add_member(term=term, actor=officer, full_name="Halina Wiśniewska", side="ngos",
                               function="przewodnicząca", organization=world.organization,
                               appointed_on=starts_on),
            council.add_member(term=term, actor=officer, full_name="Tomasz Zieliński", side="ngos", appointed_on=starts_on),
            council.add_member(term=term, actor=officer, full_name="Jan Nowicki", side="municipal_council", appointed_on=starts_on),
            council.add_member(term=term, actor=officer, full_name="Marek Wójcik", side="executive", appointed_on=starts_on),
        ]
        council.publish_term(term=term, actor=officer)
        first = council.schedule_meeting(term=term, actor=officer, starts_at=timezone.now() - timedelta(days=30),
                                         place="Ratusz, sala nr 1", agenda="1. Otwarcie.\n2. Wybór prezydium.")
        council.record_attendance(meeting=first, actor=officer,
                                  statuses={m.pk: "unexcused" if m.full_name == "Jan Nowicki" else "present"
                                            for m in members})
        council.save_minutes(meeting=first, actor=officer, text="Wybrano przewodniczącą Rady.")
        council.publish_minutes(meeting=first, actor=officer)
        council.schedule_meeting(term=term, actor=officer, starts_at=timezone.now() + timedelta(days=10),
                                 place="Ratusz, sala nr 2", agenda="1. Opinia o programie współpracy.")
        opinion = council.request_opinion(municipality=world.municipality, actor=officer,
                                          subject="Projekt strategii rozwoju miasta do 2035 roku",
                                          sent_at=timezone.now() - timedelta(days=3))
        council.record_opinion(opinion_request=opinion, actor=officer, text="Rada opiniuje projekt pozytywnie.")
    return term, first, opinion


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_public_council_pages_are_accessible(world, page, language):
    term, meeting, opinion = seated_council(world)
    set_language(page, language)
    base = f"/jst/{world.municipality.slug}/konsultacje/rada"
    page.goto(f"{base}/")
    assert page.locator("h1").count() == 1
    assert "Halina Wiśniewska" in page.content()
    assert_accessible(page)
    for path in [f"{base}/posiedzenia/{meeting.pk}/", f"{base}/opinie/{opinion.pk}/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    assert "Rada opiniuje projekt pozytywnie." in page.content()
    # The council is linked from the municipality's navigation.
    page.goto(f"/jst/{world.municipality.slug}/")
    page.locator(".municipality-nav__details", has=page.locator(f"a[href='{base}/']")).locator("summary").click()
    page.locator(f".municipality-bar a[href='{base}/']").click()
    page.wait_for_url(f"**{base}/")
    assert not page.console_errors


def test_the_officers_and_the_ngos_council_pages_are_accessible(world, new_page, live_server):
    term, meeting, opinion = seated_council(world)
    base = f"/jst/{world.municipality.slug}/konsultacje/rada"
    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    for path in [f"{base}/panel/", f"{base}/panel/kadencja/{term.pk}/", f"{base}/panel/kadencja/{term.pk}/czlonkowie/nowy/",
                 f"{base}/panel/posiedzenia/{meeting.pk}/", f"{base}/panel/posiedzenia/{meeting.pk}/obecnosc/",
                 f"{base}/panel/posiedzenia/{meeting.pk}/protokol/", f"{base}/panel/opinie/",
                 f"{base}/panel/opinie/nowa/"]:
        officer.goto(path)
        assert officer.locator("h1").count() == 1, path
        assert_accessible(officer)
    owner = new_page()
    login(owner, live_server, world.owner)
    owner.goto(f"/jst/{world.other_municipality.slug}/konsultacje/rada/wniosek/")
    assert_accessible(owner)
    for page in (officer, owner):
        assert not page.console_errors


def test_the_officer_asks_the_council_records_its_opinion_and_the_public_page_shows_it(world, new_page, live_server):
    seated_council(world)
    consultation = consultation_of(world)
    base = f"/jst/{world.municipality.slug}/konsultacje"
    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    officer.goto(f"{base}/panel/{consultation.pk}/")
    officer.get_by_role("button", name="Request the council's opinion").click()
    officer.wait_for_url(f"**{base}/panel/{consultation.pk}/")
    assert "The council is asked for its opinion by" in officer.locator(".messages").inner_text()
    with scopes_disabled():
        opinion = OpinionRequest.objects.get(consultation=consultation)
    assert opinion.due_on == timezone.localdate() + timedelta(days=14)

    visitor = new_page()
    set_language(visitor, "en")
    visitor.goto(f"{base}/{consultation.pk}/")
    assert "requested, due" in visitor.locator(".council-opinion").inner_text()

    assert_accessible(officer)
    box = officer.locator(".council-box")
    box.get_by_label("The opinion (text)").fill("Rada pozytywnie opiniuje projekt programu współpracy.")
    box.get_by_role("button", name="Record the opinion").click()
    officer.wait_for_url(f"**{base}/panel/{consultation.pk}/")
    assert "The opinion is recorded and published." in officer.locator(".messages").inner_text()
    assert "opinion given" in officer.locator(".council-box").inner_text()

    visitor.goto(f"{base}/{consultation.pk}/")
    section = visitor.locator(".council-opinion")
    assert "Rada pozytywnie opiniuje projekt programu współpracy." in section.inner_text()
    assert "opinion given" in section.inner_text()
    assert_accessible(visitor)
    for page in (officer, visitor):
        assert not page.console_errors
