"""A table wider than a phone's screen scrolls inside its box: the box is then reachable with the keyboard and
named after its table (WCAG 2.1.1, axe's scrollable-region-focusable); on a wide screen it is left alone."""

import pytest

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scroll_boxes(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.table-scroll')].map((box) => ({
        scrolls: box.scrollWidth > box.clientWidth + 1, tabindex: box.getAttribute('tabindex'),
        role: box.getAttribute('role'), label: box.getAttribute('aria-label') || ''}))""")


def test_a_table_that_scrolls_on_a_phone_can_be_reached_and_is_named(world, new_page, live_server):
    page = new_page(width=360, height=740)
    login(page, live_server, world.officer)
    page.goto(f"/jst/{world.municipality.slug}/panel/")
    boxes = scroll_boxes(page)
    scrolling = [box for box in boxes if box["scrolls"]]
    assert scrolling, boxes
    assert all(box["tabindex"] == "0" and box["role"] == "region" and box["label"] for box in scrolling)
    assert_accessible(page)

    page.set_viewport_size({"width": 1600, "height": 900})
    page.evaluate("() => window.dispatchEvent(new Event('resize'))")
    assert all(box["tabindex"] is None for box in scroll_boxes(page) if not box["scrolls"])
    assert not page.console_errors
