"""The consultation journey in Chromium: the officer creates and publishes a consultation, a resident
comments on a paragraph with the keyboard, the consultation closes, the officer answers and publishes the
report, and a visitor downloads its PDF."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations.models import Comment, Consultation
from tests.consultations.test_documents import DRAFT

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_publish_comment_answer_report(world, new_page, live_server, monkeypatch):
    base = f"/jst/{world.municipality.slug}/konsultacje"
    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    officer.goto(f"{base}/panel/nowe/")
    officer.fill("#id_title", "Program współpracy na 2027 rok")
    officer.select_option("#id_subject", "cooperation_programme")
    officer.select_option("#id_addressees", "ngos")
    officer.fill("#id_opens_at", local(timezone.now() - timedelta(days=7)))
    officer.fill("#id_closes_at", local(timezone.now() + timedelta(minutes=3)))
    officer.fill("#id_contact_person", "Oskar Pełnomocnik")
    officer.fill("#id_contact_email", "ngo@gmina.example.pl")
    officer.locator("textarea[name=source]").fill(DRAFT)
    officer.locator("main form button[type=submit]").click()
    officer.wait_for_url(re.compile(r"/panel/\d+/$"))
    with scopes_disabled():
        consultation = Consultation.objects.get(title="Program współpracy na 2027 rok")
    officer.get_by_role("button", name="Publish the consultation").click()
    officer.wait_for_load_state()

    resident = new_page()
    set_language(resident, "en")
    login(resident, live_server, world.resident)
    resident.goto(f"{base}/{consultation.pk}/")
    assert_accessible(resident)
    resident.locator("#p-3").get_by_role("link", name="Comment on this paragraph").focus()
    resident.keyboard.press("Enter")
    resident.wait_for_url("**/uwagi/nowa/?akapit=*")
    resident.locator("#id_justification").focus()
    resident.keyboard.type("Prosimy dopisać ustawę o wolontariacie.")
    resident.locator("main button[type=submit]").focus()
    resident.keyboard.press("Enter")
    resident.wait_for_url("**#comment-*")
    with scopes_disabled():
        comment = Comment.objects.get()
    assert comment.paragraph.order == 3

    # The consultation closes: move the clock past the close (the live server runs in this process).
    later = consultation.closes_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    officer.goto(f"{base}/panel/{consultation.pk}/uwagi/")
    assert_accessible(officer)
    answer_form = officer.locator("main form").filter(has=officer.locator("textarea")).first
    answer_form.locator("select").select_option("accepted")
    answer_form.locator("textarea").fill("Dopisano w § 2 pkt 1.")
    answer_form.locator("button[type=submit]").click()
    officer.wait_for_load_state()
    with scopes_disabled():
        comment.refresh_from_db()
    assert comment.decision == "accepted"
    officer.goto(f"{base}/panel/{consultation.pk}/raport/")
    officer.fill("#id_summary", "Wpłynęła jedna uwaga mieszkańca; została uwzględniona.")
    officer.get_by_role("button", name="Publish the report").click()
    officer.wait_for_load_state()

    visitor = new_page()
    visitor.goto(f"{base}/{consultation.pk}/")
    visitor.locator("main").get_by_role("link", name=re.compile("raport", re.IGNORECASE)).first.click()
    assert visitor.locator("h1").count() == 1
    assert "Dopisano w § 2 pkt 1." in visitor.content()
    assert_accessible(visitor)
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name=re.compile("PDF")).click()
    pdf = download.value.path().read_bytes()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert world.municipality.name in text and "Dopisano w § 2 pkt 1." in text
    for page in (officer, resident, visitor):
        assert not page.console_errors
