"""The municipality's navigation (templates/cooperation/includes/municipality_nav.html, built by
cooperation/templatetags/portal_nav.py from the feature registry): every feature with a public page is linked
under its plane, the current section and its plane are marked, the officer panel is linked for the
municipality's officers only, and the navigation itself makes no query."""

import re
from dataclasses import replace

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cooperation import features
from cooperation.features import Feature
from cooperation.templatetags.portal_nav import build_nav
from tests.factories import MunicipalityFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

PLANE_TITLES_EN = {"P1": "Creating public policies", "P2": "Delivering public tasks",
                   "P3": "Cooperation infrastructure"}


def client_for(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def nav_html(response) -> str:
    html = response.content.decode()
    match = re.search(r'<nav class="municipality-nav".*?</nav>', html, re.S)
    assert match, "the municipality's navigation is missing"
    return match.group(0)


def hrefs(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', html)


def current_hrefs(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)" aria-current="page"', html)


def current_groups(html: str) -> list[str]:
    return re.findall(r'<summary class="municipality-nav__summary" aria-current="true">([^<]+)</summary>', html)


def public_hrefs(municipality) -> set[str]:
    return {reverse(feature.public_url, kwargs={"municipality_slug": municipality.slug})
            for feature in features.features() if feature.public_url}


def test_every_feature_with_a_public_page_is_linked_once_under_its_plane():
    municipality = MunicipalityFactory()
    with translation.override("en"):
        nav = build_nav(municipality, f"/jst/{municipality.slug}/", officer=False)
        groups = {group.code: (str(group.title), [link.key for link in group.links]) for group in nav.groups}
    overview = reverse("cooperation:municipality_detail", kwargs={"municipality_slug": municipality.slug})
    linked = [link.href for link in nav.links]
    assert len(linked) == len(set(linked))
    assert set(linked) == public_hrefs(municipality) | {overview}
    expected = {}
    for feature in features.features():
        if feature.public_url and feature.plane and feature.key != "lijw":
            expected.setdefault(feature.plane, []).append(feature.key)
    assert {code: keys for code, (_title, keys) in groups.items()} == expected
    assert {code: title for code, (title, _keys) in groups.items()} == {
        code: PLANE_TITLES_EN[code] for code in expected}
    # The sections added lately are all there.
    assert {"programmes", "information", "diagnosis", "bookings", "partnerships", "initiatives"} <= {
        key for _title, keys in groups.values() for key in keys}
    assert [link.key for link in nav.pinned] == ["tracker", "lijw"]
    assert nav.panel is None


def test_the_page_links_every_public_feature_with_its_translated_title():
    municipality = MunicipalityFactory()
    response = client_for().get(reverse("cooperation:directory", kwargs={"municipality_slug": municipality.slug}))
    assert response.status_code == 200
    html = nav_html(response)
    overview = reverse("cooperation:municipality_detail", kwargs={"municipality_slug": municipality.slug})
    assert set(hrefs(html)) == public_hrefs(municipality) | {overview}
    with translation.override("en"):
        for feature in features.features():
            if feature.public_url and feature.plane and feature.key != "lijw":
                assert f">{feature.title}</a>" in html, feature.key
    assert re.findall(r'<summary class="municipality-nav__summary"[^>]*>([^<]+)</summary>', html) == [
        "Creating public policies", "Delivering public tasks", "Cooperation infrastructure"]
    assert ">Standards tracker</a>" in html and ">Cooperation quality index</a>" in html
    assert 'src="/static/js/municipality_nav.js"' in response.content.decode()


def test_the_plane_names_follow_the_language():
    municipality = MunicipalityFactory()
    response = Client().get(reverse("cooperation:municipality_detail", kwargs={"municipality_slug": municipality.slug}))
    html = nav_html(response)
    assert re.findall(r'<summary class="municipality-nav__summary"[^>]*>([^<]+)</summary>', html) == [
        "Tworzenie polityk publicznych", "Realizacja zadań publicznych", "Infrastruktura współpracy"]
    assert ">Informacje ogólne</a>" in html and ">Indeks jakości współpracy</a>" in html


def test_the_current_feature_and_its_plane_are_marked_on_its_pages():
    municipality = MunicipalityFactory()
    slug = municipality.slug
    council = reverse("consultations:council", kwargs={"municipality_slug": slug})
    response = client_for().get(council)
    assert response.status_code == 200
    html = nav_html(response)
    # The council's address starts with the consultations' one: the longest prefix wins.
    assert current_hrefs(html) == [council]
    assert current_groups(html) == ["Creating public policies"]


@pytest.mark.parametrize(("path", "key", "plane"), [
    ("dotacje/konkursy/12/", "calls", "P2"),
    ("zasoby/sala-3/rezerwacja/", "bookings", "P2"),
    ("partnerstwa/", "partnerships", "P3"),
    ("program-wspolpracy/7/", "programmes", "P1"),
    ("konsultacje/15/", "consultations", "P1"),
    ("konsultacje/rada/posiedzenia/2/", "council", "P1"),
    ("standardy/", "tracker", ""),
    ("lijw/2025/", "lijw", ""),
])
def test_a_page_inside_a_section_marks_that_section_only(path, key, plane):
    municipality = MunicipalityFactory()
    nav = build_nav(municipality, f"/jst/{municipality.slug}/{path}", officer=True)
    assert [link.key for link in nav.links if link.current] == [key]
    assert [group.code for group in nav.groups if group.current] == ([plane] if plane else [])


def test_the_overview_is_current_on_the_municipality_page_only():
    municipality = MunicipalityFactory()
    overview = reverse("cooperation:municipality_detail", kwargs={"municipality_slug": municipality.slug})
    html = nav_html(client_for().get(overview))
    assert current_hrefs(html) == [overview]
    assert current_groups(html) == []
    nav = build_nav(municipality, f"{overview}nie-ma-takiej-strony/", officer=False)
    assert [link.key for link in nav.links if link.current] == []


def test_the_officer_panel_is_linked_for_the_municipalitys_officers_only():
    officer = OfficerFactory()
    municipality = officer.municipality
    other_officer = OfficerFactory()
    panel = reverse("cooperation:panel", kwargs={"municipality_slug": municipality.slug})
    page = reverse("cooperation:tracker", kwargs={"municipality_slug": municipality.slug})
    for user in (None, UserFactory(), other_officer.user):
        html = nav_html(client_for(user).get(page))
        assert panel not in hrefs(html)
        assert "Officer panel" not in html
    html = nav_html(client_for(officer.user).get(page))
    assert hrefs(html)[-1] == panel
    assert ">Officer panel</a>" in html
    html = nav_html(client_for(officer.user).get(panel))
    assert current_hrefs(html) == [panel]
    assert current_groups(html) == []


def test_a_feature_registers_itself_into_its_plane_and_an_unrouted_one_is_left_out(monkeypatch):
    municipality = MunicipalityFactory()
    registry = dict(features.REGISTRY.features)
    registry["test_feature"] = Feature(key="test_feature", title="Nowa funkcja", plane="P3", order=1,
                                       public_url="cooperation:history")
    registry["unrouted"] = Feature(key="unrouted", title="W budowie", plane="P2", public_url="nie:ma")
    registry["officers_only"] = replace(registry["partnerships"], key="officers_only", public_url=None)
    monkeypatch.setattr(features.REGISTRY, "features", registry)
    nav = build_nav(municipality, "/", officer=False)
    p3 = next(group for group in nav.groups if group.code == "P3")
    assert [link.key for link in p3.links] == ["test_feature", "events", "partnerships"]
    assert p3.links[0].href == reverse("cooperation:history", kwargs={"municipality_slug": municipality.slug})
    assert "unrouted" not in [link.key for link in nav.links]
    assert "officers_only" not in [link.key for link in nav.links]


def test_the_navigation_makes_no_query():
    officer = OfficerFactory()
    municipality = officer.municipality
    request = RequestFactory().get(f"/jst/{municipality.slug}/dotacje/konkursy/")
    context = {"request": request, "current_municipality": municipality, "can_manage_municipality": True}
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        html = render_to_string("cooperation/includes/municipality_nav.html", context)
    assert len(queries) == 0, [query["sql"] for query in queries]
    assert len(hrefs(html)) == len(public_hrefs(municipality)) + 1 + 1  # + the overview and the panel
    assert current_hrefs(html) == [reverse("grants:call_list", kwargs={"municipality_slug": municipality.slug})]


def test_a_municipal_page_makes_as_many_queries_with_the_navigation_as_before(monkeypatch):
    """The same page with the registry emptied but for one feature and with every feature: the navigation's
    size does not change the number of queries."""
    officer = OfficerFactory()
    client = client_for(officer.user)
    page = reverse("cooperation:directory", kwargs={"municipality_slug": officer.municipality.slug})
    client.get(page)  # warm up: session, translations

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200
        return len(queries)

    with_all = count()
    tracker = features.REGISTRY.features["tracker"]
    monkeypatch.setattr(features.REGISTRY, "features", {"tracker": tracker})
    assert count() == with_all
