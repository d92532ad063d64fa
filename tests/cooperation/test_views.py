"""Every view of views/public.py, views/organizations.py and views/panel.py: a happy path that checks what
the page says or what changed, and a role that must be refused."""

import html
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from cooperation import services
from cooperation.enums import (
    DeclarationMethod,
    DeclarationStatus,
    LegalForm,
    MembershipRole,
    OrganizationLinkStatus,
    StandardImplementation,
)
from cooperation.models import (
    AccessibilityDeclaration,
    AuditEntry,
    Invitation,
    Membership,
    Organization,
    OrganizationMunicipality,
    Sphere,
    Standard,
    StandardStatus,
)
from tests.cooperation.core_roles import build_world
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STANDARD = "P1.A5.T2.S1"


@pytest.fixture
def client(client):
    """Pages in English (the msgids), so assertions do not depend on the Polish catalogue."""
    client.cookies["django_language"] = "en"  # the language switcher's cookie
    return client


@pytest.fixture
def world():
    return build_world()


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _messages(response) -> list[tuple[str, str]]:
    return [
        (level, html.unescape(text).strip())
        for level, text in re.findall(r'<p class="message message--(\w+)">(.*?)</p>', response.content.decode(), re.S)
    ]


def _card_names(response) -> list[str]:
    """Organization names of the directory's result cards, in order."""
    return [html.unescape(name) for name in re.findall(r'<li class="card">\s*<h2><a href="[^"]+">([^<]+)</a>',
                                                        response.content.decode())]


def _audit(**filters) -> list[str]:
    with scopes_disabled():
        return list(AuditEntry.objects.filter(**filters).order_by("id").values_list("action", flat=True))


def _login_redirect(response, path: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login")) and (
        "next=" in response["Location"]
    ) and path.split("?")[0] in re.sub("%2F", "/", response["Location"])


# ======================================================================================================
# Public pages
# ======================================================================================================


def test_healthz_answers_ok_in_plain_text(client):
    response = client.get(reverse("cooperation:healthz"))
    assert (response.status_code, response.content, response["Content-Type"]) == (200, b"ok", "text/plain")


def test_healthz_refuses_post(client):
    assert client.post(reverse("cooperation:healthz")).status_code == 405


def test_home_lists_every_municipality_with_its_number_of_confirmed_organizations(client, world):
    OrganizationMunicipalityFactory(municipality=world.here, status=OrganizationLinkStatus.CONFIRMED)
    OrganizationMunicipalityFactory(municipality=world.here, status=OrganizationLinkStatus.PENDING)
    OrganizationMunicipalityFactory(municipality=world.elsewhere, status=OrganizationLinkStatus.REJECTED)

    text = _text(client.get(reverse("cooperation:home")))

    here = text.index("Gmina Tutejsza")
    elsewhere = text.index("Gmina Obca")
    assert elsewhere < here  # alphabetical
    assert "2 organizations in the directory" in text[here:]
    assert "0 organizations in the directory" in text[elsewhere:here]
    assert f"TERYT {world.here.teryt}" in text


def test_home_refuses_post(client):
    assert client.post(reverse("cooperation:home")).status_code == 405


def test_model_page_explains_planes_areas_and_standards(client):
    text = _text(client.get(reverse("cooperation:model")))
    assert text.count("<h1>") == 1
    for code in ("P1", "P2", "P3", "P1.A5", STANDARD):
        assert code in text
    assert Standard.objects.get(code=STANDARD).text_en in text


def test_model_page_refuses_post(client):
    assert client.post(reverse("cooperation:model")).status_code == 405


def test_municipality_page_shows_its_data_officers_and_counts(client, world):
    services.set_standard_status(municipality=world.here, standard=Standard.objects.get(code=STANDARD), actor=None,
                                 status=StandardImplementation.IMPLEMENTED)
    OrganizationMunicipalityFactory(municipality=world.here, status=OrganizationLinkStatus.PENDING)

    text = _text(client.get(world.here.get_absolute_url()))

    assert "<h1>Gmina Tutejsza</h1>" in text
    assert world.here.teryt in text
    assert world.user("officer_here").get_full_name() in text
    assert world.user("officer_elsewhere").get_full_name() not in text
    assert "1 confirmed organization" in text
    assert f"1 of {Standard.objects.count()} minimal standards of the Model implemented" in text


