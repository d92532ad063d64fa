"""Exports of the evaluation stage: the officer's offers, scores and results (CSV streamed, XLSX), and the open
data of published results (CSV and JSON, streamed; nothing unpublished, no justification, no people)."""

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import OfferStatus
from grants.models import FormalRequirement
from grants.services import evaluation as services

from .offer_factories import evaluation_world, make_offer
from .test_evaluation_views import client_for, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = evaluation_world()
    with scopes_disabled():
        for offer in (world.offer_a, world.offer_b):
            services.record_formal_check(offer=offer, actor=world.officer, results={
                r.pk: (True, "") for r in FormalRequirement.objects.filter(call=world.call)})
            services.accept_formally(offer=offer, actor=world.officer)
        for member in (world.member_official, world.member_expert):
            services.sign_declaration(member=member, actor=member.user)
    score(world.member_official, world.offer_a, ["8.5", 9, 7, 4, 5, 3, 5])
    score(world.member_expert, world.offer_a, [1, 1, 1, 1, 1, 1, 1])
    return world


def export(w, kind, file_format):
    url = reverse("grants:evaluation_export", kwargs={"municipality_slug": w.municipality.slug, "pk": w.call.pk,
                                                      "kind": kind, "file_format": file_format})
    return client_for(w.officer).get(url)


def csv_rows(response):
    assert isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def decide_and_publish(w):
    today = timezone.localdate()
    with scopes_disabled():
        services.record_decision(call=w.call, actor=w.officer, reference="Zarządzenie nr 45/2027", decided_on=today,
                                 awards={w.offer_a.pk: "11500.00", w.offer_b.pk: None},
                                 justifications={w.offer_a.pk: "Obniżono koszty", w.offer_b.pk: "Za mało punktów"})
        services.publish_results(call=w.call, actor=w.officer, bip_on=today, board_on=today, website_on=today)


def test_offers_csv_is_exact(w):
    make_offer(w.call, w.org_b, status=OfferStatus.DRAFT)  # never exported
    rows = csv_rows(export(w, "oferty", "csv"))
    submitted = timezone.localtime(w.call.deadline - timezone.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    assert rows == [
        ["numer_oferty", "organizacja", "krs", "tytul_zadania", "status", "zlozona", "koszty_ogolem",
         "wnioskowana_dotacja", "wklad_wlasny_finansowy", "wklad_wlasny_niefinansowy", "swiadczenia_odbiorcow",
         "srednia_punktow", "liczba_ocen", "kwota_proponowana", "kwota_przyznana"],
        ["1/2027", "Stowarzyszenie Aktywni Razem", w.org_a.krs, "Seniorzy w ruchu", rows[1][4], submitted, "14850.00", "12000.00", "1000.00", "1850.00", "0.00", "41.50", "1",
         "", ""],
        ["2/2027", "Fundacja Bliżej Seniora", w.org_b.krs, "Aktywny senior", rows[2][4], submitted, "14850.00",
         "10000.00", "1000.00", "3850.00", "0.00", "", "0", "", ""],
    ]
    assert rows[1][4] == rows[2][4] != ""


def test_scores_xlsx_is_exact_and_marks_what_counts(w):
    response = export(w, "oceny", "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["numer_oferty", "organizacja", "czlonek_komisji", "rola", "liczona_do_sredniej", "kryterium",
                       "maks_punktow", "punkty", "uzasadnienie", "arkusz_zlozony"]
    assert len(rows) == 1 + 2 * 7
    official = [r for r in rows[1:] if r[2] == "Olga Urzędniczka"]
    expert = [r for r in rows[1:] if r[2] == "Edward Ekspert"]
    assert [r[7] for r in official] == [8.5, 9, 7, 4, 5, 3, 5]
    assert {r[4] for r in official} == {"tak"} and {r[4] for r in expert} == {"nie"}
    assert [r[6] for r in official] == [10, 10, 10, 5, 5, 5, 5]


def test_results_csv_has_the_decision(w):
    decide_and_publish(w)
    rows = csv_rows(export(w, "wyniki", "csv"))
    assert [row[:4] + row[5:] for row in rows] == [
        ["numer_oferty", "organizacja", "krs", "tytul_zadania", "wnioskowana_dotacja", "kwota_przyznana", "uzasadnienie"],
        ["1/2027", "Stowarzyszenie Aktywni Razem", w.org_a.krs, "Seniorzy w ruchu", "12000.00", "11500.00",
         "Obniżono koszty"],
        ["2/2027", "Fundacja Bliżej Seniora", w.org_b.krs, "Aktywny senior", "10000.00", "", "Za mało punktów"],
    ]


def test_formula_like_text_is_escaped(w):
    with scopes_disabled():
        w.org_a.name = "=HYPERLINK(\"x\")"
        w.org_a.save()
    rows = csv_rows(export(w, "oferty", "csv"))
    assert rows[1][1] == "'=HYPERLINK(\"x\")"


def test_exports_are_for_the_municipalitys_officers_only(w):
    url = reverse("grants:evaluation_export", kwargs={"municipality_slug": w.municipality.slug, "pk": w.call.pk,
                                                      "kind": "oceny", "file_format": "csv"})
    for user in (w.owner_a, w.official, w.expert):
        assert client_for(user).get(url).status_code == 403


def test_open_data_has_only_published_results(w):
    portal_csv = reverse("grants_portal:results_open_data", kwargs={"file_format": "csv"})
    assert csv_rows(Client().get(portal_csv))[1:] == []
    call_json = reverse("grants:results_data", kwargs={"municipality_slug": w.municipality.slug, "pk": w.call.pk,
                                                       "file_format": "json"})
    assert Client().get(call_json).status_code == 404
    decide_and_publish(w)
    response = Client().get(call_json)
    data = json.loads(b"".join(response.streaming_content))
    today = timezone.localdate().isoformat()
    results_url = f"http://testserver/jst/{w.municipality.slug}/dotacje/konkursy/{w.call.pk}/wyniki/"
    common = {"municipality": w.municipality.name, "teryt": w.municipality.teryt, "call_number": w.call.number,
              "call_title": "Wspieranie aktywności seniorów", "decided_on": today, "results_published_on": today,
              "url": results_url}
    assert data == {"license": "CC0-1.0", "records": [
        {**common, "organization": "Fundacja Bliżej Seniora", "krs": w.org_b.krs, "task": "Aktywny senior",
         "result": "not_awarded", "awarded_amount": "0.00"},
        {**common, "organization": "Stowarzyszenie Aktywni Razem", "krs": w.org_a.krs, "task": "Seniorzy w ruchu",
         "result": "awarded", "awarded_amount": "11500.00"},
    ]}
    rows = csv_rows(Client().get(portal_csv))
    assert [row[rows[0].index("awarded_amount")] for row in rows[1:]] == ["0.00", "11500.00"]
    assert Decimal(rows[2][rows[0].index("awarded_amount")]) == Decimal("11500.00")
    assert "Obniżono" not in json.dumps(data, ensure_ascii=False)
