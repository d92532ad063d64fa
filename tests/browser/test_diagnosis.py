"""The local diagnosis in Chromium: the officer adds the suggested set, records values for several years in
the grid and publishes an indicator; a visitor sees the values on the dashboard and the indicator's page.
axe-core on the dashboard and the indicator's page (Polish and English) and on the officer's pages."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations.diagnosis import services

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAST_YEAR = timezone.localdate().year - 1
NAME = "Stopa bezrobocia rejestrowanego"


def test_officer_records_values_and_a_visitor_sees_them_on_the_dashboard(world, new_page, live_server):
    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    officer.goto("/jst/koszalin/diagnoza/panel/")
    officer.get_by_role("button", name="Add the suggested set (19 indicators)").click()
    assert "Suggested indicators added: 19." in officer.locator(".messages").inner_text()
    assert_accessible(officer)

    officer.get_by_role("link", name=f"Values of {NAME}").click()
    officer.fill(f"#id_value_{LAST_YEAR - 1}", "4,6")
    officer.fill(f"#id_source_{LAST_YEAR - 1}", "GUS BDL, tablica P2392")
    officer.fill(f"#id_value_{LAST_YEAR}", "4,2")
    officer.fill(f"#id_source_{LAST_YEAR}", "")
    officer.get_by_role("button", name="Save the values").click()
    # The missing source is reported next to its cell; nothing is saved.
    assert officer.locator(f"#id_source_{LAST_YEAR}").get_attribute("aria-invalid") == "true"
    assert "Name the source of the value." in officer.locator(".error-summary").inner_text()
    assert_accessible(officer)
    officer.fill(f"#id_source_{LAST_YEAR}", "Powiatowy Urząd Pracy w Koszalinie")
    officer.get_by_role("button", name="Save the values").click()
    assert "Values saved: 2 new, 0 corrected." in officer.locator(".messages").inner_text()

    officer.goto("/jst/koszalin/diagnoza/panel/")
    officer.get_by_role("button", name=f"Publish {NAME}").click()
    assert f"“{NAME}” is published." in officer.locator(".messages").inner_text()

    visitor = new_page()
    visitor.goto("/jst/koszalin/diagnoza/")
    row = visitor.locator("#group-economy").locator("xpath=..").get_by_role("row", name=NAME)
    assert "4,6" in row.inner_text() and "4,2" in row.inner_text()
    assert "Powiatowy Urząd Pracy w Koszalinie" in row.inner_text()
    assert visitor.locator("svg[role=img] title").count() == 1
    assert visitor.console_errors == []
    assert_accessible(visitor)

    visitor.get_by_role("link", name=NAME).click()
    assert visitor.get_by_role("heading", level=1).inner_text() == NAME
    assert "GUS BDL, tablica P2392" in visitor.locator("table").inner_text()
    assert_accessible(visitor)


def test_dashboard_and_indicator_page_are_accessible_in_both_languages(world, new_page):
    with scopes_disabled():
        services.add_starter_indicators(municipality=world.municipality, actor=world.officer)
        for index, indicator in enumerate(world.municipality.indicator_set.order_by("id")):
            rows = [{"year": year, "value": Decimal(10 + index + (year % 5)), "source": "GUS BDL",
                     "source_url": "https://bdl.stat.gov.pl/", "note": ""} for year in range(2019, LAST_YEAR + 1)]
            services.record_values(indicator=indicator, actor=world.officer, rows=rows)
            services.set_indicator_published(indicator=indicator, actor=world.officer, published=True)
        first = world.municipality.indicator_set.order_by("id").first()
    page = new_page()
    for language in ("pl", "en"):
        set_language(page, language)
        page.goto("/jst/koszalin/diagnoza/")
        assert page.locator("section.diagnosis-group").count() == 8
        assert_accessible(page)
        page.goto(f"/jst/koszalin/diagnoza/wskazniki/{first.pk}/")
        assert_accessible(page)
    assert page.console_errors == []