def test_municipality_page_refuses_post(client, world):
    assert client.post(world.here.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("name", ["home", "model", "dashboard", "platform_accessibility_declaration"])
def test_pages_carry_a_content_security_policy_without_unsafe_inline(client, world, name):
    client.force_login(world.user("resident"))
    response = client.get(reverse(f"cooperation:{name}"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_unknown_municipality_is_404(client):
    assert client.get("/jst/nie-ma-takiej/").status_code == 404
    assert client.get("/jst/nie-ma-takiej/organizacje/").status_code == 404


@pytest.fixture
def directory_world(world):
    spheres = {s.code: s for s in Sphere.objects.filter(code__in=["16", "17", "18"])}

    def org(name, status, sphere, municipality=world.here, **fields):
        organization = OrganizationFactory(name=name, **fields)
        organization.spheres.set([spheres[sphere]])
        OrganizationMunicipalityFactory(organization=organization, municipality=municipality, status=status)
        return organization

    with scopes_disabled():
        OrganizationMunicipality.objects.filter(organization=world.organization).delete()
    org("Stowarzyszenie Łąki", OrganizationLinkStatus.CONFIRMED, "16", krs="0000359730", nip="8567346215",
        city="Mielno")
    org("Fundacja Zielone Wzgórza", OrganizationLinkStatus.CONFIRMED, "18", description="Chronimy lasy.")
    org("Klub Sportowy Orlik", OrganizationLinkStatus.CONFIRMED, "17")
    org("Fundacja Oczekująca", OrganizationLinkStatus.PENDING, "18")
    org("Fundacja Odrzucona", OrganizationLinkStatus.REJECTED, "18")
    org("Fundacja Obca", OrganizationLinkStatus.CONFIRMED, "18", municipality=world.elsewhere)
    return world


def _directory(client, world, **params):
    return client.get(reverse("cooperation:directory", kwargs={"municipality_slug": world.here.slug}), params)


def test_directory_lists_confirmed_organizations_only_in_name_order(client, directory_world):
    response = _directory(client, directory_world)
    assert _card_names(response) == ["Fundacja Zielone Wzgórza", "Klub Sportowy Orlik", "Stowarzyszenie Łąki"]
    assert "3 organizations found" in _text(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "fundacja"}, ["Fundacja Zielone Wzgórza"]),
        ({"q": "Łąk"}, ["Stowarzyszenie Łąki"]),  # SQLite folds the case of ASCII letters only
        ({"q": "laki"}, ["Stowarzyszenie Łąki"]),  # diacritics do not matter
        ({"q": "WZGORZA"}, ["Fundacja Zielone Wzgórza"]),
        ({"q": "lasy"}, ["Fundacja Zielone Wzgórza"]),
        ({"q": "mielno"}, ["Stowarzyszenie Łąki"]),
        ({"q": "0000359730"}, ["Stowarzyszenie Łąki"]),
        ({"q": "359730"}, ["Stowarzyszenie Łąki"]),
        ({"q": "8567346215"}, ["Stowarzyszenie Łąki"]),
        ({"q": "856-734-62-15"}, ["Stowarzyszenie Łąki"]),
        ({"q": "PL8567346215"}, ["Stowarzyszenie Łąki"]),
        ({"sphere": "18"}, ["Fundacja Zielone Wzgórza"]),
        ({"sphere": "17"}, ["Klub Sportowy Orlik"]),
        ({"q": "fundacja", "sphere": "17"}, []),
        ({"q": "Oczekująca"}, []),
        ({"q": "Odrzucona"}, []),
        ({"q": "Obca"}, []),
    ],
)
def test_directory_search_and_sphere_filter_show_exactly_the_matching_confirmed_organizations(
    client, directory_world, params, expected
):
    response = _directory(client, directory_world, **params)
    assert _card_names(response) == expected
    if not expected:
        assert "No organization matches. Try another word or sphere." in _text(response)


def test_directory_of_a_municipality_without_confirmed_organizations_says_so(client, world):
    with scopes_disabled():
        OrganizationMunicipality.objects.update(status=OrganizationLinkStatus.PENDING)
    response = _directory(client, world)
    assert _card_names(response) == []
    assert "No organization has been confirmed in this municipality yet." in _text(response)


def test_directory_refuses_post(client, world):
    response = client.post(reverse("cooperation:directory", kwargs={"municipality_slug": world.here.slug}))
    assert response.status_code == 405


def test_tracker_shows_each_standard_with_its_status_and_evidence_link(client, world):
    services.set_standard_status(
        municipality=world.here, standard=Standard.objects.get(code=STANDARD), actor=None,
        status=StandardImplementation.IMPLEMENTED, evidence_url="https://bip.example.pl/uchwala-rdpp",
        responsible_person="Jan Odpowiedzialny",
    )
    text = _text(client.get(reverse("cooperation:tracker", kwargs={"municipality_slug": world.here.slug})))
    row = text[text.index(STANDARD):].split("</tr>")[0]
    assert "badge--implemented" in row
    assert ">implemented<" in row
    assert 'href="https://bip.example.pl/uchwala-rdpp"' in row
    assert "Jan Odpowiedzialny" in row
    assert text.count('<th scope="row">') == Standard.objects.count()


@pytest.mark.parametrize(("role", "sees_edit"), [("anonymous", False), ("resident", False),
                                                  ("officer_elsewhere", False), ("officer_here", True)])
def test_tracker_offers_edit_links_to_the_municipalitys_officers_only(client, world, role, sees_edit):
    if role != "anonymous":
        client.force_login(world.user(role))
    text = _text(client.get(reverse("cooperation:tracker", kwargs={"municipality_slug": world.here.slug})))
    edit_url = reverse("cooperation:standard_edit", kwargs={"municipality_slug": world.here.slug, "code": STANDARD})
    assert (edit_url in text) is sees_edit


