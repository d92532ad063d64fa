"""The contract and report PDFs: the key data are in the text (pdftotext), amounts in the Polish format."""

import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from grants.enums import ContractStatus, ReportKind, ReportStatus
from grants.pdf import render_contract, render_report
from grants.services import awards as services

from .award_factories import award_world, budget_content, make_awarded_offer, make_contract, make_report
from .factories import make_call
from .factories import offer_content as valid_content

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def text_of(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    # Thousands are grouped with a no-break space; read it as a space.
    return " ".join(result.stdout.decode().replace("\xa0", " ").split())


def test_contract_pdf_has_the_parties_the_grant_the_tranches_and_the_template_note():
    w = award_world()
    contract = make_contract(w.offer_a, number="DS.524.17.2027", signed_on=date(2027, 2, 10))
    filename, content_type, pdf = render_contract(contract)
    assert content_type == "application/pdf" and pdf.startswith(b"%PDF")
    assert filename == "umowa-ds524172027-podpisana.pdf"
    text = text_of(pdf)
    assert "Dz.U. 2018 poz. 2057, zał. 3" in text
    assert "UMOWA NR DS.524.17.2027" in text
    assert "o wsparcie realizacji zadania publicznego" in text
    assert "zawarta w dniu 10.02.2027" in text
    assert w.municipality.name in text and "Stowarzyszenie Aktywni Razem" in text
    assert "Piotr Jedliński – Prezydent Miasta" in text
    assert "dotacji w kwocie 12 000,00 zł" in text
    assert "Całkowity koszt zadania publicznego wynosi 14 850,00 zł, a dotacja stanowi 80,81% tego kosztu" in text
    assert "wkładu własnego finansowego w wysokości 1 000,00 zł" in text
    assert "PL61 1090 1014 0000 0712 1981 2874" in text
    assert "nie nastąpiło jego zwiększenie o więcej niż 10%" in text
    assert f"do dnia {contract.task_end.strftime('%d.%m.%Y')}" in text
    for paragraph in range(1, 17):
        assert f"§ {paragraph}." in text
    assert "w terminie 15 dni od dnia zakończenia realizacji zadania" in text
    assert "PROJEKT" not in text


def test_draft_contract_pdf_is_marked_and_a_budget_update_is_referenced():
    w = award_world()
    services.update_budget(offer=w.offer_b, actor=w.owner_b, content=budget_content(w.offer_b))
    w.offer_b.refresh_from_db()
    contract = make_contract(w.offer_b, status=ContractStatus.DRAFT, number="DS/9/2027")
    _name, _type, pdf = render_contract(contract)
    text = text_of(pdf)
    assert "PROJEKT UMOWY" in text and "zawarta w dniu ……" in text
    assert "dotacji w kwocie 9 000,00 zł" in text
    assert "Oferta w wersji nr 2" in text and "zaktualizowaną kalkulację przewidywanych kosztów" in text


def test_multi_year_contract_pdf_lists_yearly_tranches():
    w = award_world()
    call = make_call(w.municipality, task_start_earliest=date(2027, 1, 1), task_end_latest=date(2028, 12, 31),
                     number="8/2027", form="entrusting", min_own_financial_percent=Decimal("0"),
                     min_own_total_percent=Decimal("0"))
    content = valid_content(year=2027, end="2028-06-30")
    offer = make_awarded_offer(call, w.org_a, content=content, number="8/1")
    contract = make_contract(offer, tranches=[(2027, Decimal("7000.00"), date(2027, 3, 1)),
                                              (2028, Decimal("5000.00"), date(2028, 1, 31))])
    text = text_of(render_contract(contract)[2])
    assert "o powierzenie realizacji zadania publicznego" in text
    assert "2027 7 000,00 zł do dnia 01.03.2027" in text
    assert "2028 5 000,00 zł do dnia 31.01.2028" in text
    assert "sprawozdanie częściowe w terminie 30 dni od dnia zakończenia tego roku" in text


def test_report_pdf_has_the_structure_of_annex_5_and_the_sums():
    w = award_world()
    contract = make_contract(w.offer_a, number="DS.524.3.2027")
    report = make_report(contract, status=ReportStatus.SUBMITTED)
    filename, _type, pdf = render_report(report)
    assert filename.startswith("sprawozdanie-") and filename.endswith(".pdf")
    text = text_of(pdf)
    assert "SPRAWOZDANIE KOŃCOWE" in text
    assert "Część I. Sprawozdanie merytoryczne" in text and "Część II. Sprawozdanie z wykonania wydatków" in text
    assert "II.1 Rozliczenie ze względu na rodzaj kosztów" in text
    assert "II.2 Rozliczenie ze względu na źródło finansowania" in text and "II.3 Informacja o innych przychodach" in text
    assert "Część III. Dodatkowe informacje" in text
    assert "nr DS.524.3.2027" in text and "Stowarzyszenie Aktywni Razem" in text
    assert "Wynagrodzenie instruktora 12 000,00 12 000,00 12 000,00 12 000,00" in text
    assert "Kwota dotacji 12 000,00 80,81 12 000,00 80,81" in text
    assert "Odsetki bankowe od dotacji 12,34 zł" in text
    assert "Liczba 40 40 uczestników" in text  # the name wraps in its narrow column
    assert "Kwota dotacji niewykorzystana, podlegająca zwrotowi: 0,00 zł" in text


def test_partial_report_pdf():
    w = award_world()
    contract = make_contract(w.offer_a)
    report = make_report(contract, kind=ReportKind.PARTIAL, status=ReportStatus.SUBMITTED)
    text = text_of(render_report(report)[2])
    assert "SPRAWOZDANIE CZĘŚCIOWE" in text and "niewykorzystana" not in text
