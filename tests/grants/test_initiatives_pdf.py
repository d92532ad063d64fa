"""The agreement on carrying out a local initiative as a PDF: the parties, each side's contributions with exact
amounts in the Polish format, the schedule, and that no grant is transferred (pdftotext)."""

import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from cooperation.enums import RenderStatus
from grants.initiatives import services
from grants.initiatives.enums import InitiativeStatus
from grants.initiatives.models import InitiativeAgreement
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
)

from .initiative_factories import make_application

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode().replace("\xa0", " ").split())


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def test_signed_agreement_pdf_has_the_parties_contributions_and_schedule():
    municipality = MunicipalityFactory(name="Miasto Koszalin", city="Koszalin")
    officer = OfficerFactory(municipality=municipality).user
    application = make_application(municipality, status=InitiativeStatus.AGREEMENT_SIGNED, officer=officer,
                                   start=date(2027, 5, 1), end=date(2027, 6, 30),
                                   schedule=[{"step": "Malowanie ogrodzenia", "start": "2027-05-03",
                                              "end": "2027-05-10"}])
    agreement = InitiativeAgreement.objects.get(application=application)
    filename, content_type, pdf = agreement.render_pdf()
    assert content_type == "application/pdf" and pdf.startswith(b"%PDF")
    assert filename == f"umowa-inicjatywa-lokalna-{agreement.number.lower().replace('/', '')}-podpisana.pdf"
    text = text_of(pdf)
    assert f"UMOWA NR {agreement.number}" in text
    assert "o wykonanie inicjatywy lokalnej" in text and "„Remont placu zabaw przy ul. Lipowej”" in text
    assert "Miasto Koszalin" in text and "grupą mieszkańców (liczba mieszkańców zaangażowanych: 12)" in text
    assert "120,5 godz. × 35,50 zł" in text and "4 277,75" in text  # 120.5 h × 35.50 zł
    assert "Farby 300,10" in text and "Razem wkład Wnioskodawcy 5 277,80" in text
    assert "Nowa huśtawka" in text and "Razem 4 850,00" in text
    assert "Malowanie ogrodzenia 03.05.2027 10.05.2027" in text
    assert "nie przekazuje Wnioskodawcy dotacji" in text
    assert "od dnia 01.05.2027 do dnia 30.06.2027" in text
    assert "PROJEKT UMOWY" not in text


def test_a_draft_agreement_is_marked_and_names_the_organization():
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    organization = OrganizationFactory(name="Stowarzyszenie Osiedle Lipowe")
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
    MembershipFactory(organization=organization)
    application = make_application(municipality, status=InitiativeStatus.ACCEPTED, officer=officer,
                                   organization=organization)
    agreement = services.save_agreement(application=application, actor=officer,
                                        data=services.agreement_initial(application))
    text = text_of(agreement.render_pdf()[2])
    assert "PROJEKT UMOWY – do podpisu." in text and "Stowarzyszenie Osiedle Lipowe" in text


def test_saving_the_agreement_renders_its_pdf_after_the_commit(django_capture_on_commit_callbacks):
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    application = make_application(municipality, status=InitiativeStatus.ACCEPTED, officer=officer)
    with django_capture_on_commit_callbacks(execute=True):
        agreement = services.save_agreement(application=application, actor=officer,
                                            data={**services.agreement_initial(application),
                                                  "money_contribution": Decimal("0.00")})
    agreement.refresh_from_db()
    assert agreement.pdf_status == RenderStatus.READY and agreement.pdf.name.endswith(".pdf")