def _declaration(municipality, **overrides):
    fields = {
        "status": DeclarationStatus.PARTIAL, "published_on": date(2026, 1, 15), "last_update_on": date(2026, 2, 1),
        "prepared_on": date(2026, 1, 20), "reviewed_on": date(2026, 3, 1), "method": DeclarationMethod.SELF,
        "contact_person": "Anna Dostępna", "email": "dostepnosc@tutejsza.example.pl", "phone": "+48 94 111 22 33",
    }
    fields.update(overrides)
    return services.save_accessibility_declaration(municipality=municipality, actor=None, **fields)


def test_accessibility_declaration_page_shows_the_municipalitys_declaration_with_its_element_ids(client, world):
    _declaration(world.here)
    _declaration(world.elsewhere, contact_person="Ktoś Obcy")
    text = _text(client.get(reverse("cooperation:accessibility_declaration",
                                    kwargs={"municipality_slug": world.here.slug})))
    assert '<span id="a11y-osoba">Anna Dostępna</span>' in text
    assert '<span id="a11y-data-publikacja">2026-01-15</span>' in text
    assert '<span id="a11y-podmiot">Gmina Tutejsza</span>' in text
    assert "Ktoś Obcy" not in text


def test_accessibility_declaration_page_without_a_declaration_points_to_the_operators(client, world):
    text = _text(client.get(reverse("cooperation:accessibility_declaration",
                                    kwargs={"municipality_slug": world.here.slug})))
    assert "Gmina Tutejsza has not yet published its accessibility declaration" in text
    assert reverse("cooperation:platform_accessibility_declaration") in text


def test_accessibility_declaration_refuses_post(client, world):
    url = reverse("cooperation:accessibility_declaration", kwargs={"municipality_slug": world.here.slug})
    assert client.post(url).status_code == 405


def test_platform_accessibility_declaration_names_the_operator(client, settings):
    settings.PORTAL_OPERATOR = "Fundacja Operator"
    settings.PORTAL_CONTACT_EMAIL = "a11y@operator.example.org"
    text = _text(client.get(reverse("cooperation:platform_accessibility_declaration")))
    assert '<span id="a11y-podmiot">Fundacja Operator</span>' in text
    assert "a11y@operator.example.org" in text
    assert client.post(reverse("cooperation:platform_accessibility_declaration")).status_code == 405


# ======================================================================================================
# NGO side
# ======================================================================================================


def test_dashboard_lists_my_organizations_and_municipalities(client, world):
    client.force_login(world.user("owner"))
    text = _text(client.get(reverse("cooperation:dashboard")))
    assert "Stowarzyszenie Testowe" in text
    assert "Municipalities I administer" not in text

    client.force_login(world.user("officer_here"))
    text = _text(client.get(reverse("cooperation:dashboard")))
    assert reverse("cooperation:panel", kwargs={"municipality_slug": "tutejsza"}) in text
    assert reverse("cooperation:panel", kwargs={"municipality_slug": "obca"}) not in text
    assert "You do not belong to any organization yet." in text


def test_dashboard_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("cooperation:dashboard"))
    assert _login_redirect(response, reverse("cooperation:dashboard"))


def _registration(**overrides):
    data = {
        "name": "Fundacja Nowa", "legal_form": LegalForm.FOUNDATION, "krs": "359730", "nip": "PL 856-734-62-15",
        "regon": "123-456-785", "street": "ul. Polna 1", "postal_code": "75-001", "city": "Koszalin",
        "email": "nowa@example.org", "wants_email": "on", "spheres": ["16"],
    }
    data.update(overrides)
    return data


def test_registering_an_organization_makes_me_its_owner_and_asks_the_municipality(client, world):
    user = world.user("resident")
    client.force_login(user)
    sphere_pk = Sphere.objects.get(code="16").pk

    response = client.post(
        reverse("cooperation:organization_create"),
        _registration(municipalities=[world.here.pk], spheres=[sphere_pk]),
        follow=True,
    )

    organization = Organization.objects.get(name="Fundacja Nowa")
    assert response.redirect_chain[-1][0] == organization.get_absolute_url()
    assert (organization.krs, organization.nip, organization.regon) == ("0000359730", "8567346215", "123456785")
    assert list(organization.spheres.values_list("code", flat=True)) == ["16"]
    assert list(organization.memberships.values_list("user", "role")) == [(user.pk, MembershipRole.OWNER)]
    with scopes_disabled():
        assert list(organization.municipality_links.values_list("municipality", "status")) == [
            (world.here.pk, OrganizationLinkStatus.PENDING)
        ]
    assert _messages(response)[0][0] == "success"
    assert "The organization is registered." in _messages(response)[0][1]


