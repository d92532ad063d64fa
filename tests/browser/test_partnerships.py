"""Partnerships in Chromium: the officer creates a partnership, adds its partners and publishes it; a visitor
reads it. axe-core on the public list and page (Polish and English) and on the officer's pages."""

from datetime import date

import pytest
from django_scopes import scopes_disabled

from grants.partnerships import services
from grants.partnerships.models import Partnership
from tests.grants.partnership_factories import make_partnership

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def published(world):
    partnership = make_partnership(world.municipality, world.officer, organization=world.organization,
                                   agreement=True, name="Lokalne Partnerstwo Ekonomii Społecznej")
    with scopes_disabled():
        services.add_representative(partner=partnership.municipal_partner, actor=world.officer,
                                    full_name="Ewa Zastępczyni", appointed_on=date(2025, 2, 1),
                                    order_number="0050.7.2025")
        services.add_representative(partner=partnership.ngo_partner, actor=world.officer,
                                    full_name="Wiktoria Właścicielska", appointed_on=date(2025, 2, 1),
                                    selection_method="Głosowanie na forum organizacji")
        action = services.add_action(partnership=partnership, actor=world.officer, title="Forum ekonomii społecznej",
                                     date=date(2025, 10, 12), responsible=partnership.ngo_partner)
        services.set_action_status(action=action, actor=world.officer, status="done", done_on=date(2025, 10, 12))
        services.record_assessment(partner=partnership.ngo_partner, actor=world.officer, year=2025, score=5)
        services.update_results(partnership=partnership, actor=world.officer, results="Forum dla 120 osób.")
    return partnership


@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_partnership_pages_are_accessible(world, page, language):
    partnership = published(world)
    set_language(page, language)
    base = f"/jst/{world.municipality.slug}/partnerstwa"
    for path in [f"{base}/", f"{base}/?kind=local&status=active", f"{base}/?kind=project", f"{base}/{partnership.pk}/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    assert not page.console_errors


def test_officer_and_partner_pages_are_accessible(world, new_page, live_server):
    partnership = published(world)
    base = f"/jst/{world.municipality.slug}/partnerstwa"
    officer = new_page()
    login(officer, live_server, world.officer)
    for path in [f"{base}/panel/", f"{base}/panel/nowe/", f"{base}/panel/{partnership.pk}/",
                 f"{base}/panel/{partnership.pk}/partnerzy/nowy/", f"{base}/{partnership.pk}/ocena-zaangazowania/"]:
        officer.goto(path)
        assert officer.locator("h1").count() == 1, path
        assert_accessible(officer)
    officer.goto(f"{base}/panel/nowe/")
    officer.locator("main button[type=submit]").click()
    officer.wait_for_load_state()
    assert officer.locator(".error-summary").count() == 1
    assert_accessible(officer)
    member = new_page()
    login(member, live_server, world.owner)
    for path in [f"{base}/{partnership.pk}/", f"{base}/{partnership.pk}/dzialania/nowe/",
                 f"{base}/{partnership.pk}/rezultaty/"]:
        member.goto(path)
        assert_accessible(member)
    assert not officer.console_errors and not member.console_errors


def test_officer_creates_and_publishes_a_partnership_and_a_visitor_reads_it(world, new_page, live_server):
    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    officer.goto(f"/jst/{world.municipality.slug}/partnerstwa/panel/")
    officer.get_by_role("link", name="New partnership").click()
    officer.select_option("#id_kind", "project")
    officer.fill("#id_name", "Partnerstwo „Zielony Koszalin”")
    officer.fill("#id_goals", "Nasadzenia drzew w czterech dzielnicach.")
    officer.fill("#id_area", "Miasto Koszalin")
    officer.fill("#id_starts_on", "2026-01-01")
    officer.fill("#id_assessment_rules", "Ocena 1–5 raz w roku.")
    officer.locator("main button[type=submit]").click()
    officer.wait_for_load_state()
    assert "Partnerstwo „Zielony Koszalin”" in officer.locator("h1").inner_text()

    officer.get_by_role("link", name="Add a partner").click()
    officer.select_option("#id_kind", "municipality")
    officer.select_option("#id_role", "leader")
    officer.locator("main button[type=submit]").click()
    officer.wait_for_load_state()
    officer.get_by_role("link", name="Add a partner").click()
    officer.select_option("#id_kind", "ngo")
    officer.select_option("#id_organization", label=world.organization.name)
    officer.locator("main button[type=submit]").click()
    officer.wait_for_load_state()
    officer.get_by_role("button", name="Activate and publish").click()
    officer.wait_for_load_state()
    assert officer.locator(".message--success").count() == 1
    with scopes_disabled():
        partnership = Partnership.objects.get(name="Partnerstwo „Zielony Koszalin”")
        assert partnership.status == "active"

    visitor = new_page()
    set_language(visitor, "en")
    visitor.goto(f"/jst/{world.municipality.slug}/partnerstwa/")
    visitor.get_by_role("link", name="Partnerstwo „Zielony Koszalin”").click()
    visitor.wait_for_load_state()
    assert visitor.locator("h1").inner_text() == "Partnerstwo „Zielony Koszalin”"
    assert "Nasadzenia drzew w czterech dzielnicach." in visitor.locator("main").inner_text()
    assert world.organization.name in visitor.locator("table.partnership-partners").inner_text()
    assert_accessible(visitor)
    assert not officer.console_errors and not visitor.console_errors
