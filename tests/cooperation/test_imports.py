"""Officers import their NGO base from CSV/XLSX (dry run, confirmation, matching) and export it."""

import csv
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from cooperation import importing
from cooperation.enums import LegalForm, OrganizationLinkStatus
from cooperation.models import (
    AuditEntry,
    Membership,
    Organization,
    OrganizationImport,
    OrganizationMunicipality,
)
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    valid_nip,
    valid_regon,
)

HEADER = ["nazwa", "forma_prawna", "krs", "nip", "regon", "ulica", "kod_pocztowy", "miejscowosc", "email",
          "telefon", "www", "sfery", "opis", "email_zgoda", "poczta_zgoda"]
NIP_A, NIP_B, NIP_C = valid_nip(90001), valid_nip(90002), valid_nip(90003)
REGON_A, REGON_B = valid_regon(90001), valid_regon(90002)


def bad_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def row(name, legal_form="stowarzyszenie", krs="", nip="", regon="", street="ul. Lipowa 3", postal_code="75-001",
        city="Koszalin", email="kontakt@ngo.example.pl", phone="", website="", spheres="", description="",
        wants_email="", wants_post=""):
    return [name, legal_form, krs, nip, regon, street, postal_code, city, email, phone, website, spheres, description,
            wants_email, wants_post]


# Header is row 1, so these are rows 2..10 as the officer sees them in the spreadsheet.
MIXED_ROWS = [
    row("Stowarzyszenie Łąk", krs="123456", nip=f"{NIP_A[:3]}-{NIP_A[3:6]}-{NIP_A[6:8]}-{NIP_A[8:]}", regon=REGON_A,
        spheres="1a; 33", email="laki@ngo.example.pl", wants_post="tak"),                             # 2 good
    row("Fundacja Zły NIP", legal_form="fundacja", krs="223456", nip=bad_check_digit(NIP_B)),          # 3 bad NIP
    row("Stowarzyszenie Zły REGON", krs="323456", regon=bad_check_digit(REGON_B)),                    # 4 bad REGON
    row("Stowarzyszenie Zły KRS", krs="12345678901"),                                                 # 5 bad KRS
    row("", krs="523456"),                                                                            # 6 no name
    row("Stowarzyszenie Nieznanej Sfery", krs="623456", spheres="1a, 99"),                            # 7 bad sphere
    row("Stowarzyszenie Łąk (kopia)", krs="0000123456"),                                              # 8 duplicate
    row("Fundacja Dobra", legal_form="fundacja", krs="723456", nip=NIP_C, email="dobra@ngo.example.pl",
        phone="+48 600 100 200"),                                                                     # 9 good
    row("Grupa Sąsiedzka", legal_form="grupa nieformalna", email="grupa@ngo.example.pl",
        wants_email="nie", wants_post="tak"),                                                         # 10 good
]
EXPECTED_ERRORS = {
    3: ["NIP: invalid check digit"],
    4: ["REGON: invalid check digit"],
    5: ["KRS: enter up to 10 digits"],
    6: ["Name: required"],
    7: ["Spheres: unknown code “99”"],
    8: ["Duplicate of row 2 (same KRS)."],
}
GOOD_NAMES = {"Stowarzyszenie Łąk", "Fundacja Dobra", "Grupa Sąsiedzka"}