def test_registering_with_a_bad_nip_shows_the_translated_error_next_to_the_field_and_saves_nothing(client, world):
    client.force_login(world.user("resident"))
    client.cookies["django_language"] = "pl"  # the language switcher's cookie
    response = client.post(
        reverse("cooperation:organization_create"), _registration(nip="1645865778", municipalities=[world.here.pk])
    )
    with translation.override("pl"):
        message = gettext("Enter a valid NIP: 10 digits with a correct check digit.")
    text = _text(response)
    assert response.status_code == 200
    field = text[text.index('<div class="field field--error"><label for="id_nip">'):].split("</div>")[0]
    assert f'<ul class="errorlist" id="id_nip_error"><li>{message}</li></ul>' in field
    assert 'aria-describedby="id_nip_error"' in field
    assert f'<a href="#id_nip">NIP: {message}</a>' in text  # the error summary on top
    assert Organization.objects.filter(name="Fundacja Nowa").count() == 0
    assert _audit() == []


def test_registering_without_a_municipality_shows_an_error_and_saves_nothing(client, world):
    client.force_login(world.user("resident"))
    response = client.post(reverse("cooperation:organization_create"), _registration())
    text = _text(response)
    assert '<ul class="errorlist" id="id_municipalities_error"><li>This field is required.</li></ul>' in text
    assert not Organization.objects.filter(name="Fundacja Nowa").exists()


def test_registering_with_a_nip_already_registered_shows_the_error_on_the_nip_field(client, world):
    OrganizationFactory(nip="8567346215")
    client.force_login(world.user("resident"))
    response = client.post(
        reverse("cooperation:organization_create"), _registration(municipalities=[world.here.pk])
    )
    text = _text(response)
    assert ('<ul class="errorlist" id="id_nip_error"><li>An organization with this NIP is already registered.'
            '</li></ul>') in text
    assert not Organization.objects.filter(name="Fundacja Nowa").exists()


def test_registering_a_foundation_without_krs_shows_the_error_on_the_krs_field(client, world):
    client.force_login(world.user("resident"))
    response = client.post(
        reverse("cooperation:organization_create"), _registration(krs="", municipalities=[world.here.pk])
    )
    assert ("<li>Organizations of this legal form are registered in the KRS: enter the number.</li>"
            in _text(response).split('id="id_krs_error"')[1].split("</ul>")[0])


def test_registration_form_sends_anonymous_visitors_to_log_in(client, world):
    url = reverse("cooperation:organization_create")
    assert _login_redirect(client.get(url), url)
    assert _login_redirect(client.post(url, _registration(municipalities=[world.here.pk])), url)
    assert not Organization.objects.filter(name="Fundacja Nowa").exists()


def test_organization_page_shows_its_data_and_only_confirmed_municipalities_to_the_public(client, world):
    OrganizationMunicipalityFactory(organization=world.organization, municipality=world.elsewhere,
                                    status=OrganizationLinkStatus.PENDING)
    text = _text(client.get(world.organization.get_absolute_url()))
    assert "<h1>Stowarzyszenie Testowe</h1>" in text
    assert world.organization.nip in text
    assert "Gmina Tutejsza" in text
    assert "Gmina Obca" not in text
    assert reverse("cooperation:organization_edit", kwargs={"pk": world.organization.pk}) not in text


def test_organization_page_shows_every_link_with_its_status_to_members(client, world):
    OrganizationMunicipalityFactory(organization=world.organization, municipality=world.elsewhere,
                                    status=OrganizationLinkStatus.PENDING)
    client.force_login(world.user("editor"))
    text = _text(client.get(world.organization.get_absolute_url()))
    assert "Gmina Obca" in text
    assert "awaiting confirmation" in text
    assert reverse("cooperation:organization_edit", kwargs={"pk": world.organization.pk}) in text
    assert reverse("cooperation:members", kwargs={"pk": world.organization.pk}) not in text  # editors don't manage


@pytest.mark.parametrize(("role", "status"), [("anonymous", 404), ("resident", 404), ("officer_elsewhere", 404),
                                              ("officer_here", 200), ("owner", 200)])
def test_a_pending_organizations_page_is_hidden_from_those_who_may_not_see_it(client, role, status):
    world = build_world(link_status=OrganizationLinkStatus.PENDING)
    if role != "anonymous":
        client.force_login(world.user(role))
    assert client.get(world.organization.get_absolute_url()).status_code == status


def _edit_data(organization, **overrides):
    data = {
        "name": organization.name, "legal_form": organization.legal_form, "krs": organization.krs,
        "nip": organization.nip, "regon": organization.regon, "street": organization.street,
        "postal_code": organization.postal_code, "city": organization.city, "email": organization.email,
        "wants_email": "on",
    }
    data.update(overrides)
    return data


def test_an_editor_edits_the_organization(client, world):
    client.force_login(world.user("editor"))
    url = reverse("cooperation:organization_edit", kwargs={"pk": world.organization.pk})
    response = client.post(url, _edit_data(world.organization, city="Mielno", description="Nowy opis"), follow=True)
    world.organization.refresh_from_db()
    assert (world.organization.city, world.organization.description) == ("Mielno", "Nowy opis")
    assert ("success", "Changes saved.") in _messages(response)
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="cooperation.organization.updated")
    assert entry.data == {"fields": ["city", "description"]}


