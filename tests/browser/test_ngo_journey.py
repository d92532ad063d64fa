"""The foundation's main journey, in Polish, in a real browser: a person registers an NGO (keyboard only),
invites a member by e-mail, the member accepts, the municipality's officer confirms the organization and an
anonymous visitor finds it in the municipality's directory by name and by sphere."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from cooperation.enums import MembershipRole, OrganizationLinkStatus
from cooperation.models import Organization, OrganizationMunicipality, Sphere
from tests.factories import UserFactory, valid_nip, valid_regon

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Stowarzyszenie Ratowników Wodnych „Bałtyckie Wydmy”"
SEARCH_WORD = "Wydmy"
KRS = "0000612345"
NIP = valid_nip(424242)
REGON = valid_regon(424242)
SPHERE_CODES = ["18", "23"]


def pl(msgid: str, **values) -> str:
    """What the Polish interface shows for an English msgid."""
    with translation.override("pl"):
        text = translation.gettext(msgid)
    return text % values if values else text


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


def tab_to(page, element_id: str, visited: list[str], limit: int = 80) -> None:
    """Press Tab until the element has focus, recording every stop (the keyboard order of the form)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        visited.append(focused(page))
        if visited[-1] == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}; stops: {visited[-15:]}")


def register_with_keyboard(page, municipality, spheres) -> None:
    """Fill in and send the registration form using the keyboard alone."""
    visited: list[str] = []
    page.locator("main h1").click()  # start from the top of the main content, as after the skip link
    text_fields = [
        ("id_name", NAME), ("id_krs", KRS), ("id_nip", NIP), ("id_regon", REGON),
        ("id_street", "ul. Nadmorska 12/3"), ("id_postal_code", "76-032"), ("id_city", "Mielno"),
        ("id_email", "zarzad@baltyckie-wydmy.example.pl"), ("id_phone", "+48 601 234 567"),
        ("id_description", "Szkolimy ratowników i dbamy o bezpieczeństwo na plażach gminy."),
    ]
    for element_id, value in text_fields[:1]:
        tab_to(page, element_id, visited)
        page.keyboard.type(value)
    tab_to(page, "id_legal_form", visited)
    for _ in range(12):  # a closed <select> changes its value with the arrow keys
        if page.locator("#id_legal_form").input_value() == "association":
            break
        page.keyboard.press("ArrowDown")
    assert page.locator("#id_legal_form").input_value() == "association"
    for element_id, value in text_fields[1:]:
        tab_to(page, element_id, visited)
        page.keyboard.type(value)
    for sphere in spheres:
        checkbox_id = page.locator(f"input[name=spheres][value='{sphere.pk}']").get_attribute("id")
        tab_to(page, checkbox_id, visited)
        page.keyboard.press("Space")
    municipality_box = page.locator(f"input[name=municipalities][value='{municipality.pk}']")
    tab_to(page, municipality_box.get_attribute("id"), visited)
    page.keyboard.press("Space")
    assert municipality_box.is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "submit"

    # The keyboard order follows the visual order of the form.
    order = [stop for stop in visited if stop.startswith("id_") and not stop.startswith(("id_spheres", "id_municipalities"))]
    assert order == ["id_name", "id_legal_form", "id_krs", "id_other_register", "id_nip", "id_regon", "id_street",
                     "id_postal_code", "id_city", "id_email", "id_phone", "id_website", "id_description", "id_logo",
                     "id_wants_email", "id_wants_post"]

    with page.expect_navigation():
        page.keyboard.press("Enter")


def directory_names(page) -> list[str]:
    return page.locator("main .cards h2").all_inner_texts()


