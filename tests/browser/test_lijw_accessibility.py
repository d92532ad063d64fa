"""axe-core on every public page of the self-assessment, in Polish and English: the archive, a published
note, the regional comparison, the survey (access code, group choice, questionnaire, thank-you) and a
team member's pre-read."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.models import Area
from self_assessment import services
from self_assessment.enums import EditionStatus
from self_assessment.models import Edition

from .conftest import assert_accessible, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def published_and_open(world):
    now = timezone.now()
    with scopes_disabled():
        areas = Area.objects.filter(code__in=["P1.A4", "P3.A2"])
        published = services.create_edition(
            municipality=world.municipality, actor=world.officer, title="Ocena współpracy 2025",
            period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), survey_opens_at=now - timedelta(days=9),
            survey_closes_at=now - timedelta(days=2), areas=areas, language="pl")
        services.set_edition_status(edition=published, actor=world.officer, status=EditionStatus.OPEN)
        services.set_edition_status(edition=published, actor=world.officer, status=EditionStatus.CLOSED)
        for assessment, score in zip(published.area_assessments.all(), ["3.0", "4.5"], strict=True):
            services.save_area_assessment(assessment=assessment, actor=world.officer, agreed_score=score)
        services.save_recommendation(edition=published, actor=world.officer, text="Spotkanie sektora co roku",
                                     owner="Pełnomocnik")
        services.add_participant(edition=published, actor=world.officer, name="Piotr Społecznik", sector="ngo")
        services.add_participant(edition=published, actor=world.officer, name="Anna Urzędniczka", sector="jst")
        services.publish_note(edition=published, actor=world.officer)
        participant = services.add_participant(edition=published, actor=world.officer, name="Jan Nowak",
                                               sector="jst", email="jan@example.pl")
        participant.preread_token_hash = services.hash_key("token-do-materialow")
        participant.save()
        survey = services.create_edition(
            municipality=world.municipality, actor=world.officer, title="Ocena współpracy 2026",
            period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), survey_opens_at=now - timedelta(days=1),
            survey_closes_at=now + timedelta(days=9), areas=areas, language="pl")
        Edition.objects.filter(pk=survey.pk).update(open_link_enabled=True, open_link_code="ZIELONA")
        services.set_edition_status(edition=survey, actor=world.officer, status=EditionStatus.OPEN)
    return published, survey


@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_self_assessment_pages_are_accessible(world, page, language):
    published, survey = published_and_open(world)
    set_language(page, language)
    base = f"/jst/{world.municipality.slug}/lijw"
    for path in [f"{base}/", f"{base}/{published.pk}/notatka/", "/lijw/",
                 f"{base}/{published.pk}/material/token-do-materialow/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    page.goto(f"{base}/ankieta/{survey.open_link_key}/")
    assert_accessible(page)  # the access code
    page.fill("#id_code", "zla")
    page.locator("button[type=submit]").last.click()
    assert page.locator("#id_code_error").is_visible()
    assert_accessible(page)  # the error next to the field
    page.fill("#id_code", "ZIELONA")
    page.locator("main button[type=submit]").click()
    assert_accessible(page)  # the group choice
    page.locator("input[name=group][value=ngo]").check()
    page.locator("main button[type=submit]").click()
    assert page.locator("input[value=dk]").count() == 2 * 2 + 2  # two statements per area, two overall
    assert_accessible(page)  # the questionnaire
    page.locator("main button[name=submit]").click()
    assert page.locator(".error-summary").is_visible()  # the required yes/no question
    assert_accessible(page)
    assert not page.console_errors
