"""The officer dashboard in real Chromium: reached from the panel's heading, readable with a keyboard and
without axe-core violations, in English and Polish."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations.enums import Addressees, ConsultationStatus, Subject
from consultations.models import Consultation

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "pl"])
def test_officer_reaches_an_accessible_dashboard_from_the_panel(page, live_server, world, language):
    closes = timezone.now() + timedelta(days=5)
    with scopes_disabled():
        Consultation.objects.create(
            municipality=world.municipality, title="Projekt programu współpracy", subject=Subject.COOPERATION_PROGRAMME,
            addressees=Addressees.NGOS, forms=["online"], opens_at=closes - timedelta(days=21), closes_at=closes,
            contact_person="Oskar Pełnomocnik", contact_email="ngo@example.pl", status=ConsultationStatus.PUBLISHED)
    login(page, live_server, world.officer)
    set_language(page, language)
    page.goto(reverse("cooperation:panel", kwargs={"municipality_slug": world.municipality.slug}))
    assert_accessible(page)

    page.locator("main p.lead a").click()

    assert page.url.endswith(reverse("cooperation:officer_dashboard",
                                     kwargs={"municipality_slug": world.municipality.slug}))
    assert page.locator("table.deadlines tbody th a", has_text="Projekt programu współpracy").count() == 1
    assert_accessible(page)
