"""Pages of cooperation programmes: the public list, programme and report (drafts and another municipality's
records never leak), the officer's pages (happy path and a forbidden role each), and the query counts of the
list pages at one and at many rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations.programmes import services
from consultations.programmes.enums import ProgrammeStatus
from consultations.programmes.models import Programme, ProgrammeReport
from cooperation.models import Sphere
from tests.browser.world import ensure_reference_data
from tests.factories import OfficerFactory, UserFactory

from .test_programmes_services import adopted, at, make_programme, warsaw

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference_data(db):
    """The Model's reference data and the spheres (a transactional test elsewhere may have flushed them)."""
    ensure_reference_data()


def client_for(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def url(name, municipality, **kwargs):
    return reverse(f"programmes:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def published(officer, monkeypatch, year=2026):
    programme = adopted(officer, monkeypatch, year=year)
    with scopes_disabled():
        services.publish_programme(programme=programme, actor=officer.user)
    monkeypatch.undo()
    return programme


def published_report(officer, year=2025):
    with scopes_disabled():
        report = services.create_report(municipality=officer.municipality, actor=officer.user, year=year)
        services.update_report(report=report, actor=officer.user, summary=f"Podsumowanie roku {year}.",
                               conclusions="Wnioski.")
        services.publish_report(report=report, actor=officer.user)
    return report


# --- Public pages --------------------------------------------------------------------------------------------


def test_the_public_list_shows_published_programmes_and_reports_only(officer, monkeypatch):
    programme = published(officer, monkeypatch)
    draft = make_programme(officer, year=2028, complete=False, title="Szkic programu na 2028 rok")
    report = published_report(officer)
    with scopes_disabled():
        services.create_report(municipality=officer.municipality, actor=officer.user, year=2024)
    response = client_for().get(url("list", officer.municipality))
    assert response.status_code == 200
    assert [p.pk for p in response.context["programmes"]] == [programme.pk]
    assert [r.pk for r in response.context["reports"]] == [report.pk]
    assert draft.title not in response.content.decode()


def test_a_published_programme_page_shows_its_sections_resolution_and_consultation(officer, monkeypatch):
    programme = published(officer, monkeypatch)
    response = client_for().get(url("detail", officer.municipality, pk=programme.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Treść: goals." in html and "Uchwała nr XX/1/2026" in html
    assert reverse("consultations:detail", kwargs={"municipality_slug": officer.municipality.slug,
                                                   "pk": programme.consultation_id}) in html
    assert [s["key"] for s in response.context["sections"]][:3] == ["goals", "principles", "scope"]


def test_a_draft_programme_is_seen_by_its_municipalitys_officers_alone(officer):
    draft = make_programme(officer, complete=False)
    path = url("detail", officer.municipality, pk=draft.pk)
    assert client_for(officer.user).get(path).status_code == 200
    for user in (None, UserFactory(), OfficerFactory().user):
        assert client_for(user).get(path).status_code == 404


def test_another_municipalitys_programme_is_not_found_under_this_municipalitys_address(officer, monkeypatch):
    other = OfficerFactory()
    theirs = published(other, monkeypatch)
    their_draft = make_programme(other, year=2029, complete=False)
    for pk in (theirs.pk, their_draft.pk):
        for user in (None, officer.user, other.user):
            assert client_for(user).get(url("detail", officer.municipality, pk=pk)).status_code == 404


def test_a_draft_report_is_not_public_and_a_published_one_is(officer):
    report = published_report(officer)
    with scopes_disabled():
        draft = services.create_report(municipality=officer.municipality, actor=officer.user, year=2024)
    assert client_for().get(url("report", officer.municipality, pk=report.pk)).status_code == 200
    assert client_for().get(url("report", officer.municipality, pk=draft.pk)).status_code == 404
    assert client_for(OfficerFactory().user).get(url("report", officer.municipality, pk=draft.pk)).status_code == 404
    assert client_for(officer.user).get(url("report", officer.municipality, pk=draft.pk)).status_code == 200


def test_the_pdfs_are_served_once_ready(officer, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        programme = published(officer, monkeypatch)
        report = published_report(officer)
    for name, pk in (("pdf", programme.pk), ("report_pdf", report.pk)):
        response = client_for().get(url(name, officer.municipality, pk=pk))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_pdf_of_a_draft_is_not_served(officer):
    draft = make_programme(officer, complete=False)
    assert client_for(officer.user).get(url("pdf", officer.municipality, pk=draft.pk)).status_code == 404


def _many(officer, n):
    with scopes_disabled():
        for year in range(2000, 2000 + n):
            programme = services.create_programme(municipality=officer.municipality, actor=officer.user,
                                                  kind="annual", first_year=year)
            Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.PUBLISHED,
                                                            resolution_number=f"Uchwała {year}",
                                                            resolution_date=date(year - 1, 11, 1))
            ProgrammeReport.objects.create(municipality=officer.municipality, year=year, status="published",
                                           published_at=timezone.now(), summary="S")


@pytest.mark.parametrize("rows", [1, 12])
def test_the_public_list_makes_a_fixed_number_of_queries(officer, rows, django_assert_max_num_queries):
    _many(officer, rows)
    client = client_for()
    with django_assert_max_num_queries(8):
        response = client.get(url("list", officer.municipality))
    assert len(response.context["programmes"]) == rows and len(response.context["reports"]) == rows


@pytest.mark.parametrize("rows", [1, 12])
def test_the_officers_list_makes_a_fixed_number_of_queries(officer, rows, django_assert_max_num_queries):
    _many(officer, rows)
    client = client_for(officer.user)
    client.get(url("admin_list", officer.municipality))
    with django_assert_max_num_queries(14):
        response = client.get(url("admin_list", officer.municipality))
    assert len(response.context["programmes"]) == rows and len(response.context["reports"]) == rows


# --- Officer pages ---------------------------------------------------------------------------------------------


def test_officer_pages_are_refused_to_residents_ngos_and_other_municipalities(officer):
    programme = make_programme(officer, complete=False)
    pages = [url("admin_list", officer.municipality), url("create", officer.municipality),
             url("admin", officer.municipality, pk=programme.pk),
             url("section_edit", officer.municipality, pk=programme.pk, key="goals"),
             url("tasks_edit", officer.municipality, pk=programme.pk),
             url("report_create", officer.municipality)]
    for path in pages:
        assert client_for(UserFactory()).get(path).status_code == 403
        assert client_for(OfficerFactory().user).get(path).status_code == 403
        assert client_for().get(path).status_code == 302
    post = client_for(UserFactory()).post(url("withdraw", officer.municipality, pk=programme.pk))
    assert post.status_code == 403
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.DRAFT


def test_an_officer_creates_a_programme_and_writes_a_section(officer):
    client = client_for(officer.user)
    response = client.post(url("create", officer.municipality), {"kind": "annual", "first_year": "2027",
                                                                 "last_year": "", "title": ""})
    with scopes_disabled():
        programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == url("admin", officer.municipality, pk=programme.pk)
    response = client.post(url("section_edit", officer.municipality, pk=programme.pk, key="goals"),
                           {"text": "Celem głównym jest partnerstwo."}, follow=True)
    assert messages_of(response)[-1] == "Section “Main and specific goals” is saved."
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.goals == "Celem głównym jest partnerstwo."


def test_an_unknown_section_is_not_found(officer):
    programme = make_programme(officer, complete=False)
    response = client_for(officer.user).get(url("section_edit", officer.municipality, pk=programme.pk, key="nope"))
    assert response.status_code == 404


def test_planned_funds_below_the_tasks_sum_are_saved_with_a_warning(officer):
    programme = make_programme(officer, complete=False)
    client = client_for(officer.user)
    with scopes_disabled():
        sphere = Sphere.objects.order_by("order").first()
    response = client.post(url("tasks_edit", officer.municipality, pk=programme.pk), {
        "tasks-TOTAL_FORMS": "2", "tasks-INITIAL_FORMS": "0",
        "tasks-0-sphere": sphere.pk, "tasks-0-description": "Zadanie", "tasks-0-planned_amount": "500.00",
        "tasks-1-sphere": "", "tasks-1-description": "", "tasks-1-planned_amount": "",
    })
    assert response.status_code == 302
    response = client.post(url("section_edit", officer.municipality, pk=programme.pk, key="funds"),
                           {"planned_funds": "300.00", "text": ""}, follow=True)
    assert messages_of(response)[-1] == ("The planned funds are 200.00 zł less than the sum of the priority tasks' "
                                       "amounts (500.00 zł).")
    with scopes_disabled():
        programme.refresh_from_db()
        assert programme.planned_funds == Decimal("300.00") and programme.priority_tasks.count() == 1


def test_sending_an_incomplete_annual_programme_to_consultation_shows_why_not(officer):
    programme = make_programme(officer, complete=False)
    now = timezone.localtime()
    response = client_for(officer.user).post(url("consultation_send", officer.municipality, pk=programme.pk), {
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"), "closes_at": (now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        "contact_person": "Oskar", "contact_email": "ngo@gmina.example.pl", "publish": "on"})
    assert response.status_code == 200
    assert messages_of(response)[0].startswith("Write every section the act requires first.")


def test_the_officer_journey_from_consultation_to_publication(officer, monkeypatch):
    at(monkeypatch, warsaw(2026, 9, 30, 9))
    programme = make_programme(officer)
    client = client_for(officer.user)
    response = client.post(url("consultation_send", officer.municipality, pk=programme.pk), {
        "opens_at": "2026-10-01T10:00", "closes_at": "2026-10-15T10:00", "contact_person": "Oskar Pełnomocnik",
        "contact_email": "ngo@gmina.example.pl", "publish": "on"}, follow=True)
    assert messages_of(response) == ["The draft programme is in public consultation."]
    response = client.post(url("adopt", officer.municipality, pk=programme.pk),
                           {"resolution_number": "Uchwała nr 1", "resolution_date": "2026-09-30"}, follow=True)
    assert messages_of(response) == ["The programme is adopted after its consultation closes."]
    at(monkeypatch, warsaw(2026, 12, 3, 12))
    client.force_login(officer.user)  # a new session at the new time
    response = client.get(url("adopt", officer.municipality, pk=programme.pk))
    assert len(response.context["warnings"]) == 1
    response = client.post(url("adopt", officer.municipality, pk=programme.pk),
                           {"resolution_number": "Uchwała nr 1", "resolution_date": "2026-12-02"}, follow=True)
    assert messages_of(response)[0] == "The adoption of the programme is recorded."
    assert messages_of(response)[1].startswith("An annual programme is adopted by 30.11.2026")
    response = client.post(url("publish", officer.municipality, pk=programme.pk), follow=True)
    assert messages_of(response) == ["The programme is published. The PDF is being prepared."]
    page = client_for().get(url("detail", officer.municipality, pk=programme.pk))
    assert page.status_code == 200 and "Adopted late" in page.content.decode()


def test_the_officer_prepares_and_publishes_a_report(officer):
    client = client_for(officer.user)
    year = timezone.localdate().year - 1
    response = client.post(url("report_create", officer.municipality), {"year": str(year)})
    with scopes_disabled():
        report = ProgrammeReport.objects.get()
    assert response["Location"] == url("report_edit", officer.municipality, pk=report.pk)
    response = client.post(url("report_refresh", officer.municipality, pk=report.pk), follow=True)
    assert messages_of(response)[-1] == "The figures are taken from the portal again."
    response = client.post(url("report_publish", officer.municipality, pk=report.pk), follow=True)
    assert messages_of(response) == ["Write a summary of the year before publishing the report."]
    client.post(url("report_edit", officer.municipality, pk=report.pk), {"summary": "Rok.", "conclusions": ""})
    response = client.post(url("report_publish", officer.municipality, pk=report.pk), follow=True)
    assert messages_of(response)[-1] == "The report is published. The PDF is being prepared."
    response = client.post(url("report_edit", officer.municipality, pk=report.pk), {"summary": "Zmiana.",
                                                                                    "conclusions": ""}, follow=True)
    assert messages_of(response) == ["This report is already published and no longer changes."]
    response = client.post(url("report_correct", officer.municipality, pk=report.pk))
    with scopes_disabled():
        correction = ProgrammeReport.objects.get(number=2)
        report.refresh_from_db()
    assert response["Location"] == url("report_edit", officer.municipality, pk=correction.pk)
    assert report.summary == "Rok."


def test_another_municipalitys_report_is_not_found_in_the_officers_pages(officer):
    other = OfficerFactory()
    with scopes_disabled():
        theirs = services.create_report(municipality=other.municipality, actor=other.user,
                                        year=timezone.localdate().year - 1)
    assert client_for(officer.user).get(url("report_edit", officer.municipality, pk=theirs.pk)).status_code == 404
