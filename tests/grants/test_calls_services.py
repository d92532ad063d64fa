"""Services of open calls: the 21-day rule at its edges (in Warsaw whole days), the statutory criteria, the
parts of a call, publishing, copying, cancellation and the e-mails they send."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from cooperation.models import AuditEntry, Sphere
from grants.enums import CallStatus, OfferStatus, StatutoryCriterion, TaskForm
from grants.exceptions import TransitionNotAllowed
from grants.models import Call, Criterion, GrantRules, Offer
from grants.selectors.calls import accepting_offers, public_state
from grants.services import calls as services
from tests.factories import OfficerFactory, OrganizationFactory

from .factories import make_call

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")
S = StatutoryCriterion
ALL_STATUTORY = {S.ABILITY, S.COSTS, S.QUALITY, S.OWN_FUNDS, S.IN_KIND, S.PAST_PERFORMANCE}


@pytest.fixture(autouse=True)
def _unscoped_in_english():
    """Services run outside a request here; messages are compared in English."""
    with scopes_disabled(), translation.override("en"):
        yield


@pytest.fixture
def officer():
    return OfficerFactory()


def warsaw(*args) -> datetime:
    return datetime(*args, tzinfo=WARSAW)


def terms(year: int = 2027, **overrides) -> dict:
    values = {
        "number": f"3/{year}", "title": "Aktywni seniorzy", "task_type": "Zajęcia aktywizujące dla seniorów",
        "form": TaskForm.SUPPORT, "total_funds": Decimal("120000.00"), "min_grant": Decimal("2000.00"),
        "max_grant": Decimal("30000.00"), "min_own_financial_percent": Decimal("5.00"),
        "min_own_total_percent": Decimal("10.00"), "admin_costs_cap_percent": Decimal("15.00"),
        "task_start_earliest": date(year, 4, 1), "task_end_latest": date(year, 12, 15),
        "grant_rules_text": "Dotacja pokrywa koszty zajęć.", "task_conditions_text": "Zajęcia w Koszalinie.",
        "selection_text": "Ocena formalna i merytoryczna, komisja konkursowa.",
        "deadline": warsaw(year, 3, 15, 23, 59), "selection_by": date(year, 3, 31),
        "contact_person": "Oskar Pełnomocnik", "contact_email": "ngo@koszalin.example.pl",
    }
    values.update(overrides)
    return values


def draft(officer, year: int = 2027, *, previous=True, **overrides) -> Call:
    return services.create_call(
        municipality=officer.municipality, actor=officer.user, spheres=Sphere.objects.filter(code="16"),
        formal_requirements=["Oferta złożona w terminie", "Oferta podpisana przez osoby upoważnione"],
        required_attachments=[{"name": "Statut", "mandatory": False}],
        previous_tasks=[{"year": year - 1, "name": "Klub seniora", "amount": Decimal("45000.00"),
                         "organization_name": "Stowarzyszenie Aktywni"}] if previous else [],
        **terms(year, **overrides))


def publish(call, officer, last_channel: date, *, now=None, **kwargs) -> Call:
    return services.publish_call(call=call, actor=officer.user, bip_on=last_channel - timedelta(days=2),
                                 board_on=last_channel, website_on=last_channel - timedelta(days=1),
                                 now=now or warsaw(2027, 2, 1, 9, 0), **kwargs)


def statutory_codes(call) -> set[str]:
    return set(call.criteria.exclude(statutory="").values_list("statutory", flat=True))


# --- the 21-day rule ---

def test_deadline_exactly_21_days_after_the_last_announcement_at_2359_is_accepted(officer):
    call = draft(officer, deadline=warsaw(2027, 3, 15, 23, 59))
    published = publish(call, officer, date(2027, 2, 22))
    assert published.status == CallStatus.PUBLISHED
    assert published.published_board_on == date(2027, 2, 22)
    assert published.published_bip_on == date(2027, 2, 20)
    assert published.published_at == warsaw(2027, 2, 1, 9, 0)
    assert timezone.localtime(published.deadline, WARSAW) == warsaw(2027, 3, 15, 23, 59, 59, 999999)


def test_deadline_20_days_after_the_last_announcement_is_refused_next_to_the_deadline(officer):
    call = draft(officer, deadline=warsaw(2027, 3, 14, 23, 59))
    with pytest.raises(ValidationError) as refused:
        publish(call, officer, date(2027, 2, 22))
    assert set(refused.value.message_dict) == {"deadline"}
    assert refused.value.message_dict["deadline"] == [
        "Offers must be accepted for at least 21 days after the last announcement (22 February 2027): set the "
        "deadline on 15 March 2027 or later."]
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT
    assert call.published_board_on is None


def test_the_last_of_the_three_channels_counts_not_the_first(officer):
    call = draft(officer, deadline=warsaw(2027, 3, 15, 0, 0))
    with pytest.raises(ValidationError) as refused:
        services.publish_call(call=call, actor=officer.user, bip_on=date(2027, 2, 1), board_on=date(2027, 2, 1),
                              website_on=date(2027, 2, 23), now=warsaw(2027, 1, 30))
    assert list(refused.value.message_dict) == ["deadline"]
    published = services.publish_call(call=call, actor=officer.user, bip_on=date(2027, 2, 1),
                                      board_on=date(2027, 2, 1), website_on=date(2027, 2, 22),
                                      now=warsaw(2027, 1, 30))
    assert published.status == CallStatus.PUBLISHED


def test_days_are_counted_in_warsaw_not_in_utc(officer):
    # 00:30 on 31 March in Warsaw (summer time) is still 30 March in UTC: 21 Warsaw days, 20 UTC days.
    call = draft(officer, deadline=warsaw(2027, 3, 31, 0, 30), selection_by=date(2027, 4, 30))
    published = publish(call, officer, date(2027, 3, 10), now=warsaw(2027, 3, 1))
    assert published.deadline.astimezone(ZoneInfo("UTC")).date() == date(2027, 3, 30)
    assert published.status == CallStatus.PUBLISHED


def test_the_minimum_follows_the_municipalitys_rules(officer):
    services.update_grant_rules(municipality=officer.municipality, actor=officer.user, min_offer_days=30)
    call = draft(officer, deadline=warsaw(2027, 3, 23, 23, 59))
    with pytest.raises(ValidationError) as refused:
        publish(call, officer, date(2027, 2, 22))
    assert "at least 30 days" in refused.value.message_dict["deadline"][0]
    assert publish(call, officer, date(2027, 2, 21)).status == CallStatus.PUBLISHED


def test_rules_for_creates_the_statutory_defaults_once(officer):
    rules = services.rules_for(officer.municipality)
    assert (rules.min_offer_days, rules.report_days, rules.small_grant_max_amount) == (21, 30, Decimal("10000.00"))
    assert services.rules_for(officer.municipality).pk == rules.pk
    assert GrantRules.objects.count() == 1


def test_recording_a_later_announcement_of_an_announced_call_is_refused(officer):
    call = publish(draft(officer), officer, date(2027, 2, 22))
    with pytest.raises(ValidationError) as refused:
        services.record_publication(call=call, actor=officer.user, bip_on=date(2027, 2, 20),
                                    board_on=date(2027, 2, 25), website_on=date(2027, 2, 21))
    assert list(refused.value.message_dict) == ["deadline"]
    with pytest.raises(ValidationError) as missing:
        services.record_publication(call=call, actor=officer.user, bip_on=None, board_on=date(2027, 2, 22),
                                    website_on=date(2027, 2, 21))
    assert list(missing.value.message_dict) == ["published_bip_on"]
    services.record_publication(call=call, actor=officer.user, bip_on=date(2027, 2, 19), board_on=date(2027, 2, 22),
                                website_on=date(2027, 2, 21))
    call.refresh_from_db()
    assert call.published_bip_on == date(2027, 2, 19)


def test_accepting_offers_until_the_end_of_the_deadline_minute(officer):
    call = publish(draft(officer), officer, date(2027, 2, 22))
    assert accepting_offers(call, warsaw(2027, 3, 15, 23, 59, 59))
    assert not accepting_offers(call, warsaw(2027, 3, 16, 0, 0, 0))
    assert public_state(call, warsaw(2027, 3, 15, 12)) == "open"
    assert public_state(call, warsaw(2027, 3, 16)) == "evaluation"


# --- what must be there to publish ---

def test_publishing_lists_everything_missing_by_field(officer):
    call = draft(officer, previous=False, grant_rules_text="", task_conditions_text="", selection_text="")
    call.spheres.clear()
    call.formal_requirements.all().delete()
    with pytest.raises(ValidationError) as refused:
        publish(call, officer, date(2027, 2, 22))
    assert set(refused.value.message_dict) == {
        "spheres", "grant_rules_text", "task_conditions_text", "selection_text", "formal_requirements",
        "previous_tasks"}
    assert refused.value.message_dict["previous_tasks"] == [
        "List the tasks of this kind carried out in 2026 and 2027 with their costs, or confirm that there were "
        "none (art. 13 ust. 2 pkt 7)."]


def test_no_previous_tasks_must_be_confirmed(officer):
    call = draft(officer, previous=False)
    with pytest.raises(ValidationError) as refused:
        publish(call, officer, date(2027, 2, 22))
    assert list(refused.value.message_dict) == ["previous_tasks"]
    published = publish(call, officer, date(2027, 2, 22), no_previous_tasks=True)
    assert published.status == CallStatus.PUBLISHED
    entry = AuditEntry.objects.get(action="grants.call.published")
    assert entry.data["no_previous_tasks"] is True


def test_previous_tasks_only_of_the_announcement_year_and_the_year_before(officer):
    call = draft(officer)
    services.set_previous_tasks(call=call, actor=officer.user, items=[
        {"year": 2025, "name": "Klub seniora", "amount": Decimal("40000.00"), "organization_name": ""}])
    with pytest.raises(ValidationError) as refused:
        publish(call, officer, date(2027, 2, 22))
    assert refused.value.message_dict["previous_tasks"] == [
        "“Klub seniora” (2025): the announcement lists the tasks of 2026 and 2027 only (art. 13 ust. 2 pkt 7)."]


def test_a_deadline_in_the_past_is_refused(officer):
    call = draft(officer)
    with pytest.raises(ValidationError) as refused:
        publish(call, officer, date(2027, 2, 22), now=warsaw(2027, 3, 16))
    assert "deadline" in refused.value.message_dict


def test_publishing_twice_is_refused(officer):
    call = publish(draft(officer), officer, date(2027, 2, 22))
    with pytest.raises(TransitionNotAllowed):
        publish(call, officer, date(2027, 2, 22))


def test_publishing_e_mails_the_ngo_base_once(officer, mailoutbox, django_capture_on_commit_callbacks):
    from cooperation.enums import OrganizationLinkStatus
    from cooperation.models import OrganizationMunicipality
    from grants.tasks.calls import task_notify_ngo_base_of_call

    for n, wants in enumerate([True, True, False]):
        organization = OrganizationFactory(email=f"ngo{n}@example.pl", wants_email=wants)
        OrganizationMunicipality.objects.create(organization=organization, municipality=officer.municipality,
                                                status=OrganizationLinkStatus.CONFIRMED)
    call = draft(officer)
    with django_capture_on_commit_callbacks(execute=True):
        publish(call, officer, date(2027, 2, 22))
    assert sorted(message.to[0] for message in mailoutbox) == ["ngo0@example.pl", "ngo1@example.pl"]
    assert mailoutbox[0].subject.endswith(": Aktywni seniorzy")
    assert f"/jst/{officer.municipality.slug}/dotacje/konkursy/{call.pk}/" in mailoutbox[0].body
    assert task_notify_ngo_base_of_call(call.pk) == 0
    assert len(mailoutbox) == 2


# --- statutory criteria ---

def test_support_call_has_all_six_statutory_criteria(officer):
    call = draft(officer)
    assert statutory_codes(call) == ALL_STATUTORY
    points = dict(call.criteria.exclude(statutory="").values_list("statutory", "max_points"))
    assert points == {S.ABILITY: 10, S.COSTS: 10, S.QUALITY: 10, S.OWN_FUNDS: 5, S.IN_KIND: 5,
                      S.PAST_PERFORMANCE: 5}


def test_entrusting_call_has_five_without_own_funds(officer):
    call = draft(officer, form=TaskForm.ENTRUSTING, min_own_financial_percent=Decimal("0.00"),
                 min_own_total_percent=Decimal("0.00"))
    assert statutory_codes(call) == ALL_STATUTORY - {S.OWN_FUNDS}


def test_changing_the_form_adds_or_drops_own_funds(officer):
    call = draft(officer)
    services.update_call(call=call, actor=officer.user, form=TaskForm.ENTRUSTING,
                         min_own_financial_percent=Decimal("0.00"))
    assert statutory_codes(call) == ALL_STATUTORY - {S.OWN_FUNDS}
    services.update_call(call=call, actor=officer.user, form=TaskForm.SUPPORT)
    assert statutory_codes(call) == ALL_STATUTORY


def test_statutory_criteria_cannot_be_removed_only_their_points_change(officer):
    call = draft(officer)
    services.set_criteria(call=call, actor=officer.user,
                          statutory={S.ABILITY: {"max_points": 20, "description": "Doświadczenie kadry"}}, own=[])
    assert statutory_codes(call) == ALL_STATUTORY
    ability = call.criteria.get(statutory=S.ABILITY)
    assert (ability.max_points, ability.description) == (20, "Doświadczenie kadry")
    assert ability.name == "Możliwość realizacji zadania publicznego przez organizację"
    Criterion.objects.filter(call=call, statutory=S.COSTS).delete()
    services.update_call(call=call, actor=officer.user, title="Aktywni seniorzy 2027")
    assert statutory_codes(call) == ALL_STATUTORY


def test_own_funds_points_for_an_entrusting_call_are_ignored(officer):
    call = draft(officer, form=TaskForm.ENTRUSTING, min_own_financial_percent=Decimal("0.00"))
    services.set_criteria(call=call, actor=officer.user, statutory={S.OWN_FUNDS: {"max_points": 8}})
    assert statutory_codes(call) == ALL_STATUTORY - {S.OWN_FUNDS}


def test_own_criteria_need_a_programme_priority_and_points(officer):
    call = draft(officer)
    with pytest.raises(ValidationError) as refused:
        services.set_criteria(call=call, actor=officer.user, own=[
            {"name": "Zasięg", "description": "", "max_points": 5, "programme_priority": "Aktywność seniorów"},
            {"name": "Innowacyjność", "description": "", "max_points": 5, "programme_priority": " "},
            {"name": "Partnerstwo", "description": "", "max_points": 0, "programme_priority": "Partnerstwa"},
        ])
    assert set(refused.value.message_dict) == {"criteria.own.1", "criteria.own.2"}
    assert refused.value.message_dict["criteria.own.1"] == [
        "A call's own criterion follows from a priority of the cooperation programme: name the priority."]
    assert not call.criteria.filter(statutory="").exists()  # rolled back
    services.set_criteria(call=call, actor=officer.user, own=[
        {"name": "Zasięg", "description": "Liczba uczestników", "max_points": 5,
         "programme_priority": "Aktywność seniorów"}])
    own = call.criteria.get(statutory="")
    assert (own.name, own.max_points, own.programme_priority, own.order) == (
        "Zasięg", 5, "Aktywność seniorów", 10)


def test_zero_points_for_a_statutory_criterion_is_refused(officer):
    call = draft(officer)
    with pytest.raises(ValidationError) as refused:
        services.set_criteria(call=call, actor=officer.user, statutory={S.QUALITY: {"max_points": 0}})
    assert list(refused.value.message_dict) == [f"criteria.statutory.{S.QUALITY}"]


# --- terms ---

def test_contradictory_terms_are_refused_by_field(officer):
    with pytest.raises(ValidationError) as refused:
        draft(officer, min_grant=Decimal("40000.00"), max_grant=Decimal("30000.00"),
              task_end_latest=date(2027, 3, 1), selection_by=date(2027, 3, 1))
    assert set(refused.value.message_dict) == {"max_grant", "task_end_latest", "selection_by"}
    assert Call.objects.count() == 0


def test_entrusting_cannot_require_own_financial_contribution(officer):
    with pytest.raises(ValidationError) as refused:
        draft(officer, form=TaskForm.ENTRUSTING)
    assert refused.value.message_dict == {"min_own_financial_percent": [
        "Entrusting funds the whole task: the call cannot require an own financial contribution."]}


def test_largest_grant_within_the_funds(officer):
    with pytest.raises(ValidationError) as refused:
        draft(officer, max_grant=Decimal("120000.01"))
    assert list(refused.value.message_dict) == ["max_grant"]


def test_parts_are_saved_in_order(officer):
    call = draft(officer)
    assert list(call.formal_requirements.values_list("order", "text")) == [
        (1, "Oferta złożona w terminie"), (2, "Oferta podpisana przez osoby upoważnione")]
    assert list(call.required_attachments.values_list("name", "mandatory")) == [("Statut", False)]
    assert list(call.previous_tasks.values_list("year", "name", "amount")) == [
        (2026, "Klub seniora", Decimal("45000.00"))]
    assert list(call.spheres.values_list("code", flat=True)) == ["16"]
    assert call.created_by == officer.user
    assert AuditEntry.objects.filter(action="grants.call.created", target_id=str(call.pk)).count() == 1


def test_an_announced_calls_terms_cannot_change_but_its_contact_can(officer):
    call = publish(draft(officer), officer, date(2027, 2, 22))
    with pytest.raises(TransitionNotAllowed):
        services.update_call(call=call, actor=officer.user, total_funds=Decimal("1.00"))
    with pytest.raises(TransitionNotAllowed):
        services.set_formal_requirements(call=call, actor=officer.user, lines=["Nowy wymóg"])
    services.update_call_contact(call=call, actor=officer.user, contact_person="Anna Nowak",
                                 contact_email="anna@koszalin.example.pl")
    call.refresh_from_db()
    assert (call.total_funds, call.contact_person) == (Decimal("120000.00"), "Anna Nowak")


# --- copying ---

def test_copy_is_a_draft_with_every_part_and_no_announcement(officer):
    original = draft(officer)
    services.set_criteria(call=original, actor=officer.user, own=[
        {"name": "Zasięg", "description": "", "max_points": 7, "programme_priority": "Aktywność seniorów"}])
    original = publish(original, officer, date(2027, 2, 22))
    copy = services.copy_call(call=original, actor=officer.user, now=warsaw(2027, 2, 25))
    assert copy.pk != original.pk
    assert (copy.status, copy.copied_from, copy.number, copy.published_at) == (CallStatus.DRAFT, original, "", None)
    assert (copy.published_bip_on, copy.published_board_on, copy.published_website_on) == (None, None, None)
    assert (copy.title, copy.total_funds, copy.deadline, copy.form) == (
        original.title, original.total_funds, original.deadline, original.form)
    assert copy.years_moved == 0

    def parts(call):
        return (
            sorted(call.criteria.values_list("statutory", "name", "max_points", "programme_priority")),
            list(call.formal_requirements.values_list("order", "text")),
            list(call.required_attachments.values_list("name", "mandatory")),
            list(call.previous_tasks.values_list("year", "name", "amount", "organization_name")),
            list(call.spheres.values_list("code", flat=True)),
        )

    assert parts(copy) == parts(original)
    assert original.criteria.count() == 7
    assert AuditEntry.objects.get(action="grants.call.copied").data == {"from": original.pk, "years_moved": 0}


def test_copy_of_last_years_call_moves_its_dates_by_a_year(officer):
    original = make_call(officer.municipality, deadline=warsaw(2026, 3, 15, 23, 59), year=2026,
                         selection_by=date(2026, 3, 31))
    copy = services.copy_call(call=original, actor=officer.user, now=warsaw(2027, 1, 10))
    assert copy.years_moved == 1
    assert timezone.localtime(copy.deadline, WARSAW) == warsaw(2027, 3, 15, 23, 59)
    assert (copy.selection_by, copy.task_start_earliest, copy.task_end_latest) == (
        date(2027, 3, 31), date(2027, 1, 1), date(2027, 12, 31))
    assert statutory_codes(copy) == ALL_STATUTORY


# --- cancellation (art. 18a) ---

def test_cancelling_an_announced_call_publishes_the_notice(officer):
    call = publish(draft(officer), officer, date(2027, 2, 22))
    cancelled = services.cancel_call(call=call, actor=officer.user, notice="  Nie złożono żadnej oferty.  ",
                                     now=warsaw(2027, 3, 20, 10))
    assert (cancelled.status, cancelled.cancellation_notice, cancelled.cancelled_at) == (
        CallStatus.CANCELLED, "Nie złożono żadnej oferty.", warsaw(2027, 3, 20, 10))
    assert public_state(cancelled) == "cancelled"
    assert not accepting_offers(cancelled, warsaw(2027, 3, 1))
    with pytest.raises(TransitionNotAllowed):
        services.cancel_call(call=call, actor=officer.user, notice="Jeszcze raz")


def test_cancelling_needs_a_notice(officer):
    call = publish(draft(officer), officer, date(2027, 2, 22))
    with pytest.raises(ValidationError) as refused:
        services.cancel_call(call=call, actor=officer.user, notice="   ")
    assert list(refused.value.message_dict) == ["notice"]
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


@pytest.mark.parametrize("status", [CallStatus.DRAFT, CallStatus.RESULTS_PUBLISHED])
def test_only_an_announced_call_before_results_can_be_cancelled(officer, status):
    call = make_call(officer.municipality, status=status, created_by=officer.user)
    with pytest.raises(TransitionNotAllowed):
        services.cancel_call(call=call, actor=officer.user, notice="Unieważnienie")
    call.refresh_from_db()
    assert call.status == status


def test_cancellation_e_mails_organizations_with_offers_once(officer, mailoutbox, django_capture_on_commit_callbacks):
    from grants.tasks.calls import task_notify_offerors_of_cancellation

    call = make_call(officer.municipality, created_by=officer.user)
    for n, status in enumerate([OfferStatus.SUBMITTED, OfferStatus.DRAFT]):
        Offer.objects.create(municipality=officer.municipality, call=call, status=status,
                             organization=OrganizationFactory(email=f"oferent{n}@example.pl"))
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_call(call=call, actor=officer.user, notice="Żadna oferta nie spełnia wymogów.")
    assert sorted(m.to[0] for m in mailoutbox) == ["oferent0@example.pl", "oferent1@example.pl"]
    assert "Żadna oferta nie spełnia wymogów." in mailoutbox[0].body
    assert task_notify_offerors_of_cancellation(call.pk) == 0


def test_every_audit_action_has_a_label():
    import re
    from pathlib import Path

    import grants.services.calls as module
    import grants.tasks.calls as tasks

    source = Path(module.__file__).read_text() + Path(tasks.__file__).read_text()
    actions = set(re.findall(r'action="(grants\.[a-z_.]+)"', source))
    actions |= set(re.findall(r'action = "(grants\.[a-z_.]+)"', source))
    assert actions <= set(services.AUDIT_LABELS)
    assert len(actions) == 10