def csv_file(rows, *, header=HEADER, delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_file(rows, *, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def officer(municipality):
    return OfficerFactory(municipality=municipality).user


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.cookies["django_language"] = "en"  # the language switcher's cookie
    client.force_login(officer)
    return client


def upload_url(municipality):
    return reverse("cooperation:import_upload", kwargs={"municipality_slug": municipality.slug})


def review_url(municipality, organization_import):
    return reverse("cooperation:import_review", kwargs={"municipality_slug": municipality.slug,
                                                        "pk": organization_import.pk})


def export_url(municipality, file_format):
    return reverse("cooperation:export_organizations",
                   kwargs={"municipality_slug": municipality.slug, "file_format": file_format})


def upload(client, municipality, content: bytes, name="organizacje.csv"):
    return client.post(upload_url(municipality), {"file": SimpleUploadedFile(name, content)})


def latest_import(municipality) -> OrganizationImport:
    with scope(municipality=municipality):
        return OrganizationImport.objects.latest("pk")


def dry_run(municipality):
    # A request made just before leaves its language (Polish) active in this thread: ask in English.
    with scope(municipality=municipality), translation.override("en"):
        return importing.check_organization_import(organization_import=latest_import(municipality))


def errors_by_row(report):
    return {r.number: r.errors for r in report.error_rows}


def all_links():
    with scopes_disabled():
        return list(OrganizationMunicipality.objects.select_related("organization"))


# --- Dry run ------------------------------------------------------------------------------------------


def test_dry_run_reports_every_bad_row_by_number_and_writes_nothing(officer_client, municipality):
    response = upload(officer_client, municipality, csv_file(MIXED_ROWS))

    organization_import = latest_import(municipality)
    assert response.status_code == 302
    assert response.url == review_url(municipality, organization_import)
    report = dry_run(municipality)
    assert errors_by_row(report) == EXPECTED_ERRORS
    assert [r.number for r in report.new_rows] == [2, 9, 10]
    assert report.counts() == {"rows": 9, "new": 3, "matched": 0, "errors": 6}
    assert Organization.objects.count() == 0
    assert all_links() == []
    assert organization_import.confirmed_at is None

    page = officer_client.get(review_url(municipality, organization_import))
    html = page.content.decode()
    assert page.status_code == 200
    assert "6 rows with errors will be skipped" in html
    assert "NIP: invalid check digit" in html
    assert "Spheres: unknown code “99”" in html
    assert '<th scope="row">8</th>' in html
    assert "Confirm the import" in html
    assert Organization.objects.count() == 0


def test_dry_run_normalises_identifiers_like_the_forms(officer_client, municipality):
    upload(officer_client, municipality, csv_file(MIXED_ROWS))

    first = dry_run(municipality).new_rows[0]
    assert first.values["krs"] == "0000123456"
    assert first.values["nip"] == NIP_A
    assert first.values["legal_form"] == LegalForm.ASSOCIATION
    assert [s.code for s in first.spheres] == ["1a", "33"]
    assert (first.values["wants_email"], first.values["wants_post"]) == (True, True)


def test_a_row_lists_all_of_its_reasons(officer_client, municipality):
    bad = row("", legal_form="spółka z o.o.", krs="abc", nip="123", regon="12", postal_code="75001x",
              email="not-an-address", spheres="99", wants_email="maybe")
    upload(officer_client, municipality, csv_file([bad]))

    assert errors_by_row(dry_run(municipality)) == {2: [
        "Name: required",
        "Postal code: enter a postal code in the form 00-000",
        "E-mail: enter a valid e-mail address",
        "KRS: enter up to 10 digits",
        "NIP: enter 10 digits",
        "REGON: enter 9 or 14 digits",
        "Legal form: unknown value “spółka z o.o.”",
        "E-mail consent: enter “yes” or “no”",
        "Spheres: unknown code “99”",
    ]}


def test_a_new_organization_needs_the_registration_fields(officer_client, municipality):
    upload(officer_client, municipality, csv_file([
        row("Stowarzyszenie Bez Adresu", krs="", street="", postal_code="", city="", email=""),
    ]))

    assert errors_by_row(dry_run(municipality)) == {2: [
        "Street: required", "Postal code: required", "Town: required", "E-mail: required",
        "KRS: required for this legal form (registered in the KRS)",
    ]}


# --- Confirmation -------------------------------------------------------------------------------------


def test_confirm_creates_exactly_the_good_rows_confirmed_in_the_municipality(officer_client, municipality, officer):
    upload(officer_client, municipality, csv_file(MIXED_ROWS))
    organization_import = latest_import(municipality)

    response = officer_client.post(review_url(municipality, organization_import))

    assert response.status_code == 302
    assert set(Organization.objects.values_list("name", flat=True)) == GOOD_NAMES
    links = all_links()
    assert {link.organization.name for link in links} == GOOD_NAMES
    assert {(link.municipality_id, link.status, link.decided_by_id) for link in links} == {
        (municipality.pk, OrganizationLinkStatus.CONFIRMED, officer.pk)
    }
    laki = Organization.objects.get(name="Stowarzyszenie Łąk")
    assert (laki.krs, laki.nip, laki.regon) == ("0000123456", NIP_A, REGON_A)
    assert set(laki.spheres.values_list("code", flat=True)) == {"1a", "33"}
    group = Organization.objects.get(name="Grupa Sąsiedzka")
    assert (group.legal_form, group.wants_email, group.wants_post) == (LegalForm.INFORMAL_GROUP, False, True)
    assert Membership.objects.count() == 0
    organization_import = latest_import(municipality)
    assert organization_import.confirmed_at is not None
    assert organization_import.summary == {
        "rows": 9, "new": 3, "matched": 0, "errors": 6, "created": 3, "updated": 0, "linked": 3,
        "skipped_rows": [3, 4, 5, 6, 7, 8],
    }
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Import finished: 3 new organizations, 0 already in the portal; 6 rows with errors were skipped."
    ]
    with scopes_disabled():
        actions = list(AuditEntry.objects.filter(municipality=municipality).values_list("action", flat=True))
    assert actions.count("cooperation.organization.imported") == 3
    assert actions.count("cooperation.organization_link.confirmed") == 3
    assert actions.count("cooperation.organization_import.confirmed") == 1
    assert actions.count("cooperation.organization_import.uploaded") == 1


def test_confirming_twice_does_not_import_twice(officer_client, municipality, officer):
    upload(officer_client, municipality, csv_file(MIXED_ROWS))
    organization_import = latest_import(municipality)
    officer_client.post(review_url(municipality, organization_import), follow=True)

    second = officer_client.post(review_url(municipality, organization_import))

    assert Organization.objects.count() == 3
    assert len(all_links()) == 3
    assert [str(m) for m in get_messages(second.wsgi_request)] == ["This file has already been imported."]
    with scope(municipality=municipality), pytest.raises(importing.AlreadyImported):
        importing.confirm_organization_import(organization_import=organization_import, actor=officer)
    page = officer_client.get(review_url(municipality, organization_import)).content.decode()
    assert "This file was imported on" in page
    assert "Confirm the import" not in page


def test_a_file_with_only_bad_rows_cannot_be_confirmed(officer_client, municipality):
    upload(officer_client, municipality, csv_file([row("", krs="1")]))
    organization_import = latest_import(municipality)

    page = officer_client.get(review_url(municipality, organization_import)).content.decode()
    response = officer_client.post(review_url(municipality, organization_import))

    assert "Confirm the import" not in page
    assert "No row can be imported" in page
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "No row of this file can be imported: correct the file and upload it again."
    ]
    assert latest_import(municipality).confirmed_at is None


