"""The local initiative in Chromium: axe-core on the public pages (how to apply, the list, an initiative) and on
the application form; the journey: a resident applies, the officer scores and accepts, the public list shows
the initiative without the resident's contact data."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.initiatives import services
from grants.initiatives.enums import InitiativeStatus
from grants.initiatives.models import InitiativeApplication
from tests.grants.initiative_factories import make_application, make_rules

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_pages_and_the_form_are_accessible(world, new_page, live_server, language):
    with scopes_disabled():
        make_rules(world.municipality, actor=world.officer)
        accepted = make_application(world.municipality, status=InitiativeStatus.AGREEMENT_SIGNED,
                                    officer=world.officer)
    base = f"/jst/{world.municipality.slug}/inicjatywa-lokalna"
    page = new_page()
    set_language(page, language)
    for path in ("/", "/inicjatywy/", f"/inicjatywy/{accepted.pk}/"):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    resident = new_page()
    set_language(resident, language)
    login(resident, live_server, world.owner)  # a member of an organization: the form offers applying through it
    for path in ("/wnioski/nowy/", "/wnioski/"):
        resident.goto(base + path)
        assert_accessible(resident)
    assert page.console_errors == [] and resident.console_errors == []


def test_officer_pages_are_accessible(world, new_page, live_server):
    with scopes_disabled():
        make_rules(world.municipality, actor=world.officer)
        submitted = make_application(world.municipality, officer=world.officer)
        accepted = make_application(world.municipality, status=InitiativeStatus.ACCEPTED, officer=world.officer)
    base = f"/jst/{world.municipality.slug}/inicjatywa-lokalna"
    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    for path in ("/panel/", "/panel/zasady/", f"/panel/wnioski/{submitted.pk}/", f"/panel/wnioski/{accepted.pk}/umowa/"):
        officer.goto(base + path)
        assert_accessible(officer)


def test_a_resident_applies_the_officer_scores_and_accepts_and_the_public_list_shows_it(world, new_page, live_server):
    with scopes_disabled():
        make_rules(world.municipality, actor=world.officer)
    base = f"/jst/{world.municipality.slug}/inicjatywa-lokalna"
    start = timezone.localdate() + timedelta(days=21)

    resident = new_page()
    set_language(resident, "en")
    login(resident, live_server, world.resident)
    resident.goto(base + "/")
    resident.get_by_role("link", name="Apply for a local initiative").click()
    resident.get_by_label("Contact phone").fill("600 700 800")
    resident.get_by_label("Number of residents involved").fill("9")
    resident.get_by_label("Title of the initiative").fill("Ławki na skwerze Morskim")
    resident.get_by_label("The matter it concerns (art. 19b)").select_option("nature")
    resident.get_by_label("Description").fill("Mieszkańcy ustawią ławki i posadzą krzewy.")
    resident.get_by_label("Place in the municipality").fill("Skwer przy ul. Morskiej")
    resident.get_by_label("Start", exact=True).fill(start.isoformat())
    resident.get_by_label("End", exact=True).fill((start + timedelta(days=30)).isoformat())
    resident.locator("#id_schedule-0-step").fill("Montaż ławek")
    resident.locator("#id_schedule-0-start").fill(start.isoformat())
    resident.locator("#id_schedule-0-end").fill((start + timedelta(days=5)).isoformat())
    resident.get_by_label("People doing social work").fill("7")
    resident.get_by_label("Hours of social work in total").fill("42")
    resident.get_by_label("What work the residents do").fill("Montaż i sadzenie")
    resident.get_by_label("Money from the residents (zł)").fill("150,50")
    resident.locator("#id_in_kind-0-item").fill("Sadzonki")
    resident.locator("#id_in_kind-0-value").fill("210")
    resident.locator("#id_municipal-0-item").fill("Dwie ławki")
    resident.locator("#id_municipal-0-kind").select_option("buy")
    resident.locator("#id_municipal-0-value").fill("3400")
    resident.get_by_role("button", name="Submit the application").click()
    resident.get_by_text("The application is submitted with number").wait_for()
    assert_accessible(resident)
    with scopes_disabled():
        application = InitiativeApplication.objects.get(title="Ławki na skwerze Morskim")
        criteria = list(services.rules_of(world.municipality).criteria.all())
    assert application.status == InitiativeStatus.SUBMITTED

    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    officer.goto(base + "/panel/")
    officer.get_by_role("link", name="Ławki na skwerze Morskim").click()
    for criterion, points in zip(criteria, ("9", "6", "5"), strict=True):
        officer.get_by_label(criterion.name).fill(points)
    officer.get_by_label("Purposefulness for local needs").fill("Skwer jest zaniedbany, korzysta z niego osiedle.")
    officer.get_by_role("button", name="Save the assessment").click()
    officer.get_by_text("The assessment is saved.").wait_for()
    # 9 × 4 + 6 × 2.5 + 5 × 1.5 = 58.50 of 80
    assert officer.get_by_text("58.50 / 80.00").first.is_visible()
    officer.get_by_label("Accept the initiative").check()
    officer.get_by_label("Reasons (sent to the applicant)").fill("Duży wkład pracy społecznej.")
    officer.get_by_role("button", name="Record the decision").click()
    officer.get_by_text("The decision is recorded").wait_for()

    visitor = new_page()
    set_language(visitor, "en")
    visitor.goto(base + "/inicjatywy/")
    row = visitor.get_by_role("row", name="Ławki na skwerze Morskim")
    assert "accepted" in row.inner_text() and "A group of residents (9)" in row.inner_text()
    assert "600 700 800" not in visitor.content() and world.resident.email not in visitor.content()
    assert_accessible(visitor)

    resident.goto(base + f"/wnioski/{application.pk}/")
    assert resident.get_by_text("Duży wkład pracy społecznej.").is_visible()
