"""Exports of many rows stream (issue #8): CSV and JSON are StreamingHttpResponses fed by a database iterator,
XLSX a FileResponse from a temporary file; the number of queries does not grow with the rows; the body is
produced in the view's tenancy scope and language even though it is sent after the view returned."""

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from cooperation import exporting
from cooperation.enums import OrganizationLinkStatus
from grants.enums import OfferStatus
from grants.models import Offer, OfferVersion
from tests.factories import (
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
)
from tests.grants.award_factories import make_contract
from tests.grants.factories import make_call
from tests.grants.offer_factories import close_call, make_offer

pytestmark = pytest.mark.django_db

NGO_HEADER = ["nazwa", "forma_prawna", "krs", "nip", "regon", "ulica", "kod_pocztowy", "miejscowosc", "email",
              "telefon", "www", "sfery", "opis", "email_zgoda", "poczta_zgoda"]
OFFER_HEADER = ["numer_oferty", "organizacja", "krs", "tytul_zadania", "status", "zlozona", "koszty_ogolem",
                "wnioskowana_dotacja", "wklad_wlasny_finansowy", "wklad_wlasny_niefinansowy", "swiadczenia_odbiorcow",
                "srednia_punktow", "liczba_ocen", "kwota_proponowana", "kwota_przyznana"]


