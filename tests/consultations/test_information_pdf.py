"""Letters and address labels of a newsletter for the organizations that chose post (pdftotext shows the
addresses); officers only."""

import subprocess

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from consultations.information import services
from cooperation.enums import OrganizationLinkStatus
from cooperation.models import OrganizationMunicipality
from tests.browser.world import build_world
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())
    built = build_world()
    mail.outbox.clear()
    return built


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def page_count(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[-1])


def newsletter_with_letters(world, count=2):
    with scopes_disabled():
        for n in range(count):
            organization = OrganizationFactory(name=f"Koło Gospodyń Wiejskich nr {n + 1}", wants_email=False,
                                               wants_post=True, street=f"ul. Łąkowa {n + 1}", postal_code="76-032",
                                               city="Mścice")
            OrganizationMunicipality.objects.create(organization=organization, municipality=world.municipality,
                                                    status=OrganizationLinkStatus.CONFIRMED)
        item = services.create_newsletter(municipality=world.municipality, actor=world.officer,
                                          subject="Zaproszenie na spotkanie roczne",
                                          text="Szanowni Państwo,\n\nzapraszamy 12 grudnia.",
                                          reply_to="ngo@koszalin.example.pl")
        services.send_newsletter(newsletter=item, actor=world.officer)
    return item


def url(item, name):
    return f"/jst/koszalin/informacje/panel/biuletyny/{item.pk}/{name}"


def test_letters_pdf_has_one_page_per_organization_with_address_and_text(world, tmp_path):
    item = newsletter_with_letters(world)
    client = Client()
    client.force_login(world.officer)
    response = client.get(url(item, "listy.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="listy-biuletyn-{item.pk}.pdf"'
    text = text_of(response.content, tmp_path)
    assert "Koło Gospodyń Wiejskich nr 1" in text and "ul. Łąkowa 2" in text and "76-032 Mścice" in text
    assert "zapraszamy 12 grudnia." in text
    assert "Stowarzyszenie Przyjaciół" not in text  # it chose e-mail only
    assert page_count(response.content, tmp_path) == 2


def test_labels_pdf_puts_24_addresses_on_a_page(world, tmp_path):
    item = newsletter_with_letters(world, count=25)
    client = Client()
    client.force_login(world.officer)
    response = client.get(url(item, "etykiety.pdf"))
    text = text_of(response.content, tmp_path)
    assert "Koło Gospodyń Wiejskich nr 25" in text and "ul. Łąkowa 17" in text
    assert page_count(response.content, tmp_path) == 2


def test_pdfs_are_for_officers_only(world):
    item = newsletter_with_letters(world, count=1)
    for user in [world.owner, world.resident, world.other_officer]:
        client = Client()
        client.force_login(user)
        assert client.get(url(item, "listy.pdf")).status_code == 403
        assert client.get(url(item, "etykiety.pdf")).status_code == 403
    assert Client().get(url(item, "listy.pdf")).status_code == 302
