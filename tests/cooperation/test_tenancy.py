"""Tenancy: municipality A never sees municipality B's records, and a query that forgot its municipality
fails loudly. Every leak test first creates the data that could leak, then proves it does not."""

import html
from datetime import date

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.http import HttpResponse
from django.urls import path, reverse
from django_scopes import ScopeError, scope, scopes_disabled

from config.urls import urlpatterns as project_urlpatterns
from cooperation import services
from cooperation.enums import (
    DeclarationMethod,
    DeclarationStatus,
    OrganizationLinkStatus,
    StandardImplementation,
)
from cooperation.models import (
    AccessibilityDeclaration,
    AuditEntry,
    Municipality,
    OrganizationImport,
    OrganizationMunicipality,
    Standard,
    StandardStatus,
)
from tests.cooperation.core_roles import build_world
from tests.factories import OrganizationFactory, OrganizationMunicipalityFactory

STANDARD = "P1.A5.T2.S1"
SECRET = "POUFNE-Z-GMINY-OBCEJ"

# Models with a foreign key to Municipality that are deliberately NOT scoped. Each needs a reason.
UNSCOPED_ALLOW_LIST = {
    # Role data: who is an officer where. It is read before any scope exists (MFA middleware, rules,
    # the dashboard listing "municipalities I administer") and is never shown as a municipal record.
    "cooperation.Officer",
}


def _project_models():
    return [m for m in apps.get_models() if not m.__module__.startswith(("django.", "allauth.", "django_"))]


def _is_scoped(model) -> bool:
    return type(model._default_manager).__module__ == "django_scopes.manager"


SCOPED_MODELS = sorted((m for m in _project_models() if _is_scoped(m)), key=lambda m: m._meta.label)


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"  # the language switcher's cookie
    return client


# --- The guard itself ---------------------------------------------------------------------------------


def test_the_core_scoped_models_are_discovered():
    labels = {m._meta.label for m in SCOPED_MODELS}
    assert {
        "cooperation.OrganizationMunicipality", "cooperation.OrganizationImport", "cooperation.StandardStatus",
        "cooperation.AccessibilityDeclaration", "cooperation.AuditEntry",
    } <= labels


def test_every_model_with_a_foreign_key_to_municipality_is_scoped_or_explicitly_allowed():
    unguarded = {
        m._meta.label for m in _project_models()
        if any(isinstance(f, models.ForeignKey) and f.related_model is Municipality for f in m._meta.fields)
        and not _is_scoped(m)
    }
    assert unguarded == UNSCOPED_ALLOW_LIST


def test_the_allow_list_names_only_existing_unscoped_models():
    for label in UNSCOPED_ALLOW_LIST:
        assert not _is_scoped(apps.get_model(label))


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m._meta.label)
@pytest.mark.parametrize(
    "query",
    [
        lambda qs: list(qs.all()),
        lambda qs: qs.count(),
        lambda qs: qs.filter(pk=1).exists(),
        lambda qs: qs.get(pk=1),
        lambda qs: qs.first(),
        lambda qs: list(qs.values_list("pk", flat=True)),
    ],
    ids=["all", "count", "filter", "get", "first", "values_list"],
)
def test_querying_a_scoped_model_outside_a_scope_raises_scope_error(model, query):
    with pytest.raises(ScopeError):
        query(model.objects)


@pytest.mark.django_db
def test_a_reverse_relation_to_a_scoped_model_outside_a_scope_raises_scope_error():
    organization = OrganizationMunicipalityFactory().organization
    with pytest.raises(ScopeError):
        organization.municipality_links.count()


@pytest.mark.django_db
def test_inside_a_scope_a_scoped_model_returns_only_that_municipalitys_rows():
    here = OrganizationMunicipalityFactory()
    OrganizationMunicipalityFactory()
    with scope(municipality=here.municipality):
        assert list(OrganizationMunicipality.objects.values_list("pk", flat=True)) == [here.pk]
        assert OrganizationMunicipality.objects.filter(organization=here.organization).count() == 1


