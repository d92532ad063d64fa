"""Pages of the evaluation stage: the officer's formal check, committee, ranking, decision and publishing; the
member's declaration and score sheets; the offeror's own scores; the public results. Leak tests: NGO B never
sees NGO A's scores, a member never reaches an excluded offer, another municipality's officer sees nothing."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import CallStatus, CommitteeRole, OfferStatus
from grants.models import CommitteeMember, Criterion, FormalRequirement, Offer, ScoreSheet
from grants.services import evaluation as services
from tests.factories import OfficerFactory, OrganizationFactory, UserFactory

from .offer_factories import evaluation_world, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return evaluation_world()


def client_for(user):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def url(name, call, **kwargs):
    return reverse(f"grants:{name}", kwargs={"municipality_slug": call.municipality.slug, "pk": call.pk, **kwargs})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode()).replace("\xa0", " ")


def accept(w, *offers):
    with scopes_disabled():
        for offer in offers or (w.offer_a, w.offer_b):
            services.record_formal_check(offer=offer, actor=w.officer, results={
                r.pk: (True, "") for r in FormalRequirement.objects.filter(call=w.call)})
            services.accept_formally(offer=offer, actor=w.officer)


def sign(member, conflicts=()):
    with scopes_disabled():
        services.sign_declaration(member=member, actor=member.user, conflicts=conflicts)


def criteria(call):
    with scopes_disabled():
        return list(Criterion.objects.filter(call=call))


def score_data(call, points, action="submit", comment="Ogólnie dobrze"):
    data = {"action": action, "comment": comment}
    for criterion, value in zip(criteria(call), points, strict=True):
        data[f"points_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = f"Uzasadnienie {criterion.name[:10]}"
    return data


def score(member, offer, points):
    response = client_for(member.user).post(url("score_sheet", offer.call, offer_id=offer.pk),
                                            score_data(offer.call, points))
    assert response.status_code == 302, text(response)


# --- The officer ----------------------------------------------------------------------------------------------


def test_formal_check_page_saves_the_checklist_and_accepts(w):
    client = client_for(w.officer)
    page = url("formal_check", w.call, offer_id=w.offer_a.pk)
    with scopes_disabled():
        requirements = list(FormalRequirement.objects.filter(call=w.call))
    response = client.get(page)
    assert response.status_code == 200
    assert "Oferta złożona w terminie" in text(response) and "Cotygodniowe zajęcia ruchowe" in text(response)
    data = {"action": "check", **{f"met_{r.pk}": "yes" for r in requirements}, f"note_{requirements[1].pk}": ""}
    data[f"met_{requirements[1].pk}"] = "no"
    response = client.post(page, data)
    assert response.status_code == 200  # a requirement not met needs a note: shown next to it
    assert "Say what is missing." in text(response)
    data[f"met_{requirements[1].pk}"] = "yes"
    assert client.post(page, data).status_code == 302
    response = client.post(page, {"action": "accept", "accept-note": "Kompletna"}, follow=True)
    assert "accepted on formal grounds" in text(response)
    with scopes_disabled():
        w.offer_a.refresh_from_db()
    assert w.offer_a.status == OfferStatus.FORMALLY_ACCEPTED


def test_reject_needs_a_justification_and_keeps_the_typed_text(w):
    client = client_for(w.officer)
    page = url("formal_check", w.call, offer_id=w.offer_b.pk)
    response = client.post(page, {"action": "reject", "reject-justification": ""})
    assert response.status_code == 200 and "This field is required." in text(response)
    client.post(page, {"action": "reject", "reject-justification": "Brak statutu"})
    with scopes_disabled():
        w.offer_b.refresh_from_db()
    assert (w.offer_b.status, w.offer_b.formal_note) == (OfferStatus.FORMALLY_REJECTED, "Brak statutu")


def test_officer_list_shows_offers_with_averages_in_constant_queries(w):
    accept(w)
    sign(w.member_official)
    score(w.member_official, w.offer_a, [8, 9, 7, 4, 5, 3, 5])
    client = client_for(w.officer)
    page = url("evaluation_offers", w.call)
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        response = client.get(page)
    body = text(response)
    assert "41.00" in body and "Stowarzyszenie Aktywni Razem" in body and "12,000.00" in body
    for n in range(40):
        make_offer(w.call, OrganizationFactory(), number=f"X{n}/2027")
    with CaptureQueriesContext(connection) as many:
        response = client.get(page)
    assert response.status_code == 200 and text(response).count("/ocena/oferty/") == 42
    assert len(many) == len(few)


def test_offer_list_pages_filters_and_searches_with_the_same_queries_per_page(w):
    accept(w, w.offer_a)
    for n in range(60):
        make_offer(w.call, OrganizationFactory(name=f"Fundacja Numer {n:02d}"), number=f"P{n:02d}/2027")
    client = client_for(w.officer)
    page = url("evaluation_offers", w.call)
    response = client.get(page)
    body = text(response)
    assert "62 offers submitted." in body and "Page 1 of 2" in body
    assert body.count("/ocena/oferty/") == 50 and "formally correct, under evaluation</a>: 1" in body
    with CaptureQueriesContext(connection) as first:
        client.get(page)
    with CaptureQueriesContext(connection) as second:
        response = client.get(page + "?strona=2")
    assert text(response).count("/ocena/oferty/") == 12 and len(second) == len(first)

    response = client.get(page, {"status": OfferStatus.FORMALLY_ACCEPTED})
    body = text(response)
    assert body.count("/ocena/oferty/") == 1 and "1 offer matches." in body and "62 offers submitted." in body
    response = client.get(page, {"q": "numer 07"})
    assert text(response).count("/ocena/oferty/") == 1 and "Fundacja Numer 07" in text(response)
    response = client.get(page, {"q": "nikt taki"})
    assert "No offer matches these filters." in text(response)
    response = client.get(page, {"status": "draft", "strona": "x"})  # a draft is never listed: no filter, page 1
    assert response.status_code == 200 and text(response).count("/ocena/oferty/") == 50


def test_another_municipalitys_officer_sees_nothing(w):
    stranger = client_for(OfficerFactory().user)
    for name, extra in (("evaluation_offers", {}), ("committee", {}), ("ranking", {}), ("decision", {}),
                        ("results_publish", {}), ("formal_check", {"offer_id": w.offer_a.pk})):
        assert stranger.get(url(name, w.call, **extra)).status_code == 403, name
    response = stranger.get(url("evaluation_export", w.call, kind="oceny", file_format="csv"))
    assert response.status_code == 403


def test_committee_page_appoints_by_email_and_refuses_nominees_of_offerors(w):
    client = client_for(w.officer)
    page = url("committee", w.call)
    with scopes_disabled():
        from cooperation.models import OrganizationMunicipality
        OrganizationMunicipality.objects.create(organization=w.org_a, municipality=w.municipality, status="confirmed")
        OrganizationMunicipality.objects.create(organization=w.org_nominating, municipality=w.municipality,
                                                status="confirmed")
    response = client.post(page, {"email": "nikt@example.org", "role": CommitteeRole.OFFICIAL})
    assert "Nobody has an account with this e-mail address" in text(response)
    person = UserFactory(email="Kandydat@Example.org")
    response = client.post(page, {"email": "kandydat@example.org", "role": CommitteeRole.NGO_NOMINEE,
                                  "nominated_by": w.org_a.pk})
    assert response.status_code == 200 and "submitted an offer in this call" in text(response)
    response = client.post(page, {"email": "kandydat@example.org", "role": CommitteeRole.EXPERT})
    assert response.status_code == 302
    with scopes_disabled():
        assert CommitteeMember.objects.get(call=w.call, user=person).role == CommitteeRole.EXPERT


def test_committee_page_flags_a_disqualified_nominee(w):
    make_offer(w.call, w.org_nominating, number="9/2027")
    response = client_for(w.officer).get(url("committee", w.call))
    assert "Excluded from the committee:" in text(response)
    assert text(response).count("row--flagged") == 1


def test_ranking_amounts_decision_and_publication(w, django_capture_on_commit_callbacks):
    accept(w)
    sign(w.member_official)
    score(w.member_official, w.offer_a, [8, 9, 7, 4, 5, 3, 5])
    score(w.member_official, w.offer_b, [5, 5, 5, 2, 2, 2, 2])
    client = client_for(w.officer)
    response = client.get(url("ranking", w.call))
    body = text(response)
    assert body.index("Stowarzyszenie Aktywni Razem") < body.index("Fundacja Bliżej Seniora")
    response = client.post(url("ranking", w.call), {f"amount_{w.offer_a.pk}": "12000.01",
                                                    f"amount_{w.offer_b.pk}": "5000"})
    assert response.status_code == 200 and "12000.01" in text(response) and "At most the amount requested" in text(response)
    client.post(url("ranking", w.call), {f"amount_{w.offer_a.pk}": "12000", f"amount_{w.offer_b.pk}": ""})
    response = client.get(url("decision", w.call))
    assert 'value="12000.00"' in response.content.decode()
    response = client.post(url("decision", w.call), {
        "reference": "Zarządzenie nr 45/2027", "decided_on": timezone.localdate().isoformat(),
        f"amount_{w.offer_a.pk}": "12000.00", f"amount_{w.offer_b.pk}": "",
        f"justification_{w.offer_b.pk}": "Za mało punktów"})
    assert response.status_code == 302
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("results_publish", w.call),
                               {"bip_on": today, "board_on": today, "website_on": today})
    assert response.status_code == 302 and response["Location"] == url("results", w.call)
    assert len(mail.outbox) == 2
    with scopes_disabled():
        w.call.refresh_from_db()
    assert w.call.status == CallStatus.RESULTS_PUBLISHED


# --- The committee member -------------------------------------------------------------------------------------


def test_member_sees_no_offer_before_signing(w):
    accept(w)
    client = client_for(w.official)
    for page in (url("member_call", w.call), url("score_sheet", w.call, offer_id=w.offer_a.pk)):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == url("declaration", w.call)
    response = client.post(url("score_sheet", w.call, offer_id=w.offer_a.pk), score_data(w.call, [1] * 7))
    assert response["Location"] == url("declaration", w.call)
    response = client.get(url("declaration", w.call))
    body = text(response)
    assert "art. 24 of the Code of Administrative Procedure" in body
    assert "Stowarzyszenie Aktywni Razem: Seniorzy w ruchu" in body  # offerors, to declare conflicts
    assert "Cotygodniowe zajęcia" not in body  # never the content
    with scopes_disabled():
        assert not ScoreSheet.objects.exists()
    response = client.post(url("declaration", w.call), {"conflicts": [w.offer_b.pk], "confirm": "on"})
    assert response["Location"] == url("member_call", w.call)
    body = text(client.get(url("member_call", w.call)))
    assert "Seniorzy w ruchu" in body and "Aktywny senior" not in body


def test_declaration_must_be_confirmed(w):
    response = client_for(w.official).post(url("declaration", w.call), {})
    assert response.status_code == 200 and "This field is required." in text(response)
    with scopes_disabled():
        w.member_official.refresh_from_db()
    assert w.member_official.declaration_signed_at is None


def test_member_never_reaches_an_excluded_offer(w):
    accept(w)
    sign(w.member_official_in_a)  # a member of offer A's organization
    client = client_for(w.official_in_a)
    page = url("score_sheet", w.call, offer_id=w.offer_a.pk)
    assert client.get(page).status_code == 403
    assert client.post(page, score_data(w.call, [10, 10, 10, 5, 5, 5, 5])).status_code == 403
    assert "Seniorzy w ruchu" not in text(client.get(url("member_call", w.call)))
    with scopes_disabled():
        assert not ScoreSheet.objects.filter(offer=w.offer_a).exists()


def test_points_are_validated_on_the_server_and_typed_values_kept(w):
    accept(w)
    sign(w.member_official)
    client = client_for(w.official)
    page = url("score_sheet", w.call, offer_id=w.offer_a.pk)
    response = client.post(page, score_data(w.call, ["11", 5, 5, 5, 5, 5, 5], action="save"))
    assert response.status_code == 200
    assert "Enter from 0 to 10 points." in text(response) and 'value="11"' in response.content.decode()
    response = client.post(page, score_data(w.call, ["9,5", 5, 5, 5, 5, 5, ""], action="submit"))
    assert response.status_code == 200 and "Give points for this criterion." in text(response)
    with scopes_disabled():
        sheet = ScoreSheet.objects.get(member=w.member_official, offer=w.offer_a)
        assert sheet.submitted_at is None and sheet.scores.count() == 6


def test_others_scores_are_hidden_until_own_sheet_is_submitted(w):
    accept(w)
    sign(w.member_official)
    sign(w.member_expert)
    score(w.member_expert, w.offer_a, [1, 2, 3, 4, 5, 1, 2])
    client = client_for(w.official)
    page = url("score_sheet", w.call, offer_id=w.offer_a.pk)
    body = text(client.get(page))
    assert "Edward Ekspert" not in body and "after you submit your own sheet" in body
    client.post(page, score_data(w.call, [5] * 7, action="save"))
    assert "Edward Ekspert" not in text(client.get(page))
    client.post(page, score_data(w.call, [5] * 7, action="submit"))
    body = text(client.get(page))
    assert "Edward Ekspert" in body and "expert (advisory vote)" in body


def test_my_committees_lists_seats_in_every_municipality(w):
    other = evaluation_world()
    with scopes_disabled():
        CommitteeMember.objects.create(call=other.call, user=w.official, role=CommitteeRole.EXPERT)
    body = text(client_for(w.official).get(reverse("grants_portal:my_committees")))
    assert body.count("Wspieranie aktywności seniorów") == 2
    assert w.municipality.name in body and other.municipality.name in body


# --- The offeror and the public ---------------------------------------------------------------------------------


def decided_and_published(w):
    accept(w)
    for member in (w.member_official, w.member_nominee, w.member_expert):
        sign(member)
    score(w.member_official, w.offer_a, ["8.5", 9, 7, 4, 5, 3, 5])
    score(w.member_nominee, w.offer_a, [9, "9.25", 8, 5, 4, 4, 4])
    score(w.member_expert, w.offer_a, [0, 0, 0, 0, 0, 0, 0])
    score(w.member_official, w.offer_b, [5, 5, 5, 2, 2, 2, 2])
    today = timezone.localdate()
    with scopes_disabled():
        services.record_decision(call=w.call, actor=w.officer, reference="Zarządzenie nr 45/2027", decided_on=today,
                                 awards={w.offer_a.pk: "11500.00", w.offer_b.pk: None},
                                 justifications={w.offer_a.pk: "Obniżono koszty cateringu",
                                                 w.offer_b.pk: "Za mało punktów"})


def test_offeror_sees_own_scores_anonymised_after_publication(w):
    decided_and_published(w)
    owner_a = client_for(w.owner_a)
    page = reverse("grants:offer_scores", kwargs={"municipality_slug": w.municipality.slug, "pk": w.offer_a.pk})
    assert owner_a.get(page).status_code == 403  # results not published yet
    today = timezone.localdate()
    with scopes_disabled():
        services.publish_results(call=w.call, actor=w.officer, bip_on=today, board_on=today, website_on=today)
    response = owner_a.get(page)
    body = text(response)
    assert response.status_code == 200
    assert list(dict.fromkeys(re.findall(r"Member \d", body))) == ["Member 1", "Member 2", "Member 3"]
    assert "expert, advisory vote" in body and "Obniżono koszty cateringu" in body
    assert "42.38" in body  # (41.50 + 43.25) / 2; the expert's zeros do not count
    for name in ("Olga Urzędniczka", "Nina Kandydatka", "Edward Ekspert", w.official.email):
        assert name not in body
    # NGO B sees its own offer, never A's.
    owner_b = client_for(w.owner_b)
    assert owner_b.get(page).status_code == 403
    other = reverse("grants:offer_scores", kwargs={"municipality_slug": w.municipality.slug, "pk": w.offer_b.pk})
    body = text(owner_b.get(other))
    assert "Za mało punktów" in body and "Obniżono koszty cateringu" not in body and "42.38" not in body


def test_results_page_shows_exactly_the_published_data(w):
    decided_and_published(w)
    page = url("results", w.call)
    assert Client().get(page).status_code == 404  # decided, not published
    rejected = make_offer(w.call, OrganizationFactory(name="Fundacja Spóźniona"), number="3/2027",
                          status=OfferStatus.FORMALLY_REJECTED)
    today = timezone.localdate()
    with scopes_disabled():
        services.publish_results(call=w.call, actor=w.officer, bip_on=today, board_on=today, website_on=today)
    visitor = Client()
    visitor.cookies["django_language"] = "en"
    body = text(visitor.get(page))
    awarded = body[body.index("Offers awarded a grant"):body.index("Offers not awarded a grant")]
    assert re.findall(r"<td>([^<]+)</td>", awarded) == ["Stowarzyszenie Aktywni Razem", "Seniorzy w ruchu"]
    assert re.findall(r'<td class="number">([^<]+)</td>', awarded) == ["12,000.00", "11,500.00", "12,000.00",
                                                                         "11,500.00"]
    rest = body[body.index("Offers not awarded a grant"):]
    assert re.findall(r"<td>([^<]+)</td>", rest)[:6] == [
        "Fundacja Bliżej Seniora", "Aktywny senior", "not awarded",
        "Fundacja Spóźniona", "Seniorzy w ruchu", "rejected on formal grounds"]
    for secret in ("Za mało punktów", "Obniżono koszty", "42.38", "Olga Urzędniczka"):
        assert secret not in body
    assert rejected.pk  # listed above
    listing = text(visitor.get(reverse("grants_portal:results_list")))
    assert "Wspieranie aktywności seniorów" in listing and "11,500.00" in listing


def test_results_list_leaves_out_unpublished_calls(w):
    decided_and_published(w)
    listing = text(Client().get(reverse("grants_portal:results_list")))
    assert "Wspieranie aktywności seniorów" not in listing


def test_amounts_stay_decimal_in_the_ranking(w):
    accept(w)
    sign(w.member_official)
    sign(w.member_nominee)
    score(w.member_official, w.offer_a, ["8.33", "8.33", "8.34", 0, 0, 0, 0])
    score(w.member_nominee, w.offer_a, ["0.01", 0, 0, 0, 0, 0, 0])
    with scopes_disabled():
        from grants.selectors.evaluation import averages
        assert averages(w.call)[w.offer_a.pk].average == Decimal("12.51")  # 25.01 / 2 = 12.505 → 12.51
        assert Offer.objects.get(pk=w.offer_a.pk).requested_grant == Decimal("12000.00")


def test_officer_asks_for_a_correction_through_the_offers_stage(w, django_capture_on_commit_callbacks):
    client = client_for(w.officer)
    page = url("formal_check", w.call, offer_id=w.offer_a.pk)
    response = client.post(page, {"action": "correction", "correction-note": "", "correction-due": ""})
    assert response.status_code == 200 and "This field is required." in text(response)
    due = (timezone.localtime() + timezone.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"action": "correction", "correction-note": "Brak podpisu skarbnika",
                                       "correction-due": due})
    assert response.status_code == 302
    with scopes_disabled():
        w.offer_a.refresh_from_db()
    assert (w.offer_a.status, w.offer_a.correction_note) == (OfferStatus.CORRECTION_REQUESTED, "Brak podpisu skarbnika")


def _query_counts(client, page, grow):
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    grow()
    with CaptureQueriesContext(connection) as many:
        response = client.get(page)
    assert response.status_code == 200
    return len(few), len(many), text(response)


def _more_accepted_offers(w, n=25, prefix="M"):
    def grow():
        for i in range(n):
            offer = make_offer(w.call, OrganizationFactory(), number=f"{prefix}{i}/2027")
            accept(w, offer)
    return grow


def test_ranking_and_member_pages_make_a_fixed_number_of_queries(w):
    accept(w)
    sign(w.member_official)
    score(w.member_official, w.offer_a, [5] * 7)
    few, many, body = _query_counts(client_for(w.officer), url("ranking", w.call), _more_accepted_offers(w))
    assert few == many and body.count('name="amount_') == 27
    few, many, body = _query_counts(client_for(w.official), url("member_call", w.call), _more_accepted_offers(w, 5, "P"))
    assert few == many and body.count("/komisja/konkursy/") >= 32


def test_public_results_pages_make_a_fixed_number_of_queries(w):
    def publish_many():
        for i in range(20):
            make_offer(w.call, OrganizationFactory(), number=f"N{i}/2027", status=OfferStatus.FORMALLY_REJECTED)
    accept(w)
    today = timezone.localdate()
    with scopes_disabled():
        services.record_decision(call=w.call, actor=w.officer, reference="Z 1", decided_on=today,
                                 awards={w.offer_a.pk: "1000.00", w.offer_b.pk: "2000.00"},
                                 justifications={w.offer_a.pk: "x", w.offer_b.pk: "y"})
        services.publish_results(call=w.call, actor=w.officer, bip_on=today, board_on=today, website_on=today)
    few, many, body = _query_counts(Client(), url("results", w.call), publish_many)
    assert few == many and body.count("Fundacja") >= 1

    def more_calls():
        for _ in range(5):
            other = evaluation_world()
            with scopes_disabled():
                type(other.call).objects.filter(pk=other.call.pk).update(status=CallStatus.RESULTS_PUBLISHED,
                                                                          results_published_at=timezone.now())
    few, many, body = _query_counts(Client(), reverse("grants_portal:results_list"), more_calls)
    assert few == many and len(re.findall(r"/konkursy/\d+/wyniki/\"", body)) == 6
