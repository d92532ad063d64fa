"""Pages after the award: the organization's budget update, contract page and report editor; the officer's
contracts, tranches, signing, reports inbox, accept/return and settling; the public register of contracts
and accepted reports. Leak tests: NGO A never reaches NGO B's contract or report."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import ContractStatus, ReportKind, ReportStatus, VersionReason
from grants.models import Contract, Offer, TaskReport

from .award_factories import (
    award_world,
    filled_report_content,
    make_awarded_offer,
    make_contract,
    make_report,
)
from .factories import offer_content as valid_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return award_world()


def url(name, w, **kwargs):
    return reverse(f"grants:{name}", kwargs={"municipality_slug": w.municipality.slug, **kwargs})


def signed_in(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def with_pdf(document):
    with scopes_disabled():
        document.pdf.save("dokument.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        document.pdf_status = "ready"
        document.save(update_fields=["pdf", "pdf_status"])
    return document


# --- Budget update ---------------------------------------------------------------------------------------------


def test_award_list_offers_the_budget_update_when_the_grant_is_lower(client, w):
    page = signed_in(client, w.owner_b).get(url("award_list", w))
    assert page.status_code == 200
    assert url("budget_update", w, pk=w.offer_b.pk) in html(page)
    assert "Seniorzy w ruchu" not in html(page)  # NGO A's offer


def test_budget_update_form_saves_a_version(client, w):
    signed_in(client, w.owner_b)
    page = client.get(url("budget_update", w, pk=w.offer_b.pk))
    assert page.status_code == 200 and "12,000.00 zł" in html(page) and "9,000.00 zł" in html(page)
    data = {"cost_0_unit_cost": "100.00", "cost_0_quantity": "90", "cost_1_unit_cost": "250.00",
            "cost_1_quantity": "6", "cost_2_unit_cost": "150.00", "cost_2_quantity": "9",
            "activity_0_period": "03-11.2027", "activity_1_period": "04-06.2027",
            "funding_own_financial": "1 000,00", "funding_own_non_financial": "1850",
            "funding_beneficiary_fees": "0"}
    response = client.post(url("budget_update", w, pk=w.offer_b.pk), data)
    assert response.status_code == 302 and response["Location"] == url("award_list", w)
    with scopes_disabled():
        version = Offer.objects.get(pk=w.offer_b.pk).versions.order_by("-number").first()
    assert (version.number, version.reason) == (2, VersionReason.BUDGET_UPDATE)
    assert version.content["funding"]["grant"] == "9000.00"
    assert version.content["costs"][0]["years"] == {str(w.offer_b.task_start.year): "9000.00"}


def test_budget_update_refused_keeps_what_was_typed(client, w):
    signed_in(client, w.owner_b)
    data = {"cost_0_unit_cost": "100.00", "cost_0_quantity": "82.874", "cost_1_unit_cost": "250.00",
            "cost_1_quantity": "6", "cost_2_unit_cost": "150.00", "cost_2_quantity": "9",
            "funding_own_financial": "1000.00", "funding_own_non_financial": "1137.40", "funding_beneficiary_fees": ""}
    page = client.post(url("budget_update", w, pk=w.offer_b.pk), data)
    assert page.status_code == 200
    assert "The grant may make up at most 80.81% of all costs" in html(page)
    assert 'value="82.874"' in html(page) and 'value="1137.40"' in html(page)


def test_budget_update_of_another_organization_is_not_found(client, w):
    assert signed_in(client, w.owner_a).get(url("budget_update", w, pk=w.offer_b.pk)).status_code == 404


# --- Contract: officer ---------------------------------------------------------------------------------------------


def test_officer_prepares_the_contract_with_prefilled_tranches(client, w, django_capture_on_commit_callbacks):
    signed_in(client, w.officer)
    listing = client.get(url("contract_admin_list", w))
    assert url("contract_prepare", w, pk=w.offer_a.pk) in html(listing)
    assert "Waiting for the organization's updated budget" in html(listing)  # offer B
    page = client.get(url("contract_prepare", w, pk=w.offer_a.pk))
    year = w.offer_a.task_start.year
    assert page.status_code == 200
    assert f'name="tranche_0_year" value="{year}"' in html(page) and 'value="12000.00"' in html(page)
    data = {"number": "DS.524.1.2027", "bank_account": "61 1090 1014 0000 0712 1981 2874", "cost_shift_percent": "10",
            "municipality_represented_by": "Jan Kowalski – Burmistrz", "organization_represented_by": "Anna Nowak",
            "tranche_0_year": year, "tranche_0_amount": "12 000,00", "tranche_0_due_on": f"{year}-02-15"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("contract_prepare", w, pk=w.offer_a.pk), data)
    with scopes_disabled():
        contract = Contract.objects.get(offer=w.offer_a)
    assert response["Location"] == url("contract_detail", w, pk=contract.pk)
    assert contract.pdf_status == "ready"
    detail = client.get(url("contract_detail", w, pk=contract.pk))
    assert "DS.524.1.2027" in html(detail) and "PL61 1090 1014 0000 0712 1981 2874" in html(detail)
    assert url("contract_pdf", w, pk=contract.pk) in html(detail)
    assert client.get(url("contract_pdf", w, pk=contract.pk))["Content-Type"] == "application/pdf"


def test_contract_form_errors_are_shown_and_input_kept(client, w):
    signed_in(client, w.officer)
    make_contract(w.offer_b, number="DS.1", status=ContractStatus.DRAFT)  # takes the number
    year = w.offer_a.task_start.year
    data = {"number": "DS.1", "bank_account": "123", "cost_shift_percent": "10",
            "tranche_0_year": year, "tranche_0_amount": "11999.99", "tranche_0_due_on": f"{year}-02-15",
            "tranche_1_year": "", "tranche_1_amount": "", "tranche_1_due_on": ""}
    page = client.post(url("contract_prepare", w, pk=w.offer_a.pk), data)
    assert page.status_code == 200
    assert "Another contract of this municipality has this number." in html(page)
    assert 'value="11999.99"' in html(page)
    data["number"] = "DS.2"
    page = client.post(url("contract_prepare", w, pk=w.offer_a.pk), data)
    assert "Enter a Polish account number" in html(page)
    data["bank_account"] = ""
    page = client.post(url("contract_prepare", w, pk=w.offer_a.pk), data)
    assert "The tranches add up to 11,999.99 zł; the grant is 12,000.00 zł." in html(page)


def test_officer_signs_and_settles(client, w):
    contract = make_contract(w.offer_a, status=ContractStatus.DRAFT)
    signed_in(client, w.officer)
    today = timezone.localdate()
    response = client.post(url("contract_sign", w, pk=contract.pk), {"signed_on": today.isoformat()})
    assert response["Location"] == url("contract_detail", w, pk=contract.pk)
    with scopes_disabled():
        contract.refresh_from_db()
    assert (contract.status, contract.signed_on) == (ContractStatus.SIGNED, today)
    client.post(url("contract_settle", w, pk=contract.pk), {"settled_on": today.isoformat()})
    with scopes_disabled():
        contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED  # no accepted final report yet
    make_report(contract, status=ReportStatus.ACCEPTED)
    page = client.get(url("contract_detail", w, pk=contract.pk))
    assert "Settle the contract" in html(page)
    client.post(url("contract_settle", w, pk=contract.pk), {"settled_on": today.isoformat()})
    with scopes_disabled():
        contract.refresh_from_db()
    assert contract.status == ContractStatus.SETTLED


def test_officer_asks_for_a_partial_report(client, w):
    contract = make_contract(w.offer_a)
    signed_in(client, w.officer)
    due = timezone.localdate() + timedelta(days=10)
    data = {"period_start": contract.task_start.isoformat(),
            "period_end": (contract.task_start + timedelta(days=30)).isoformat(), "due_on": due.isoformat()}
    page = client.post(url("report_request", w, pk=contract.pk), data)
    assert page.status_code == 200 and "at least 30 days" in html(page)
    data["due_on"] = (timezone.localdate() + timedelta(days=31)).isoformat()
    assert client.post(url("report_request", w, pk=contract.pk), data).status_code == 302
    with scopes_disabled():
        assert contract.reports.get().kind == ReportKind.PARTIAL


# --- Reports: the organization ---------------------------------------------------------------------------------


def report_post_data(report, **overrides):
    content = filled_report_content(report.contract)
    data = {"summary": content["summary"], "additional_information": "Brak.", "other_interest": "12,34",
            "other_other": "0", "other_description": ""}
    for index, result in enumerate(content["results"]):
        data[f"result_{index}_achieved"] = result["achieved"]
    for index, _activity in enumerate(content["activities"]):
        data[f"activity_{index}_done"] = "Zrealizowano."
    for index, line in enumerate(content["costs"]):
        for year, value in line["incurred"].items():
            data[f"cost_{index}_{year}"] = value
    for key, value in content["funding_incurred"].items():
        data[f"funding_{key}"] = value
    for key in content["statements"]:
        data[f"statement_{key}"] = "on"
    data.update(overrides)
    return data


def test_report_journey_for_the_organization(client, w, django_capture_on_commit_callbacks):
    contract = make_contract(w.offer_a)
    signed_in(client, w.owner_a)
    page = client.get(url("contract_detail", w, pk=contract.pk))
    assert "Start the report" in html(page)
    response = client.post(url("report_start", w, pk=contract.pk), {"kind": "final"})
    with scopes_disabled():
        report = TaskReport.objects.get(contract=contract)
    assert response["Location"] == url("report_detail", w, pk=report.pk)
    editor = client.get(url("report_detail", w, pk=report.pk))
    assert editor.status_code == 200 and "Wynagrodzenie instruktora" in html(editor)
    assert "data-live-sum" in html(editor)
    # Save with an unreadable number: refused, typed text kept.
    data = report_post_data(report, **{f"cost_0_{contract.task_start.year}": "sporo"})
    page = client.post(url("report_detail", w, pk=report.pk), {**data, "save": "1"})
    assert page.status_code == 200 and 'value="sporo"' in html(page)
    assert "Enter an amount in złoty with at most two decimal places." in html(page)
    # Submit with sources that do not add up: saved, not submitted.
    data = report_post_data(report, funding_own_financial="999.99")
    page = client.post(url("report_detail", w, pk=report.pk), {**data, "submit": "1"})
    assert page.status_code == 200 and "The sources of funding add up to 14,849.99 zł" in html(page)
    with scopes_disabled():
        assert TaskReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("report_detail", w, pk=report.pk), {**report_post_data(report), "submit": "1"})
    assert response.status_code == 302
    with scopes_disabled():
        report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.pdf_status == "ready"
    readonly = client.get(url("report_detail", w, pk=report.pk))
    assert "Save and submit" not in html(readonly) and url("report_pdf", w, pk=report.pk) in html(readonly)
    # A submitted report does not change.
    client.post(url("report_detail", w, pk=report.pk), {**report_post_data(report, summary="Zmiana"), "save": "1"})
    with scopes_disabled():
        assert TaskReport.objects.get(pk=report.pk).content["summary"] != "Zmiana"


def test_officer_returns_and_accepts(client, w):
    contract = make_contract(w.offer_a)
    report = make_report(contract, status=ReportStatus.SUBMITTED)
    signed_in(client, w.officer)
    inbox = client.get(url("report_inbox", w))
    assert url("report_review", w, pk=report.pk) in html(inbox)
    review = client.get(url("report_review", w, pk=report.pk))
    assert "Accept the report" in html(review) and "Return for correction" in html(review)
    page = client.post(url("report_return", w, pk=report.pk), {"note": ""})
    assert page.status_code == 200 and "This field is required." in html(page)
    client.post(url("report_return", w, pk=report.pk), {"note": "Proszę poprawić II.2."})
    with scopes_disabled():
        report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    # The organization edits and resubmits.
    signed_in(client, w.owner_a)
    editor = client.get(url("report_detail", w, pk=report.pk))
    assert "Proszę poprawić II.2." in html(editor)
    client.post(url("report_detail", w, pk=report.pk), {**report_post_data(report), "submit": "1"})
    with scopes_disabled():
        report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    signed_in(client, w.officer)
    client.post(url("report_accept", w, pk=report.pk), {"note": ""})
    with scopes_disabled():
        report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


# --- Leaks ---------------------------------------------------------------------------------------------------


def test_ngo_a_never_sees_ngo_b_contract_or_report(client, w):
    contract_b = with_pdf(make_contract(w.offer_b, status=ContractStatus.DRAFT))
    draft_b = with_pdf(make_report(make_contract(make_awarded_offer(w.call, w.org_b, number="3/2027")),
                                   status=ReportStatus.SUBMITTED))
    signed_in(client, w.owner_a)
    for name, pk in (("contract_detail", contract_b.pk), ("contract_pdf", contract_b.pk),
                     ("report_detail", draft_b.pk), ("report_pdf", draft_b.pk)):
        assert client.get(url(name, w, pk=pk)).status_code == 404, name
    assert client.post(url("report_start", w, pk=contract_b.pk), {"kind": "final"}).status_code == 404
    assert client.post(url("report_submit", w, pk=draft_b.pk)).status_code == 404
    desk = client.get(reverse("grants_portal:my_contracts"))
    assert contract_b.number not in html(desk)


def test_reports_are_public_only_once_accepted(client, w):
    contract = make_contract(w.offer_a)
    submitted = with_pdf(make_report(contract, kind=ReportKind.PARTIAL, status=ReportStatus.SUBMITTED,
                                     period_end=contract.task_start + timedelta(days=30)))
    listing = client.get(url("report_public_list", w))
    assert contract.number not in html(listing)
    assert client.get(url("report_detail", w, pk=submitted.pk)).status_code == 302  # to the login page
    assert client.get(url("report_pdf", w, pk=submitted.pk)).status_code == 302
    accepted = with_pdf(make_report(contract, status=ReportStatus.ACCEPTED))
    listing = client.get(url("report_public_list", w))
    assert contract.number in html(listing) and url("report_pdf", w, pk=accepted.pk) in html(listing)
    assert "12 000,00 zł" in html(listing).replace("\xa0", " ")
    pdf = client.get(url("report_pdf", w, pk=accepted.pk))
    assert pdf.status_code == 200 and pdf["X-Content-Type-Options"] == "nosniff"
    assert client.get(url("report_detail", w, pk=accepted.pk)).status_code == 200


def test_another_municipality_s_contract_is_not_found_under_this_address(client, w):
    other = award_world()
    contract = make_contract(other.offer_a)
    signed_in(client, other.owner_a)
    assert client.get(url("contract_detail", w, pk=contract.pk)).status_code == 404
    signed_in(client, w.officer)
    assert client.get(url("contract_detail", w, pk=contract.pk)).status_code == 404


# --- Public register -------------------------------------------------------------------------------------------


def test_public_register_lists_signed_contracts_only_and_open_data(client, w):
    signed = make_contract(w.offer_a, number="DS.524.1.2027", signed_on=date(2027, 2, 1))
    make_contract(w.offer_b, number="DS.524.2.2027", status=ContractStatus.DRAFT)
    page = client.get(url("contract_public_list", w))
    assert "DS.524.1.2027" in html(page) and "DS.524.2.2027" not in html(page)
    data = client.get(url("contract_open_data", w))
    rows = list(csv.reader(io.StringIO(b"".join(data.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["numer_umowy", "data_podpisania", "organizacja"]
    assert rows[1:] == [["DS.524.1.2027", "2027-02-01", "Stowarzyszenie Aktywni Razem", w.org_a.krs, "Seniorzy w ruchu",
                         "otwarty_konkurs", "12000.00", signed.task_start.isoformat(), signed.task_end.isoformat(),
                         "signed"]]


_extra = iter(range(10_000))


def _extra_contracts(w, n):
    for _n in range(n):
        i = next(_extra)
        content = valid_content(year=w.call.task_start_earliest.year, title=f"Zadanie {i}")
        offer = make_awarded_offer(w.call, w.org_b, number=f"50/{i}", content=content)
        contract = make_contract(offer, number=f"DS.X.{i}")
        make_report(contract, status=ReportStatus.ACCEPTED)
        make_report(contract, kind=ReportKind.PARTIAL, status=ReportStatus.SUBMITTED,
                    period_end=contract.task_start + timedelta(days=20))


@pytest.mark.parametrize("name", ["contract_public_list", "report_public_list"])
def test_public_lists_query_count_does_not_grow(client, w, name):
    _extra_contracts(w, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(name, w)).status_code == 200
    _extra_contracts(w, 6)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url(name, w))
    assert html(page).count("DS.X.") >= 7
    assert len(many) == len(one)


@pytest.mark.parametrize("name", ["contract_admin_list", "report_inbox"])
def test_officer_lists_query_count_does_not_grow(client, w, name):
    signed_in(client, w.officer)
    _extra_contracts(w, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(name, w)).status_code == 200
    _extra_contracts(w, 6)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url(name, w))
    assert html(page).count("DS.X.") >= 7
    assert len(many) == len(one)


def test_my_contracts_lists_the_organization_s_contracts_across_municipalities(client, w):
    contract = make_contract(w.offer_a, number="DS.MINE")
    other = award_world()
    make_contract(other.offer_b, number="DS.NOT.MINE")
    page = signed_in(client, w.owner_a).get(reverse("grants_portal:my_contracts"))
    assert "DS.MINE" in html(page) and "DS.NOT.MINE" not in html(page)
    assert url("contract_detail", w, pk=contract.pk) in html(page)


def test_budget_update_page_for_an_entrusting_amount_unchanged_is_refused(client, w):
    response = signed_in(client, w.owner_a).get(url("budget_update", w, pk=w.offer_a.pk))
    assert response.status_code == 302 and response["Location"] == url("award_list", w)



def test_award_list_query_count_does_not_grow(client, w):
    signed_in(client, w.owner_b)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url("award_list", w)).status_code == 200
    for i in range(5):
        content = valid_content(year=w.call.task_start_earliest.year, title=f"Zadanie B{i}")
        offer = make_awarded_offer(w.call, w.org_b, number=f"60/{i}", content=content, amount="9000.00")
        if i % 2:
            make_contract(offer, number=f"DS.B.{i}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("award_list", w))
    assert html(page).count("Zadanie B") == 5
    assert len(many) == len(one)
