"""The cooperation programme in Chromium: the officer drafts a programme, sends it to consultation, the
consultation closes, the officer records the adopting resolution and publishes it; a visitor reads it. axe-core
on the public list, the programme page and the report page (Polish and English)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations.models import Consultation
from consultations.programmes import services
from consultations.programmes.enums import ProgrammeStatus
from consultations.programmes.models import Programme
from cooperation.models import Sphere
from tests.consultations.test_programmes_services import write_all

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_draft_consult_adopt_publish_and_read(world, new_page, live_server):
    base = f"/jst/{world.municipality.slug}/program-wspolpracy"
    year = timezone.localdate().year + 1
    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    officer.goto(f"{base}/panel/nowy/")
    officer.get_by_label("annual").check()
    officer.fill("#id_first_year", str(year))
    officer.locator("main form button[type=submit]").click()
    officer.wait_for_url(re.compile(r"/panel/\d+/$"))
    with scopes_disabled():
        programme = Programme.objects.get(municipality=world.municipality)

    officer.get_by_role("link", name="Edit “Main and specific goals”").click()
    officer.fill("#id_text", "Celem głównym programu jest partnerstwo Miasta i organizacji.")
    officer.get_by_role("button", name="Save the section").click()
    officer.wait_for_url(re.compile(r"/panel/\d+/$"))
    assert "Section “Main and specific goals” is saved." in officer.content()
    officer.get_by_role("link", name="Edit the priority tasks").click()
    with scopes_disabled():
        sphere = Sphere.objects.get(code="16")
    officer.select_option("#id_tasks-0-sphere", str(sphere.pk))
    officer.fill("#id_tasks-0-description", "Festiwale i przeglądy amatorskie.")
    officer.fill("#id_tasks-0-planned_amount", "250000.00")
    officer.get_by_role("button", name="Save").click()
    officer.wait_for_url(re.compile(r"/panel/\d+/$"))
    # The other sections, as the officer would write them one by one.
    with scopes_disabled():
        for key in ("principles", "scope", "forms", "implementation", "evaluation", "committees"):
            services.update_programme_section(programme=programme, actor=world.officer, section=key,
                                              text=f"Treść: {key}.")
        services.update_programme_section(programme=programme, actor=world.officer, section="funds", text="",
                                          planned_funds=250000)
        programme.refresh_from_db()
        assert programme.priority_tasks.get().description == "Festiwale i przeglądy amatorskie."

    officer.reload()
    officer.get_by_role("link", name="Send to consultation").click()
    officer.fill("#id_opens_at", local(timezone.now() - timedelta(hours=1)))
    officer.fill("#id_closes_at", local(timezone.now() + timedelta(days=14)))
    officer.fill("#id_contact_person", "Oskar Pełnomocnik")
    officer.fill("#id_contact_email", "ngo@koszalin.example.pl")
    officer.get_by_role("button", name="Send to consultation").click()
    officer.wait_for_url(re.compile(r"/panel/\d+/$"))
    assert "The draft programme is in public consultation." in officer.content()

    # The consultation closes.
    with scopes_disabled():
        programme.refresh_from_db()
        Consultation.objects.filter(pk=programme.consultation_id).update(
            opens_at=timezone.now() - timedelta(days=20), closes_at=timezone.now() - timedelta(hours=1))

    officer.get_by_role("link", name="Record the adoption").click()
    officer.fill("#id_resolution_number", "Uchwała nr XX/300/2026 Rady Miejskiej w Koszalinie")
    officer.fill("#id_resolution_date", timezone.localdate().isoformat())
    officer.get_by_role("button", name="Record the adoption").click()
    officer.wait_for_url(re.compile(r"/panel/\d+/$"))
    assert "The adoption of the programme is recorded." in officer.content()
    officer.get_by_role("button", name="Publish the programme").click()
    officer.wait_for_url(re.compile(r"/panel/\d+/$"))
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.PUBLISHED
    assert officer.console_errors == []

    visitor = new_page()
    set_language(visitor, "en")
    visitor.goto(f"{base}/")
    visitor.get_by_role("link", name=programme.title).click()
    visitor.wait_for_url(f"**{base}/{programme.pk}/")
    assert "Celem głównym programu jest partnerstwo Miasta i organizacji." in visitor.content()
    assert "Uchwała nr XX/300/2026 Rady Miejskiej w Koszalinie" in visitor.content()
    assert visitor.get_by_role("link", name=f"Projekt: {programme.title}").count() == 1
    assert_accessible(visitor)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_public_programme_pages_are_accessible(world, page, language):
    year = timezone.localdate().year - 1
    with scopes_disabled():
        programme = services.create_programme(municipality=world.municipality, actor=world.officer, kind="annual",
                                              first_year=year + 1)
        write_all(programme, world.officer)
        services.send_to_consultation(programme=programme, actor=world.officer,
                                      opens_at=timezone.now() - timedelta(days=30),
                                      closes_at=timezone.now() - timedelta(days=10),
                                      contact_person="Oskar Pełnomocnik", contact_email="ngo@koszalin.example.pl")
        services.adopt_programme(programme=programme, actor=world.officer, resolution_number="Uchwała nr 1",
                                 resolution_date=timezone.localdate() - timedelta(days=5))
        services.publish_programme(programme=programme, actor=world.officer)
        report = services.create_report(municipality=world.municipality, actor=world.officer, year=year)
        services.update_report(report=report, actor=world.officer, summary="Podsumowanie roku.", conclusions="Wnioski.")
        services.publish_report(report=report, actor=world.officer)
    set_language(page, language)
    base = f"/jst/{world.municipality.slug}/program-wspolpracy"
    for path in (f"{base}/", f"{base}/{programme.pk}/", f"{base}/sprawozdania/{report.pk}/"):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    assert page.console_errors == []