def test_editing_an_organization_to_another_ones_nip_shows_the_error_on_the_nip_field(client, world):
    OrganizationFactory(nip="1645865777")
    client.force_login(world.user("owner"))
    url = reverse("cooperation:organization_edit", kwargs={"pk": world.organization.pk})
    response = client.post(url, _edit_data(world.organization, nip="PL 164-586-57-77"))
    assert ('<ul class="errorlist" id="id_nip_error"><li>An organization with this NIP is already registered.'
            '</li></ul>') in _text(response)
    nip = world.organization.nip
    world.organization.refresh_from_db()
    assert world.organization.nip == nip


@pytest.mark.parametrize(("role", "status"), [("resident", 403), ("officer_here", 403)])
def test_people_outside_the_organization_may_not_edit_it(client, world, role, status):
    client.force_login(world.user(role))
    url = reverse("cooperation:organization_edit", kwargs={"pk": world.organization.pk})
    assert client.get(url).status_code == status
    assert client.post(url, _edit_data(world.organization, city="Mielno")).status_code == status
    world.organization.refresh_from_db()
    assert world.organization.city == "Koszalin"


def test_an_owner_asks_another_municipality_to_confirm(client, world):
    client.force_login(world.user("owner"))
    url = reverse("cooperation:organization_municipalities", kwargs={"pk": world.organization.pk})
    page = _text(client.get(url))
    assert f'value="{world.elsewhere.pk}"' in page
    assert f'value="{world.here.pk}"' not in page  # already linked
    response = client.post(url, {"municipalities": [world.elsewhere.pk]}, follow=True)
    with scopes_disabled():
        assert set(world.organization.municipality_links.values_list("municipality", "status")) == {
            (world.here.pk, OrganizationLinkStatus.CONFIRMED), (world.elsewhere.pk, OrganizationLinkStatus.PENDING)
        }
    assert ("success", "Sent for confirmation to the chosen municipalities.") in _messages(response)


def test_a_resident_may_not_choose_municipalities_for_an_organization(client, world):
    client.force_login(world.user("resident"))
    url = reverse("cooperation:organization_municipalities", kwargs={"pk": world.organization.pk})
    assert client.post(url, {"municipalities": [world.elsewhere.pk]}).status_code == 403
    with scopes_disabled():
        assert world.organization.municipality_links.count() == 1


def test_an_owner_invites_a_member(client, world, django_capture_on_commit_callbacks):
    from django.core import mail

    client.force_login(world.user("owner"))
    url = reverse("cooperation:members", kwargs={"pk": world.organization.pk})
    text = _text(client.get(url))
    assert "editor@example.org" in text and "owner@example.org" in text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "nowy@example.org", "role": MembershipRole.EDITOR}, follow=True)
    assert ("success", "Invitation sent to nowy@example.org.") in _messages(response)
    assert list(Invitation.objects.values_list("email", "role")) == [("nowy@example.org", "editor")]
    assert [m.to for m in mail.outbox] == [["nowy@example.org"]]


