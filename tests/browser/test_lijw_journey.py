"""The self-assessment journey in Chromium: the officer sets up an edition, NGOs answer through personal
links and local government through the open link, the team agrees scores, the officer publishes the note,
and a citizen downloads the PDF."""

import re
import subprocess
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from self_assessment.models import Edition, Response

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def answer_survey(page, ratings: str, *, keyboard: bool = False):
    """Rate every statement on the page with the digits of `ratings`, cycling; answer the yes/no question."""
    page.locator("input[type=radio][value=yes]").first.check()
    groups = page.locator("fieldset:has(input[value=dk])")
    for index in range(groups.count()):
        value = ratings[index % len(ratings)]
        radio = groups.nth(index).locator(f"input[value='{value}']")
        if keyboard and index == 0:
            radio.focus()
            page.keyboard.press("Space")
        else:
            radio.check()
    page.get_by_role("button", name="Send my answers").click()


def test_officer_respondents_meeting_publication_and_citizen(world, new_page, live_server):
    municipality = world.municipality
    base = f"/jst/{municipality.slug}/lijw"

    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    officer.goto(f"{base}/panel/nowa/")
    assert_accessible(officer)
    officer.fill("#id_title", "Assessment 2025")
    officer.fill("#id_survey_opens_at", local(timezone.now() - timedelta(hours=1)))
    officer.fill("#id_survey_closes_at", local(timezone.now() + timedelta(days=7)))
    for box in officer.locator("input[name=areas]").all():
        box.uncheck()
    officer.get_by_label(re.compile(r"P1\.A4 ")).check()
    officer.get_by_label(re.compile(r"P2\.A1 ")).check()
    officer.check("#id_open_link_enabled")
    officer.get_by_role("button", name="Create the edition").click()
    officer.wait_for_url(re.compile(r"/panel/\d+/$"))
    with scopes_disabled():
        edition = Edition.objects.get(title="Assessment 2025")
    assert list(edition.areas.values_list("code", flat=True)) == ["P1.A4", "P2.A1"]

    officer.goto(f"{base}/panel/{edition.pk}/zespol/")
    for name, sector in [("Oskar Urzędnik", "jst"), ("Wiktoria Społeczniczka", "ngo")]:
        officer.fill("#id_name", name)
        officer.select_option("#id_sector", sector)
        officer.get_by_role("button", name="Add", exact=True).click()
        officer.wait_for_load_state()
    assert "Wiktoria Społeczniczka" in officer.content()

    officer.goto(f"{base}/panel/{edition.pk}/")
    officer.get_by_role("button", name="Open the survey").click()
    officer.goto(f"{base}/panel/{edition.pk}/rozsylka/")
    mail.outbox.clear()
    officer.get_by_role("button", name="Invite the NGO base").click()
    officer.wait_for_load_state()
    assert len(mail.outbox) == 1  # the world's one confirmed organization

    # Three NGO respondents would need three organizations: one answers by personal link, two by paper.
    link = urlsplit(re.search(r"http://\S+/ankieta/t/\S+/", mail.outbox[0].body).group(0)).path
    respondent = new_page()
    set_language(respondent, "en")
    respondent.goto(link)
    assert_accessible(respondent)
    answer_survey(respondent, "4", keyboard=True)
    assert respondent.get_by_role("heading", name="Thank you for your answers").is_visible()

    for _ in range(2):
        officer.goto(f"{base}/panel/{edition.pk}/papier/?group=ngo")
        answer = officer.locator("fieldset:has(input[value=dk])")
        officer.locator("input[type=radio][value=yes]").first.check()
        for index in range(answer.count()):
            answer.nth(index).locator("input[value='3']").check()
        officer.get_by_role("button", name="Save the questionnaire").click()
        officer.wait_for_load_state()

    open_url = f"{base}/ankieta/{edition.open_link_key}/"
    for _ in range(3):
        person = new_page()
        set_language(person, "en")
        person.goto(open_url)
        person.get_by_label("local government (staff, councillors, council members)").check()
        person.select_option("#id_jst_role", "staff")
        person.get_by_role("button", name="Start the survey").click()
        answer_survey(person, "5")
        assert person.get_by_role("heading", name="Thank you for your answers").is_visible()
    with scopes_disabled():
        assert Response.objects.filter(edition=edition).count() == 6

    officer.goto(f"{base}/panel/{edition.pk}/")
    officer.get_by_role("button", name="Close the survey").click()
    officer.goto(f"{base}/panel/{edition.pk}/wyniki/")
    assert_accessible(officer)
    results = officer.content()
    assert "3.33" in results  # NGO mean of 4, 3, 3 on every statement
    assert "5.00" in results  # local government

    officer.goto(f"{base}/panel/{edition.pk}/podsumowanie/")
    for code, score in [("P1.A4", "3.5"), ("P2.A1", "4.5")]:
        section = officer.locator(f"[id='area-{code}']")
        section.locator("input[name$=agreed_score]").fill(score)
        section.locator("textarea[name$=justification]").fill("Uzgodnione na spotkaniu.")
        section.get_by_role("button", name=re.compile("Save")).click()
        officer.wait_for_load_state()
    officer.goto(f"{base}/panel/{edition.pk}/notatka/")
    officer.fill("#id_conclusions", "Współpraca finansowa działa dobrze; konsultacje wymagają zmian.")
    officer.get_by_role("button", name="Save the text").click()
    officer.wait_for_load_state()
    officer.get_by_role("button", name="Publish the note").click()
    officer.wait_for_load_state()

    citizen = new_page()
    citizen.goto(f"{base}/")
    citizen.get_by_role("link", name="Assessment 2025").click()
    assert citizen.locator("h1").count() == 1
    assert "4,00" in citizen.content()  # overall index in Polish: mean of 3.5 and 4.5
    assert_accessible(citizen)
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name=re.compile("PDF")).click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert municipality.name in text and "4,00" in text
    assert not citizen.console_errors
