"""The officer dashboard, and the officer panel, municipality page and standards tracker built from the feature
registry: what they show, who may open them, and queries that do not grow with the data."""

import html
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations.enums import Addressees, ConsultationStatus, Subject
from consultations.models import Comment, Consultation, CouncilTerm, CouncilTermStatus, OpinionRequest, Report
from cooperation import features, services
from cooperation.enums import OrganizationLinkStatus, StandardImplementation
from cooperation.models import Standard
from tests.cooperation.core_roles import build_world
from tests.factories import OrganizationMunicipalityFactory

pytestmark = pytest.mark.django_db

MANY = 12


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"  # the language switcher's cookie
    return client


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _url(name, municipality, **kwargs):
    return reverse(name, kwargs={"municipality_slug": municipality.slug, **kwargs})


def _term(municipality, *, starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31)):
    with scopes_disabled():
        return CouncilTerm.objects.create(municipality=municipality, starts_on=starts_on, ends_on=ends_on,
                                          status=CouncilTermStatus.PUBLISHED, published_at=timezone.now())


def _consultation(municipality, title, *, closes_in_days, status=ConsultationStatus.PUBLISHED):
    closes = timezone.now() + timedelta(days=closes_in_days)
    with scopes_disabled():
        return Consultation.objects.create(
            municipality=municipality, title=title, subject=Subject.LOCAL_LAW, addressees=Addressees.NGOS,
            forms=["online"], opens_at=closes - timedelta(days=21), closes_at=closes,
            contact_person="Oskar Pełnomocnik", contact_email="ngo@example.pl", status=status)


@pytest.fixture
def existing_only(monkeypatch):
    """The registry's providers of the existing features only: the features built in parallel (programmes,
    bookings...) have their own deadlines, and this file tests what the existing ones show."""
    mine = {"cooperation.providers", "consultations.providers", "grants.providers", "self_assessment.providers"}
    for name in ("deadlines", "tasks", "evidence"):
        providers = [p for p in getattr(features.REGISTRY, name) if p.__module__ in mine]
        monkeypatch.setattr(features.REGISTRY, name, providers)


# --- The dashboard --------------------------------------------------------------------------------------------


def test_dashboard_shows_deadlines_tasks_and_the_standards(client, world, existing_only):
    here = world.here
    today = timezone.localdate()
    OrganizationMunicipalityFactory(municipality=here, status=OrganizationLinkStatus.PENDING)
    services.set_standard_status(municipality=here, standard=Standard.objects.get(code="P1.A5.T2.S1"), actor=None,
                                 status=StandardImplementation.IMPLEMENTED)
    term = _term(here)
    with scopes_disabled():
        opinion = OpinionRequest.objects.create(municipality=here, term=term, subject="Projekt strategii",
                                                sent_at=timezone.now(), due_on=today + timedelta(days=14))
    _consultation(here, "Konsultacja za trzy miesiące", closes_in_days=90)
    _consultation(here, "Konsultacja za tydzień", closes_in_days=7)
    _consultation(world.elsewhere, "Obca konsultacja", closes_in_days=7)
    client.force_login(world.user("officer_here"))

    text = _text(client.get(_url("cooperation:officer_dashboard", here)))

    assert "<h1>Officer dashboard: Gmina Tutejsza</h1>" in text
    assert f"1 of {Standard.objects.count()} minimal standards of the Model implemented" in text
    # The confirmed organization (directory: P1.A2.T1.S1) and the published council term (P1.A5.T2.S1).
    assert "2 shown by evidence on the portal" in text
    opinion_url = _url("consultations:council_opinion_record", here, pk=opinion.pk)
    assert f'<a href="{opinion_url}">Opinion of the public benefit council due: Projekt strategii</a>' in text
    assert '<span class="badge badge--statutory">statutory</span> art. 41i ust. 2' in text
    assert "in 14 days" in text
    assert "Consultation closes: Konsultacja za tydzień" in text
    assert "Konsultacja za trzy miesiące" not in text  # beyond 60 days
    assert "Obca konsultacja" not in text
    assert (f'<a href="{_url("cooperation:link_list", here)}">Organization awaiting confirmation</a> '
            '<span class="badge">1</span>') in text
    assert text.index("Consultation closes: Konsultacja za tydzień") < text.index("Projekt strategii")


