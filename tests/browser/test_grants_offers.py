"""Offers in Chromium: axe-core on every page of the offer form (with and without problems shown, in Polish and
English), and the journey an NGO owner takes: start an offer in a call, fill it in section by section (adding
rows with the keyboard), watch the sums add up as the costs are typed, submit with the declarations, get the
number and download the PDF (rendered at once: tasks run eagerly in tests)."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from grants.enums import OfferStatus
from grants.models import Offer
from grants.services import offers as services
from tests.grants.factories import make_call, offer_content

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["oferent", "zadanie", "charakterystyka", "koszty", "inne"]


def offer_of(world, *, submit=False, joint=False):
    with scopes_disabled():
        call = make_call(world.municipality)
        offer = services.start_offer(call=call, organization=world.organization, actor=world.owner)
        content = offer_content(year=call.task_start_earliest.year)
        if joint:
            content["offerors"].append({**content["offerors"][0], "name": "Fundacja Partner"})
            content["joint_roles"] = "Partner prowadzi warsztaty kulinarne."
        services.save_draft(offer=offer, actor=world.owner, content=content)
        if submit:
            services.submit_offer(offer=offer, actor=world.owner)
    return call, offer


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_offer_form_is_accessible(world, page, live_server, language):
    _call, offer = offer_of(world, joint=True)
    set_language(page, language)
    login(page, live_server, world.owner)
    base = f"/jst/{world.municipality.slug}/dotacje/oferty/{offer.pk}"
    paths = [f"{base}/edycja/{section}/" for section in SECTIONS] + [
        f"{base}/edycja/zadanie/?wszystko=1", f"{base}/zalaczniki/", f"{base}/zlozenie/", f"{base}/podglad/",
        f"{base}/", f"{base}/wycofanie/", "/dotacje/moje-oferty/",
        f"/jst/{world.municipality.slug}/dotacje/konkursy/{offer.call_id}/oferta/",
    ]
    for path in paths:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # Problems shown next to their fields (an amount that cannot be read) are accessible too.
    page.goto(f"{base}/edycja/koszty/")
    page.fill("#id_costs-0-unit_cost", "100,00x")
    with page.expect_navigation():  # the click may wait for an autosave under way first
        page.locator("main form button[name=action][value=save]").first.click()
    assert page.locator("#id_costs-0-unit_cost[aria-invalid=true]").count() == 1
    assert page.locator(".error-summary a[href='#id_costs-0-unit_cost']").count() == 1
    assert_accessible(page)
    assert not page.console_errors


def test_submitted_offer_pages_are_accessible_to_the_officer(world, page, live_server):
    _call, offer = offer_of(world, submit=True)
    set_language(page, "en")
    login(page, live_server, world.officer)
    base = f"/jst/{world.municipality.slug}/dotacje/oferty/{offer.pk}"
    for path in [f"{base}/", f"{base}/wersje/", f"{base}/wersje/1/", f"{base}/potwierdzenie/",
                 f"{base}/zalaczniki/", f"{base}/wezwanie-do-korekty/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.fill("#id_note", "Uzupełnij opis rezultatów.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).status == OfferStatus.CORRECTION_REQUESTED
    assert not page.console_errors


def test_an_ngo_owner_writes_submits_and_downloads_an_offer(world, page, live_server):
    with scopes_disabled():
        call = make_call(world.municipality, title="Aktywni seniorzy 2027")
    year = call.task_start_earliest.year
    set_language(page, "en")
    login(page, live_server, world.owner)

    page.goto(f"/jst/{world.municipality.slug}/dotacje/konkursy/{call.pk}/oferta/")
    page.get_by_role("button", name="Start the offer").click()
    page.wait_for_url(re.compile(r"/oferty/\d+/edycja/oferent/$"))
    with scopes_disabled():
        offer = Offer.objects.get(call=call)
    assert page.locator("#id_offerors-0-name").input_value() == world.organization.name
    page.fill("#id_contact-phone", "+48 600 100 200")
    page.get_by_role("button", name="Save and continue: Description of the task").first.click()
    page.wait_for_url("**/edycja/zadanie/")

    page.fill("#id_task-title", "Seniorzy w ruchu")
    page.fill("#id_task-start", f"{year}-03-01")
    page.fill("#id_task-end", f"{year}-11-30")
    page.fill("#id_task-synopsis", "Cotygodniowe zajęcia ruchowe dla 40 seniorów z osiedla Przylesie.")
    # A row added in place, with the keyboard: focus moves into the new row.
    page.get_by_role("button", name="Add an activity").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_activities-0-year"
    page.select_option("#id_activities-0-year", str(year))
    page.keyboard.press("Tab")
    page.keyboard.type("Zajęcia ruchowe")
    page.fill("#id_activities-0-target_group", "Seniorzy 60+")
    page.get_by_role("button", name="Save and continue: About the offeror").first.click()
    page.wait_for_url("**/edycja/charakterystyka/")
    with scopes_disabled():
        assert [a["name"] for a in Offer.objects.get(pk=offer.pk).draft["activities"]] == ["Zajęcia ruchowe"]

    # Autosave: leaving a changed field saves it and says so politely.
    page.fill("#id_characteristics-experience", "Od 2015 r. prowadzimy klub seniora.")
    page.keyboard.press("Tab")
    expect(page.locator("[data-autosave-status]")).to_have_text(re.compile(r"^Saved at \d\d:\d\d\.$"))
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).draft["experience"] == "Od 2015 r. prowadzimy klub seniora."
    page.get_by_role("button", name="Save and continue: Costs and funding").first.click()
    page.wait_for_url("**/edycja/koszty/")

    page.get_by_role("button", name="Add a cost").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_costs-0-name"
    page.keyboard.type("Wynagrodzenie instruktora")
    page.select_option("#id_costs-0-activity_id", label="Zajęcia ruchowe")
    page.fill("#id_costs-0-unit", "godzina")
    page.fill("#id_costs-0-unit_cost", "100,00")
    page.fill("#id_costs-0-quantity", "120")
    assert page.locator("#costs-0 output[data-line-value]").text_content() == "12,000.00"
    page.get_by_role("button", name="Add a cost").click()
    page.fill("#id_costs-1-name", "Obsługa księgowa")
    page.select_option("#id_costs-1-category", "administrative")
    page.fill("#id_costs-1-unit_cost", "150")
    page.fill("#id_costs-1-quantity", "9")
    assert page.locator("output[data-sum='total']").text_content() == "13,350.00"
    assert page.locator("output[data-sum='administrative']").text_content() == "1,350.00"
    page.fill("#id_funding-grant", "10 000")
    page.fill("#id_funding-own_financial", "1000")
    page.fill("#id_funding-own_non_financial", "2350,00")
    assert page.locator("output[data-share='grant']").text_content() == "74.91"
    assert page.locator("output[data-sum='funding']").text_content() == "13,350.00"
    expect(page.locator("[data-balance]")).to_have_text("The sources of funding equal the costs.")
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue: Other information").first.click()
    page.wait_for_url("**/edycja/inne/")
    with scopes_disabled():
        saved = Offer.objects.get(pk=offer.pk).draft
    assert [(c["unit_cost"], c["quantity"]) for c in saved["costs"]] == [("100.00", "120"), ("150.00", "9")]
    assert saved["funding"]["grant"] == "10000.00"

    page.get_by_role("button", name="Save and continue: attachments").first.click()
    page.wait_for_url("**/zalaczniki/")
    page.get_by_role("link", name="Continue: declarations and submission").click()
    page.wait_for_url("**/zlozenie/")
    for name in ["only_statutory_activity", "fees_only_in_paid_activity", "register_data_current",
                 "information_true", "personal_data_consents"]:
        page.check(f"#id_declarations-{name}")
    page.check("#id_declarations-tax_arrears_0")
    page.check("#id_declarations-social_insurance_arrears_0")
    page.get_by_role("button", name="Submit the offer").click()
    page.wait_for_url("**/potwierdzenie/")
    assert page.locator("[data-offer-number]").text_content() == f"1/{year}/1"
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF of the offer").click()
    download = download_info.value
    assert download.suggested_filename == f"oferta-1-{year}-1-wersja-1.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with scopes_disabled():
        stored = Offer.objects.get(pk=offer.pk)
    assert stored.status == OfferStatus.SUBMITTED
    assert str(stored.total_cost) == "13350.00"
    assert not page.console_errors