# --- Matching existing organizations ------------------------------------------------------------------


def test_existing_organization_with_the_same_nip_is_matched_not_duplicated(officer_client, municipality):
    existing = OrganizationFactory(name="Stowarzyszenie Już Jest", krs="", nip=NIP_A, regon="",
                                   email="wlasny@ngo.example.pl", phone="", legal_form=LegalForm.ORDINARY_ASSOCIATION)
    upload(officer_client, municipality, csv_file([
        row("Stowarzyszenie Już Jest (z arkusza)", legal_form="stowarzyszenie zwykłe", nip=NIP_A,
            email="inny@ngo.example.pl", phone="94 111 22 33", spheres="13"),
    ]))

    report = dry_run(municipality)
    assert [(r.number, r.organization, r.action, r.fill_labels) for r in report.matched_rows] == [
        (2, existing, importing.RowAction.UPDATE, ["Phone", "Spheres"])
    ]
    page = officer_client.get(review_url(municipality, latest_import(municipality))).content.decode()
    assert "matched by NIP" in page
    assert "will update" in page

    officer_client.post(review_url(municipality, latest_import(municipality)))

    assert Organization.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "Stowarzyszenie Już Jest"
    assert existing.email == "wlasny@ngo.example.pl"
    assert existing.phone == "94 111 22 33"
    assert list(existing.spheres.values_list("code", flat=True)) == ["13"]
    assert [(link.organization, link.status) for link in all_links()] == [(existing, OrganizationLinkStatus.CONFIRMED)]