def test_dashboard_without_anything_due_says_so(client, world, monkeypatch):
    monkeypatch.setattr(features.REGISTRY, "deadlines", [])
    monkeypatch.setattr(features.REGISTRY, "tasks", [])
    client.force_login(world.user("officer_here"))
    text = _text(client.get(_url("cooperation:officer_dashboard", world.here)))
    assert "Nothing is due in the next 60 days." in text
    assert "Nothing waits for you at the moment." in text


@pytest.mark.parametrize(("role", "status"), [("resident", 403), ("owner", 403), ("editor", 403),
                                              ("officer_elsewhere", 403), ("admin", 200), ("officer_here", 200)])
def test_dashboard_is_for_the_municipalitys_officers_and_admins(client, world, role, status):
    client.force_login(world.user(role))
    assert client.get(_url("cooperation:officer_dashboard", world.here)).status_code == status


def test_dashboard_sends_anonymous_visitors_to_log_in(client, world):
    url = _url("cooperation:officer_dashboard", world.here)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_dashboard_refuses_post(client, world):
    client.force_login(world.user("officer_here"))
    assert client.post(_url("cooperation:officer_dashboard", world.here)).status_code == 405


# --- The panel and the municipality page ----------------------------------------------------------------------


def test_panel_links_the_dashboard_first_and_lists_features_by_plane(client, world):
    here = world.here
    client.force_login(world.user("officer_here"))
    text = _text(client.get(_url("cooperation:panel", here)))

    dashboard = _url("cooperation:officer_dashboard", here)
    assert text.count(f'href="{dashboard}"') == 2  # under the heading and the first card
    assert text.index(f'href="{dashboard}"') < text.index('<li class="card">')
    assert f'<h3><a href="{_url("consultations:admin_list", here)}">Public consultations</a></h3>' in text
    assert f'<h3><a href="{_url("consultations:rules_edit", here)}">Consultation rules</a></h3>' in text
    assert f'<h3><a href="{_url("grants:call_admin_list", here)}">Open calls for offers</a></h3>' in text
    assert f'<h3><a href="{_url("cooperation:event_admin_list", here)}">Meetings and trainings</a></h3>' in text
    # Planes in order, each feature under its own.
    p1, p2, p3 = (text.index(f'id="plane-{code}"') for code in ("P1", "P2", "P3"))
    assert p1 < text.index("Public consultations</a></h3>") < p2 < text.index("Open calls for offers</a></h3>") < p3
    assert p3 < text.index("Meetings and trainings</a></h3>")
    # The NGO base cards stay.
    for name in ("import_upload", "history", "link_list"):
        assert f'href="{_url(f"cooperation:{name}", here)}"' in text
    assert _url("cooperation:export_organizations", here, file_format="csv") in text


def test_municipality_page_lists_the_public_pages_of_the_features(client, world):
    here = world.here
    text = _text(client.get(here.get_absolute_url()))

    assert f'<h3><a href="{_url("consultations:list", here)}">Public consultations</a></h3>' in text
    assert f'<h3><a href="{_url("consultations:council", here)}">Public benefit council</a></h3>' in text
    assert f'<h3><a href="{_url("cooperation:directory", here)}">NGO directory</a></h3>' in text
    assert f'<h3><a href="{_url("cooperation:tracker", here)}">Standards tracker</a></h3>' in text
    # Officers' pages are not offered to the public.
    assert _url("consultations:rules_edit", here) not in text
    assert _url("consultations:admin_list", here) not in text
    assert "Consultation rules" not in text


# --- The tracker ----------------------------------------------------------------------------------------------


def _tracker_row(text: str, code: str) -> str:
    start = text.index(f'<span class="meta">{code}</span>')
    return text[start:text.index("</tr>", start)]


