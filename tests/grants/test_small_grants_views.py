"""Pages of small grants (art. 19a): the organization's simplified offer form, the public list and page with
the comment form (window enforced, anonymous comments need a name and are rate limited), the officer's
list with "publish by" deadlines and the caps, publishing, awarding and declining."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import OfferKind, OfferStatus
from grants.models import GrantBudget, Offer, SmallGrantComment
from grants.services import small_grants as services
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .award_factories import make_small_grant, small_grant_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def s():
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    organization = OrganizationFactory(name="Stowarzyszenie Przylesie")
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
    owner = MembershipFactory(organization=organization).user
    other_org = OrganizationFactory(name="Fundacja Inna")
    OrganizationMunicipalityFactory(organization=other_org, municipality=municipality)
    other_owner = MembershipFactory(organization=other_org).user

    class S:
        pass

    for name, value in locals().items():
        setattr(S, name, value)
    return S


def url(name, s, **kwargs):
    return reverse(f"grants:{name}", kwargs={"municipality_slug": s.municipality.slug, **kwargs})


def en(client, user=None):
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def form_post(start=None, **overrides):
    data = small_grant_form_data()
    start = start or data["start"]
    post = {
        "task_type": data["task_type"], "form": "support", "title": data["title"], "start": start.isoformat(),
        "end": (start + timedelta(days=59)).isoformat(), "place": data["place"], "synopsis": data["synopsis"],
        "results": data["results"], "contact_name": "Anna Nowak", "contact_phone": "+48 600 100 200",
        "contact_email": "anna@example.pl", "paid_activity": "unpaid",
        "funding_grant": "8 000,00", "funding_own_financial": "500", "funding_own_non_financial": "1000",
        "funding_beneficiary_fees": "0", "declaration_tax_arrears": "none",
        "declaration_social_insurance_arrears": "none",
    }
    for index, line in enumerate(data["costs"]):
        for key, value in line.items():
            post[f"cost_{index}_{key}"] = value
    for key in ("only_statutory_activity", "fees_only_in_paid_activity", "register_data_current",
                "information_true", "personal_data_consents"):
        post[f"declaration_{key}"] = "on"
    post.update(overrides)
    return post


# --- The organization ---------------------------------------------------------------------------------------------


def test_submit_a_small_grant_offer(client, s):
    en(client, s.owner)
    page = client.get(url("small_grant_create", s))
    assert page.status_code == 200 and "10,000.00 zł" in html(page)
    response = client.post(url("small_grant_create", s), {**form_post(), "organization": s.organization.pk,
                                                          "submit": "1"}, follow=True)
    with scopes_disabled():
        offer = Offer.objects.get(kind=OfferKind.SMALL_GRANT)
        publish_by = services.publish_by(offer)
    number = f"MG/{timezone.localdate().year}/0001"
    assert offer.status == OfferStatus.SUBMITTED and offer.number == number
    assert f"The offer is submitted with number {number}" in html(response)
    assert publish_by.strftime("%d.%m.%Y") in html(response)
    assert offer.requested_grant == Decimal("8000.00")


def test_save_a_draft_then_submit_and_errors_keep_input(client, s):
    en(client, s.owner)
    response = client.post(url("small_grant_create", s), {**form_post(title=""), "organization": s.organization.pk,
                                                          "save": "1"})
    with scopes_disabled():
        offer = Offer.objects.get(kind=OfferKind.SMALL_GRANT)
    assert response["Location"] == url("small_grant_edit", s, pk=offer.pk)
    page = client.get(url("small_grant_edit", s, pk=offer.pk))
    assert 'value="Park osiedlowy Przylesie, Koszalin"' in html(page)
    page = client.post(url("small_grant_edit", s, pk=offer.pk), {**form_post(title="", funding_grant="10000.01"),
                                                                 "submit": "1"})
    assert page.status_code == 200
    assert 'value="10000.01"' in html(page)
    assert "Give the title of the task." in html(page)
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).status == OfferStatus.DRAFT
    response = client.post(url("small_grant_edit", s, pk=offer.pk), {**form_post(), "submit": "1"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).status == OfferStatus.SUBMITTED
    # A submitted offer is not edited any more.
    response = client.get(url("small_grant_edit", s, pk=offer.pk))
    assert response.status_code == 302 and response["Location"] == url("small_grant_detail", s, pk=offer.pk)


def test_91_days_is_refused_on_the_form(client, s):
    en(client, s.owner)
    start = small_grant_form_data()["start"]
    page = client.post(url("small_grant_create", s), {**form_post(end=(start + timedelta(days=90)).isoformat()),
                                                      "organization": s.organization.pk, "submit": "1"})
    assert "The task may last at most 90 days." in html(page)


def test_users_without_an_organization_cannot_offer(client, s):
    assert en(client, UserFactory()).get(url("small_grant_create", s)).status_code == 403


def test_a_draft_is_only_its_organization_s(client, s):
    draft = make_small_grant(s.municipality, s.organization, status=OfferStatus.DRAFT)
    assert en(client, s.other_owner).get(url("small_grant_detail", s, pk=draft.pk)).status_code == 404
    assert client.get(url("small_grant_edit", s, pk=draft.pk)).status_code == 404
    assert en(client, s.officer).get(url("small_grant_detail", s, pk=draft.pk)).status_code == 404
    assert en(client, s.owner).get(url("small_grant_edit", s, pk=draft.pk)).status_code == 200


# --- Public page and comments ---------------------------------------------------------------------------------


def test_public_list_shows_published_offers_open_and_past(client, s):
    open_one = make_small_grant(s.municipality, s.organization, published_days_ago=1,
                                data=small_grant_form_data(title="Festyn otwarty"))
    make_small_grant(s.municipality, s.organization, published_days_ago=20,
                     data=small_grant_form_data(title="Festyn dawny"))
    make_small_grant(s.municipality, s.organization, data=small_grant_form_data(title="Jeszcze nieopublikowany"))
    page = en(client).get(url("small_grant_list", s))
    assert "Festyn otwarty" in html(page) and "Festyn dawny" in html(page)
    assert "Jeszcze nieopublikowany" not in html(page)
    detail = client.get(url("small_grant_detail", s, pk=open_one.pk))
    assert detail.status_code == 200 and url("small_grant_comment", s, pk=open_one.pk) in html(detail)
    assert "Park osiedlowy Przylesie" in html(detail) and "9,500.00 zł" in html(detail)


def test_anyone_comments_within_the_window(client, s):
    offer = make_small_grant(s.municipality, s.organization, published_days_ago=1)
    en(client)
    page = client.post(url("small_grant_comment", s, pk=offer.pk), {"author_name": "", "text": "Uwaga"})
    assert page.status_code == 200 and "This field is required." in html(page)
    response = client.post(url("small_grant_comment", s, pk=offer.pk),
                           {"author_name": "Jan Sąsiad", "text": "Popieram festyn."})
    assert response["Location"] == url("small_grant_detail", s, pk=offer.pk)
    resident = UserFactory(full_name="Maria Mieszkańcowa")
    en(client, resident).post(url("small_grant_comment", s, pk=offer.pk), {"text": "Proszę o więcej warsztatów."})
    with scopes_disabled():
        assert list(SmallGrantComment.objects.filter(offer=offer).values_list("author_name", flat=True)) == [
            "Jan Sąsiad", "Maria Mieszkańcowa"]
    # The public sees how many, the organization and the officer read them.
    assert "2 comments received." in html(en(client, UserFactory()).get(url("small_grant_detail", s, pk=offer.pk)))
    assert "Popieram festyn." not in html(client.get(url("small_grant_detail", s, pk=offer.pk)))
    assert "Popieram festyn." in html(en(client, s.owner).get(url("small_grant_detail", s, pk=offer.pk)))
    assert "Popieram festyn." in html(en(client, s.officer).get(url("small_grant_admin", s, pk=offer.pk)))


def test_comments_outside_the_window_are_refused(client, s):
    closed = make_small_grant(s.municipality, s.organization, published_days_ago=9)
    response = en(client).post(url("small_grant_comment", s, pk=closed.pk), {"author_name": "Jan", "text": "Za późno"})
    assert response["Location"] == url("small_grant_detail", s, pk=closed.pk)
    unpublished = make_small_grant(s.municipality, s.organization)
    assert client.post(url("small_grant_comment", s, pk=unpublished.pk),
                       {"author_name": "Jan", "text": "Za wcześnie"}).status_code == 404
    with scopes_disabled():
        assert SmallGrantComment.objects.count() == 0


@override_settings(GRANTS_ANONYMOUS_COMMENTS_PER_HOUR=2)
def test_anonymous_comments_are_rate_limited_and_bots_dropped(client, s):
    offer = make_small_grant(s.municipality, s.organization, published_days_ago=1)
    en(client)
    for n in range(2):
        assert client.post(url("small_grant_comment", s, pk=offer.pk),
                           {"author_name": "Jan", "text": f"Uwaga {n}"}).status_code == 302
    page = client.post(url("small_grant_comment", s, pk=offer.pk), {"author_name": "Jan", "text": "Uwaga 3"})
    assert page.status_code == 429 and "Too many comments" in html(page)
    # Signed-in people are not limited this way.
    assert en(client, UserFactory()).post(url("small_grant_comment", s, pk=offer.pk),
                                          {"text": "Uwaga 4"}).status_code == 302
    client.logout()
    cache.clear()
    assert en(client).post(url("small_grant_comment", s, pk=offer.pk),
                           {"author_name": "Bot", "text": "Spam", "website": "http://spam.example"}).status_code == 302
    with scopes_disabled():
        assert sorted(SmallGrantComment.objects.values_list("text", flat=True)) == ["Uwaga 0", "Uwaga 1", "Uwaga 4"]


# --- The officer ---------------------------------------------------------------------------------------------------


def test_officer_list_shows_publish_by_deadlines_and_caps(client, s):
    received = timezone.make_aware(datetime(2027, 11, 8, 12, 0))
    make_small_grant(s.municipality, s.organization, submitted_at=received,
                     data=small_grant_form_data(title="Do publikacji"))
    page = en(client, s.officer).get(url("small_grant_admin_list", s))
    assert page.status_code == 200
    assert "Do publikacji" in html(page) and "18.11.2027" in html(page)
    assert "are not recorded: no small grant can be awarded until they are" in html(page)
    year = timezone.localdate().year
    client.post(url("grant_budget_save", s), {"year": year, "planned_grants": "100 000,00"})
    with scopes_disabled():
        assert GrantBudget.objects.get(municipality=s.municipality, year=year).planned_grants == Decimal("100000.00")
    page = client.get(url("small_grant_admin_list", s))
    assert "Awarded 0.00 zł of at most 20,000.00 zł (20% of 100,000.00 zł planned)." in html(page)


def test_officer_publishes_awards_and_the_cap_is_shown(client, s):
    offer = make_small_grant(s.municipality, s.organization)
    en(client, s.officer)
    page = client.get(url("small_grant_admin", s, pk=offer.pk))
    assert "Publish for comments" in html(page)
    client.post(url("small_grant_publish", s, pk=offer.pk))
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.published_at is not None
    page = client.get(url("small_grant_admin", s, pk=offer.pk))
    assert "Comments are open now." in html(page) and "Award the grant" not in html(page)
    # After the window: award, with the caps enforced.
    with scopes_disabled():
        Offer.objects.filter(pk=offer.pk).update(published_at=timezone.now() - timedelta(days=9),
                                                 comments_until=timezone.now() - timedelta(days=1))
    page = client.post(url("small_grant_award", s, pk=offer.pk), {"amount": "8000", "note": ""})
    assert page.status_code == 200 and "Record the grants to organizations planned in the" in html(page)
    GrantBudget.objects.create(municipality=s.municipality, year=timezone.localdate().year,
                               planned_grants=Decimal("30000.00"))
    page = client.post(url("small_grant_award", s, pk=offer.pk), {"amount": "6000.01", "note": ""})
    assert "above 20.00% of the grants planned in the budget (6,000.00 zł)" in html(page)
    assert 'value="6000.01"' in html(page)
    response = client.post(url("small_grant_award", s, pk=offer.pk), {"amount": "6000.00", "note": "Zasadne."})
    assert response.status_code == 302
    with scopes_disabled():
        offer.refresh_from_db()
    assert (offer.status, offer.awarded_amount) == (OfferStatus.AWARDED, Decimal("6000.00"))
    page = client.get(url("small_grant_admin", s, pk=offer.pk))
    assert url("contract_prepare", s, pk=offer.pk) in html(page)


def test_officer_records_publication_in_the_bip_and_on_the_notice_board(client, s):
    offer = make_small_grant(s.municipality, s.organization, published_days_ago=1)
    received = timezone.localdate(offer.submitted_at)
    en(client, s.officer)
    page = html(client.get(url("small_grant_admin", s, pk=offer.pk)))
    assert "requires the offer to be published in the BIP and on the notice board too" in page
    record = url("small_grant_publication", s, pk=offer.pk)
    too_early = (received - timedelta(days=1)).isoformat()
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.post(record, {"bip_on": too_early, "board_on": future})
    assert page.status_code == 200
    assert f"The offer was received on {received:%d.%m.%Y}: it cannot be published before." in html(page)
    assert "This date is in the future." in html(page)
    response = client.post(record, {"bip_on": received.isoformat(), "board_on": ""})
    assert response.status_code == 302
    with scopes_disabled():
        offer.refresh_from_db()
    assert (offer.published_bip_on, offer.published_board_on) == (received, None)
    public = html(client.get(url("small_grant_detail", s, pk=offer.pk)))
    assert f"Published in the Public Information Bulletin (BIP) on {received:%d.%m.%Y}." in public
    assert "notice board on" not in public

    unpublished = make_small_grant(s.municipality, s.organization)
    response = client.post(url("small_grant_publication", s, pk=unpublished.pk),
                           {"bip_on": received.isoformat(), "board_on": ""}, follow=True)
    assert "Publish the offer on the portal first." in html(response)
    with scopes_disabled():
        unpublished.refresh_from_db()
    assert unpublished.published_bip_on is None


def test_officer_declines(client, s):
    offer = make_small_grant(s.municipality, s.organization, published_days_ago=9)
    en(client, s.officer)
    page = client.post(url("small_grant_decline", s, pk=offer.pk), {"note": ""})
    assert page.status_code == 200 and "This field is required." in html(page)
    client.post(url("small_grant_decline", s, pk=offer.pk), {"note": "Zadanie nie ma charakteru lokalnego."})
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).status == OfferStatus.NOT_AWARDED


def test_other_municipality_officer_cannot_manage(client, s):
    offer = make_small_grant(s.municipality, s.organization)
    other = OfficerFactory().user
    en(client, other)
    assert client.get(url("small_grant_admin_list", s)).status_code == 403
    assert client.post(url("small_grant_publish", s, pk=offer.pk)).status_code == 403


def _many(s, n, start):
    for i in range(n):
        make_small_grant(s.municipality, s.organization, published_days_ago=1 + (i % 10),
                         data=small_grant_form_data(title=f"Oferta {start + i}"), number=f"MG/Q/{start + i}")


@pytest.mark.parametrize("name", ["small_grant_list", "small_grant_admin_list"])
def test_lists_query_count_does_not_grow(client, s, name):
    en(client, s.officer)
    _many(s, 1, 0)
    client.get(url(name, s))  # the first visit creates the municipality's grant rules
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(name, s)).status_code == 200
    _many(s, 8, 100)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url(name, s))
    assert html(page).count("Oferta ") >= 9
    assert len(many) == len(one)
