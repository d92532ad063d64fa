"""After the award and small grants in Chromium: axe-core on the public pages (the register of contracts,
accepted reports, small grant offers and the comment form) and the journey contract → report → accept: the
officer prepares and signs the contract, the organization writes and submits the final report (the sums
follow what it types), the officer accepts it and it appears on the public list with its PDF."""

import re
import subprocess

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import ContractStatus, ReportStatus
from grants.models import Contract, TaskReport
from tests.grants.award_factories import make_awarded_offer, make_contract, make_report, make_small_grant
from tests.grants.factories import make_call
from tests.grants.factories import offer_content as valid_content

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def awarded(world, title="Seniorzy w ruchu"):
    with scopes_disabled():
        call = make_call(world.municipality)
        return make_awarded_offer(call, world.organization, number=f"1/{title[:3]}",
                                  content=valid_content(year=call.task_start_earliest.year, title=title))


@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_pages_are_accessible(world, new_page, live_server, language):
    contract = make_contract(awarded(world), number="DS.524.1.2027")
    make_report(contract, status=ReportStatus.ACCEPTED)
    open_offer = make_small_grant(world.municipality, world.organization, published_days_ago=2)
    make_small_grant(world.municipality, world.organization, published_days_ago=12)
    base = f"/jst/{world.municipality.slug}/dotacje"
    page = new_page()
    set_language(page, language)
    for path in ("/umowy/", "/sprawozdania/", "/male-granty/", f"/male-granty/{open_offer.pk}/",
                 f"/male-granty/{open_offer.pk}/uwagi/"):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    assert page.console_errors == []


def test_officer_and_organization_pages_are_accessible(world, new_page, live_server):
    offer = awarded(world)
    lower = make_awarded_offer(offer.call, world.organization, number="2/low", amount="9000.00",
                               content=valid_content(year=offer.call.task_start_earliest.year, title="Mniej"))
    contract = make_contract(offer, number="DS.524.2.2027")
    report = make_report(contract, status=ReportStatus.SUBMITTED)
    small = make_small_grant(world.municipality, world.organization, published_days_ago=9)
    base = f"/jst/{world.municipality.slug}/dotacje"
    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    for path in ("/panel/umowy/", f"/panel/umowy/oferta/{lower.pk}/", f"/umowy/{contract.pk}/",
                 "/panel/sprawozdania/", f"/panel/sprawozdania/{report.pk}/", "/panel/male-granty/",
                 f"/panel/male-granty/{small.pk}/"):
        officer.goto(base + path)
        assert_accessible(officer)
    owner = new_page()
    login(owner, live_server, world.owner)
    for path in ("/moje-dotacje/", f"/moje-dotacje/{lower.pk}/budzet/", "/male-granty/nowa/"):
        owner.goto(base + path)
        assert_accessible(owner)


def test_contract_report_accept_journey(world, new_page, live_server):
    offer = awarded(world)
    year = offer.task_start.year
    base = f"/jst/{world.municipality.slug}/dotacje"

    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    officer.goto(f"{base}/panel/umowy/")
    officer.get_by_role("link", name="Prepare the contract").click()
    officer.fill("#id_number", "DS.524.7.2027")
    officer.fill("#id_municipality_represented_by", "Piotr Jedliński – Prezydent Miasta")
    officer.fill("#id_bank_account", "61 1090 1014 0000 0712 1981 2874")
    assert officer.input_value("#id_tranche_0_year") == str(year)
    assert officer.input_value("#id_tranche_0_amount") == "12000.00"
    officer.fill("#id_tranche_0_due_on", f"{year}-02-15")
    officer.get_by_role("button", name="Prepare the contract").click()
    officer.wait_for_url(re.compile(r"/umowy/\d+/$"))
    assert_accessible(officer)
    with scopes_disabled():
        contract = Contract.objects.get(offer=offer)
    officer.fill("#id_signed_on", timezone.localdate().isoformat())
    officer.get_by_role("button", name="The contract is signed").click()
    officer.wait_for_load_state()
    with scopes_disabled():
        contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED and contract.pdf_status == "ready"

    owner = new_page()
    set_language(owner, "en")
    login(owner, live_server, world.owner)
    owner.goto(f"{base}/umowy/{contract.pk}/")
    with owner.expect_download() as download:
        owner.get_by_role("link", name="Download the contract (PDF)").click()
    text = pdf_text(download.value.path())
    assert "UMOWA NR DS.524.7.2027" in text and "dotacji w kwocie 12 000,00 zł" in text
    owner.get_by_role("button", name="Start the report").click()
    owner.wait_for_url(re.compile(r"/sprawozdania/\d+/$"))
    assert_accessible(owner)
    owner.fill("#id_summary", "Zadanie zrealizowano w całości.")
    owner.fill("#id_result_0_achieved", "42")
    owner.fill("#id_activity_0_done", "60 zajęć ruchowych.")
    owner.fill("#id_activity_1_done", "6 warsztatów.")
    for index, value in enumerate(["12000", "1500", "1350"]):
        owner.fill(f"#id_cost_{index}_{year}", value)
    owner.fill("#id_funding_grant", "12000")
    owner.fill("#id_funding_own_financial", "1000")
    owner.fill("#id_funding_own_non_financial", "1850")
    # The sums follow what is typed (the server checks again).
    assert owner.locator("[data-live-sum^='input[data-report-funding]']").inner_text() == "14,850.00"
    for box in owner.locator("input[name^=statement_]").all():
        box.check()
    owner.get_by_role("button", name="Save and submit the report").click()
    owner.wait_for_load_state()
    with scopes_disabled():
        report = TaskReport.objects.get(contract=contract)
    assert report.status == ReportStatus.SUBMITTED

    officer.goto(f"{base}/panel/sprawozdania/")
    officer.get_by_role("link", name="final report").click()
    assert_accessible(officer)
    officer.get_by_role("button", name="Accept").click()
    officer.wait_for_load_state()
    with scopes_disabled():
        report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.pdf_status == "ready"

    visitor = new_page()
    visitor.goto(f"{base}/sprawozdania/")
    assert "DS.524.7.2027" in visitor.locator("main").inner_text()
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name=re.compile("DS.524.7.2027")).click()
    assert "SPRAWOZDANIE KOŃCOWE" in pdf_text(download.value.path())