# --- The middleware -----------------------------------------------------------------------------------


def _leaky_view(request, municipality_slug=None):
    """A view that forgot to pass a municipality: it counts every link it can see."""
    return HttpResponse(str(OrganizationMunicipality.objects.count()))


urlpatterns = [
    path("leaky/", _leaky_view),
    path("jst/<slug:municipality_slug>/leaky/", _leaky_view),
    *project_urlpatterns,
]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_page_outside_a_municipality_that_queries_a_scoped_model_raises(client):
    OrganizationMunicipalityFactory()
    with pytest.raises(ScopeError):
        client.get("/leaky/")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_page_under_a_municipality_sees_only_that_municipalitys_rows(client):
    world = build_world()
    OrganizationMunicipalityFactory(municipality=world.elsewhere)
    OrganizationMunicipalityFactory(municipality=world.elsewhere)
    assert client.get(f"/jst/{world.here.slug}/leaky/").content == b"1"
    assert client.get(f"/jst/{world.elsewhere.slug}/leaky/").content == b"2"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_scope_ends_with_the_request(client):
    world = build_world()
    client.get(f"/jst/{world.here.slug}/leaky/")
    with pytest.raises(ScopeError):
        OrganizationMunicipality.objects.count()


@pytest.mark.django_db
def test_the_admin_runs_unscoped_and_lists_every_municipalitys_links(client):
    world = build_world()
    OrganizationMunicipalityFactory(municipality=world.elsewhere, organization__name="Fundacja Z Obcej Gminy")
    client.force_login(world.user("admin"))
    text = html.unescape(client.get("/admin/cooperation/organizationmunicipality/").content.decode())
    assert "Stowarzyszenie Testowe @ Gmina Tutejsza" in text
    assert "Fundacja Z Obcej Gminy @ Gmina Obca" in text


# --- Leak tests ---------------------------------------------------------------------------------------


@pytest.fixture
def leaky_world(db):
    """Municipality `elsewhere` holds one of every kind of municipal record, each marked with SECRET."""
    world = build_world()
    other = world.elsewhere
    officer = world.user("officer_elsewhere")
    foreign = OrganizationFactory(name=f"Fundacja {SECRET}")
    OrganizationMunicipalityFactory(organization=foreign, municipality=other, status=OrganizationLinkStatus.PENDING)
    services.set_standard_status(
        municipality=other, standard=Standard.objects.get(code=STANDARD), actor=officer,
        status=StandardImplementation.IMPLEMENTED, note=f"Notatka {SECRET}", responsible_person=f"Osoba {SECRET}",
        evidence_url=f"https://bip.obca.example.pl/{SECRET}",
    )
    services.save_accessibility_declaration(
        municipality=other, actor=officer, status=DeclarationStatus.FULL, published_on=date(2026, 1, 1),
        last_update_on=date(2026, 1, 1), prepared_on=date(2026, 1, 1), reviewed_on=date(2026, 1, 1),
        method=DeclarationMethod.SELF, contact_person=f"Kontakt {SECRET}", email="a11y@obca.example.pl",
        phone="+48 000 000 000",
    )
    link = OrganizationMunicipality.objects.with_scopes_disabled().get(organization=foreign)
    services.record_audit(actor=officer, action="cooperation.secret.done", target=link, municipality=other,
                          data={"note": SECRET})
    with scopes_disabled():
        imported = OrganizationImport(
            municipality=other, original_name=f"baza-{SECRET}.csv", file_format="csv", created_by=officer,
            summary={"rows": 3},
        )
        imported.file.save("baza.csv", ContentFile(b"name\nFundacja\n"), save=False)
        imported.save()
    world.foreign_import = imported
    world.foreign_link = link
    return world


