"""The municipality's navigation in Chromium at desktop and phone width: a plane's group opens and closes with
the keyboard, one group is open at a time, a link is followed and the section and its plane are then marked as
current; the open panel stays inside the screen; axe-core finds nothing with a group open or closed."""

import pytest

from .conftest import assert_accessible, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim()")


def is_open(page, title: str) -> bool:
    return page.locator("details.municipality-nav__details", has_text=title).evaluate("(details) => details.open")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_plane_group_opens_with_the_keyboard_and_its_link_is_followed(world, new_page, viewport):
    page = new_page(**viewport)
    set_language(page, "en")
    slug = world.municipality.slug
    page.goto(f"/jst/{slug}/")
    nav = page.locator("nav.municipality-nav")
    assert nav.get_by_role("link", name="Overview").get_attribute("aria-current") == "page"
    # Closed groups hide their links: the keyboard goes from summary to summary.
    assert not nav.get_by_role("link", name="Open calls for offers").is_visible()
    nav.get_by_role("link", name="Overview").focus()
    page.keyboard.press("Tab")
    assert focused(page) == "Creating public policies"
    page.keyboard.press("Tab")
    assert focused(page) == "Delivering public tasks"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus is visible
    page.keyboard.press("Enter")
    assert is_open(page, "Delivering public tasks")
    link = nav.get_by_role("link", name="Open calls for offers")
    assert link.is_visible()
    box = page.locator("details[open] .municipality-nav__panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["height"] > 0
    for item in page.locator("details[open] .municipality-nav__panel a").all():
        assert item.bounding_box()["height"] >= 44  # target size
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert_accessible(page)

    # Escape closes the group and gives the focus back to its summary; Space opens it again.
    page.keyboard.press("Escape")
    assert not is_open(page, "Delivering public tasks")
    assert focused(page) == "Delivering public tasks"
    page.keyboard.press("Space")
    assert is_open(page, "Delivering public tasks")
    # Opening another group closes this one.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert is_open(page, "Creating public policies")
    assert not is_open(page, "Delivering public tasks")
    page.keyboard.press("Escape")

    # Into the open group and along its first link.
    nav.locator("summary", has_text="Delivering public tasks").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page) == "Open calls for offers"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/jst/{slug}/dotacje/konkursy/")
    nav = page.locator("nav.municipality-nav")
    assert nav.locator("a[aria-current=page]").get_attribute("href") == f"/jst/{slug}/dotacje/konkursy/"
    assert nav.locator("summary[aria-current=true]").inner_text() == "Delivering public tasks"
    assert not is_open(page, "Delivering public tasks")
    assert_accessible(page)
    assert not page.console_errors


def test_the_groups_work_without_javascript_and_a_click_outside_closes_one(world, browser, live_server, new_page):
    slug = world.municipality.slug
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/jst/{slug}/")
        page.locator("summary", has_text="Infrastruktura współpracy").click()
        page.locator("nav.municipality-nav").get_by_role("link", name="Partnerstwa").click()
        page.wait_for_url(f"**/jst/{slug}/partnerstwa/")
        current = page.locator("nav.municipality-nav a[aria-current=page]")
        assert current.get_attribute("href") == f"/jst/{slug}/partnerstwa/"
    finally:
        context.close()

    page = new_page(**DESKTOP)
    page.goto(f"/jst/{slug}/")
    page.locator("summary", has_text="Infrastruktura współpracy").click()
    assert is_open(page, "Infrastruktura współpracy")
    page.locator("main h1").click()
    assert not is_open(page, "Infrastruktura współpracy")
    assert not page.console_errors


def test_the_officer_sees_the_panel_link_and_the_bar_is_accessible_in_polish(world, new_page, live_server):
    from .conftest import login

    page = new_page(**PHONE)
    login(page, live_server, world.officer)
    page.goto(f"/jst/{world.municipality.slug}/konsultacje/rada/")
    nav = page.locator("nav.municipality-nav")
    panel = nav.get_by_role("link", name="Panel urzędnika")
    assert panel.get_attribute("href") == f"/jst/{world.municipality.slug}/panel/"
    assert nav.locator("summary[aria-current=true]").inner_text() == "Tworzenie polityk publicznych"
    page.locator("summary", has_text="Tworzenie polityk publicznych").click()
    assert nav.get_by_role("link", name="Program współpracy").is_visible()
    assert nav.locator("a[aria-current=page]").inner_text() == "Rada Działalności Pożytku Publicznego"
    assert_accessible(page)
    assert not page.console_errors