def test_tracker_links_each_standard_to_its_features_and_shows_evidence_of_every_provider(client, world,
                                                                                          existing_only):
    here = world.here
    _term(here)
    reported = _consultation(here, "Uchwała o targowiskach", closes_in_days=-30,
                             status=ConsultationStatus.REPORT_PUBLISHED)
    with scopes_disabled():
        Report.objects.create(consultation=reported, number=1, content={}, published_at=timezone.now())

    text = _text(client.get(_url("cooperation:tracker", here)))

    council = _tracker_row(text, "P1.A5.T2.S1")
    assert f'On the portal: <a href="{_url("consultations:council", here)}">Public benefit council</a>' in council
    assert (f'Evidence on the portal: <a href="{_url("consultations:council", here)}">'
            "Public benefit council, term 2025–2027</a>") in council
    consulted = _tracker_row(text, "P1.A4.T2.S1")
    assert (f'<a href="{_url("consultations:report", here, pk=reported.pk)}">'
            "Consultation report: Uchwała o targowiskach</a>") in consulted
    # A feature without a public page is not linked for the public...
    assert "On the portal:" not in _tracker_row(text, "P1.A4.T1.S1")
    # ...but is for the municipality's officer.
    client.force_login(world.user("officer_here"))
    officer_text = _text(client.get(_url("cooperation:tracker", here)))
    assert (f'On the portal: <a href="{_url("consultations:rules_edit", here)}">Consultation rules</a>'
            in _tracker_row(officer_text, "P1.A4.T1.S1"))


def test_tracker_leaves_out_another_municipalitys_evidence(client, world):
    _term(world.elsewhere)
    text = _text(client.get(_url("cooperation:tracker", world.here)))
    assert "Public benefit council, term" not in text


# --- Queries do not grow with the data ------------------------------------------------------------------------


def _add_rows(world, start: int, stop: int) -> None:
    """For each n: a consultation closing soon, a closed one with an unanswered comment, one with a published
    report, an organization awaiting confirmation, a council term with an opinion request, a published one."""
    here = world.here
    for n in range(start, stop):
        _consultation(here, f"Otwarta {n}", closes_in_days=3 + n % 20)
        closed = _consultation(here, f"Zamknięta {n}", closes_in_days=-1 - n % 5)
        reported = _consultation(here, f"Z raportem {n}", closes_in_days=-30, status=ConsultationStatus.REPORT_PUBLISHED)
        term = _term(here, starts_on=date(2000 + n, 1, 1), ends_on=date(2000 + n, 12, 31) + timedelta(days=800))
        with scopes_disabled():
            Comment.objects.create(consultation=closed, author_name="Jan", justification="Uwaga")
            Report.objects.create(consultation=reported, number=1, content={}, published_at=timezone.now())
            OpinionRequest.objects.create(municipality=here, term=term, subject=f"Projekt {n}",
                                          sent_at=timezone.now(), due_on=timezone.localdate() + timedelta(days=10))
        OrganizationMunicipalityFactory(municipality=here, status=OrganizationLinkStatus.PENDING)


def _count(client, url) -> int:
    client.get(url)  # warm up: sessions, content types, translations
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(("name", "signed_in", "marker"), [
    ("officer_dashboard", True, "Consultation closes: Otwarta"),
    ("panel", True, '<li class="card">'),
    ("municipality_detail", False, '<li class="card">'),
    ("tracker", False, "Evidence on the portal:"),
])
def test_pages_built_from_the_registry_make_the_same_queries_at_one_and_many_rows(
        client, world, django_assert_max_num_queries, name, signed_in, marker):
    if signed_in:
        client.force_login(world.user("officer_here"))
    url = _url(f"cooperation:{name}", world.here)
    _add_rows(world, 0, 1)
    at_one = _count(client, url)
    _add_rows(world, 1, MANY)
    with django_assert_max_num_queries(at_one):
        response = client.get(url)
    assert marker in response.content.decode()
    if name == "officer_dashboard":
        assert response.content.decode().count("Consultation closes: Otwarta") == MANY