def _get(client, world, name, **kwargs):
    response = client.get(reverse(f"cooperation:{name}", kwargs={"municipality_slug": world.here.slug, **kwargs}))
    return response, html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("municipality_detail", {}),
        ("directory", {}),
        ("tracker", {}),
        ("accessibility_declaration", {}),
        ("panel", {}),
        ("link_list", {}),
        ("history", {}),
        ("declaration_edit", {}),
        ("standard_edit", {"code": STANDARD}),
    ],
)
def test_no_page_of_municipality_a_shows_municipality_bs_records(client, leaky_world, name, kwargs):
    client.force_login(leaky_world.user("officer_here"))
    response, text = _get(client, leaky_world, name, **kwargs)
    assert response.status_code == 200
    assert SECRET not in text


def test_the_same_pages_of_municipality_b_do_show_its_records(client, leaky_world):
    """The control for the leak test above: the marked data is really there and really rendered."""
    client.force_login(leaky_world.user("officer_elsewhere"))
    slug = leaky_world.elsewhere.slug
    for name, kwargs in [("link_list", {}), ("tracker", {}), ("accessibility_declaration", {}), ("history", {}),
                         ("standard_edit", {"code": STANDARD})]:
        text = html.unescape(client.get(reverse(f"cooperation:{name}",
                                                kwargs={"municipality_slug": slug, **kwargs})).content.decode())
        assert SECRET in text, name


def test_municipality_as_directory_search_does_not_find_bs_pending_organization(client, leaky_world):
    response = client.get(reverse("cooperation:directory", kwargs={"municipality_slug": leaky_world.here.slug}),
                          {"q": SECRET})
    text = html.unescape(response.content.decode())
    assert f"Fundacja {SECRET}" not in text
    assert "0 organizations found" in text
    assert "No organization matches." in text


def test_an_officer_of_a_cannot_decide_bs_link_through_as_panel(client, leaky_world):
    client.force_login(leaky_world.user("officer_here"))
    url = reverse("cooperation:link_decide",
                  kwargs={"municipality_slug": leaky_world.here.slug, "pk": leaky_world.foreign_link.pk})
    assert client.post(url, {"status": "confirmed"}).status_code == 404
    leaky_world.foreign_link.refresh_from_db()
    assert leaky_world.foreign_link.status == OrganizationLinkStatus.PENDING


def test_an_officer_of_a_cannot_open_bs_import_through_as_panel(client, leaky_world):
    client.force_login(leaky_world.user("officer_here"))
    url = reverse("cooperation:import_review",
                  kwargs={"municipality_slug": leaky_world.here.slug, "pk": leaky_world.foreign_import.pk})
    response = client.get(url)
    assert response.status_code == 404
    assert SECRET not in html.unescape(response.content.decode())


def test_an_officer_of_a_cannot_download_bs_evidence_through_as_address(client, leaky_world):
    with scopes_disabled():
        status = StandardStatus.objects.get(municipality=leaky_world.elsewhere)
        status.evidence_file.save("dowod.pdf", ContentFile(b"%PDF-1.4 " + SECRET.encode()), save=True)
    response = client.get(reverse("cooperation:standard_evidence",
                                  kwargs={"municipality_slug": leaky_world.here.slug, "code": STANDARD}))
    assert response.status_code == 404


def test_in_as_scope_none_of_bs_records_can_be_read(leaky_world):
    with scope(municipality=leaky_world.here):
        assert not OrganizationMunicipality.objects.filter(pk=leaky_world.foreign_link.pk).exists()
        assert not OrganizationImport.objects.filter(pk=leaky_world.foreign_import.pk).exists()
        assert StandardStatus.objects.count() == 0
        assert AccessibilityDeclaration.objects.count() == 0
        assert not AuditEntry.objects.filter(action="cooperation.secret.done").exists()
    with scope(municipality=leaky_world.elsewhere):
        assert OrganizationImport.objects.get().pk == leaky_world.foreign_import.pk
        assert AuditEntry.objects.filter(action="cooperation.secret.done").count() == 1