def test_matching_prefers_krs_and_confirms_a_pending_link(officer_client, municipality):
    existing = OrganizationFactory(krs="0000555555", nip=NIP_B, regon=REGON_B)
    OrganizationMunicipalityFactory(organization=existing, municipality=municipality,
                                    status=OrganizationLinkStatus.PENDING)
    upload(officer_client, municipality, csv_file([row(existing.name, krs="555555", nip=NIP_B)]))

    matched = dry_run(municipality).matched_rows
    assert [(r.organization, r.matched_by, r.action) for r in matched] == [(existing, "KRS", importing.RowAction.LINK)]

    officer_client.post(review_url(municipality, latest_import(municipality)))

    assert Organization.objects.count() == 1
    assert [link.status for link in all_links()] == [OrganizationLinkStatus.CONFIRMED]


def test_a_row_without_identifiers_is_matched_by_name_and_town(officer_client, municipality):
    existing = OrganizationFactory(name="Grupa Łączy Nas Pasja", legal_form=LegalForm.INFORMAL_GROUP, krs="", nip="",
                                   regon="", city="Koszalin")
    upload(officer_client, municipality, csv_file([
        row("grupa Łączy nas pasja", legal_form="grupa nieformalna", city="KOSZALIN"),
        row("Grupa Łączy Nas Pasja", legal_form="grupa nieformalna", city="Mielno"),
    ]))

    report = dry_run(municipality)
    assert [(r.number, r.organization, r.matched_by) for r in report.matched_rows] == [(2, existing, "name and town")]
    assert [r.number for r in report.new_rows] == [3]


def test_a_row_matching_two_different_organizations_is_an_error(officer_client, municipality):
    by_krs = OrganizationFactory(name="Po KRS", krs="0000777777", nip="", regon="")
    by_nip = OrganizationFactory(name="Po NIP", krs="", nip=NIP_C, regon="")
    upload(officer_client, municipality, csv_file([row("Sklejka", krs="777777", nip=NIP_C)]))

    assert errors_by_row(dry_run(municipality)) == {2: [
        f"Matches two different organizations: “{by_krs.name}” by KRS and “{by_nip.name}” by NIP."
    ]}


def test_two_rows_pointing_at_the_same_existing_organization_by_different_identifiers(officer_client, municipality):
    existing = OrganizationFactory(krs="0000888888", nip=NIP_A, regon="")
    upload(officer_client, municipality, csv_file([row("A", krs="888888"), row("B", nip=NIP_A)]))

    report = dry_run(municipality)
    assert [r.organization for r in report.matched_rows] == [existing]
    assert errors_by_row(report) == {3: [f"Refers to the same organization as row 2 (“{existing.name}”)."]}


# --- File formats -------------------------------------------------------------------------------------


def test_xlsx_import_with_numeric_cells(officer_client, municipality):
    rows = [row("Fundacja z Excela", legal_form="foundation", krs=123456, nip=int(NIP_B), regon=int(REGON_B),
                spheres=33, email="excel@ngo.example.pl")]
    response = upload(officer_client, municipality, xlsx_file(rows), name="baza.xlsx")

    assert response.status_code == 302
    assert latest_import(municipality).file_format == "xlsx"
    officer_client.post(review_url(municipality, latest_import(municipality)))
    created = Organization.objects.get()
    assert (created.name, created.krs, created.nip, created.regon) == ("Fundacja z Excela", "0000123456", NIP_B, REGON_B)
    assert list(created.spheres.values_list("code", flat=True)) == ["33"]


def test_xlsx_reports_spreadsheet_row_numbers_across_blank_rows(officer_client, municipality):
    rows = [row("Dobra", krs="111111"), [None] * len(HEADER), row("Zła", krs="211111", nip="1234567890")]
    upload(officer_client, municipality, xlsx_file(rows), name="baza.xlsx")

    report = dry_run(municipality)
    assert [r.number for r in report.new_rows] == [2]
    assert errors_by_row(report) == {4: ["NIP: invalid check digit"]}


