"""axe-core (WCAG 2.1 A and AA) on every page of the foundation in Polish and English, plus what axe does not
check: one h1, the skip link, the footer's accessibility declaration link, html[lang], the translated
navigation, no CSP violations and a layout that reflows at 320 CSS pixels.

Pages are checked in groups that share one person and one language, so one test builds the data once and
reports every problem of every page in the group (not just the first)."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from .conftest import (
    assert_accessible,
    axe_violations,
    format_violations,
    login,
    set_language,
    switch_language_with_button,
)
from .world import STANDARD_CODE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The main navigation in each language (Polish from locale/pl/LC_MESSAGES/django.po).
NAVIGATION = {
    "en": {"home": "Municipalities", "model": "About the Model", "login": "Log in"},
    "pl": {"home": "Samorządy", "model": "O Modelu", "login": "Zaloguj się"},
}


@dataclass(frozen=True)
class Page:
    """A page to check: its URL name and kwargs (paths into the world), who looks at it, and whether it
    belongs to a municipality (then its footer links to that municipality's declaration)."""

    name: str
    url: str
    kwargs: tuple = ()
    query: str = ""
    role: str = "anonymous"
    municipal: bool = False

    def address(self, world) -> str:
        values = {key: _resolve(world, path) for key, path in self.kwargs}
        return reverse(self.url, kwargs=values) + self.query


def _resolve(world, path: str):
    if not path.startswith("world."):
        return path
    value = world
    for attribute in path.removeprefix("world.").split("."):
        value = getattr(value, attribute)
    return value


SLUG = (("municipality_slug", "world.municipality.slug"),)
ORGANIZATION = (("pk", "world.organization.pk"),)
PAGES = [
    # Public pages.
    Page("home", "cooperation:home"),
    Page("model", "cooperation:model"),
    Page("municipality", "cooperation:municipality_detail", SLUG, municipal=True),
    Page("directory", "cooperation:directory", SLUG, municipal=True),
    Page("directory-filtered", "cooperation:directory", SLUG, query="?q=Ziemi&sphere=16", municipal=True),
    Page("directory-no-results", "cooperation:directory", SLUG, query="?q=nieistniej%C4%85ca", municipal=True),
    Page("tracker", "cooperation:tracker", SLUG, municipal=True),
    Page("municipality-declaration", "cooperation:accessibility_declaration", SLUG, municipal=True),
    Page("platform-declaration", "cooperation:platform_accessibility_declaration"),
    Page("organization", "cooperation:organization_detail", ORGANIZATION),
    Page("login", "account_login"),
    Page("signup", "account_signup"),
    Page("password-reset", "account_reset_password"),
    # An NGO owner.
    Page("dashboard", "cooperation:dashboard", role="owner"),
    Page("organization-as-owner", "cooperation:organization_detail", ORGANIZATION, role="owner"),
    Page("organization-edit", "cooperation:organization_edit", ORGANIZATION, role="owner"),
    Page("members", "cooperation:members", ORGANIZATION, role="owner"),
    Page("organization-municipalities", "cooperation:organization_municipalities", ORGANIZATION, role="owner"),
    Page("organization-create", "cooperation:organization_create", role="owner"),
    Page("my-data", "cooperation:my_data", role="owner"),
    Page("account-delete", "cooperation:account_delete", role="owner"),
    Page("account-email", "account_email", role="owner"),
    Page("change-password", "account_change_password", role="owner"),
    Page("two-factor", "mfa_index", role="owner"),
    # The municipality's officer.
    Page("officer-dashboard", "cooperation:dashboard", role="officer"),
    Page("panel", "cooperation:panel", SLUG, role="officer", municipal=True),
    Page("link-list", "cooperation:link_list", SLUG, role="officer", municipal=True),
    Page("history", "cooperation:history", SLUG, role="officer", municipal=True),
    Page("tracker-as-officer", "cooperation:tracker", SLUG, role="officer", municipal=True),
    Page("standard-edit", "cooperation:standard_edit", (*SLUG, ("code", STANDARD_CODE)), role="officer",
         municipal=True),
    Page("declaration-edit", "cooperation:declaration_edit", SLUG, role="officer", municipal=True),
]
ROLES = ["anonymous", "owner", "officer"]


def _person(page, live_server, world, role: str, language: str) -> None:
    if role != "anonymous":
        login(page, live_server, getattr(world, role))
    set_language(page, language)


def _declaration_url(world, municipal: bool) -> str:
    if municipal:
        return reverse("cooperation:accessibility_declaration", kwargs={"municipality_slug": world.municipality.slug})
    return reverse("cooperation:platform_accessibility_declaration")


def page_problems(page, world, target: Page, language: str) -> list[str]:
    """Everything wrong with one page, as readable lines (empty when the page is fine)."""
    problems = []
    page.console_errors.clear()
    response = page.goto(target.address(world))
    if response.status != 200:
        return [f"HTTP {response.status} at {page.url}"]

    lang = page.locator("html").get_attribute("lang")
    if lang != language:
        problems.append(f"html[lang] is {lang!r}")
    headings = page.locator("h1").all_inner_texts()
    if len(headings) != 1:
        problems.append(f"{len(headings)} h1 elements: {headings}")
    nav = page.locator("header nav.main-nav")
    expected_links = [NAVIGATION[language]["home"], NAVIGATION[language]["model"]]
    if target.role == "anonymous":
        expected_links.append(NAVIGATION[language]["login"])
    for text in expected_links:
        if nav.get_by_role("link", name=text, exact=True).count() != 1:
            problems.append(f"main navigation has no link {text!r}: {nav.get_by_role('link').all_inner_texts()}")
    declaration = _declaration_url(world, target.municipal)
    if page.locator(f"footer a[href='{declaration}']").count() != 1:
        problems.append(f"footer does not link to the accessibility declaration {declaration}")

    # The skip link is the first stop of the keyboard and moves focus to the main content.
    page.keyboard.press("Tab")
    first = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    if first != ["skip-link", "#main"]:
        problems.append(f"first focusable element is {first}, not the skip link")
    elif not page.locator(".skip-link").is_visible():
        problems.append("the focused skip link is not visible")
    else:
        page.keyboard.press("Enter")
        if page.evaluate("() => document.activeElement.id") != "main":
            problems.append("the skip link does not move focus to <main>")

    violations = axe_violations(page)
    if violations:
        problems.append("axe-core:\n" + format_violations(violations))
    if page.console_errors:
        problems.append(f"browser console errors (CSP?): {page.console_errors}")
    return problems


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_pages_are_accessible(page, live_server, world, role, language):
    _person(page, live_server, world, role, language)
    report = {}
    for target in [p for p in PAGES if p.role == role]:
        problems = page_problems(page, world, target, language)
        if problems:
            report[target.name] = problems
    assert not report, "\n".join(
        f"--- {name} ({role}, {language}):\n  " + "\n  ".join(problems) for name, problems in report.items()
    )


@pytest.mark.parametrize("language", ["pl", "en"])
def test_empty_organization_form_shows_a_focused_error_summary(page, live_server, world, language):
    required = {"pl": "To pole jest wymagane.", "en": "This field is required."}[language]
    _person(page, live_server, world, "owner", language)
    page.goto(reverse("cooperation:organization_create"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    hrefs = summary.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"#id_name", "#id_legal_form", "#id_street", "#id_postal_code", "#id_city", "#id_email",
            "#id_municipalities_0"} <= set(hrefs), hrefs
    # Each invalid field is marked and its message is tied to it.
    name = page.locator("#id_name")
    assert name.get_attribute("aria-invalid") == "true"
    described_by = name.get_attribute("aria-describedby").split()
    assert any(required in page.locator(f"#{id_}").inner_text() for id_ in described_by), described_by
    # Following a summary link moves focus to the field.
    summary.locator("a[href='#id_name']").click()
    assert page.evaluate("() => document.activeElement.id") == "id_name"

    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    assert page.console_errors == []


def test_axe_helper_reports_violations(page):
    """The harness itself: a page with known WCAG failures must not pass."""
    page.set_content('<html><body><img src="logo.png"><a href="/"></a>'
                     '<input type="text" name="q"></body></html>')
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    report = str(failure.value)
    for rule in ("html-has-lang", "image-alt", "link-name", "label"):
        assert f"] {rule}:" in report, report


def test_language_switcher_changes_language_and_stays_on_the_page(page, world):
    directory = reverse("cooperation:directory", kwargs={"municipality_slug": world.municipality.slug})
    page.goto(directory)
    assert page.locator("html").get_attribute("lang") == "pl"
    switch_language_with_button(page, "en")
    assert page.url.endswith(directory)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("nav.main-nav").get_by_role("link", name="Municipalities", exact=True).is_visible()
    switch_language_with_button(page, "pl")
    assert page.url.endswith(directory)
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.locator("nav.main-nav").get_by_role("link", name="Samorządy", exact=True).is_visible()


def test_pages_reflow_at_320_pixels(new_page, live_server, world):
    """WCAG 1.4.10: no horizontal scrolling of the page at 320 CSS pixels (wide tables scroll on their own)."""
    overflowing = {}
    for role in ROLES:
        page = new_page(width=320, height=640)
        _person(page, live_server, world, role, "pl")
        for target in [p for p in PAGES if p.role == role]:
            page.goto(target.address(world))
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                overflowing[target.name] = overflow
    assert overflowing == {}, f"pages wider than a 320px screen (extra px): {overflowing}"
