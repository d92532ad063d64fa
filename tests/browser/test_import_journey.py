"""Journey: an officer imports a CSV with some bad rows, reads why they are bad, confirms the good ones and
finds them in the public directory. Runs in real Chromium against the live server."""

import csv
import io

import pytest
from django.urls import reverse

from cooperation.models import Organization
from tests.factories import valid_nip, valid_regon

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["nazwa", "forma_prawna", "krs", "nip", "regon", "ulica", "kod_pocztowy", "miejscowosc", "email", "sfery"]
GOOD = [
    ["Stowarzyszenie Miłośników Jamna", "stowarzyszenie", "912345", valid_nip(91001), valid_regon(91001),
     "ul. Jamneńska 4", "75-100", "Koszalin", "jamno@ngo.example.pl", "13; 17"],
    ["Fundacja Pod Gradową Górą", "fundacja", "912346", valid_nip(91002), "", "ul. Zwycięstwa 10", "75-001",
     "Koszalin", "gradowa@ngo.example.pl", "1a"],
]
BAD_NIP = valid_nip(91003)[:-1] + str((int(valid_nip(91003)[-1]) + 1) % 10)
BAD = [
    ["Fundacja Z Błędnym NIP", "fundacja", "912347", BAD_NIP, "", "ul. Morska 1", "75-200", "Koszalin",
     "nip@ngo.example.pl", ""],
    ["", "stowarzyszenie", "912348", "", "", "ul. Bez Nazwy 1", "75-200", "Koszalin", "anonim@ngo.example.pl", ""],
    ["Klub Nieznanej Sfery", "klub sportowy", "", "", "", "ul. Sportowa 2", "75-300", "Koszalin",
     "klub@ngo.example.pl", "99"],
]


def journey_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows([GOOD[0], BAD[0], BAD[1], GOOD[1], BAD[2]])  # rows 2..6
    return buffer.getvalue().encode("utf-8")


def test_officer_imports_a_csv_with_some_bad_rows(page, live_server, world):
    login(page, live_server, world.officer)
    set_language(page, "en")
    slug = world.municipality.slug
    organizations_before = Organization.objects.count()

    page.goto(reverse("cooperation:panel", kwargs={"municipality_slug": slug}))
    page.get_by_role("link", name="Import the NGO base").click()
    assert page.locator("h1").inner_text().startswith("Import the NGO base")
    assert_accessible(page)

    page.get_by_label("File with organizations (CSV or XLSX)").set_input_files(
        {"name": "baza-ngo.csv", "mimeType": "text/csv", "buffer": journey_csv()}
    )
    page.get_by_role("button", name="Check the file").click()

    errors = page.locator("#import-errors")
    assert errors.locator("caption").inner_text() == "3 rows with errors will be skipped"
    rows = errors.locator("tbody tr")
    assert rows.locator("th").all_inner_texts() == ["3", "4", "6"]
    assert rows.nth(0).locator("li").all_inner_texts() == ["NIP: invalid check digit"]
    assert rows.nth(1).locator("li").all_inner_texts() == ["Name: required"]
    assert rows.nth(2).locator("li").all_inner_texts() == ["Spheres: unknown code “99”"]
    assert page.locator("#import-new tbody th").all_inner_texts() == ["2", "5"]
    assert page.get_by_text("The 3 rows with errors will be skipped").is_visible()
    assert Organization.objects.count() == organizations_before  # the dry run wrote nothing
    assert_accessible(page)

    page.get_by_role("button", name="Confirm the import").click()

    assert page.locator(".messages").inner_text() == (
        "Import finished: 2 new organizations, 0 already in the portal; 3 rows with errors were skipped."
    )
    assert page.get_by_text("This file was imported on").is_visible()
    assert page.get_by_role("button", name="Confirm the import").count() == 0
    assert not page.console_errors

    page.get_by_role("link", name="See the public directory").click()
    names = page.locator(".cards h2").all_inner_texts()
    assert {GOOD[0][0], GOOD[1][0]} <= set(names)
    assert not {BAD[0][0], BAD[2][0]} & set(names)
    assert Organization.objects.count() == organizations_before + 2
