"""Browser test harness: one Chromium per session (Debian's /usr/bin/chromium, never a downloaded browser),
a fresh context per test, cookie login without the MFA prompt, a language switch and an axe-core check.

Every browser test uses pytest-django's `live_server` and `@pytest.mark.django_db(transaction=True)`, and
is marked `@pytest.mark.browser`. Transactional tests flush the database, so take data from the `world`
fixture (or call `ensure_reference_data()` before `call_command("seed_demo")`).
"""

import json

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

from .world import World, build_world, ensure_reference_data

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AXE_SOURCE_PATH = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """A factory of pages, each in its own context (its own cookies): `new_page()` for a second person.
    Console errors (CSP violations among them) are collected in `page.console_errors`."""
    contexts = []

    def make(*, width: int = 1280, height: int = 900, locale: str = "pl-PL"):
        # A Polish visitor's browser by default (the portal itself ignores Accept-Language: Polish until the
        # language switcher's cookie says otherwise).
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, locale=locale
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.portal_url = live_server.url
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def world(live_server) -> World:
    return build_world()


@pytest.fixture
def reference_data(transactional_db) -> None:
    ensure_reference_data()


def login(page, live_server, user) -> None:
    """Log `user` in by handing the browser a session made with Client.force_login: no password form and
    no TOTP prompt (RequireMFAMiddleware only demands that officers *have* TOTP)."""
    client = Client()
    client.force_login(user)
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_id, "url": live_server.url}])


def set_language(page, code: str) -> None:
    """Choose the interface language for the following requests (the cookie the language switcher sets)."""
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": page.context.portal_url}])


def switch_language_with_button(page, code: str) -> None:
    """Use the switcher in the header, as a person would; stays on the same page."""
    page.locator(f".language-switcher button[value='{code}']").click()
    page.wait_for_load_state()


def _inject_axe(page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluate() runs through the DevTools protocol, which our CSP (no inline scripts) does not block.
        page.evaluate(AXE_SOURCE_PATH.read_text(encoding="utf-8"))


def axe_violations(page) -> list[dict]:
    _inject_axe(page)
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        })""",
        AXE_TAGS,
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {json.dumps(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail on ANY WCAG 2.0/2.1 A or AA violation axe-core finds on the current page."""
    violations = axe_violations(page)
    assert not violations, f"axe-core found {len(violations)} violation(s) on {page.url}:\n" + format_violations(
        violations
    )
