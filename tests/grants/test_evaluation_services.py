"""Services of the evaluation stage: the formal check, the committee (nominees, declarations, exclusions),
score sheets, exact averages and the ranking, amounts, the decision and the results with their e-mails."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import AuditEntry
from grants.enums import CallStatus, CommitteeRole, ExclusionReason, OfferStatus
from grants.exceptions import LimitExceeded, NotAllowed
from grants.models import Call, CommitteeMember, Criterion, Exclusion, FormalRequirement, Offer, ScoreSheet
from grants.selectors import evaluation as selectors
from grants.services import evaluation as services
from grants.tasks.evaluation import task_notify_offerors
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import make_call
from .offer_factories import evaluation_world, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def w():
    return evaluation_world()


def check_all(offer, actor, met=True):
    results = {r.pk: (met, "" if met else "Brak podpisu") for r in FormalRequirement.objects.filter(call=offer.call)}
    return services.record_formal_check(offer=offer, actor=actor, results=results)


def accept(w, *offers):
    for offer in offers or (w.offer_a, w.offer_b):
        check_all(offer, w.officer)
        services.accept_formally(offer=offer, actor=w.officer)


def sign(member, conflicts=()):
    return services.sign_declaration(member=member, actor=member.user, conflicts=conflicts)


def criteria(call):
    return list(Criterion.objects.filter(call=call))


def score(member, offer, points: list, submit=True, comment=""):
    sheet = services.save_scores(member=member, offer=offer, actor=member.user, comment=comment,
                                 scores={c.pk: (p, f"Uzasadnienie {c.pk}") for c, p in zip(criteria(offer.call), points, strict=True)})
    if submit:
        services.submit_sheet(member=member, offer=offer, actor=member.user)
    return sheet


# --- Formal check -------------------------------------------------------------------------------------------


def test_formal_check_before_the_deadline_is_refused(w):
    with scopes_disabled():
        call = make_call(w.municipality, number="2/2027")
    offer = make_offer(call, w.org_a)
    with pytest.raises(NotAllowed, match="after the deadline"):
        check_all(offer, w.officer)
    assert not offer.formal_results.exists()


def test_accept_needs_every_requirement_met_then_sets_the_status(w):
    check_all(w.offer_a, w.officer, met=False)
    with pytest.raises(NotAllowed):
        services.accept_formally(offer=w.offer_a, actor=w.officer)
    check_all(w.offer_a, w.officer)
    services.accept_formally(offer=w.offer_a, actor=w.officer, note="Kompletna")
    w.offer_a.refresh_from_db()
    assert (w.offer_a.status, w.offer_a.formal_note) == (OfferStatus.FORMALLY_ACCEPTED, "Kompletna")
    assert AuditEntry.objects.filter(action="grants.offer.formally_accepted", target_id=str(w.offer_a.pk)).count() == 1
    with pytest.raises(TransitionNotAllowed):
        services.accept_formally(offer=w.offer_a, actor=w.officer)


def test_unmet_requirement_needs_a_note(w):
    requirement = FormalRequirement.objects.filter(call=w.call).first()
    with pytest.raises(ValidationError) as error:
        services.record_formal_check(offer=w.offer_a, actor=w.officer, results={requirement.pk: (False, " ")})
    assert set(error.value.message_dict) == {f"note_{requirement.pk}"}


def test_reject_formally_needs_a_justification_and_keeps_it(w):
    with pytest.raises(ValidationError):
        services.reject_formally(offer=w.offer_b, actor=w.officer, justification="  ")
    services.reject_formally(offer=w.offer_b, actor=w.officer, justification="Brak statutu")
    w.offer_b.refresh_from_db()
    assert (w.offer_b.status, w.offer_b.formal_note, w.offer_b.decision_note) == (
        OfferStatus.FORMALLY_REJECTED, "Brak statutu", "Brak statutu")


def test_ask_for_correction_calls_the_offers_stage_after_the_deadline(w, monkeypatch):
    from grants.services import offers

    calls = []

    def fake(*, offer, actor, note, due):
        calls.append((offer.pk, actor.pk, note, due))
        return offer

    monkeypatch.setattr(offers, "request_correction", fake, raising=False)
    due = timezone.now() + timedelta(days=7)
    services.ask_for_correction(offer=w.offer_a, actor=w.officer, note="Uzupełnij podpis", due=due)
    assert calls == [(w.offer_a.pk, w.officer.pk, "Uzupełnij podpis", due)]


# --- Committee ----------------------------------------------------------------------------------------------


def test_nominee_of_an_offering_organization_is_refused(w):
    person = UserFactory()
    with pytest.raises(NotAllowed, match="submitted an offer"):
        services.appoint_member(call=w.call, user=person, role=CommitteeRole.NGO_NOMINEE, actor=w.officer,
                                nominated_by=w.org_a)
    assert not CommitteeMember.objects.filter(user=person).exists()


def test_nominee_of_a_co_offeror_of_a_joint_offer_is_refused(w):
    partner = OrganizationFactory(name="Fundacja Partner")
    content = w.offer_a.versions.get().content
    joint = {**content, "offerors": [*content["offerors"], {**content["offerors"][0], "organization_id": partner.pk,
                                                             "name": partner.name}]}
    make_offer(w.call, OrganizationFactory(), content=joint, number="9/2027")
    with pytest.raises(NotAllowed):
        services.appoint_member(call=w.call, user=UserFactory(), role=CommitteeRole.NGO_NOMINEE, actor=w.officer,
                                nominated_by=partner)


def test_nominee_is_disqualified_when_the_nominating_organization_submits_later(w):
    accept(w)
    sign(w.member_nominee)
    assert set(selectors.offers_visible_to_member(w.member_nominee)) == {w.offer_a, w.offer_b}
    score(w.member_nominee, w.offer_b, [10, 10, 10, 5, 5, 5, 5])
    # The nominating organization's offer arrives (a draft does not count; the submitted offer does).
    late = make_offer(w.call, w.org_nominating, status=OfferStatus.DRAFT)
    assert services.disqualified_member_ids(w.call) == set()
    with scopes_disabled():
        Offer.objects.filter(pk=late.pk).update(status=OfferStatus.SUBMITTED, submitted_at=timezone.now(), number="7/2027")
    assert services.disqualified_member_ids(w.call) == {w.member_nominee.pk}
    assert list(selectors.offers_visible_to_member(w.member_nominee)) == []
    with pytest.raises(NotAllowed, match="nominated you"):
        services.save_scores(member=w.member_nominee, offer=w.offer_a, actor=w.nominee, scores={})
    assert selectors.averages(w.call) == {}  # the submitted sheet no longer counts
    assert [m.disqualified for m in selectors.committee(w.call) if m.pk == w.member_nominee.pk] == [True]


def test_appointing_twice_and_nominee_without_organization_are_refused(w):
    with pytest.raises(NotAllowed, match="already on this committee"):
        services.appoint_member(call=w.call, user=w.official, role=CommitteeRole.OFFICIAL, actor=w.officer)
    with pytest.raises(ValidationError):
        services.appoint_member(call=w.call, user=UserFactory(), role=CommitteeRole.NGO_NOMINEE, actor=w.officer)
    member = services.appoint_member(call=w.call, user=UserFactory(), role=CommitteeRole.EXPERT, actor=w.officer,
                                     nominated_by=w.org_b)
    assert (member.role, member.nominated_by, member.votes) == (CommitteeRole.EXPERT, None, False)


def test_member_sees_no_offer_before_signing(w):
    accept(w)
    assert list(selectors.offers_visible_to_member(w.member_official)) == []
    with pytest.raises(NotAllowed, match="declaration"):
        services.save_scores(member=w.member_official, offer=w.offer_a, actor=w.official, scores={})
    sign(w.member_official)
    assert set(selectors.offers_visible_to_member(w.member_official)) == {w.offer_a, w.offer_b}


def test_signing_creates_automatic_and_declared_exclusions(w):
    accept(w)
    sign(w.member_official_in_a)
    sign(w.member_expert, conflicts=[w.offer_b.pk])
    assert set(Exclusion.objects.values_list("member_id", "offer_id", "reason")) == {
        (w.member_official_in_a.pk, w.offer_a.pk, ExclusionReason.MEMBERSHIP),
        (w.member_expert.pk, w.offer_b.pk, ExclusionReason.DECLARED),
    }
    assert list(selectors.offers_visible_to_member(w.member_official_in_a)) == [w.offer_b]
    assert list(selectors.offers_visible_to_member(w.member_expert)) == [w.offer_a]
    with pytest.raises(TransitionNotAllowed):
        sign(w.member_expert)


def test_only_the_member_signs_and_conflicts_must_be_offers_of_the_call(w):
    with pytest.raises(NotAllowed):
        services.sign_declaration(member=w.member_official, actor=w.officer)
    other = make_offer(make_call(w.municipality, number="3/2027"), w.org_b, number="3/1")
    with pytest.raises(ValidationError):
        sign(w.member_official, conflicts=[other.pk])
    w.member_official.refresh_from_db()
    assert w.member_official.declaration_signed_at is None


def test_member_never_scores_an_excluded_offer(w):
    accept(w)
    sign(w.member_official_in_a)
    with pytest.raises(NotAllowed, match="excluded"):
        score(w.member_official_in_a, w.offer_a, [1, 1, 1, 1, 1, 1, 1])
    assert not ScoreSheet.objects.filter(member=w.member_official_in_a).exists()


def test_joining_an_offering_organization_later_excludes_at_once(w):
    accept(w)
    sign(w.member_official)
    MembershipFactory(organization=w.org_b, user=w.official)
    with pytest.raises(NotAllowed, match="excluded"):
        score(w.member_official, w.offer_b, [1, 1, 1, 1, 1, 1, 1])
    assert list(selectors.offers_visible_to_member(w.member_official)) == [w.offer_a]


def test_declaring_a_conflict_later_removes_the_unsubmitted_sheet(w):
    accept(w)
    sign(w.member_official)
    score(w.member_official, w.offer_b, [1, 1, 1, 1, 1, 1, 1], submit=False)
    services.declare_conflict(member=w.member_official, offer=w.offer_b, actor=w.official, note="Kuzyn w zarządzie")
    assert not ScoreSheet.objects.filter(member=w.member_official, offer=w.offer_b).exists()
    assert list(selectors.offers_visible_to_member(w.member_official)) == [w.offer_a]


# --- Score sheets -----------------------------------------------------------------------------------------------


def test_points_are_checked_on_the_server(w):
    accept(w)
    sign(w.member_official)
    first, second, third = criteria(w.call)[:3]
    with pytest.raises(ValidationError) as error:
        services.save_scores(member=w.member_official, offer=w.offer_a, actor=w.official, scores={
            first.pk: ("10.5", ""), second.pk: ("-1", ""), third.pk: ("1.234", "")})
    assert set(error.value.message_dict) == {f"points_{first.pk}", f"points_{second.pk}", f"points_{third.pk}"}
    assert not ScoreSheet.objects.filter(member=w.member_official, offer=w.offer_a, scores__isnull=False).exists()
    sheet = services.save_scores(member=w.member_official, offer=w.offer_a, actor=w.official,
                                 scores={first.pk: ("7,25", "Dobre"), second.pk: ("10", "")})
    assert {s.criterion_id: s.points for s in sheet.scores.all()} == {first.pk: Decimal("7.25"), second.pk: Decimal("10.00")}


def test_points_out_of_range_messages(w):
    with pytest.raises(ValueError, match="from 0 to 10"):
        services.parse_points("10.01", 10)
    with pytest.raises(ValueError, match="two decimal places"):
        services.parse_points("1.001", 10)
    with pytest.raises(ValueError, match="number of points"):
        services.parse_points("dużo", 10)
    assert services.parse_points(" 3,5 ", 5) == Decimal("3.50")


def test_sheet_submits_only_complete_and_then_freezes(w):
    accept(w)
    sign(w.member_official)
    first = criteria(w.call)[0]
    services.save_scores(member=w.member_official, offer=w.offer_a, actor=w.official, scores={first.pk: ("5", "")})
    with pytest.raises(ValidationError) as error:
        services.submit_sheet(member=w.member_official, offer=w.offer_a, actor=w.official)
    assert len(error.value.message_dict) == len(criteria(w.call)) - 1
    score(w.member_official, w.offer_a, [5, 5, 5, 5, 5, 5, 5])
    with pytest.raises(TransitionNotAllowed):
        services.save_scores(member=w.member_official, offer=w.offer_a, actor=w.official, scores={first.pk: ("1", "")})


def test_others_sheets_are_hidden_until_own_is_submitted(w):
    accept(w)
    for member in (w.member_official, w.member_expert):
        sign(member)
    score(w.member_expert, w.offer_a, [1, 2, 3, 4, 5, 1, 2])
    assert selectors.sheets_visible_to_member(w.member_official, w.offer_a) == (None, [])
    score(w.member_official, w.offer_a, [1, 1, 1, 1, 1, 1, 1], submit=False)
    own, others = selectors.sheets_visible_to_member(w.member_official, w.offer_a)
    assert (own.submitted_at, others) == (None, [])
    services.submit_sheet(member=w.member_official, offer=w.offer_a, actor=w.official)
    own, others = selectors.sheets_visible_to_member(w.member_official, w.offer_a)
    assert [sheet.member_id for sheet in others] == [w.member_expert.pk]


# --- Averages and ranking ---------------------------------------------------------------------------------------


def scored_world(w):
    """Three voting sheets on offer A, two on offer B, and an expert on both."""
    accept(w)
    extra = services.appoint_member(call=w.call, user=UserFactory(full_name="Tomasz Trzeci"),
                                    role=CommitteeRole.OFFICIAL, actor=w.officer)
    for member in (w.member_official, w.member_nominee, w.member_expert, extra, w.member_official_in_a):
        sign(member)
    # criteria: ability 10, costs 10, quality 10, own funds 5, in kind 5, past 5, priority 5 = 50
    score(w.member_official, w.offer_a, ["8.5", 9, 7, 4, 5, 3, 5])        # 41.50
    score(w.member_nominee, w.offer_a, [9, "9.25", 8, 5, 4, 4, 4])        # 43.25
    score(extra, w.offer_a, [7, 8, 8, 3, 3, 3, 3])                        # 35.00
    score(w.member_expert, w.offer_a, [0, 0, 0, 0, 0, 0, 0])              # advisory
    score(w.member_official, w.offer_b, [10, 10, 10, 5, 5, 5, 5])         # 50.00
    score(w.member_official_in_a, w.offer_b, [5, 5, 5, 2, 2, 2, "2.01"])  # 23.01
    score(w.member_expert, w.offer_b, [10, 10, 10, 5, 5, 5, 5])           # advisory
    return extra


def test_averages_are_exact_and_experts_do_not_count(w):
    scored_world(w)
    result = selectors.averages(w.call)
    a, b = result[w.offer_a.pk], result[w.offer_b.pk]
    assert (a.sheets, a.points, a.average) == (3, Decimal("119.75"), Decimal("39.92"))  # 39.9166…
    assert (b.sheets, b.points, b.average) == (2, Decimal("73.01"), Decimal("36.51"))   # 36.505 half up
    ability, costs = criteria(w.call)[:2]
    assert a.criteria[ability.pk] == Decimal("8.17")  # (8.5 + 9 + 7) / 3 = 8.1666…
    assert a.criteria[costs.pk] == Decimal("8.75")    # (9 + 9.25 + 8) / 3
    experts = selectors.averages(w.call, voting=False)
    assert (experts[w.offer_a.pk].average, experts[w.offer_b.pk].average) == (Decimal("0.00"), Decimal("50.00"))


def test_ranking_orders_by_exact_average_and_shares_ties(w):
    scored_world(w)
    rows = selectors.ranking(w.call)
    assert [(row.offer, row.rank, row.averages.average) for row in rows] == [
        (w.offer_a, 1, Decimal("39.92")), (w.offer_b, 2, Decimal("36.51"))]
    third = make_offer(w.call, OrganizationFactory(), number="3/2027")
    check_all(third, w.officer)
    services.accept_formally(offer=third, actor=w.officer)
    rows = selectors.ranking(w.call)
    assert [(row.offer, row.rank) for row in rows] == [(w.offer_a, 1), (w.offer_b, 2), (third, None)]


def test_equal_averages_share_a_rank(w):
    accept(w)
    sign(w.member_official)
    score(w.member_official, w.offer_a, [5, 5, 5, 5, 5, 5, 5])
    score(w.member_official, w.offer_b, [10, 5, 5, 5, 5, 5, 0])
    assert [row.rank for row in selectors.ranking(w.call)] == [1, 1]


# --- Amounts, decision, results ---------------------------------------------------------------------------------


def test_proposed_amounts_are_limited_by_request_and_funds(w):
    accept(w)
    with pytest.raises(ValidationError) as error:
        services.propose_amounts(call=w.call, actor=w.officer, amounts={w.offer_a.pk: "12000.01", w.offer_b.pk: "1,5"})
    assert set(error.value.message_dict) == {f"amount_{w.offer_a.pk}"}
    with scopes_disabled():
        Call.objects.filter(pk=w.call.pk).update(total_funds=Decimal("20000.00"))
    w.call.refresh_from_db()
    with pytest.raises(LimitExceeded, match="more than the call"):
        services.propose_amounts(call=w.call, actor=w.officer, amounts={w.offer_a.pk: "12000", w.offer_b.pk: "8000.01"})
    warnings = services.propose_amounts(call=w.call, actor=w.officer, amounts={w.offer_a.pk: "12000", w.offer_b.pk: "500"})
    assert len(warnings) == 2  # below the smallest grant; less than requested
    assert list(Offer.objects.filter(call=w.call).order_by("number").values_list("proposed_amount", flat=True)) == [
        Decimal("12000.00"), Decimal("500.00")]


def test_decision_sets_statuses_amounts_and_justifications(w):
    accept(w)
    with pytest.raises(ValidationError) as error:
        services.record_decision(call=w.call, actor=w.officer, reference="Zarządzenie 1/2027",
                                 decided_on=timezone.localdate(), awards={w.offer_a.pk: "12000.00", w.offer_b.pk: None})
    assert set(error.value.message_dict) == {f"justification_{w.offer_b.pk}"}
    with pytest.raises(ValidationError):
        services.record_decision(call=w.call, actor=w.officer, reference="Z", decided_on=timezone.localdate(),
                                 awards={w.offer_a.pk: "12000.00"})
    services.record_decision(call=w.call, actor=w.officer, reference="Zarządzenie 1/2027",
                             decided_on=timezone.localdate(), awards={w.offer_a.pk: "12000.00", w.offer_b.pk: ""},
                             justifications={w.offer_b.pk: "Za mało punktów"})
    w.offer_a.refresh_from_db()
    w.offer_b.refresh_from_db()
    w.call.refresh_from_db()
    assert (w.offer_a.status, w.offer_a.awarded_amount) == (OfferStatus.AWARDED, Decimal("12000.00"))
    assert (w.offer_b.status, w.offer_b.awarded_amount, w.offer_b.decision_note) == (
        OfferStatus.NOT_AWARDED, None, "Za mało punktów")
    assert (w.call.decision_reference, w.call.decided_on, w.call.status) == (
        "Zarządzenie 1/2027", timezone.localdate(), CallStatus.PUBLISHED)
    with pytest.raises(TransitionNotAllowed):
        services.record_decision(call=w.call, actor=w.officer, reference="X", decided_on=timezone.localdate(), awards={})


def test_decision_waits_for_the_formal_check(w):
    accept(w, w.offer_a)
    with pytest.raises(NotAllowed, match="formal check"):
        services.record_decision(call=w.call, actor=w.officer, reference="Z 1", decided_on=timezone.localdate(),
                                 awards={w.offer_a.pk: "1000"})


def test_publish_results_needs_the_decision_and_emails_each_offeror_once(w, django_capture_on_commit_callbacks):
    accept(w)
    today = timezone.localdate()
    with pytest.raises(NotAllowed):
        services.publish_results(call=w.call, actor=w.officer, bip_on=today, board_on=today, website_on=today)
    services.record_decision(call=w.call, actor=w.officer, reference="Zarządzenie 1/2027", decided_on=today,
                             awards={w.offer_a.pk: "11000.00", w.offer_b.pk: None},
                             justifications={w.offer_a.pk: "Obniżono koszty", w.offer_b.pk: "Za mało punktów"})
    with pytest.raises(ValidationError):
        services.publish_results(call=w.call, actor=w.officer, bip_on=today - timedelta(days=1), board_on=today,
                                 website_on=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(call=w.call, actor=w.officer, bip_on=today, board_on=today, website_on=today)
    w.call.refresh_from_db()
    assert (w.call.status, w.call.results_bip_on) == (CallStatus.RESULTS_PUBLISHED, today)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.org_a.email, w.org_b.email])
    by_address = {m.to[0]: m.body.replace("\xa0", " ") for m in mail.outbox}
    assert "11 000,00" in by_address[w.org_a.email] and "Obniżono koszty" in by_address[w.org_a.email]
    assert "Za mało punktów" in by_address[w.org_b.email] and "000,00" not in by_address[w.org_b.email]
    assert f"/oferty/{w.offer_b.pk}/oceny/" in by_address[w.org_b.email]
    assert task_notify_offerors(w.call.pk) == 0  # idempotent
    assert len(mail.outbox) == 2
