"""Services after the award: the budget update (the grant's share may not rise, compared exactly), the
contract (tranches, years, number, the 5-year limit, the account number), signing, reports (start, save,
submit, return, accept) and settling."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import AuditEntry
from grants.enums import ContractStatus, OfferStatus, ReportKind, ReportStatus, VersionReason
from grants.exceptions import DeadlinePassed, NotAllowed
from grants.models import Contract, Offer, TaskReport, Tranche
from grants.services import awards as services
from tests.factories import OfficerFactory

from .award_factories import (
    award_world,
    budget_content,
    filled_report_content,
    make_awarded_offer,
    make_contract,
    make_report,
    make_small_grant,
)
from .factories import make_call
from .factories import offer_content as valid_content

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def w():
    return award_world()


def tranches_for(contract_or_offer, amount=None):
    return [(date.today().year + 1, Decimal(amount or contract_or_offer.awarded_amount), date(date.today().year + 1, 3, 1))]


# --- Budget update ------------------------------------------------------------------------------------------


def test_budget_update_is_allowed_only_when_the_grant_is_lower_than_requested(w):
    assert services.budget_update_allowed(w.offer_b) is True
    assert services.budget_update_allowed(w.offer_a) is False
    with pytest.raises(TransitionNotAllowed):
        services.update_budget(offer=w.offer_a, actor=w.owner_a, content=budget_content(w.offer_a))


def test_budget_update_makes_a_budget_version_and_keeps_the_grant_requested(w):
    content = budget_content(w.offer_b)  # instructor 90 h: costs 11,850.00, grant 9,000.00 (75.95%)
    version = services.update_budget(offer=w.offer_b, actor=w.owner_b, content=content)
    assert (version.number, version.reason) == (2, VersionReason.BUDGET_UPDATE)
    offer = Offer.objects.get(pk=w.offer_b.pk)
    assert offer.total_cost == Decimal("11850.00")
    assert offer.requested_grant == Decimal("12000.00")
    assert offer.own_non_financial == Decimal("1850.00")
    assert services.needs_budget_update(offer) is False
    assert AuditEntry.objects.filter(action="grants.budget.updated", target_id=str(offer.pk)).count() == 1


def test_budget_share_equal_to_the_offer_is_allowed_exactly(w):
    # Offer: 12,000.00 of 14,850.00. Updated: 9,000.00 of 11,137.50, exactly the same share (80.8080…%).
    content = budget_content(w.offer_b, instructor_quantity="82.875")
    version = services.update_budget(offer=w.offer_b, actor=w.owner_b, content=content)
    assert version.reason == VersionReason.BUDGET_UPDATE


def test_budget_share_a_grosz_above_the_offer_is_refused_though_rounded_percents_are_equal(w):
    # 9,000.00 of 11,137.40 is 80.8087…%: both round to 80.81%, but the share did rise.
    content = budget_content(w.offer_b, instructor_quantity="82.874")
    with pytest.raises(ValidationError) as error:
        services.update_budget(offer=w.offer_b, actor=w.owner_b, content=content)
    assert error.value.message_dict["funding"] == [
        "The grant may make up at most 80.81% of all costs, as in the offer; now it is 80.81%. "
        "Lower the costs less or keep your own contribution."]
    with translation.override("pl"), pytest.raises(ValidationError) as error:
        services.update_budget(offer=w.offer_b, actor=w.owner_b, content=content)
    assert error.value.message_dict["funding"] == [
        "Dotacja może stanowić najwyżej 80,81% całkowitego kosztu zadania, tak jak w ofercie; obecnie stanowi "
        "80,81%. Proszę mniej obniżyć koszty albo utrzymać wkład własny."]
    assert Offer.objects.get(pk=w.offer_b.pk).versions.count() == 1


def test_budget_grant_must_be_the_amount_awarded(w):
    content = budget_content(w.offer_b)
    content["funding"] = {**content["funding"], "grant": "8000.00", "own_non_financial": "2850.00"}
    with pytest.raises(ValidationError) as error:
        services.update_budget(offer=w.offer_b, actor=w.owner_b, content=content)
    assert error.value.message_dict["funding.grant"] == ["The grant must be exactly the amount awarded: 9,000.00 zł."]
    with translation.override("pl"), pytest.raises(ValidationError) as error:
        services.update_budget(offer=w.offer_b, actor=w.owner_b, content=content)
    assert error.value.message_dict["funding.grant"] == ["Dotacja musi być równa kwocie przyznanej: 9\xa0000,00 zł."]


def test_budget_update_still_applies_the_call_rules(w):
    # Own financial contribution 1% is below the call's 5%.
    content = budget_content(w.offer_b, own_financial="118.50")
    with pytest.raises(ValidationError) as error:
        services.update_budget(offer=w.offer_b, actor=w.owner_b, content=content)
    assert "funding.own_financial" in error.value.message_dict


def test_no_budget_update_after_the_contract(w):
    services.update_budget(offer=w.offer_b, actor=w.owner_b, content=budget_content(w.offer_b))
    make_contract(Offer.objects.get(pk=w.offer_b.pk), status=ContractStatus.DRAFT)
    with pytest.raises(TransitionNotAllowed):
        services.update_budget(offer=w.offer_b, actor=w.owner_b, content=budget_content(w.offer_b))


# --- Contract -------------------------------------------------------------------------------------------------


def prepare(w, offer=None, **overrides):
    offer = offer or w.offer_a
    year = offer.task_start.year
    arguments = {"number": "DS.524.1.2027", "bank_account": "61 1090 1014 0000 0712 1981 2874",
                 "tranches": [(year, offer.awarded_amount, date(year, 2, 15))], "cost_shift_percent": Decimal("10")}
    arguments.update(overrides)
    return services.prepare_contract(offer=offer, actor=w.officer, **arguments)


def test_prepare_contract_from_the_latest_version(w):
    contract = prepare(w)
    assert contract.status == ContractStatus.DRAFT
    assert contract.grant_amount == Decimal("12000.00")
    assert (contract.task_start, contract.task_end) == (w.offer_a.task_start, w.offer_a.task_end)
    assert contract.bank_account == "PL61109010140000071219812874"
    assert list(contract.tranches.values_list("year", "amount")) == [(w.offer_a.task_start.year, Decimal("12000.00"))]
    assert contract.version.number == 1


def test_prepare_contract_needs_the_updated_budget_when_the_grant_is_lower(w):
    with pytest.raises(NotAllowed):
        prepare(w, offer=w.offer_b, tranches=[(w.offer_b.task_start.year, Decimal("9000"), date(w.offer_b.task_start.year, 3, 1))])
    services.update_budget(offer=w.offer_b, actor=w.owner_b, content=budget_content(w.offer_b))
    offer = Offer.objects.get(pk=w.offer_b.pk)
    contract = prepare(w, offer=offer, tranches=[(offer.task_start.year, Decimal("9000"), date(offer.task_start.year, 3, 1))])
    assert (contract.version.number, contract.version.reason) == (2, VersionReason.BUDGET_UPDATE)


def test_tranches_must_add_up_to_the_grant_exactly(w):
    year = w.offer_a.task_start.year
    with pytest.raises(ValidationError) as error:
        prepare(w, tranches=[(year, Decimal("6000.00"), date(year, 2, 1)), (year, Decimal("5999.99"), date(year, 6, 1))])
    assert error.value.message_dict["tranches"] == ["The tranches add up to 11,999.99 zł; the grant is 12,000.00 zł."]
    contract = prepare(w, tranches=[(year, Decimal("6000.00"), date(year, 2, 1)), (year, Decimal("6000.00"), date(year, 6, 1))])
    assert contract.tranches.count() == 2


def test_a_tranche_is_paid_within_its_year(w):
    year = w.offer_a.task_start.year
    with pytest.raises(ValidationError) as error:
        prepare(w, tranches=[(year, Decimal("12000.00"), date(year - 1, 12, 20))])
    assert error.value.message_dict["tranches"] == [f"The tranche for {year} must be paid in {year}."]


def multi_year_offer(w, *, start="2027-03-01", end="2028-06-30", number="7/1"):
    call = make_call(w.municipality, task_start_earliest=date(2027, 1, 1), task_end_latest=date(2032, 12, 31),
                     number="7/2027")
    content = valid_content(year=2027, start=start, end=end)
    split = {"c1": {"2027": "8000.00", "2028": "4000.00"}, "c2": {"2027": "1500.00"},
             "c3": {"2027": "900.00", "2028": "450.00"}}
    content["costs"] = [{**line, "years": split[line["id"]]} for line in content["costs"]]
    return make_awarded_offer(call, w.org_a, content=content, number=number)


def test_multi_year_contract_needs_a_tranche_for_every_budget_year_and_no_other(w):
    offer = multi_year_offer(w)
    with pytest.raises(ValidationError) as error:
        prepare(w, offer=offer, tranches=[(2027, Decimal("12000.00"), date(2027, 3, 1))])
    assert error.value.message_dict["tranches"] == [
        "The task runs in 2027, 2028: give the tranches for exactly these budget years (now: 2027)."]
    with pytest.raises(ValidationError):
        prepare(w, offer=offer, tranches=[(2027, Decimal("6000.00"), date(2027, 3, 1)),
                                          (2028, Decimal("3000.00"), date(2028, 1, 31)),
                                          (2029, Decimal("3000.00"), date(2029, 1, 31))])
    contract = prepare(w, offer=offer, tranches=[(2027, Decimal("8000.00"), date(2027, 3, 1)),
                                                 (2028, Decimal("4000.00"), date(2028, 1, 31))])
    assert sorted(contract.tranches.values_list("year", "amount")) == [(2027, Decimal("8000.00")),
                                                                       (2028, Decimal("4000.00"))]


@override_settings(GRANTS_MAX_CONTRACT_YEARS=1)
def test_contract_longer_than_the_limit_is_refused(w):
    offer = multi_year_offer(w)
    with pytest.raises(ValidationError) as error:
        prepare(w, offer=offer, tranches=[(2027, Decimal("8000.00"), date(2027, 3, 1)),
                                          (2028, Decimal("4000.00"), date(2028, 1, 31))])
    assert error.value.message_dict["__all__"] == [
        "A contract may run for at most 1 years; this task runs from 01.03.2027 to 30.06.2028."]


def test_five_years_is_the_default_limit(w):
    assert services.max_contract_years() == 5
    tranches = [(y, Decimal("2000.00"), date(y, 3, 1)) for y in range(2027, 2033)]
    longer = multi_year_offer(w, start="2027-03-01", end="2032-03-01")
    with pytest.raises(ValidationError) as error:
        prepare(w, offer=longer, tranches=tranches)
    assert "__all__" in error.value.message_dict
    five_years = multi_year_offer(w, start="2027-03-01", end="2032-02-29", number="7/2")
    assert prepare(w, offer=five_years, number="DS.5Y", tranches=tranches).tranches.count() == 6


def test_contract_number_is_unique_in_the_municipality(w):
    prepare(w, number="DS.524.1.2027")
    services.update_budget(offer=w.offer_b, actor=w.owner_b, content=budget_content(w.offer_b))
    offer_b = Offer.objects.get(pk=w.offer_b.pk)
    year = offer_b.task_start.year
    with pytest.raises(ValidationError) as error:
        prepare(w, offer=offer_b, number=" DS.524.1.2027 ", tranches=[(year, Decimal("9000"), date(year, 3, 1))])
    assert error.value.message_dict["number"] == ["Another contract of this municipality has this number."]
    # Another municipality may use the same number.
    other = award_world()
    prepare(other, number="DS.524.1.2027")
    assert Contract.objects.filter(number="DS.524.1.2027").count() == 2


def test_preparing_again_replaces_the_terms_while_a_draft(w):
    prepare(w)
    year = w.offer_a.task_start.year
    contract = prepare(w, number="DS.524.9.2027", tranches=[(year, Decimal("7000"), date(year, 2, 1)),
                                                            (year, Decimal("5000"), date(year, 7, 1))])
    assert Contract.objects.filter(offer=w.offer_a).count() == 1
    assert contract.number == "DS.524.9.2027"
    assert Tranche.objects.filter(contract=contract).count() == 2


def test_bank_account_check_digits(w):
    with pytest.raises(ValidationError) as error:
        prepare(w, bank_account="61 1090 1014 0000 0712 1981 2875")
    assert error.value.message_dict["bank_account"] == ["This account number has a wrong check sum: check the digits."]
    with pytest.raises(ValidationError):
        prepare(w, bank_account="1234")
    assert services.format_bank_account("PL61109010140000071219812874") == "PL61 1090 1014 0000 0712 1981 2874"


def test_no_contract_for_an_offer_without_a_grant(w):
    call_offer = make_awarded_offer(w.call, w.org_b, number="9/2027")
    with scopes_disabled():
        Offer.objects.filter(pk=call_offer.pk).update(status=OfferStatus.NOT_AWARDED)
    with pytest.raises(TransitionNotAllowed):
        prepare(w, offer=Offer.objects.get(pk=call_offer.pk))


# --- Small grant contracts: not before the comments end -------------------------------------------------------


def test_small_grant_contract_is_refused_before_the_comment_window_ends(w):
    offer = make_small_grant(w.municipality, w.org_a, published_days_ago=3, awarded="8000.00")
    year = offer.task_start.year
    with pytest.raises(DeadlinePassed) as error:
        prepare(w, offer=offer, tranches=[(year, Decimal("8000"), offer.task_start)])
    assert "until" in str(error.value.message)
    assert not Contract.objects.filter(offer=offer).exists()


def test_small_grant_contract_after_the_comment_window(w):
    offer = make_small_grant(w.municipality, w.org_a, published_days_ago=9, awarded="8000.00")
    year = offer.task_start.year
    contract = prepare(w, offer=offer, number="MG.1.2027", tranches=[(year, Decimal("8000"), offer.task_start)])
    assert contract.grant_amount == Decimal("8000.00")


def test_small_grant_not_published_has_no_contract(w):
    offer = make_small_grant(w.municipality, w.org_a, awarded="8000.00")
    with pytest.raises(NotAllowed):
        prepare(w, offer=offer, tranches=[(offer.task_start.year, Decimal("8000"), offer.task_start)])


# --- Signing and settling ---------------------------------------------------------------------------------------


def test_sign_records_the_date_and_renders_the_pdf_again(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contract = prepare(w)
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.pdf_status == "ready" and "projekt" in contract.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_contract(contract=contract, actor=w.officer, signed_on=timezone.localdate())
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.SIGNED and contract.signed_on == timezone.localdate()
    assert contract.pdf_status == "ready" and "podpisana" in contract.pdf.name
    with pytest.raises(TransitionNotAllowed):
        services.sign_contract(contract=contract, actor=w.officer, signed_on=timezone.localdate())


def test_sign_in_the_future_is_refused(w):
    contract = prepare(w)
    with pytest.raises(ValidationError):
        services.sign_contract(contract=contract, actor=w.officer, signed_on=timezone.localdate() + timedelta(days=1))


def test_settle_only_after_the_final_report_is_accepted(w):
    contract = make_contract(w.offer_a)
    with pytest.raises(NotAllowed):
        services.settle_contract(contract=contract, actor=w.officer)
    make_report(contract, kind=ReportKind.PARTIAL, status=ReportStatus.ACCEPTED,
                period_end=contract.task_start + timedelta(days=30))
    with pytest.raises(NotAllowed):
        services.settle_contract(contract=contract, actor=w.officer)
    make_report(contract, status=ReportStatus.ACCEPTED)
    settled = services.settle_contract(contract=contract, actor=w.officer)
    assert settled.status == ContractStatus.SETTLED and settled.settled_on == timezone.localdate()
    with pytest.raises(TransitionNotAllowed):
        services.settle_contract(contract=contract, actor=w.officer)


# --- Reports --------------------------------------------------------------------------------------------------


def test_start_final_report_is_prefilled_from_the_offer(w):
    contract = make_contract(w.offer_a)
    report = services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.FINAL)
    year = str(contract.task_start.year)
    assert (report.period_start, report.period_end) == (contract.task_start, contract.task_end)
    assert report.content["years"] == [year]
    assert [(r["name"], r["target"], r["achieved"]) for r in report.content["results"]] == [
        ("Liczba uczestników", "40", "")]
    assert [(c["name"], c["planned"], c["planned_years"], c["incurred"]) for c in report.content["costs"]] == [
        ("Wynagrodzenie instruktora", "12000.00", {year: "12000.00"}, {year: ""}),
        ("Produkty na warsztaty", "1500.00", {year: "1500.00"}, {year: ""}),
        ("Obsługa księgowa", "1350.00", {year: "1350.00"}, {year: ""}),
    ]
    assert report.content["funding_planned"] == {"grant": "12000.00", "own_financial": "1000.00",
                                                 "own_non_financial": "1850.00", "beneficiary_fees": "0.00"}
    assert services.report_due(report) == contract.task_end + timedelta(days=30)
    with pytest.raises(TransitionNotAllowed):
        services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.FINAL)


def test_reports_only_for_a_signed_contract(w):
    contract = make_contract(w.offer_a, status=ContractStatus.DRAFT)
    with pytest.raises(TransitionNotAllowed):
        services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.FINAL)


def test_partial_report_period_within_the_task(w):
    contract = make_contract(w.offer_a)
    with pytest.raises(ValidationError):
        services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.PARTIAL,
                              period=(contract.task_start - timedelta(days=1), contract.task_end))
    report = services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.PARTIAL,
                                   period=(contract.task_start, contract.task_start + timedelta(days=60)))
    assert report.kind == ReportKind.PARTIAL


def test_partial_report_request_needs_30_days_notice(w, django_capture_on_commit_callbacks):
    contract = make_contract(w.offer_a)
    period = {"period_start": contract.task_start, "period_end": contract.task_start + timedelta(days=60)}
    with pytest.raises(ValidationError) as error:
        services.request_partial_report(contract=contract, actor=w.officer,
                                        due_on=timezone.localdate() + timedelta(days=29), **period)
    assert "due_on" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_partial_report(contract=contract, actor=w.officer,
                                                 due_on=timezone.localdate() + timedelta(days=30), **period)
    assert report.due_on == timezone.localdate() + timedelta(days=30)
    assert services.report_due(report) == report.due_on
    # E-mails to the organization are sent in the portal's language.
    assert {m.subject for m in mail.outbox} == {
        f"Wezwanie do złożenia sprawozdania częściowego: umowa nr {contract.number}"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.owner_a.email, w.org_a.email])


def entries_from(content):
    return {
        "results": {str(i): {"achieved": r["achieved"], "comment": r["comment"]} for i, r in enumerate(content["results"])},
        "activities": {str(i): {"done": a["done"]} for i, a in enumerate(content["activities"])},
        "costs": {str(i): dict(c["incurred"]) for i, c in enumerate(content["costs"])},
        "funding_incurred": dict(content["funding_incurred"]), "other_revenue": dict(content["other_revenue"]),
        "summary": content["summary"], "additional_information": content["additional_information"],
        "statements": dict(content["statements"]),
    }


def test_save_report_keeps_the_planned_side_and_reads_polish_amounts(w):
    contract = make_contract(w.offer_a)
    report = services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.FINAL)
    year = str(contract.task_start.year)
    entries = entries_from(filled_report_content(contract))
    entries["costs"]["0"] = {year: "11 950,5"}
    services.save_report(report=report, actor=w.owner_a, entries={**entries, "funding_planned": {"grant": "1"}})
    report = TaskReport.objects.get(pk=report.pk)
    assert report.content["costs"][0]["incurred"] == {year: "11950.50"}
    assert report.content["costs"][0]["planned"] == "12000.00"
    assert report.content["funding_planned"]["grant"] == "12000.00"


def test_save_report_refuses_unreadable_amounts(w):
    contract = make_contract(w.offer_a)
    report = services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.FINAL)
    year = str(contract.task_start.year)
    with pytest.raises(ValidationError) as error:
        services.save_report(report=report, actor=w.owner_a, entries={"costs": {"1": {year: "dużo"}}})
    assert list(error.value.message_dict) == [f"costs.1.incurred.{year}"]


def test_submit_refuses_an_incomplete_report_and_sources_that_do_not_add_up(w):
    contract = make_contract(w.offer_a)
    report = services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.FINAL)
    with pytest.raises(ValidationError) as error:
        services.submit_report(report=report, actor=w.owner_a)
    assert {"summary", "results.0.achieved", "activities.0.done", "statements.information_true"} <= set(
        error.value.message_dict)
    entries = entries_from(filled_report_content(contract))
    entries["funding_incurred"]["own_financial"] = "999.99"
    services.save_report(report=report, actor=w.owner_a, entries=entries)
    with pytest.raises(ValidationError) as error:
        services.submit_report(report=report, actor=w.owner_a)
    assert error.value.message_dict["funding_incurred"] == [
        "The sources of funding add up to 14,849.99 zł, but the costs incurred to 14,850.00 zł."]


def test_grant_spent_cannot_exceed_the_grant(w):
    contract = make_contract(w.offer_a)
    report = services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.FINAL)
    with pytest.raises(ValidationError) as error:
        services.save_report(report=report, actor=w.owner_a, entries={"funding_incurred": {"grant": "12000.01"}})
    assert list(error.value.message_dict) == ["funding_incurred.grant"]


def test_report_flow_return_edit_resubmit_accept_settle(w, django_capture_on_commit_callbacks):
    contract = make_contract(w.offer_a)
    OfficerFactory(municipality=w.municipality)  # a second officer: both get the e-mail
    report = services.start_report(contract=contract, actor=w.owner_a, kind=ReportKind.FINAL)
    services.save_report(report=report, actor=w.owner_a, entries=entries_from(filled_report_content(contract)))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report=report, actor=w.owner_a)
    report = TaskReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None
    assert report.pdf_status == "ready"
    assert len(mail.outbox) == 2 and mail.outbox[0].subject == f"Sprawozdanie do sprawdzenia: umowa nr {contract.number}"
    with pytest.raises(TransitionNotAllowed):
        services.save_report(report=report, actor=w.owner_a, entries={"summary": "Zmiana po złożeniu"})
    with pytest.raises(ValidationError):
        services.return_report(report=report, actor=w.officer, note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(report=report, actor=w.officer, note="Proszę uzupełnić opis działań.")
    report = TaskReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.RETURNED and report.officer_note == "Proszę uzupełnić opis działań."
    returned = mail.outbox[2:]
    assert {m.subject for m in returned} == {f"Sprawozdanie zwrócone do poprawy: umowa nr {contract.number}"}
    assert sorted(m.to[0] for m in returned) == sorted([w.owner_a.email, w.org_a.email])
    services.save_report(report=report, actor=w.owner_a, entries={"summary": "Opis uzupełniony."})
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report=report, actor=w.owner_a)
    with pytest.raises(TransitionNotAllowed):
        services.submit_report(report=report, actor=w.owner_a)
    services.accept_report(report=report, actor=w.officer)
    report = TaskReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.ACCEPTED and report.content["summary"] == "Opis uzupełniony."
    with pytest.raises(TransitionNotAllowed):
        services.return_report(report=report, actor=w.officer, note="Za późno")
    settled = services.settle_contract(contract=contract, actor=w.officer)
    assert settled.status == ContractStatus.SETTLED
    actions = list(AuditEntry.objects.filter(action__startswith="grants.report.").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["grants.report.started", "grants.report.saved", "grants.report.submitted",
                       "grants.report.returned", "grants.report.saved", "grants.report.submitted",
                       "grants.report.accepted"]


def test_report_totals_and_warnings(w):
    contract = make_contract(w.offer_a, cost_shift_percent=Decimal("10"))
    report = make_report(contract, status=ReportStatus.SUBMITTED)
    year = str(contract.task_start.year)
    content = report.content
    # Instructor: 12,000 planned; 13,200.00 is exactly +10% (allowed), 13,200.01 is above.
    content["costs"][0]["incurred"] = {year: "13200.00"}
    assert services.over_shift_lines(content, Decimal("10")) == []
    content["costs"][0]["incurred"] = {year: "13200.01"}
    assert services.over_shift_lines(content, Decimal("10")) == [0]
    report.content = filled_report_content(contract, spent_ratio=Decimal("0.9"))
    sums = services.report_totals(report.content)
    assert sums.incurred_total == Decimal("13365.00")
    assert sums.funding_incurred_total == Decimal("13365.00")
    assert services.unused_grant(report) == Decimal("1200.00")
    assert services.report_warnings(report) == [
        "1,200.00 zł of the grant was not used: it is returned within 15 days of the end of the task."]


def test_budget_form_of_award_flow_audit_labels_exist():
    from cooperation.audit import ACTION_LABELS

    for action in services.AUDIT_LABELS:
        assert action in ACTION_LABELS
