"""Every list page runs the same number of queries at 1 row and at many rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation import services
from cooperation.enums import MembershipRole, OrganizationLinkStatus, StandardImplementation
from cooperation.models import Sphere, Standard
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MANY = 30


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"  # the language switcher's cookie
    return client


def _queries(client, url) -> int:
    client.get(url)  # warm up: sessions, content types, translations
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _assert_same_at_many(client, url, django_assert_num_queries, add_rows, *, marker: str, expect_count: int):
    """Count at one row, add rows, then the same count again; `marker` appears `expect_count` times."""
    at_one = _queries(client, url)
    add_rows()
    with django_assert_num_queries(at_one):
        response = client.get(url)
    assert response.content.decode().count(marker) == expect_count


def _organization(municipality, n, status=OrganizationLinkStatus.CONFIRMED):
    organization = OrganizationFactory(name=f"Organizacja {n:03d}")
    organization.spheres.set(Sphere.objects.filter(code__in=["1", "16", "33"]))
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality, status=status)
    return organization


def test_home_queries_do_not_grow_with_municipalities(client, django_assert_num_queries):
    first = MunicipalityFactory()
    _organization(first, 0)

    def more():
        for n in range(1, MANY):
            _organization(MunicipalityFactory(), n)

    _assert_same_at_many(client, reverse("cooperation:home"), django_assert_num_queries, more,
                         marker='<li class="card">', expect_count=MANY)


def test_directory_queries_do_not_grow_with_organizations(client, django_assert_num_queries):
    municipality = MunicipalityFactory()
    _organization(municipality, 0)

    def more():
        for n in range(1, MANY):
            _organization(municipality, n)

    url = reverse("cooperation:directory", kwargs={"municipality_slug": municipality.slug})
    # The first page holds 25 of them.
    _assert_same_at_many(client, url, django_assert_num_queries, more, marker=": 1, 16, 33</p>", expect_count=25)


def test_directory_search_queries_do_not_grow_with_organizations(client, django_assert_num_queries):
    municipality = MunicipalityFactory()
    _organization(municipality, 0)

    def more():
        for n in range(1, MANY):
            _organization(municipality, n)

    url = reverse("cooperation:directory", kwargs={"municipality_slug": municipality.slug}) + "?q=organizacja&sphere=16"
    _assert_same_at_many(client, url, django_assert_num_queries, more, marker=": 1, 16, 33</p>", expect_count=25)


def test_tracker_queries_do_not_grow_with_recorded_statuses(client, django_assert_num_queries):
    municipality = MunicipalityFactory()
    standards = list(Standard.objects.order_by("order"))
    officer = OfficerFactory(municipality=municipality).user
    client.force_login(officer)
    services.set_standard_status(municipality=municipality, standard=standards[0], actor=officer,
                                 status=StandardImplementation.IMPLEMENTED, evidence_url="https://bip.example.pl/0")

    def more():
        for n, standard in enumerate(standards[1:], start=1):
            services.set_standard_status(municipality=municipality, standard=standard, actor=officer,
                                         status=StandardImplementation.IMPLEMENTED,
                                         evidence_url=f"https://bip.example.pl/{n}")

    url = reverse("cooperation:tracker", kwargs={"municipality_slug": municipality.slug})
    _assert_same_at_many(client, url, django_assert_num_queries, more, marker='class="badge badge--implemented"',
                         expect_count=len(standards))


def test_link_list_queries_do_not_grow_with_pending_organizations(client, django_assert_num_queries):
    municipality = MunicipalityFactory()
    client.force_login(OfficerFactory(municipality=municipality).user)
    _organization(municipality, 0, status=OrganizationLinkStatus.PENDING)

    def more():
        for n in range(1, MANY):
            _organization(municipality, n, status=OrganizationLinkStatus.PENDING)

    url = reverse("cooperation:link_list", kwargs={"municipality_slug": municipality.slug})
    _assert_same_at_many(client, url, django_assert_num_queries, more, marker='name="status" value="confirmed"',
                         expect_count=MANY)


def _audit_entries(municipality, start, stop):
    for n in range(start, stop):
        organization = _organization(municipality, n)
        services.record_audit(actor=UserFactory(full_name=f"Osoba {n}"), action="cooperation.test.done",
                              target=organization, municipality=municipality)


def test_history_queries_do_not_grow_with_entries(client, django_assert_num_queries):
    municipality = MunicipalityFactory()
    client.force_login(OfficerFactory(municipality=municipality).user)
    _audit_entries(municipality, 0, 1)
    url = reverse("cooperation:history", kwargs={"municipality_slug": municipality.slug})
    _assert_same_at_many(client, url, django_assert_num_queries, lambda: _audit_entries(municipality, 1, MANY),
                         marker='<code class="meta">cooperation.test.done</code>', expect_count=MANY)


def test_panel_queries_do_not_grow_with_entries(client, django_assert_num_queries):
    municipality = MunicipalityFactory()
    client.force_login(OfficerFactory(municipality=municipality).user)
    _audit_entries(municipality, 0, 1)
    url = reverse("cooperation:panel", kwargs={"municipality_slug": municipality.slug})
    _assert_same_at_many(client, url, django_assert_num_queries, lambda: _audit_entries(municipality, 1, MANY),
                         marker='<code class="meta">cooperation.test.done</code>', expect_count=10)


def test_municipality_page_queries_do_not_grow_with_officers(client, django_assert_num_queries):
    municipality = MunicipalityFactory()
    OfficerFactory(municipality=municipality, user__full_name="Urzędnik 0")

    def more():
        for n in range(1, 5):
            OfficerFactory(municipality=municipality, user__full_name=f"Urzędnik {n}")

    _assert_same_at_many(client, municipality.get_absolute_url(), django_assert_num_queries, more,
                         marker="Urzędnik ", expect_count=5)


def test_dashboard_queries_do_not_grow_with_organizations_and_municipalities(client, django_assert_num_queries):
    user = UserFactory(totp=True)
    client.force_login(user)
    MembershipFactory(user=user, role=MembershipRole.OWNER)
    OfficerFactory(user=user)

    def more():
        for _n in range(1, MANY):
            MembershipFactory(user=user, role=MembershipRole.EDITOR)
        for _n in range(1, 5):
            OfficerFactory(user=user)

    _assert_same_at_many(client, reverse("cooperation:dashboard"), django_assert_num_queries, more,
                         marker="<h3><a href=", expect_count=MANY + 5)


def test_model_page_loads_the_whole_model_in_six_queries(client):
    # The platform declaration renders the same base layout without any query of its own: the baseline.
    baseline = _queries(client, reverse("cooperation:platform_accessibility_declaration"))
    # Planes, areas, the areas' principles, tools, standards, and the list of principles.
    assert _queries(client, reverse("cooperation:model")) == baseline + 6


def test_model_page_queries_do_not_depend_on_municipalities_or_organizations(client, django_assert_num_queries):
    url = reverse("cooperation:model")
    at_start = _queries(client, url)
    for n in range(MANY):
        _organization(MunicipalityFactory(), n)
    with django_assert_num_queries(at_start):
        client.get(url)
