"""Open calls in Chromium: axe-core on the public pages (and the officer's form) in Polish and English, and the
journey officer creates a call → announces it → the public sees it with the "Prepare an offer" button."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import CallStatus
from grants.models import Call
from tests.grants.factories import make_call

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def calls(world):
    with scopes_disabled():
        open_call = make_call(world.municipality, title="Aktywni seniorzy 2027",
                              grant_rules_text="Dotacja pokrywa koszty zajęć.\nKoszty kwalifikowane od dnia umowy.",
                              task_conditions_text="Zajęcia na terenie Koszalina.",
                              selection_text="Ocena formalna, potem merytoryczna przez komisję konkursową.")
        cancelled = make_call(world.municipality, title="Wypoczynek letni", status=CallStatus.CANCELLED,
                              cancelled_at=timezone.now(),
                              cancellation_notice="Miasto Koszalin unieważnia otwarty konkurs ofert, ponieważ nie "
                                                  "złożono żadnej oferty.")
    return open_call, cancelled


@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_call_pages_are_accessible(world, page, language):
    open_call, cancelled = calls(world)
    set_language(page, language)
    base = f"/jst/{world.municipality.slug}/dotacje/konkursy"
    for path in [f"{base}/", f"{base}/?state=open", f"{base}/{open_call.pk}/", f"{base}/{cancelled.pk}/",
                 f"{base}/{cancelled.pk}/uniewaznienie/", "/dotacje/", "/dotacje/?state=cancelled"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    assert not page.console_errors


@pytest.mark.parametrize("language", ["pl", "en"])
def test_officer_call_pages_are_accessible(world, page, live_server, language):
    open_call, _cancelled = calls(world)
    set_language(page, language)
    login(page, live_server, world.officer)
    base = f"/jst/{world.municipality.slug}/dotacje"
    for path in [f"{base}/konkursy/panel/", f"{base}/konkursy/panel/nowy/", f"{base}/konkursy/panel/{open_call.pk}/",
                 f"{base}/konkursy/panel/{open_call.pk}/uniewaznienie/", f"{base}/ustawienia/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # A refused form: the error summary and the fields in error are accessible too.
    page.goto(f"{base}/konkursy/panel/nowy/")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
    assert not page.console_errors


def test_officer_creates_and_announces_a_call_and_the_public_sees_it(world, new_page, live_server):
    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    officer.goto(f"/jst/{world.municipality.slug}/dotacje/konkursy/panel/")
    officer.get_by_role("link", name="New call").click()
    today = timezone.localdate()
    deadline = today + timedelta(days=30)
    fields = {
        "#id_number": "5/2027", "#id_title": "Sport dla wszystkich", "#id_task_type": "Zajęcia sportowe dla dzieci",
        "#id_total_funds": "80 000,00", "#id_min_grant": "1 000", "#id_max_grant": "20 000",
        "#id_min_own_financial_percent": "5", "#id_min_own_total_percent": "10",
        "#id_grant_rules_text": "Dotacja pokrywa koszty zajęć.", "#id_task_start_earliest": f"{today.year + 1}-01-01",
        "#id_task_end_latest": f"{today.year + 1}-12-31", "#id_task_conditions_text": "Zajęcia w Koszalinie.",
        "#id_deadline": f"{deadline.isoformat()}T23:59", "#id_selection_by": (deadline + timedelta(days=20)).isoformat(),
        "#id_selection_text": "Ocena formalna i merytoryczna.",
        "#id_checklist-0-text": "Oferta złożona w terminie",
        "#id_previous-0-year": str(today.year - 1), "#id_previous-0-name": "Liga szkolna",
        "#id_previous-0-amount": "30 000,00",
    }
    for selector, value in fields.items():
        officer.locator(selector).fill(value)
    officer.locator("#id_spheres_0").check()
    officer.locator("main button[type=submit]").click()
    officer.wait_for_url("**/konkursy/panel/*/")
    assert "The call is saved as a draft." in officer.content()
    with scopes_disabled():
        call = Call.objects.get(title="Sport dla wszystkich")
    assert call.status == CallStatus.DRAFT

    # Not public yet.
    visitor = new_page()
    set_language(visitor, "en")
    assert visitor.goto(f"/jst/{world.municipality.slug}/dotacje/konkursy/{call.pk}/").status == 404
    visitor.console_errors.clear()  # that 404 was the point

    officer.get_by_role("link", name="Announce the call").click()
    officer.wait_for_url("**/ogloszenie/")
    for name in ("published_bip_on", "published_board_on", "published_website_on"):
        officer.locator(f"#id_{name}").fill(today.isoformat())
    officer.locator("main button[type=submit]").click()
    officer.wait_for_url(f"**/konkursy/panel/{call.pk}/")
    assert "The call is announced" in officer.content()

    visitor.goto(f"/jst/{world.municipality.slug}/dotacje/konkursy/")
    visitor.get_by_role("link", name="Sport dla wszystkich").click()
    visitor.wait_for_url(f"**/konkursy/{call.pk}/")
    deadline_text = visitor.locator(".call-deadline__when").inner_text()
    assert deadline_text.startswith("Offers accepted until ")
    assert ", 23:59" in deadline_text
    assert visitor.get_by_role("link", name="Prepare an offer").count() == 1
    assert "80,000.00\u00a0zł" in visitor.locator("main").inner_text()
    assert_accessible(visitor)
    assert not officer.console_errors and not visitor.console_errors
