"""The evaluation journey in Chromium: the officer accepts the offers formally, a committee member signs the
declaration and scores an offer, the officer records the decision and publishes the results, and a visitor
reads them. axe-core checks the public results page and the pages on the way."""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import CallStatus, CommitteeRole, OfferStatus
from grants.models import CommitteeMember, Criterion, Offer
from tests.factories import OrganizationFactory
from tests.grants.factories import make_call
from tests.grants.offer_factories import close_call, make_offer

from .conftest import assert_accessible, login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accept_score_decide_publish(world, new_page, live_server):
    with scopes_disabled():
        call = close_call(make_call(world.municipality, created_by=world.officer))
        offer_a = make_offer(call, world.organization, number="1/2027", created_by=world.owner)
        offer_b = make_offer(call, OrganizationFactory(name="Fundacja Bliżej Seniora"), number="2/2027")
        CommitteeMember.objects.create(call=call, user=world.resident, role=CommitteeRole.OFFICIAL)
        criteria = list(Criterion.objects.filter(call=call))
    base = f"/jst/{world.municipality.slug}/dotacje"

    officer = new_page()
    set_language(officer, "en")
    login(officer, live_server, world.officer)
    for offer in (offer_a, offer_b):
        officer.goto(f"{base}/konkursy/panel/{call.pk}/ocena/oferty/{offer.pk}/")
        for radio in officer.get_by_role("radio", name="met", exact=True).all():
            radio.check()
        officer.get_by_role("button", name="Save the check").click()
        officer.wait_for_load_state()
        if offer is offer_a:
            assert_accessible(officer)
        officer.get_by_role("button", name="Accept the offer").click()
        officer.wait_for_load_state()
    with scopes_disabled():
        assert set(Offer.objects.filter(call=call).values_list("status", flat=True)) == {OfferStatus.FORMALLY_ACCEPTED}

    member = new_page()
    set_language(member, "en")
    login(member, live_server, world.resident)
    member.goto("/dotacje/moje-komisje/")
    member.get_by_role("link", name="Sign the declaration").click()
    member.wait_for_url(f"**{base}/komisja/konkursy/{call.pk}/deklaracja/")
    assert_accessible(member)
    member.get_by_label("I have read the declaration and I sign it").check()
    member.get_by_role("button", name="Sign the declaration").click()
    member.wait_for_url(f"**{base}/komisja/konkursy/{call.pk}/")
    for offer, points in ((offer_a, ["9", "9", "8", "4", "5", "4", "5"]), (offer_b, ["5", "5", "5", "2", "2", "2", "2"])):
        member.goto(f"{base}/komisja/konkursy/{call.pk}/oferty/{offer.pk}/")
        for criterion, value in zip(criteria, points, strict=True):
            member.locator(f"#id_points_{criterion.pk}").fill(value)
            member.locator(f"#id_comment_{criterion.pk}").fill("Rzetelny opis działań.")
        if offer is offer_a:
            assert_accessible(member)
        member.get_by_role("button", name="Submit the sheet").click()
        member.wait_for_load_state()
        assert "Your scores are submitted." in member.locator(".messages").inner_text()

    officer.goto(f"{base}/konkursy/panel/{call.pk}/ranking/")
    assert_accessible(officer)
    first_row = officer.locator("table.ranking-table tbody tr").first
    assert "Stowarzyszenie" in first_row.inner_text() and "44.00" in first_row.inner_text()
    officer.goto(f"{base}/konkursy/panel/{call.pk}/rozstrzygniecie/")
    officer.get_by_label("Executive's decision (number)").fill("Zarządzenie nr 45/2027")
    officer.get_by_label("Decision date").fill(timezone.localdate().isoformat())
    officer.get_by_label("Grant for offer 1/2027 (zł; empty: no grant)").fill("12000.00")
    officer.get_by_label("Grant for offer 2/2027 (zł; empty: no grant)").fill("")
    officer.get_by_label("Justification for offer 2/2027").fill("Za mało punktów.")
    assert_accessible(officer)
    officer.get_by_role("button", name="Record the decision").click()
    officer.wait_for_url(f"**{base}/konkursy/panel/{call.pk}/wyniki/")
    officer.get_by_role("button", name="Publish the results").click()
    officer.wait_for_url(f"**{base}/konkursy/{call.pk}/wyniki/")
    with scopes_disabled():
        call.refresh_from_db()
    assert call.status == CallStatus.RESULTS_PUBLISHED

    visitor = new_page()
    visitor.goto(f"{base}/konkursy/{call.pk}/wyniki/")
    assert_accessible(visitor)
    awarded = visitor.locator("table.results-table").first.inner_text()
    assert "Stowarzyszenie Przyjaciół Ziemi Koszalińskiej" in awarded and "12 000,00" in awarded.replace("\xa0", " ")
    assert "Fundacja Bliżej Seniora" in visitor.locator("table.results-table").nth(1).inner_text()
    assert "Za mało punktów" not in visitor.content()
    visitor.goto("/dotacje/wyniki/")
    assert_accessible(visitor)
    assert visitor.get_by_role("link", name="Wspieranie aktywności seniorów").count() == 1
    assert not officer.console_errors and not member.console_errors and not visitor.console_errors