def test_register_invite_confirm_and_find_in_directory(page, new_page, live_server, world):
    municipality = world.municipality
    spheres = list(Sphere.objects.filter(code__in=SPHERE_CODES).order_by("order"))
    founder = UserFactory(email="prezes@baltyckie-wydmy.example.pl", full_name="Henryk Ratownik")
    member = UserFactory(email="wolontariuszka@example.pl", full_name="Ewa Wolontariuszka")
    directory = reverse("cooperation:directory", kwargs={"municipality_slug": municipality.slug})
    mail.outbox.clear()

    # 1. The founder registers the organization, keyboard only.
    login(page, live_server, founder)
    page.goto(reverse("cooperation:organization_create"))
    assert_accessible(page)
    register_with_keyboard(page, municipality, spheres)

    organization = Organization.objects.get(name=NAME)
    assert page.url.endswith(organization.get_absolute_url())
    assert page.locator("main h1").inner_text() == NAME
    assert page.locator(".message--success").inner_text() == pl(
        "The organization is registered. It will appear in a municipality's directory once "
        "the municipality's officer confirms it."
    )
    assert (organization.krs, organization.nip, organization.regon) == (KRS, NIP, REGON)
    assert sorted(organization.spheres.values_list("code", flat=True)) == sorted(SPHERE_CODES)
    assert list(organization.memberships.values_list("user__email", "role")) == [(founder.email, MembershipRole.OWNER)]
    with scopes_disabled():
        link = OrganizationMunicipality.objects.get(organization=organization)
    assert (link.municipality, link.status) == (municipality, OrganizationLinkStatus.PENDING)
    # The municipality's officer hears about it.
    assert [m.to for m in mail.outbox] == [[world.officer.email]]
    assert NAME in mail.outbox[0].subject

    # 2. Not public before the officer confirms it.
    visitor = new_page()
    visitor.goto(f"{directory}?q={SEARCH_WORD}")
    assert directory_names(visitor) == []
    assert visitor.goto(organization.get_absolute_url()).status == 404

    # 3. The founder invites a member by e-mail.
    page.locator("main .actions").get_by_role("link", name=pl("Members"), exact=True).click()
    page.get_by_label(pl("E-mail address of the person to invite")).fill(member.email)
    page.get_by_label(pl("Role")).select_option(MembershipRole.EDITOR)
    page.get_by_role("button", name=pl("Send invitation")).click()
    assert page.locator(".message--success").inner_text() == pl("Invitation sent to %(email)s.", email=member.email)
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == [member.email]
    assert NAME in invitation_mail.subject
    invitation_path = re.search(r"/zaproszenie/[\w-]+/", invitation_mail.body).group(0)

    # 4. The member opens the link, accepts and finds the organization on their desk.
    member_page = new_page()
    login(member_page, live_server, member)
    member_page.goto(invitation_path)
    member_page.get_by_role("button", name=pl("Accept the invitation")).click()
    assert member_page.locator(".message--success").inner_text() == pl("You are now a member of %(name)s.", name=NAME)
    member_page.get_by_role("navigation", name=pl("Main menu")).get_by_role("link", name=pl("My desk")).click()
    assert member_page.locator("main .cards").get_by_role("link", name=NAME).is_visible()
    assert organization.memberships.get(user=member).role == MembershipRole.EDITOR

    # 5. The officer sees it waiting in the panel and confirms it.
    officer_page = new_page()
    login(officer_page, live_server, world.officer)
    officer_page.goto(reverse("cooperation:panel", kwargs={"municipality_slug": municipality.slug}))
    officer_page.get_by_role("link", name=pl("Organizations to confirm")).click()
    pending = officer_page.locator("main section.card h2").all_inner_texts()
    assert sorted(pending) == sorted([NAME, world.pending_organization.name])
    assert_accessible(officer_page)
    officer_page.get_by_role("button", name=f"{pl('Confirm')} {NAME}", exact=True).click()
    assert officer_page.locator(".message--success").inner_text() == pl(
        "%(name)s is confirmed and appears in the directory.", name=NAME
    )
    assert officer_page.locator("main section.card h2").all_inner_texts() == [world.pending_organization.name]
    link.refresh_from_db()
    assert (link.status, link.decided_by) == (OrganizationLinkStatus.CONFIRMED, world.officer)

    # 6. An anonymous visitor finds it by part of its name, and by one of its spheres.
    visitor.goto(directory)
    assert sorted(directory_names(visitor)) == sorted([NAME, world.organization.name])
    # The results update in place (htmx): wait for them rather than for a page load.
    visitor.get_by_label(pl("Search"), exact=True).fill(SEARCH_WORD)
    visitor.locator("main form[role=search] button[type=submit]").click()
    expect(visitor.locator("main .cards h2")).to_have_text([NAME])
    visitor.get_by_label(pl("Search"), exact=True).fill("")
    expect(visitor.locator("main .cards h2")).to_have_count(2)
    visitor.get_by_label(pl("Sphere of public benefit")).select_option(SPHERE_CODES[0])
    visitor.locator("main form[role=search] button[type=submit]").click()
    expect(visitor.locator("main .cards h2")).to_have_text([NAME])
    visitor.locator("main .cards").get_by_role("link", name=NAME).click()
    assert visitor.locator("main h1").inner_text() == NAME
    assert visitor.locator("main").get_by_text(KRS).is_visible()
