"""Consultations in Chromium: axe-core on the public pages in Polish and English, and a comment on one
paragraph made with the keyboard alone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import services
from consultations.models import Comment
from tests.consultations.test_documents import DRAFT

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def published(world):
    now = timezone.now()
    with scopes_disabled():
        consultation = services.create_consultation(
            municipality=world.municipality, actor=world.officer, title="Program rozwoju żłobków na lata 2027–2030",
            subject="programme", addressees="both", forms=["online", "open_meeting"],
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=13),
            contact_person="Oskar Pełnomocnik", contact_email="ngo@gmina.example.pl", source=DRAFT,
        )
        services.add_version(consultation=consultation, actor=world.officer, kind="draft",
                             source=DRAFT.replace("Celem głównym", "Głównym celem"), note="Szyk zdania")
        services.publish_consultation(consultation=consultation, actor=world.officer)
    return consultation


@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_consultation_pages_are_accessible(world, page, language):
    consultation = published(world)
    set_language(page, language)
    base = f"/jst/{world.municipality.slug}/konsultacje"
    for path in [f"{base}/", f"{base}/{consultation.pk}/", f"{base}/{consultation.pk}/wersje/1/",
                 f"{base}/{consultation.pk}/wersje/2/zmiany/", "/konsultacje/", "/konsultacje/?q=zlobek"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    assert "żłobków" in page.content()  # "zlobek" found it
    assert not page.console_errors


def test_a_paragraph_comment_made_with_the_keyboard(world, page, live_server):
    consultation = published(world)
    set_language(page, "en")
    login(page, live_server, world.resident)
    page.goto(f"/jst/{world.municipality.slug}/konsultacje/{consultation.pk}/")
    link = page.locator("#p-2").get_by_role("link", name="Comment on this paragraph")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/uwagi/nowa/?akapit=*")
    assert "§ 2. Ilekroć" in page.locator("blockquote").inner_text()
    assert_accessible(page)
    page.locator("#id_justification").focus()
    page.keyboard.type("Prosimy doprecyzować definicję organizacji.")
    page.keyboard.press("Shift+Tab")  # back to the proposed wording
    page.keyboard.type("organizacjach – rozumie się organizacje pozarządowe i podmioty z art. 3 ust. 3.")
    page.locator("main button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#comment-*")
    with scopes_disabled():
        comment = Comment.objects.get()
    assert comment.paragraph.order == 2 and comment.author == world.resident
    assert comment.proposed_wording.startswith("organizacjach")
    assert not page.console_errors