def test_semicolon_csv_with_bom_and_english_headers(officer_client, municipality):
    header = ["Name", "Legal_Form", "KRS", "NIP", "REGON", "Street", "Postal_Code", "City", "E-mail", "Phone",
              "Website", "Spheres", "Description", "wants_email", "wants_post"]
    content = csv_file([row("Stowarzyszenie; ze średnikiem", krs="434343", spheres="1a, 33", website="ngo.example.pl")],
                       header=header, delimiter=";", bom=True)
    upload(officer_client, municipality, content)

    report = dry_run(municipality)
    assert report.error_rows == []
    assert [(r.values["name"], r.values["krs"], r.values["website"]) for r in report.new_rows] == [
        ("Stowarzyszenie; ze średnikiem", "0000434343", "https://ngo.example.pl")
    ]


def test_a_png_renamed_to_csv_is_rejected_next_to_the_field(officer_client, municipality):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32

    response = upload(officer_client, municipality, png, name="organizacje.csv")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"file": [
        "Upload a CSV file saved as UTF-8 text (in Excel: “CSV UTF-8”) or an XLSX spreadsheet."
    ]}
    assert 'aria-invalid="true"' in response.content.decode()
    with scope(municipality=municipality):
        assert OrganizationImport.objects.count() == 0


def test_a_csv_without_a_name_column_is_rejected(officer_client, municipality):
    response = upload(officer_client, municipality, b"nip,regon\n1234563218,123456785\n")

    assert response.context["form"].errors == {"file": ["The file has no “nazwa” (name) column in its first row."]}


