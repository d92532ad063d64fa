"""The LIJW journey through the views: officer setup, respondents, meeting, publication, public pages."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.models import Area
from self_assessment.enums import EditionStatus, QuestionKind, RenderStatus
from self_assessment.models import Edition, NoteRevision, Response, SurveyToken
from tests.factories import OfficerFactory, OrganizationMunicipalityFactory, UserFactory

from .conftest import add_team, rated_questions


def url(name, edition=None, **kwargs):
    if edition is not None:
        kwargs.setdefault("municipality_slug", edition.municipality.slug)
        kwargs.setdefault("pk", edition.pk)
    return reverse(f"self_assessment:{name}", kwargs=kwargs)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer.user)
    return client


def test_officer_creates_an_edition_with_defaults(officer_client, officer):
    slug = officer.municipality.slug
    page = officer_client.get(reverse("self_assessment:edition_create", kwargs={"municipality_slug": slug}))
    assert page.status_code == 200
    year = timezone.localdate().year - 1
    assert f'value="{year}-01-01"' in page.content.decode()
    now = timezone.localtime()
    response = officer_client.post(
        reverse("self_assessment:edition_create", kwargs={"municipality_slug": slug}),
        {
            "title": "Ocena 2025", "period_start": f"{year}-01-01", "period_end": f"{year}-12-31",
            "survey_opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "survey_closes_at": (now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
            "areas": [a.pk for a in Area.objects.all()],
            "aggregation": "areas", "min_group_size": 3, "open_link_enabled": "on", "open_link_code": "",
        },
    )
    with scopes_disabled():
        edition = Edition.objects.get(title="Ocena 2025")
        assert edition.areas.count() == 12
        assert edition.questions.filter(kind=QuestionKind.RATING).count() == 26
        assert edition.open_link_enabled
    assert response.status_code == 302 and response["Location"] == url("edition_detail", edition)


def test_edition_create_with_bad_dates_shows_errors_next_to_fields(officer_client, officer):
    response = officer_client.post(
        reverse("self_assessment:edition_create", kwargs={"municipality_slug": officer.municipality.slug}),
        {"title": "X", "period_start": "2025-12-31", "period_end": "2025-01-01",
         "survey_opens_at": "2026-01-10T10:00", "survey_closes_at": "2026-01-09T10:00", "areas": [],
         "aggregation": "areas", "min_group_size": 3},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_period_end_error"' in body and 'id="id_survey_closes_at_error"' in body
    assert 'id="id_areas_error"' in body
    with scopes_disabled():
        assert not Edition.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "resident", "other_officer"])
def test_officer_pages_are_refused_to_others(client, make_edition, who):
    edition = make_edition()
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "other_officer":
        client.force_login(OfficerFactory().user)
    for name in ["edition_detail", "questionnaire", "distribution", "results", "summary", "note_edit", "projector"]:
        response = client.get(url(name, edition))
        if who == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), name
        else:
            assert response.status_code == 403, name


def test_another_municipalitys_edition_is_not_found(make_edition):
    edition = make_edition()
    other = OfficerFactory()
    client = Client()
    client.force_login(other.user)
    response = client.get(url("edition_detail", edition, municipality_slug=other.municipality.slug))
    assert response.status_code == 404


def test_respondent_journey_personal_link_save_resume_submit(client, make_edition, officer,
                                                             django_capture_on_commit_callbacks):
    edition = make_edition()
    OrganizationMunicipalityFactory(municipality=officer.municipality, organization__email="ngo@example.org")
    staff = Client()
    staff.force_login(officer.user)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url("distribution", edition), {"action": "ngo"})
    [message] = mail.outbox
    path = urlsplit(re.search(r"http://\S+/ankieta/t/\S+/", message.body).group(0)).path
    survey_url = reverse("self_assessment:survey",
                         kwargs={"municipality_slug": edition.municipality.slug, "key": edition.open_link_key})
    landing = client.get(path)
    assert landing.status_code == 302 and landing["Location"] == survey_url
    form_page = client.get(landing["Location"])
    body = form_page.content.decode()
    assert "Samorząd angażuje organizacje" in body  # NGO wording
    q = rated_questions(edition)["P1.A1"][0]
    with scopes_disabled():
        required = edition.questions.get(required=True)
    saved = client.post(landing["Location"], {f"q_{q.pk}": "4", "save": "1"})
    assert saved.status_code == 302
    resumed = client.get(landing["Location"]).content.decode()
    assert re.search(rf'name="q_{q.pk}" value="4"[^>]*checked', resumed)
    missing = client.post(landing["Location"], {f"q_{q.pk}": "4", "submit": "1"})
    assert missing.status_code == 200
    assert f'id="id_q_{required.pk}_error"' in missing.content.decode()
    done = client.post(landing["Location"], {f"q_{q.pk}": "4", f"q_{required.pk}": "yes", "submit": "1"})
    assert done.status_code == 200 and 'name="submit"' not in done.content.decode()
    with scopes_disabled():
        assert Response.objects.filter(edition=edition).count() == 1
        assert SurveyToken.objects.get(edition=edition).used
    # The link now only thanks; it cannot be used again.
    again = client.get(path)
    assert again.status_code == 200 and 'name="submit"' not in again.content.decode()
    assert client.get(survey_url).status_code == 404  # no session access left and no open link
    with scopes_disabled():
        assert Response.objects.count() == 1


def test_open_link_with_code_and_group_choice(client, make_edition):
    edition = make_edition()
    with scopes_disabled():
        Edition.objects.filter(pk=edition.pk).update(open_link_enabled=True, open_link_code="ZIELONA")
    survey_url = reverse("self_assessment:survey",
                         kwargs={"municipality_slug": edition.municipality.slug, "key": edition.open_link_key})
    wrong = client.post(survey_url, {"code": "czerwona"})
    assert 'id="id_code_error"' in wrong.content.decode()
    assert client.post(survey_url, {"code": "ZIELONA"}).status_code == 302
    choose = client.get(survey_url)
    assert 'name="group"' in choose.content.decode()
    assert client.post(survey_url, {"group": "jst", "jst_role": "councillor"}).status_code == 302
    body = client.get(survey_url).content.decode()
    assert "Urząd angażuje organizacje" in body  # JST wording


def test_closed_open_link_is_not_found(client, make_edition):
    edition = make_edition()
    response = client.get(reverse("self_assessment:survey",
                                  kwargs={"municipality_slug": edition.municipality.slug, "key": edition.open_link_key}))
    assert response.status_code == 404


def test_publish_and_public_pages(officer_client, client, make_edition, django_capture_on_commit_callbacks):
    edition = make_edition(area_codes=("P1.A1", "P3.A2"), status=EditionStatus.CLOSED)
    add_team(edition)
    with scopes_disabled():
        assessments = list(edition.area_assessments.select_related("area"))
    for assessment, score in zip(assessments, ["3.0", "4.0"], strict=True):
        response = officer_client.post(url("summary", edition), {
            "assessment": assessment.pk, f"a{assessment.pk}-agreed_score": score,
            f"a{assessment.pk}-justification": "Uzgodnione jednogłośnie",
        })
        assert response.status_code == 302
    officer_client.post(url("recommendations", edition), {"text": "Coroczne spotkanie sektora", "owner": "Pełnomocnik",
                                                          "deadline": "2026-06-30"})
    # Not public before publication.
    assert client.get(url("note", edition)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(url("note_publish", edition), {"correction_note": ""})
    with scopes_disabled():
        revision = NoteRevision.objects.get(edition=edition)
    assert revision.pdf_status == RenderStatus.READY
    page = client.get(url("note", edition)).content.decode()
    assert "3,50" in page  # mean of 3.0 and 4.0 (one area per plane), Polish decimal comma
    assert "Coroczne spotkanie sektora" in page
    pdf = client.get(url("note_pdf", edition, number=1))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    archive = client.get(reverse("self_assessment:archive", kwargs={"municipality_slug": edition.municipality.slug}))
    assert edition.title in archive.content.decode()
    regional = client.get(reverse("lijw:regional")).content.decode()
    assert edition.municipality.name in regional
    data = client.get(reverse("lijw:open_data", kwargs={"file_format": "json"})).json()
    assert data["records"][0]["overall_agreed"] == "3.50"
    assert data["records"][0]["areas"] == {"P1.A1": "3.00", "P3.A2": "4.00"}


def test_pending_pdf_is_announced_on_the_public_page(client, make_edition, officer):
    edition = make_edition(area_codes=("P1.A1",), status=EditionStatus.CLOSED)
    add_team(edition)
    from self_assessment import services

    with scopes_disabled():
        services.publish_note(edition=edition, actor=officer.user)  # on_commit never runs here: stays pending
    page = client.get(url("note", edition))
    assert page.status_code == 200
    assert 'role="status"' in page.content.decode()
    assert client.get(url("note_pdf", edition, number=1)).status_code == 404


def test_saving_the_note_text_returns_to_the_note_editor(officer_client, make_edition):
    edition = make_edition(area_codes=("P1.A1",), status=EditionStatus.CLOSED)
    response = officer_client.post(url("note_edit", edition), {"introduction": "Wstęp", "course": "",
                                                               "conclusions": "Wnioski", "publication_channels": ""})
    assert response.status_code == 302 and response["Location"] == url("note_edit", edition)
    with scopes_disabled():
        edition.note_draft.refresh_from_db()
        assert edition.note_draft.conclusions == "Wnioski"
    page = officer_client.get(url("note_edit", edition)).content.decode()
    assert "Wnioski" in page  # in the form and in the preview


def test_results_export_csv_and_xlsx_hold_the_scores(officer_client, make_edition):
    import csv
    import io

    import openpyxl

    from self_assessment import services

    edition = make_edition(area_codes=("P1.A1",))
    q = rated_questions(edition)["P1.A1"][0]
    with scopes_disabled():
        required = edition.questions.get(required=True)
        for rating in ("2", "3", "5"):
            services.enter_paper_response(edition=edition, actor=edition.created_by, group="ngo", jst_role="",
                                          raw={q.pk: rating, required.pk: "yes"})
    response = officer_client.get(url("results_export", edition, file_format="csv"))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    statement = next(r for r in rows if r[2] == q.text_ngo)
    assert statement[1] == "P1.A1" and statement[3] == "3.33" and statement[4] == "3"
    assert statement[6] == ""  # no local-government answers: nothing to show
    workbook = openpyxl.load_workbook(io.BytesIO(officer_client.get(url("results_export", edition,
                                                                        file_format="xlsx")).content))
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert any(row[2] == q.text_ngo and row[3] == "3.33" for row in values)
