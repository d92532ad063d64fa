import pytest

from .conftest import assert_accessible, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_directory_filters_while_typing_and_keeps_the_address(world, page):
    set_language(page, "en")
    page.goto(f"/jst/{world.municipality.slug}/organizacje/")
    before = page.locator("#result-count").inner_text()
    page.fill("#id_q", "no such organization at all")
    page.wait_for_function("() => document.querySelector('#result-count').innerText.startsWith('0 ')")
    assert page.locator("#results .card").count() == 0
    assert "q=no" in page.url and "such" in page.url  # the address follows, so the result can be shared
    page.fill("#id_q", "")
    page.wait_for_function(f"() => document.querySelector('#result-count').innerText.trim() === {before.strip()!r}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert not page.console_errors