def test_a_file_over_the_size_limit_is_rejected(officer_client, municipality, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    response = upload(officer_client, municipality, csv_file([row("X" * 100)] * 20_000))

    assert response.context["form"].errors == {"file": ["The file may be at most 1 MB."]}


def test_the_sample_file_imports_cleanly(officer_client, municipality, settings):
    sample = (settings.BASE_DIR / "static" / "samples" / "organizacje-wzor.csv").read_bytes()
    upload(officer_client, municipality, sample)

    report = dry_run(municipality)
    assert report.error_rows == []
    assert len(report.new_rows) == 3


# --- Export -------------------------------------------------------------------------------------------


@pytest.fixture
def two_bases(municipality):
    """Two confirmed organizations here, one pending here, one confirmed in another municipality."""
    confirmed = [
        OrganizationMunicipalityFactory(municipality=municipality, organization__name=name,
                                        organization__phone="+48 600 100 200").organization
        for name in ("Alfa", "Beta")
    ]
    confirmed[0].spheres.set(confirmed[0].spheres.model.objects.filter(code__in=["1a", "33"]))
    OrganizationMunicipalityFactory(municipality=municipality, organization__name="Oczekująca",
                                    status=OrganizationLinkStatus.PENDING)
    OrganizationMunicipalityFactory(organization__name="Obca")
    return confirmed


def read_csv_export(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_export_csv_contains_exactly_the_confirmed_organizations(officer_client, municipality, two_bases):
    response = officer_client.get(export_url(municipality, "csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="organizacje-{municipality.slug}-')
    rows = read_csv_export(response)
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == ["Alfa", "Beta"]
    alfa = dict(zip(HEADER, rows[1], strict=True))
    assert alfa["forma_prawna"] == "stowarzyszenie"
    assert alfa["sfery"] == "1a; 33"
    assert alfa["telefon"] == "'+48 600 100 200"  # a spreadsheet must not read it as a formula
    assert (alfa["email_zgoda"], alfa["poczta_zgoda"]) == ("tak", "nie")
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="cooperation.organization_base.exported").count() == 1


def test_export_xlsx_contains_exactly_the_confirmed_organizations(officer_client, municipality, two_bases):
    response = officer_client.get(export_url(municipality, "xlsx"))

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert [r[0] for r in values[1:]] == ["Alfa", "Beta"]
    assert values[1][2] == two_bases[0].krs  # text, leading zeros kept


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_reimporting_an_export_matches_every_row(officer_client, municipality, two_bases, file_format):
    response = officer_client.get(export_url(municipality, file_format))
    content = b"".join(response.streaming_content) if response.streaming else response.content

    upload(officer_client, municipality, content, name=f"eksport.{file_format}")

    report = dry_run(municipality)
    assert report.counts() == {"rows": 2, "new": 0, "matched": 2, "errors": 0}
    assert {(r.organization, r.action) for r in report.matched_rows} == {
        (two_bases[0], importing.RowAction.UNCHANGED), (two_bases[1], importing.RowAction.UNCHANGED),
    }
    assert report.matched_rows[0].values["phone"] == "+48 600 100 200"


def test_export_query_count_does_not_grow_with_the_base(officer_client, municipality):
    def queries_for_export():
        with CaptureQueriesContext(connection) as captured:
            response = officer_client.get(export_url(municipality, "csv"))
            b"".join(response.streaming_content)
        return len(captured)

    OrganizationMunicipalityFactory(municipality=municipality)
    one = queries_for_export()
    for _i in range(30):
        OrganizationMunicipalityFactory(municipality=municipality)
    many = queries_for_export()

    assert many == one


def test_export_of_an_unknown_format_is_404(officer_client, municipality):
    assert officer_client.get(export_url(municipality, "pdf")).status_code == 404


# --- Permissions and tenancy --------------------------------------------------------------------------


@pytest.fixture
def stored_import(officer_client, municipality):
    upload(officer_client, municipality, csv_file(MIXED_ROWS[:1]))
    return latest_import(municipality)


def all_urls(municipality, organization_import):
    return [upload_url(municipality), review_url(municipality, organization_import), export_url(municipality, "csv")]


def test_anonymous_visitors_are_sent_to_the_login_page(municipality, stored_import):
    for url in all_urls(municipality, stored_import):
        response = Client().get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login") + "?next=")


def test_ngo_member_and_officer_of_another_municipality_are_refused(municipality, stored_import):
    member = MembershipFactory().user
    other_officer = OfficerFactory(municipality=MunicipalityFactory()).user
    for user in (member, other_officer):
        client = Client()
        client.force_login(user)
        for url in all_urls(municipality, stored_import):
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(review_url(municipality, stored_import)).status_code == 403
    assert latest_import(municipality).confirmed_at is None
    assert all_links() == []


def test_officer_sees_the_pages(officer_client, municipality, stored_import):
    upload_page = officer_client.get(upload_url(municipality))
    review_page = officer_client.get(review_url(municipality, stored_import))
    export = officer_client.get(export_url(municipality, "csv"))

    assert upload_page.status_code == 200
    assert "organizacje-wzor.csv" in upload_page.content.decode()
    assert "kod_pocztowy" in upload_page.content.decode()
    assert review_page.status_code == 200
    assert "Stowarzyszenie Łąk" in review_page.content.decode()
    assert export.status_code == 200
    assert read_csv_export(export) == [HEADER]


def test_an_import_of_another_municipality_is_not_found(municipality, stored_import):
    other = MunicipalityFactory()
    client = Client()
    client.force_login(OfficerFactory(municipality=other).user)

    assert client.get(review_url(other, stored_import)).status_code == 404
    assert client.post(review_url(other, stored_import)).status_code == 404
    assert Organization.objects.count() == 0


def test_a_stored_file_that_cannot_be_read_is_explained_not_imported(officer_client, municipality, officer):
    with scope(municipality=municipality):
        broken = importing.create_organization_import(
            municipality=municipality, actor=officer, content=b"PK\x03\x04 not really a workbook", file_format="xlsx",
            original_name="zepsuty.xlsx",
        )

    page = officer_client.get(review_url(municipality, broken)).content.decode()
    response = officer_client.post(review_url(municipality, broken))

    assert "The file is not an XLSX spreadsheet." in page
    assert "Confirm the import" not in page
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The file is not an XLSX spreadsheet."]
    assert latest_import(municipality).confirmed_at is None