def officer_client(municipality, language="en"):
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(OfficerFactory(municipality=municipality).user)
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[list]:
    assert isinstance(response, FileResponse)
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def queries_while_streaming(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        body(response)
    return len(captured)


# --- The NGO base --------------------------------------------------------------------------------------------------


def ngo_url(municipality, file_format):
    return reverse("cooperation:export_organizations",
                   kwargs={"municipality_slug": municipality.slug, "file_format": file_format})


def add_confirmed(municipality, count, start=0):
    for n in range(start, start + count):
        link = OrganizationMunicipalityFactory(municipality=municipality, organization__name=f"Organizacja {n:04d}")
        link.organization.spheres.set(link.organization.spheres.model.objects.filter(code__in=["1a", "33"]))


def test_ngo_base_csv_streams_exactly_the_confirmed_organizations():
    municipality = MunicipalityFactory()
    add_confirmed(municipality, 3)
    OrganizationMunicipalityFactory(municipality=municipality, organization__name="Oczekująca",
                                    status=OrganizationLinkStatus.PENDING)
    OrganizationMunicipalityFactory(organization__name="Obca")

    response = officer_client(municipality).get(ngo_url(municipality, "csv"))

    rows = csv_rows(response)
    assert rows[0] == NGO_HEADER
    assert [(row[0], row[11]) for row in rows[1:]] == [
        ("Organizacja 0000", "1a; 33"), ("Organizacja 0001", "1a; 33"), ("Organizacja 0002", "1a; 33")]
    assert response["Cache-Control"] == "private, no-store"


def test_ngo_base_csv_queries_do_not_grow_from_10_to_200_organizations():
    municipality = MunicipalityFactory()
    client = officer_client(municipality)
    add_confirmed(municipality, 10)
    at_10 = queries_while_streaming(client, ngo_url(municipality, "csv"))
    add_confirmed(municipality, 190, start=10)
    at_200 = queries_while_streaming(client, ngo_url(municipality, "csv"))

    assert at_200 == at_10
    assert len(csv_rows(client.get(ngo_url(municipality, "csv")))) == 1 + 200


def test_ngo_base_xlsx_is_a_file_response_with_the_header_and_every_row():
    municipality = MunicipalityFactory()
    add_confirmed(municipality, 12)
    OrganizationMunicipalityFactory(municipality=municipality, organization__name="=HYPERLINK(\"http://x\")")

    response = officer_client(municipality).get(ngo_url(municipality, "xlsx"))

    assert response["Content-Type"] == exporting.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith(f'attachment; filename="organizacje-{municipality.slug}-')
    rows = xlsx_rows(response)
    assert rows[0] == NGO_HEADER
    assert len(rows) == 1 + 13
    assert rows[1][0] == "=HYPERLINK(\"http://x\")"  # text, not a formula
    assert rows[2][0] == "Organizacja 0000" and rows[2][11] == "1a; 33"


# --- A call's offers -------------------------------------------------------------------------------------------------


def call_with_offers(count):
    municipality = MunicipalityFactory()
    call = close_call(make_call(municipality))
    organization = OrganizationFactory(name="Stowarzyszenie Aktywni Razem")
    make_offer(call, organization, number="1/2027")
    add_offers(call, count - 1)
    return call


def add_offers(call, count):
    """Copies of the call's first offer (bulk_create: the export reads rows, it does not care how they came)."""
    with scopes_disabled():
        template = Offer.objects.filter(call=call).order_by("pk").first()
        start = Offer.objects.filter(call=call).count()
        fields = [f for f in Offer._meta.concrete_fields if not f.primary_key]
        copies = []
        for n in range(start, start + count):
            copy = Offer(**{f.attname: getattr(template, f.attname) for f in fields})
            copy.number = f"{n + 1}/2027"
            copy.organization = OrganizationFactory(name=f"Fundacja {n + 1:04d}")
            copies.append(copy)
        Offer.objects.bulk_create(copies)
        version = template.versions.get()
        OfferVersion.objects.bulk_create([OfferVersion(offer=copy, number=1, reason=version.reason,
                                                       content=version.content) for copy in copies])


def offers_url(call, file_format, kind="oferty"):
    return reverse("grants:evaluation_export", kwargs={"municipality_slug": call.municipality.slug, "pk": call.pk,
                                                       "kind": kind, "file_format": file_format})


def test_offers_csv_streams_one_row_per_submitted_offer_with_decimal_amounts_and_warsaw_time():
    call = call_with_offers(3)
    with scopes_disabled():
        make_offer(call, OrganizationFactory(), status=OfferStatus.DRAFT)  # never exported
        first = Offer.objects.filter(call=call).order_by("pk").first()

    rows = csv_rows(officer_client(call.municipality, language="pl").get(offers_url(call, "csv")))

    assert rows[0] == OFFER_HEADER
    assert [row[0] for row in rows[1:]] == ["1/2027", "2/2027", "3/2027"]
    offer = dict(zip(OFFER_HEADER, rows[1], strict=True))
    assert offer["zlozona"] == timezone.localtime(first.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert offer["wnioskowana_dotacja"] == f"{first.requested_grant:.2f}"
    with translation.override("pl"):
        submitted = str(OfferStatus.SUBMITTED.label)
    assert submitted != "submitted"
    assert offer["status"] == submitted  # the officer's language, though the body is produced after the view


def test_offers_csv_queries_do_not_grow_from_10_to_200_offers():
    call = call_with_offers(10)
    client = officer_client(call.municipality)
    at_10 = queries_while_streaming(client, offers_url(call, "csv"))
    add_offers(call, 190)
    at_200 = queries_while_streaming(client, offers_url(call, "csv"))

    assert at_200 == at_10
    assert len(csv_rows(client.get(offers_url(call, "csv")))) == 1 + 200


def test_offers_xlsx_opens_with_the_header_and_every_offer_amounts_as_numbers():
    call = call_with_offers(25)
    with scopes_disabled():
        first = Offer.objects.filter(call=call).order_by("pk").first()

    rows = xlsx_rows(officer_client(call.municipality).get(offers_url(call, "xlsx")))

    assert rows[0] == OFFER_HEADER
    assert len(rows) == 1 + 25
    assert rows[1][0] == "1/2027"
    assert Decimal(str(rows[1][7])) == first.requested_grant  # a number cell, not text
    assert rows[1][12] == 0  # liczba_ocen


def test_offers_export_is_refused_to_an_officer_of_another_municipality():
    call = call_with_offers(2)
    response = officer_client(MunicipalityFactory()).get(offers_url(call, "csv"))
    assert response.status_code in (403, 404)


# --- Open data ---------------------------------------------------------------------------------------------------------


def test_call_open_data_queries_do_not_grow_from_10_to_200_calls():
    municipality = MunicipalityFactory()
    client = Client()

    def add_calls(count):
        for _n in range(count):
            make_call(municipality)

    add_calls(10)
    url = reverse("grants_portal:call_open_data", kwargs={"file_format": "csv"})
    at_10 = queries_while_streaming(client, url)
    add_calls(190)
    at_200 = queries_while_streaming(client, url)

    assert at_200 == at_10
    rows = csv_rows(client.get(url))
    assert len(rows) == 1 + 200 and {row[rows[0].index("spheres")] for row in rows[1:]} == {"16"}
    json_records = json.loads(body(client.get(reverse("grants_portal:call_open_data",
                                                      kwargs={"file_format": "json"}))))["records"]
    assert len(json_records) == 200


def test_contract_open_data_queries_do_not_grow_from_10_to_200_contracts():
    call = call_with_offers(200)
    with scopes_disabled():
        offers = list(Offer.objects.filter(call=call).order_by("pk"))
        Offer.objects.filter(call=call).update(status=OfferStatus.AWARDED, awarded_amount=Decimal("9000.00"))
    url = reverse("grants:contract_open_data", kwargs={"municipality_slug": call.municipality.slug})
    client = Client()
    make_contract(_refreshed(offers[0]), number="DS.1")
    for n, offer in enumerate(offers[1:10], start=2):
        make_contract(_refreshed(offer), number=f"DS.{n}")
    at_10 = queries_while_streaming(client, url)
    for n, offer in enumerate(offers[10:], start=11):
        make_contract(_refreshed(offer), number=f"DS.{n}")
    at_200 = queries_while_streaming(client, url)

    assert at_200 == at_10
    rows = csv_rows(client.get(url))
    assert len(rows) == 1 + 200
    assert (rows[1][0], rows[-1][0], rows[-1][6]) == ("DS.200", "DS.1", "9000.00")  # newest first, as before


def _refreshed(offer):
    with scopes_disabled():
        return Offer.objects.get(pk=offer.pk)


# --- The shared helper -------------------------------------------------------------------------------------------------


def test_keep_context_runs_a_lazy_query_in_the_views_scope_and_language_after_it_returned():
    municipality = MunicipalityFactory()
    call = make_call(municipality)

    def lazy_rows():
        yield [Offer.objects.filter(call=call).count(), translation.get_language()]

    with scope(municipality=municipality), translation.override("pl"):
        rows = exporting.keep_context(lazy_rows())
    with translation.override("en"):
        assert list(rows) == [[0, "pl"]]  # no ScopeError outside the scope; the view's language


def test_xlsx_file_keeps_numbers_texts_and_formula_like_texts_apart():
    output = exporting.xlsx_file(["a", "b", "c", "d"], [[Decimal("1234.50"), 7, "=1+1", None], ["#N/A", "", "x", 0]],
                                 title="arkusz")
    sheet = openpyxl.load_workbook(output).active
    assert sheet.title == "arkusz"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["a", "b", "c", "d"], [1234.5, 7, "=1+1", None], ["#N/A", None, "x", 0]]
    assert sheet["C2"].data_type == "s" and sheet["A3"].data_type == "s"
