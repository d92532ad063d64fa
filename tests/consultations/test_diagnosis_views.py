"""Pages of the local diagnosis: the public dashboard, an indicator's page and the open-data CSV (published
indicators only, never another municipality's), the officer's pages (happy path and a forbidden role each), the
grid of years with errors in the right cell, the CSV import with preview, and query counts."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations.diagnosis.models import Indicator, IndicatorValue
from cooperation.models import AuditEntry
from tests.factories import OfficerFactory, UserFactory

from .test_diagnosis_services import LAST_YEAR, THIS_YEAR, csv_bytes, make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


def client_for(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def url(name, municipality, **kwargs):
    return reverse(f"diagnosis:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- Public dashboard -------------------------------------------------------------------------------------------


def test_dashboard_shows_published_indicators_by_group_with_values_trend_and_source(officer):
    make_indicator(officer, values={2021: "5.9", 2022: "5.1", 2023: "4.3", 2024: "4.0", 2025: "3.9"},
                   source="GUS BDL, tablica P2392")
    response = client_for().get(url("dashboard", officer.municipality))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2 id=\"group-economy\">3. Economic development and jobs</h2>" in html
    assert "<caption>Economic development and jobs: values 2021–2025</caption>" in html
    assert '<td class="number">3.9</td>' in html
    assert '<span aria-hidden="true" class="trend__symbol">↓</span> falling (better)' in html
    assert "GUS BDL, tablica P2392 (2025)" in html
    assert html.count("<svg") == 1
    assert "No indicator of this group is published yet." in html


def test_dashboard_without_published_indicators_says_so(officer):
    make_indicator(officer, publish=False, values={2024: "1"})
    response = client_for().get(url("dashboard", officer.municipality))
    html = response.content.decode()
    assert "The municipality has not published any indicator yet." in html
    assert "Stopa bezrobocia" not in html


def test_dashboard_never_shows_unpublished_or_another_municipalitys_indicators(officer):
    make_indicator(officer, name="Widoczny wskaźnik", values={2024: "1"})
    make_indicator(officer, name="Szkic wskaźnika", publish=False, values={2024: "2"})
    make_indicator(OfficerFactory(), name="Wskaźnik innej gminy", values={2024: "3"})
    for user in (None, UserFactory(), OfficerFactory().user):
        html = client_for(user).get(url("dashboard", officer.municipality)).content.decode()
        assert "Widoczny wskaźnik" in html
        assert "Szkic wskaźnika" not in html
        assert "Wskaźnik innej gminy" not in html


def test_unpublished_indicator_page_is_not_found_for_visitors_and_shown_to_officers(officer):
    indicator = make_indicator(officer, publish=False, values={2024: "2"})
    address = url("indicator_detail", officer.municipality, pk=indicator.pk)
    assert client_for().get(address).status_code == 404
    assert client_for(OfficerFactory().user).get(address).status_code == 404
    response = client_for(officer.user).get(address)
    assert response.status_code == 200
    assert "This indicator is not published" in response.content.decode()


def test_another_municipalitys_indicator_is_not_found_under_this_address(officer):
    other = make_indicator(OfficerFactory(), values={2024: "3"})
    assert client_for(officer.user).get(url("indicator_detail", officer.municipality, pk=other.pk)).status_code == 404


def test_indicator_page_lists_every_year_with_sources_newest_first(officer):
    indicator = make_indicator(officer, values={2019: "6.5", 2024: "4.0"})
    with scopes_disabled():
        IndicatorValue.objects.filter(indicator=indicator, year=2024).update(
            source_url="https://bdl.stat.gov.pl/", note="Stan na 31 grudnia.")
    response = client_for().get(url("indicator_detail", officer.municipality, pk=indicator.pk))
    html = response.content.decode()
    assert [item.year for item in response.context["values"]] == [2024, 2019]
    assert '<a href="https://bdl.stat.gov.pl/" rel="noopener">GUS BDL, tablica P2392</a>' in html
    assert "Stan na 31 grudnia." in html
    assert "Stopa bezrobocia rejestrowanego (procent), 2019–2024" in html  # the chart's title


def test_open_data_csv_has_every_published_value_and_nothing_else(officer):
    make_indicator(officer, values={2023: "4.5", 2024: "4.25"})
    make_indicator(officer, name="Szkic", publish=False, values={2024: "1"})
    make_indicator(OfficerFactory(), name="Inna gmina", values={2024: "1"})
    response = client_for().get(url("open_data", officer.municipality))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="diagnoza-{officer.municipality.slug}-{timezone.localdate():%Y-%m-%d}.csv"')
    teryt, name = officer.municipality.teryt, officer.municipality.name
    assert b"".join(response.streaming_content).decode("utf-8").splitlines() == [
        "\ufeffteryt,gmina,grupa,grupa_nazwa,wskaznik,jednostka,rok,wartosc,zrodlo,zrodlo_adres,uwagi",
        f"{teryt},{name},economy,Economic development and jobs,Stopa bezrobocia rejestrowanego,procent,2023,4.5,"
        "\"GUS BDL, tablica P2392\",,",
        f"{teryt},{name},economy,Economic development and jobs,Stopa bezrobocia rejestrowanego,procent,2024,4.25,"
        "\"GUS BDL, tablica P2392\",,",
    ]


def test_open_data_file_imports_back(officer):
    make_indicator(officer, values={2023: "4.5"})
    content = b"".join(client_for().get(url("open_data", officer.municipality)).streaming_content)
    from consultations.diagnosis import services

    with scopes_disabled():
        report = services.check_value_import(municipality=officer.municipality, content=content)
    assert [(row.year, row.value, row.action, row.errors) for row in report.rows] == [
        (2023, Decimal("4.5"), "unchanged", [])]


@pytest.mark.parametrize("name", ["dashboard", "open_data"])
def test_public_pages_make_the_same_number_of_queries_for_one_and_many_indicators(officer, name,
                                                                                  django_assert_num_queries):
    make_indicator(officer, values={2024: "1"})
    client = client_for()
    address = url(name, officer.municipality)
    client.get(address)
    with CaptureQueriesContext(connection) as one:
        client.get(address)
    for n in range(12):
        make_indicator(officer, name=f"Wskaźnik {n}", group=["civic", "health", "housing"][n % 3],
                       values={year: str(n + year % 7) for year in range(2015, 2026)})
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(address)
    assert response.status_code == 200
    assert len(one.captured_queries) <= 4  # the municipality, the indicators, their values


# --- Officer pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["admin", "indicator_create", "import_upload"])
def test_officer_pages_open_for_the_officer_and_are_forbidden_to_others(officer, name):
    address = url(name, officer.municipality)
    assert client_for(officer.user).get(address).status_code == 200
    assert client_for(UserFactory()).get(address).status_code == 403
    assert client_for(OfficerFactory().user).get(address).status_code == 403
    assert client_for().get(address)["Location"].startswith("/konto/login/?next=")


def test_admin_lists_indicators_by_group_with_missing_last_year(officer):
    make_indicator(officer, values={LAST_YEAR - 1: "4"})
    make_indicator(officer, name="Szkic", group="civic", publish=False)
    response = client_for(officer.user).get(url("admin", officer.municipality))
    html = response.content.decode()
    assert f"Value for {LAST_YEAR}" in html
    assert "<strong>missing</strong>" in html
    assert '<span class="badge badge--not_started">unpublished</span>' in html


def test_admin_makes_the_same_number_of_queries_for_one_and_many_indicators(officer, django_assert_num_queries):
    make_indicator(officer, values={2024: "1"})
    client = client_for(officer.user)
    address = url("admin", officer.municipality)
    client.get(address)
    with CaptureQueriesContext(connection) as one:
        client.get(address)
    for n in range(10):
        make_indicator(officer, name=f"W{n}", group="health", publish=n % 2 == 0,
                       values=dict.fromkeys(range(2018, 2026), "1"))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(address)


def test_officer_adds_an_indicator_and_goes_to_its_values(officer):
    response = client_for(officer.user).post(url("indicator_create", officer.municipality), {
        "group": "civic", "name": "Frekwencja w wyborach do rady gminy", "unit": "procent", "definition": "",
        "direction": "higher", "order": "10",
    })
    with scopes_disabled():
        indicator = Indicator.objects.get(municipality=officer.municipality)
    assert response["Location"] == url("values_edit", officer.municipality, pk=indicator.pk)
    assert (indicator.group, indicator.direction, indicator.order, indicator.is_published) == (
        "civic", "higher", 10, False)


def test_duplicate_name_is_shown_next_to_the_name_field(officer):
    make_indicator(officer)
    response = client_for(officer.user).post(url("indicator_create", officer.municipality), {
        "group": "economy", "name": "Stopa bezrobocia rejestrowanego", "unit": "procent", "direction": "lower",
        "order": "1",
    })
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["The municipality already has an indicator with this name."]}


def test_officer_edits_an_indicator(officer):
    indicator = make_indicator(officer)
    address = url("indicator_edit", officer.municipality, pk=indicator.pk)
    assert client_for(officer.user).get(address).context["form"].initial["unit"] == "procent"
    response = client_for(officer.user).post(address, {
        "group": "economy", "name": indicator.name, "unit": "procent ludności aktywnej zawodowo",
        "direction": "lower", "order": "3", "definition": "Stan na 31 grudnia.",
    })
    assert response["Location"] == url("admin", officer.municipality)
    with scopes_disabled():
        indicator.refresh_from_db()
    assert (indicator.unit, indicator.order, indicator.definition) == (
        "procent ludności aktywnej zawodowo", 3, "Stan na 31 grudnia.")
    assert client_for(OfficerFactory().user).get(address).status_code == 403


def test_another_municipalitys_indicator_cannot_be_edited_here(officer):
    other = make_indicator(OfficerFactory())
    assert client_for(officer.user).get(url("indicator_edit", officer.municipality, pk=other.pk)).status_code == 404
    response = client_for(officer.user).post(url("indicator_publish", officer.municipality, pk=other.pk),
                                             {"published": "0"})
    assert response.status_code == 404


def test_officer_unpublishes_and_publishes_again(officer):
    indicator = make_indicator(officer)
    address = url("indicator_publish", officer.municipality, pk=indicator.pk)
    client = client_for(officer.user)
    response = client.post(address, {"published": "0"}, follow=True)
    assert messages_of(response) == ["“Stopa bezrobocia rejestrowanego” is unpublished: visitors no longer see it."]
    response = client.post(address, {"published": "0"}, follow=True)
    assert messages_of(response) == ["The indicator is already unpublished."]
    client.post(address, {"published": "1"})
    with scopes_disabled():
        indicator.refresh_from_db()
    assert indicator.is_published is True
    assert client_for(UserFactory()).post(address, {"published": "0"}).status_code == 403


def test_starter_set_button_adds_the_suggested_indicators_once(officer):
    client = client_for(officer.user)
    response = client.post(url("starter_add", officer.municipality), follow=True)
    assert messages_of(response) == [
        "Suggested indicators added: 19. They are unpublished until you publish them."]
    response = client.post(url("starter_add", officer.municipality), follow=True)
    assert messages_of(response) == ["The municipality already has every suggested indicator."]
    assert client_for(UserFactory()).post(url("starter_add", officer.municipality)).status_code == 403


def test_value_grid_shows_years_up_to_this_one_with_recorded_values(officer):
    indicator = make_indicator(officer, values={2015: "7.0", LAST_YEAR: "4.25"})
    response = client_for(officer.user).get(url("values_edit", officer.municipality, pk=indicator.pk))
    form = response.context["form"]
    assert form.years == list(range(THIS_YEAR, min(2015, THIS_YEAR - 6) - 1, -1))
    assert form[f"value_{LAST_YEAR}"].initial == "4,25"
    assert form[f"source_{LAST_YEAR}"].initial == "GUS BDL, tablica P2392"
    assert f'<label for="id_value_{LAST_YEAR}" class="visually-hidden">Value in {LAST_YEAR}</label>' in (
        response.content.decode())


def _grid_data(indicator_values: dict, years) -> dict:
    data = {}
    for year in years:
        value, source = indicator_values.get(year, ("", ""))
        data.update({f"value_{year}": value, f"source_{year}": source, f"source_url_{year}": "",
                     f"note_{year}": ""})
    return data


def test_officer_records_several_years_at_once(officer):
    indicator = make_indicator(officer, values={2022: "5.0"}, source="GUS")
    years = range(THIS_YEAR - 6, THIS_YEAR + 1)
    data = _grid_data({2022: ("4,8", "GUS"), 2023: ("4,3", "GUS BDL"), 2024: ("1 004,5", "PUP")}, years)
    response = client_for(officer.user).post(url("values_edit", officer.municipality, pk=indicator.pk), data,
                                             follow=True)
    assert messages_of(response) == ["Values saved: 2 new, 1 corrected."]
    with scopes_disabled():
        assert list(indicator.values.values_list("year", "value", "source")) == [
            (2022, Decimal("4.800"), "GUS"), (2023, Decimal("4.300"), "GUS BDL"), (2024, Decimal("1004.500"), "PUP")]
        assert AuditEntry.objects.filter(action="consultations.indicator_value.corrected").count() == 1


def test_officer_removes_a_value_typed_in_by_mistake_and_the_log_keeps_it(officer):
    indicator = make_indicator(officer, values={2022: "5.0", 2023: "4.0"}, source="GUS")
    years = range(THIS_YEAR - 6, THIS_YEAR + 1)
    page = client_for(officer.user).get(url("values_edit", officer.municipality, pk=indicator.pk)).content.decode()
    assert 'name="remove_2023"' in page and 'name="remove_2024"' not in page
    assert "Remove the value of 2023" in page
    data = {**_grid_data({2022: ("5,0", "GUS"), 2023: ("4,0", "GUS")}, years), "remove_2023": "on"}
    response = client_for(officer.user).post(url("values_edit", officer.municipality, pk=indicator.pk), data,
                                             follow=True)
    assert messages_of(response) == ["Values saved: 0 new, 0 corrected.", "1 value removed."]
    with scopes_disabled():
        assert list(indicator.values.values_list("year", flat=True)) == [2022]
        entry = AuditEntry.objects.get(action="consultations.indicator_value.removed")
        assert entry.data["year"] == 2023 and entry.data["before"]["value"].startswith("4")

    data = {**_grid_data({2022: ("5,0", "GUS"), 2024: ("zły", "GUS")}, years), "remove_2022": "on"}
    response = client_for(officer.user).post(url("values_edit", officer.municipality, pk=indicator.pk), data)
    assert response.status_code == 200  # another cell is wrong: nothing is removed either
    with scopes_disabled():
        assert list(indicator.values.values_list("year", flat=True)) == [2022]


def test_grid_errors_land_in_the_right_cell_and_nothing_is_saved(officer):
    indicator = make_indicator(officer, publish=False)
    years = range(THIS_YEAR - 6, THIS_YEAR + 1)
    data = _grid_data({2022: ("4,8", "GUS"), 2023: ("4,3", ""), 2024: ("abc", "GUS"), 2021: ("", "GUS")}, years)
    response = client_for(officer.user).post(url("values_edit", officer.municipality, pk=indicator.pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "value_2024": ["Enter a number, e.g. 12,5."],
    }
    data["value_2024"] = "4,0"
    response = client_for(officer.user).post(url("values_edit", officer.municipality, pk=indicator.pk), data)
    assert response.context["form"].errors == {
        "source_2023": ["Name the source of the value."],
        "value_2021": ["Enter the value."],
    }
    html = response.content.decode()
    assert '<a href="#id_source_2023">Source for 2023: Name the source of the value.</a>' in html
    with scopes_disabled():
        assert indicator.values.count() == 0


def test_value_grid_is_forbidden_to_another_municipalitys_officer(officer):
    indicator = make_indicator(officer)
    address = url("values_edit", officer.municipality, pk=indicator.pk)
    assert client_for(OfficerFactory().user).get(address).status_code == 403


# --- Import -----------------------------------------------------------------------------------------------------


def _upload(client, municipality, content: bytes):
    return client.post(url("import_upload", municipality),
                       {"file": SimpleUploadedFile("dane.csv", content, content_type="text/csv")})


def test_import_preview_then_confirm_saves_the_values(officer):
    indicator = make_indicator(officer)
    client = client_for(officer.user)
    response = _upload(client, officer.municipality, csv_bytes(
        "wskaznik;rok;wartosc;zrodlo", "Stopa bezrobocia rejestrowanego;2024;3,9;GUS",
        "Stopa bezrobocia rejestrowanego;2023;4,0;GUS"))
    assert response.context["counts"] == {"recorded": 2, "corrected": 0, "unchanged": 0, "errors": 0}
    with scopes_disabled():
        assert indicator.values.count() == 0
    payload = response.context["payload"]
    response = client.post(url("import_confirm", officer.municipality), {"payload": payload}, follow=True)
    assert messages_of(response) == ["Imported: 2 new values, 0 corrected, 0 unchanged."]
    with scopes_disabled():
        assert list(indicator.values.values_list("year", "value")) == [(2023, Decimal("4.000")),
                                                                      (2024, Decimal("3.900"))]


def test_import_preview_with_errors_lists_them_and_offers_no_confirmation(officer):
    make_indicator(officer)
    response = _upload(client_for(officer.user), officer.municipality, csv_bytes(
        "wskaznik;rok;wartosc;zrodlo", "Stopa bezrobocia rejestrowanego;2024;3,9;GUS", "Nieznany;2024;1;GUS"))
    html = response.content.decode()
    assert response.context["payload"] is None
    assert "1 row is wrong. Nothing can be imported until the file is corrected." in html
    assert "<li>The municipality has no indicator “Nieznany”.</li>" in html
    assert "import_confirm" not in html and "zatwierdz" not in html


def test_unreadable_import_file_error_is_next_to_the_file_field(officer):
    response = _upload(client_for(officer.user), officer.municipality, b"rok;wartosc\n2024;1\n")
    assert response.context["form"].errors == {"file": ["The file has no column: wskaznik, zrodlo."]}


def test_confirming_a_tampered_or_foreign_payload_is_refused(officer):
    make_indicator(officer)
    other = OfficerFactory()
    make_indicator(other)
    response = _upload(client_for(other.user), other.municipality, csv_bytes(
        "wskaznik;rok;wartosc;zrodlo", "Stopa bezrobocia rejestrowanego;2024;3,9;GUS"))
    foreign = response.context["payload"]
    client = client_for(officer.user)
    for payload in (foreign, foreign[:-2] + "xx", ""):
        response = client.post(url("import_confirm", officer.municipality), {"payload": payload}, follow=True)
        assert messages_of(response) == ["The checked file has expired or is not valid: upload it again."]
    with scopes_disabled():
        assert IndicatorValue.objects.count() == 0
    assert client_for(UserFactory()).post(url("import_confirm", officer.municipality),
                                          {"payload": foreign}).status_code == 403