def test_inviting_an_existing_member_shows_the_error_on_the_email_field(client, world):
    client.force_login(world.user("owner"))
    url = reverse("cooperation:members", kwargs={"pk": world.organization.pk})
    response = client.post(url, {"email": "editor@example.org", "role": MembershipRole.EDITOR})
    assert ('<ul class="errorlist" id="id_email_error"><li>This person is already a member of the organization.'
            '</li></ul>') in _text(response)
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("role", ["editor", "resident", "officer_here"])
def test_only_owners_manage_members(client, world, role):
    client.force_login(world.user(role))
    url = reverse("cooperation:members", kwargs={"pk": world.organization.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": "nowy@example.org", "role": "owner"}).status_code == 403
    assert Invitation.objects.count() == 0


def test_an_owner_removes_an_editor(client, world):
    client.force_login(world.user("owner"))
    editor = Membership.objects.get(user=world.user("editor"))
    response = client.post(
        reverse("cooperation:member_remove", kwargs={"pk": world.organization.pk, "membership_id": editor.pk}),
        follow=True,
    )
    assert ("success", "Member removed.") in _messages(response)
    assert not Membership.objects.filter(pk=editor.pk).exists()


def test_removing_the_last_owner_shows_an_error_and_keeps_them(client, world):
    client.force_login(world.user("owner"))
    owner = Membership.objects.get(user=world.user("owner"))
    response = client.post(
        reverse("cooperation:member_remove", kwargs={"pk": world.organization.pk, "membership_id": owner.pk}),
        follow=True,
    )
    assert ("error", "An organization must keep at least one owner.") in _messages(response)
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_an_editor_may_not_remove_members(client, world):
    client.force_login(world.user("editor"))
    owner = Membership.objects.get(user=world.user("owner"))
    url = reverse("cooperation:member_remove", kwargs={"pk": world.organization.pk, "membership_id": owner.pk})
    assert client.post(url).status_code == 403
    assert client.get(url).status_code in {403, 405}
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_removing_a_membership_of_another_organization_is_404(client, world):
    stranger = MembershipFactory(role=MembershipRole.EDITOR)
    client.force_login(world.user("owner"))
    url = reverse("cooperation:member_remove", kwargs={"pk": world.organization.pk, "membership_id": stranger.pk})
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def _invitation(world, email="zaproszona@example.org"):
    _invitation, token = services.invite_member(
        organization=world.organization, email=email, role=MembershipRole.EDITOR, actor=world.user("owner")
    )
    return token


def test_the_invited_person_accepts_the_invitation(client, world):
    token = _invitation(world)
    user = UserFactory(email="zaproszona@example.org")
    client.force_login(user)
    url = reverse("cooperation:invitation_accept", kwargs={"token": token})
    assert "Stowarzyszenie Testowe" in _text(client.get(url))
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == world.organization.get_absolute_url()
    assert ("success", "You are now a member of Stowarzyszenie Testowe.") in _messages(response)
    assert Membership.objects.get(user=user).role == MembershipRole.EDITOR


def test_an_invitation_link_sends_anonymous_visitors_to_log_in(client, world):
    token = _invitation(world)
    url = reverse("cooperation:invitation_accept", kwargs={"token": token})
    assert _login_redirect(client.get(url), url)


def test_another_person_may_not_accept_an_invitation(client, world):
    token = _invitation(world)
    client.force_login(world.user("resident"))
    response = client.post(reverse("cooperation:invitation_accept", kwargs={"token": token}), follow=True)
    assert ("error", "This invitation was sent to zaproszona@example.org. Log in with that verified address to "
            "accept it.") in _messages(response)
    assert not Membership.objects.filter(user=world.user("resident")).exists()


def test_an_unknown_invitation_token_is_404_with_an_explanation(client, world):
    client.force_login(world.user("resident"))
    response = client.get(reverse("cooperation:invitation_accept", kwargs={"token": "nie-ma"}))
    assert response.status_code == 404
    assert "This invitation is invalid, expired or already used." in _text(response)


# ======================================================================================================
# Officer panel
# ======================================================================================================


def _panel_url(world, name, municipality=None, **kwargs):
    municipality = municipality or world.here
    return reverse(f"cooperation:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def test_panel_shows_counts_and_recent_changes(client, world):
    OrganizationMunicipalityFactory(municipality=world.here, status=OrganizationLinkStatus.PENDING)
    services.record_audit(actor=None, action="cooperation.test.done", municipality=world.here)
    client.force_login(world.user("officer_here"))
    text = _text(client.get(_panel_url(world, "panel")))
    assert "<h1>Officer panel: Gmina Tutejsza</h1>" in text
    assert "1 awaiting confirmation" in text
    assert "1 confirmed organization" in text
    assert "cooperation.test.done" in text


@pytest.mark.parametrize("name", ["panel", "link_list", "history", "declaration_edit"])
@pytest.mark.parametrize(("role", "status"), [("resident", 403), ("owner", 403), ("officer_elsewhere", 403),
                                              ("admin", 200), ("officer_here", 200)])
def test_panel_pages_are_for_the_municipalitys_officers_and_admins(client, world, name, role, status):
    client.force_login(world.user(role))
    assert client.get(_panel_url(world, name)).status_code == status


@pytest.mark.parametrize("name", ["panel", "link_list", "history", "declaration_edit"])
def test_panel_pages_send_anonymous_visitors_to_log_in(client, world, name):
    url = _panel_url(world, name)
    assert _login_redirect(client.get(url), url)


def test_link_list_shows_the_municipalitys_pending_organizations_only(client, world):
    OrganizationMunicipalityFactory(municipality=world.here, status=OrganizationLinkStatus.PENDING,
                                    organization__name="Fundacja Czekająca Tutaj")
    OrganizationMunicipalityFactory(municipality=world.here, status=OrganizationLinkStatus.REJECTED,
                                    organization__name="Fundacja Odrzucona Tutaj")
    OrganizationMunicipalityFactory(municipality=world.elsewhere, status=OrganizationLinkStatus.PENDING,
                                    organization__name="Fundacja Czekająca Gdzie Indziej")
    client.force_login(world.user("officer_here"))
    text = _text(client.get(_panel_url(world, "link_list")))
    names = re.findall(r'<h2 id="link-\d+"><a href="[^"]+">([^<]+)</a></h2>', text)
    assert names == ["Fundacja Czekająca Tutaj"]


@pytest.fixture
def pending(world):
    organization = OrganizationFactory(name="Fundacja Do Potwierdzenia")
    return OrganizationMunicipalityFactory(
        organization=organization, municipality=world.here, status=OrganizationLinkStatus.PENDING
    )


def test_an_officer_confirms_a_link_and_it_appears_in_the_directory(client, world, pending):
    directory = reverse("cooperation:directory", kwargs={"municipality_slug": world.here.slug})
    assert "Fundacja Do Potwierdzenia" not in _card_names(client.get(directory))
    client.force_login(world.user("officer_here"))

    response = client.post(_panel_url(world, "link_decide", pk=pending.pk), {"status": "confirmed", "note": "OK"},
                           follow=True)

    assert response.redirect_chain[-1][0] == _panel_url(world, "link_list")
    assert ("success", "Fundacja Do Potwierdzenia is confirmed and appears in the directory.") in _messages(response)
    client.logout()
    assert "Fundacja Do Potwierdzenia" in _card_names(client.get(directory))
    assert _audit(action__startswith="cooperation.organization_link.") == ["cooperation.organization_link.confirmed"]


def test_an_officer_declines_a_link_and_it_stays_out_of_the_directory(client, world, pending):
    client.force_login(world.user("officer_here"))
    response = client.post(_panel_url(world, "link_decide", pk=pending.pk), {"status": "rejected"}, follow=True)
    assert ("success", "Fundacja Do Potwierdzenia was not confirmed.") in _messages(response)
    with scopes_disabled():
        pending.refresh_from_db()
    assert pending.status == OrganizationLinkStatus.REJECTED
    directory = reverse("cooperation:directory", kwargs={"municipality_slug": world.here.slug})
    assert "Fundacja Do Potwierdzenia" not in _card_names(client.get(directory))


def test_a_double_post_of_the_same_confirmation_says_already_and_audits_once(client, world, pending):
    client.force_login(world.user("officer_here"))
    url = _panel_url(world, "link_decide", pk=pending.pk)
    client.post(url, {"status": "confirmed"})
    response = client.post(url, {"status": "confirmed"}, follow=True)
    assert ("error", "This organization is already marked as “confirmed”.") in _messages(response)
    assert _audit(action="cooperation.organization_link.confirmed") == ["cooperation.organization_link.confirmed"]


def test_a_decision_without_a_status_is_refused_with_a_message(client, world, pending):
    client.force_login(world.user("officer_here"))
    response = client.post(_panel_url(world, "link_decide", pk=pending.pk), {"status": "pending"}, follow=True)
    assert ("error", "Choose whether to confirm the organization.") in _messages(response)
    with scopes_disabled():
        pending.refresh_from_db()
    assert pending.status == OrganizationLinkStatus.PENDING


def test_an_officer_of_one_municipality_deciding_a_link_of_another_gets_404(client, world):
    foreign = OrganizationMunicipalityFactory(municipality=world.elsewhere, status=OrganizationLinkStatus.PENDING)
    client.force_login(world.user("officer_here"))
    response = client.post(_panel_url(world, "link_decide", pk=foreign.pk), {"status": "confirmed"})
    assert response.status_code == 404
    with scopes_disabled():
        foreign.refresh_from_db()
    assert foreign.status == OrganizationLinkStatus.PENDING


@pytest.mark.parametrize(("role", "status"), [("resident", 403), ("owner", 403), ("officer_elsewhere", 403)])
def test_people_who_are_not_the_municipalitys_officers_may_not_decide_links(client, world, pending, role, status):
    client.force_login(world.user(role))
    assert client.post(_panel_url(world, "link_decide", pk=pending.pk), {"status": "confirmed"}).status_code == status
    with scopes_disabled():
        pending.refresh_from_db()
    assert pending.status == OrganizationLinkStatus.PENDING


def test_link_decide_refuses_get(client, world, pending):
    client.force_login(world.user("officer_here"))
    assert client.get(_panel_url(world, "link_decide", pk=pending.pk)).status_code == 405


def test_an_officer_edits_a_standard_and_the_public_tracker_shows_it(client, world):
    client.force_login(world.user("officer_here"))
    url = _panel_url(world, "standard_edit", code=STANDARD)
    assert Standard.objects.get(code=STANDARD).text_en in _text(client.get(url))
    response = client.post(url, {
        "status": StandardImplementation.IN_PROGRESS, "evidence_url": "https://bip.example.pl/projekt",
        "adopted_on": "", "responsible_person": "Piotr Pełnomocnik", "note": "",
    }, follow=True)
    assert response.redirect_chain[-1][0] == _panel_url(world, "tracker")
    assert ("success", f"Standard {STANDARD} updated.") in _messages(response)

    client.logout()
    client.cookies["django_language"] = "en"  # logging out clears every cookie
    text = _text(client.get(_panel_url(world, "tracker")))
    row = text[text.index(STANDARD):].split("</tr>")[0]
    assert "badge--in_progress" in row and ">in progress<" in row and "Piotr Pełnomocnik" in row


@pytest.mark.parametrize(("role", "status"), [("resident", 403), ("officer_elsewhere", 403), ("editor", 403)])
def test_people_who_are_not_the_municipalitys_officers_may_not_edit_standards(client, world, role, status):
    client.force_login(world.user(role))
    url = _panel_url(world, "standard_edit", code=STANDARD)
    assert client.post(url, {"status": StandardImplementation.IMPLEMENTED}).status_code == status
    with scopes_disabled():
        assert StandardStatus.objects.count() == 0


def test_editing_an_unknown_standard_is_404(client, world):
    client.force_login(world.user("officer_here"))
    assert client.get(_panel_url(world, "standard_edit", code="P9.X")).status_code == 404


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client, world, name, content, content_type="application/pdf"):
    return client.post(_panel_url(world, "standard_edit", code=STANDARD), {
        "status": StandardImplementation.IMPLEMENTED, "evidence_url": "", "adopted_on": "2026-02-01",
        "responsible_person": "", "note": "",
        "evidence_file": SimpleUploadedFile(name, content, content_type=content_type),
    })


def test_a_pdf_evidence_is_accepted_and_served_as_an_attachment_with_nosniff(client, world):
    client.force_login(world.user("officer_here"))
    assert _upload(client, world, "uchwala.pdf", PDF).status_code == 302
    client.logout()

    response = client.get(_panel_url(world, "standard_evidence", code=STANDARD))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "uchwala" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_an_html_file_renamed_to_pdf_is_rejected(client, world):
    client.force_login(world.user("officer_here"))
    response = _upload(client, world, "uchwala.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 200
    assert ('<ul class="errorlist" id="id_evidence_file_error"><li>Upload a PDF, DOCX or ODT document.</li></ul>'
            in _text(response))
    with scopes_disabled():
        assert StandardStatus.objects.count() == 0


def test_saving_a_standard_again_without_a_new_file_keeps_the_document(client, world):
    client.force_login(world.user("officer_here"))
    _upload(client, world, "uchwala.pdf", PDF)
    client.post(_panel_url(world, "standard_edit", code=STANDARD), {
        "status": StandardImplementation.IMPLEMENTED, "responsible_person": "Nowa Osoba",
    })
    with scopes_disabled():
        status = StandardStatus.objects.get()
    assert status.responsible_person == "Nowa Osoba"
    assert status.evidence_file.name.startswith("evidence/") and status.evidence_file.name.endswith(".pdf")
    assert client.get(_panel_url(world, "standard_evidence", code=STANDARD)).status_code == 200


def test_clearing_the_evidence_document_removes_it(client, world):
    client.force_login(world.user("officer_here"))
    _upload(client, world, "uchwala.pdf", PDF)
    response = client.post(_panel_url(world, "standard_edit", code=STANDARD), {
        "status": StandardImplementation.IMPLEMENTED, "evidence_file-clear": "on",
    })
    assert response.status_code == 302
    with scopes_disabled():
        assert StandardStatus.objects.get().evidence_file.name == ""
    assert client.get(_panel_url(world, "standard_evidence", code=STANDARD)).status_code == 404


def test_evidence_of_a_standard_without_a_document_is_404(client, world):
    assert client.get(_panel_url(world, "standard_evidence", code=STANDARD)).status_code == 404


def test_another_municipalitys_evidence_is_not_served_under_this_municipalitys_address(client, world):
    client.force_login(world.user("officer_elsewhere"))
    assert _upload(client, world, "x.pdf", PDF).status_code == 403
    response = client.post(_panel_url(world, "standard_edit", municipality=world.elsewhere, code=STANDARD), {
        "status": StandardImplementation.IMPLEMENTED,
        "evidence_file": SimpleUploadedFile("obca.pdf", PDF, content_type="application/pdf"),
    })
    assert response.status_code == 302
    assert client.get(_panel_url(world, "standard_evidence", municipality=world.elsewhere,
                                 code=STANDARD)).status_code == 200
    assert client.get(_panel_url(world, "standard_evidence", code=STANDARD)).status_code == 404


def test_an_officer_saves_the_accessibility_declaration_and_it_is_public(client, world):
    client.force_login(world.user("officer_here"))
    response = client.post(_panel_url(world, "declaration_edit"), {
        "status": DeclarationStatus.FULL, "published_on": "2026-01-15", "last_update_on": "2026-02-01",
        "prepared_on": "2026-01-20", "reviewed_on": "2026-03-01", "method": DeclarationMethod.AUDIT,
        "audit_url": "https://audyt.example.pl/raport", "contact_person": "Ewa Dostępna",
        "email": "a11y@tutejsza.example.pl", "phone": "+48 94 000 11 22",
        "inaccessible_content": "", "additional_info": "",
    }, follow=True)
    assert response.redirect_chain[-1][0] == _panel_url(world, "accessibility_declaration")
    assert ("success", "Accessibility declaration saved.") in _messages(response)
    with scopes_disabled():
        assert AccessibilityDeclaration.objects.get().municipality == world.here
    client.logout()
    text = _text(client.get(_panel_url(world, "accessibility_declaration")))
    assert '<span id="a11y-osoba">Ewa Dostępna</span>' in text
    assert '<a id="a11y-audytor" href="https://audyt.example.pl/raport">' in text


def test_an_officer_of_another_municipality_may_not_save_the_declaration(client, world):
    client.force_login(world.user("officer_elsewhere"))
    response = client.post(_panel_url(world, "declaration_edit"), {"status": DeclarationStatus.FULL})
    assert response.status_code == 403
    with scopes_disabled():
        assert AccessibilityDeclaration.objects.count() == 0


def test_history_shows_only_this_municipalitys_entries(client, world):
    services.record_audit(actor=world.user("officer_here"), action="cooperation.test.here", municipality=world.here)
    services.record_audit(actor=None, action="cooperation.test.elsewhere", municipality=world.elsewhere)
    services.record_audit(actor=None, action="cooperation.test.platform")
    client.force_login(world.user("officer_here"))
    text = _text(client.get(_panel_url(world, "history")))
    assert re.findall(r"<code class=\"meta\">([^<]+)</code>", text) == ["cooperation.test.here"]
    assert world.user("officer_here").get_full_name() in text
