"""After the award: the budget updated after a lower grant, the contract (framework template, zał. 3 of
Dz.U. 2018 poz. 2057) with its tranches, partial and final reports (zał. 5) and settling the contract.

Every write follows guard → mutate → full_clean → save → audit → on_commit. Money is Decimal end to end;
percentages are compared exactly by cross-multiplying, never by rounded percents.

The report document (`TaskReport.content`) is prefilled from the contract's offer version and read by the
report editor, the PDF and the public list:

    years                the budget years the report covers (strings), a subset of the task's years
    results              [{name, target, monitoring, achieved, comment}]      (offer III.6 against what was reached)
    activities           [{id, year, name, planned, period, done}]            (offer III.4; `done` is written now)
    costs                [{id, category, activity_id, name, unit, planned, planned_years: {year: amount},
                           incurred: {year: amount}}]                         (II.1: planned by the contract vs incurred)
    funding_planned      {grant, own_financial, own_non_financial, beneficiary_fees}  (from the contract)
    funding_incurred     the same keys: what was actually spent from each source (II.2)
    other_revenue        {interest, other, description}                       (II.3: bank interest, other revenue)
    summary              Part I.1: how far the task's goals were reached
    additional_information  Part III
    statements           {legal_status_unchanged, information_true, procurement_respected, amounts_incurred,
                          personal_data}: booleans
Amounts are strings of Decimals with two places, as in the offer document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.documents import enqueue_render
from cooperation.enums import RenderStatus
from cooperation.services import record_audit

from .. import offer_content
from ..enums import (
    ContractStatus,
    OfferKind,
    OfferStatus,
    ReportKind,
    ReportStatus,
    TaskForm,
    VersionReason,
)
from ..exceptions import DeadlinePassed, NotAllowed, TransitionNotAllowed
from ..models import Contract, GrantRules, Offer, OfferVersion, TaskReport, Tranche
from ..offer_content import FUNDING_KEYS, ZERO, Limits, amount, percent_of
from .status import set_contract_status, set_report_status

AUDIT_LABELS: dict = {
    "grants.budget.updated": gettext_lazy("budget updated after a lower grant"),
    "grants.contract.prepared": gettext_lazy("contract prepared"),
    "grants.contract.signed": gettext_lazy("contract signed"),
    "grants.contract.settled": gettext_lazy("contract settled"),
    "grants.contract_pdf.retried": gettext_lazy("contract PDF prepared again"),
    "grants.report.started": gettext_lazy("report started"),
    "grants.report.requested": gettext_lazy("partial report requested"),
    "grants.report.saved": gettext_lazy("report saved"),
    "grants.report.submitted": gettext_lazy("report submitted"),
    "grants.report.accepted": gettext_lazy("report accepted"),
    "grants.report.returned": gettext_lazy("report returned for correction"),
    "grants.report_pdf.retried": gettext_lazy("report PDF prepared again"),
}

# Art. 16 ust. 4 of the act (legal.md 1.7, unverified): a contract runs for the task or for at most 5 years.
DEFAULT_MAX_CONTRACT_YEARS = 5
# Art. 18: the organ may ask for a partial report with at least 30 days' notice.
PARTIAL_REPORT_NOTICE_DAYS = 30
# Unused grant is returned within 15 days of the end of the task (public finance act).
RETURN_DAYS = 15
STATEMENT_KEYS = (
    "legal_status_unchanged", "information_true", "procurement_respected", "amounts_incurred", "personal_data",
)
EDITABLE_REPORT = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def max_contract_years() -> int:
    return int(getattr(settings, "GRANTS_MAX_CONTRACT_YEARS", DEFAULT_MAX_CONTRACT_YEARS))


def grant_rules(municipality) -> GrantRules:
    rules, _created = GrantRules.objects.get_or_create(municipality=municipality)
    return rules


def local_today() -> date:
    return timezone.localdate()


def _money(value: Decimal) -> str:
    from django.utils.formats import number_format

    return number_format(value, 2, force_grouping=True)


def _problems_error(problems: list[tuple[str, str]]) -> ValidationError:
    grouped: dict[str, list[str]] = {}
    for path, message in problems:
        grouped.setdefault(path or "__all__", []).append(message)
    return ValidationError(grouped)


def _rerender(document) -> None:
    """Drop the document's PDF and render it again (after the commit)."""
    if document.pdf:
        document.pdf.delete(save=False)
    document.pdf = ""
    document.pdf_status = RenderStatus.PENDING
    document.pdf_error = ""
    document.pdf_rendered_at = None
    document.save(update_fields=["pdf", "pdf_status", "pdf_error", "pdf_rendered_at"])
    enqueue_render(document)


# --- Versions and limits -----------------------------------------------------------------------------------


def _versions(offer: Offer) -> list[OfferVersion]:
    """The offer's versions, newest first (one query, or none when prefetched)."""
    return sorted(offer.versions.all(), key=lambda version: version.number, reverse=True)


def latest_version(offer: Offer) -> OfferVersion | None:
    versions = _versions(offer)
    return versions[0] if versions else None


def evaluated_version(offer: Offer) -> OfferVersion | None:
    """The version the grant was decided on: the latest one that is not a budget update."""
    return next((v for v in _versions(offer) if v.reason != VersionReason.BUDGET_UPDATE), None)


def task_form(offer: Offer, content: dict | None = None) -> str:
    """Support (co-funding) or entrusting (full funding): the call's form, or for a small grant the one the
    offer asked for (`content["form"]`)."""
    if offer.call_id:
        return offer.call.form
    form = (content or {}).get("form")
    return form if form in TaskForm.values else TaskForm.SUPPORT


def limits_for(offer: Offer, content: dict | None = None) -> Limits:
    """What the call (or the small grant rules) allows this offer."""
    if offer.call_id:
        return Limits.for_call(offer.call)
    rules = grant_rules(offer.municipality)
    return Limits(form=task_form(offer, content), max_grant=rules.small_grant_max_amount,
                  max_days=rules.small_grant_max_days)


def requested_grant(offer: Offer) -> Decimal:
    version = evaluated_version(offer)
    if version is None:
        return offer.requested_grant
    return offer_content.totals(version.content).funding["grant"]


def needs_budget_update(offer: Offer) -> bool:
    """An awarded offer whose grant is lower than requested and whose latest version still asks for more."""
    if offer.status != OfferStatus.AWARDED or offer.awarded_amount is None:
        return False
    if offer.awarded_amount >= requested_grant(offer):
        return False
    version = latest_version(offer)
    return version is None or offer_content.totals(version.content).funding["grant"] != offer.awarded_amount


def budget_update_allowed(offer: Offer, *, has_contract: bool | None = None) -> bool:
    """The organization may send (or send again) the updated budget: awarded lower than requested and no
    contract yet (`has_contract` when the caller already knows)."""
    if offer.status != OfferStatus.AWARDED or offer.awarded_amount is None:
        return False
    if has_contract is None:
        has_contract = Contract.objects.filter(offer=offer).exists()
    if has_contract:
        return False
    return offer.awarded_amount < requested_grant(offer)


def share_rule_problem(base: dict, updated: dict) -> str | None:
    """The grant's share of all costs may not rise: new_grant / new_total <= old_grant / old_total, compared
    exactly as new_grant × old_total <= old_grant × new_total."""
    old, new = offer_content.totals(base), offer_content.totals(updated)
    old_grant, new_grant = old.funding["grant"], new.funding["grant"]
    if not new.total:
        return None
    if new_grant * old.total > old_grant * new.total:
        return _("The grant may make up at most %(old)s%% of all costs, as in the offer; now it is %(new)s%%. "
                 "Lower the costs less or keep your own contribution.") % {
            "old": _money(percent_of(old_grant, old.total)), "new": _money(percent_of(new_grant, new.total))}
    return None


def check_budget(offer: Offer, content: dict) -> list[tuple[str, str]]:
    """Every problem of an updated budget: the offer's own rules with the awarded amount as the grant, and
    the grant's share of costs not higher than in the evaluated offer."""
    base = evaluated_version(offer)
    limits = limits_for(offer, content)
    limits = Limits(**{**limits.__dict__, "min_grant": None, "max_grant": offer.awarded_amount})
    problems = offer_content.check(content, limits)
    grant = offer_content.totals(content).funding["grant"]
    if grant != offer.awarded_amount:
        problems.append(("funding.grant", _("The grant must be exactly the amount awarded: %(amount)s zł.")
                         % {"amount": _money(offer.awarded_amount)}))
    if base is not None:
        problem = share_rule_problem(base.content, content)
        if problem:
            problems.append(("funding", problem))
    return problems


def _copy_summary(offer: Offer, content: dict) -> None:
    """Copy the summary columns of the new version, except the grant requested: that stays what was asked."""
    summary = offer_content.summary(content)
    summary.pop("requested_grant")
    Offer.objects.filter(pk=offer.pk).update(**summary)
    for name, value in summary.items():
        setattr(offer, name, value)


@transaction.atomic
def update_budget(*, offer: Offer, actor, content: dict) -> OfferVersion:
    """The organization's updated cost calculation and schedule after a grant lower than requested, frozen as
    a new version (reason: budget). It is attached to the contract."""
    locked = Offer.objects.select_for_update(of=("self",)).select_related("call", "municipality").get(pk=offer.pk)
    if not budget_update_allowed(locked):
        raise TransitionNotAllowed(
            _("The budget can be updated only when the grant awarded is lower than requested and before the "
              "contract is prepared."))
    problems = check_budget(locked, content)
    if problems:
        raise _problems_error(problems)
    number = (locked.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = OfferVersion(offer=locked, number=number, reason=VersionReason.BUDGET_UPDATE, content=content,
                           created_by=actor)
    version.full_clean()
    version.save()
    _copy_summary(locked, content)
    offer.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    record_audit(actor=actor, action="grants.budget.updated", target=locked, municipality=locked.municipality,
                 data={"version": number})
    enqueue_render(version)
    return version


# --- Contracts -----------------------------------------------------------------------------------------------


def normalize_bank_account(value: str) -> str:
    """A Polish account number (NRB, 26 digits) or IBAN "PL" + 26 digits, checked by its control digits;
    returned as "PL" + 26 digits. Empty stays empty."""
    compact = "".join((value or "").split()).replace("-", "").upper()
    if not compact:
        return ""
    if compact.isdigit() and len(compact) == 26:
        compact = "PL" + compact
    if not (len(compact) == 28 and compact.startswith("PL") and compact[2:].isdigit()):
        raise ValidationError({"bank_account": _("Enter a Polish account number: 26 digits (with PL in front or not).")})
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    if int(digits) % 97 != 1:
        raise ValidationError({"bank_account": _("This account number has a wrong check sum: check the digits.")})
    return compact


def format_bank_account(value: str) -> str:
    """PL61 1090 1014 0000 0712 1981 2874"""
    if not value:
        return ""
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def task_years(start: date, end: date) -> list[int]:
    return list(range(start.year, end.year + 1))


@dataclass(frozen=True)
class TrancheLine:
    year: int
    amount: Decimal
    due_on: date


def check_tranches(*, grant: Decimal, start: date, end: date, tranches: list) -> list[TrancheLine]:
    """Tranches add up to the grant exactly; one or more for every budget year of the task and none for
    another year; each paid within its year."""
    lines = []
    errors = []
    for year, value, due_on in tranches:
        money_value = amount(value) if not isinstance(value, Decimal) else value
        if money_value is None or money_value <= ZERO:
            errors.append(_("Every tranche needs an amount above zero, in złoty with at most two decimal places."))
            continue
        if due_on is None:
            errors.append(_("Every tranche needs the date it is paid by."))
            continue
        if due_on.year != int(year):
            errors.append(_("The tranche for %(year)s must be paid in %(year)s.") % {"year": year})
        lines.append(TrancheLine(int(year), money_value, due_on))
    if not tranches:
        errors.append(_("Add at least one tranche."))
    if errors:
        raise ValidationError({"tranches": errors})
    expected = set(task_years(start, end))
    given = {line.year for line in lines}
    if given != expected:
        raise ValidationError({"tranches": _(
            "The task runs in %(expected)s: give the tranches for exactly these budget years (now: %(given)s).")
            % {"expected": ", ".join(map(str, sorted(expected))), "given": ", ".join(map(str, sorted(given)))}})
    total = sum((line.amount for line in lines), ZERO)
    if total != grant:
        raise ValidationError({"tranches": _("The tranches add up to %(sum)s zł; the grant is %(grant)s zł.")
                               % {"sum": _money(total), "grant": _money(grant)}})
    return sorted(lines, key=lambda line: (line.due_on, line.year))


def contract_allowed_from(offer: Offer) -> datetime | None:
    """A small grant's contract may be signed only after the comments period (art. 19a ust. 5)."""
    if offer.kind == OfferKind.SMALL_GRANT:
        return offer.comments_until
    return None


def _guard_contract_allowed(offer: Offer) -> None:
    if offer.status != OfferStatus.AWARDED or not offer.awarded_amount:
        raise TransitionNotAllowed(_("A contract can be prepared only for an offer with a grant awarded."))
    if offer.kind == OfferKind.SMALL_GRANT:
        if offer.comments_until is None:
            raise NotAllowed(_("A small grant offer must be published for comments before the contract."))
        if timezone.now() <= offer.comments_until:
            raise DeadlinePassed(
                _("The public may comment on this offer until %(until)s: the contract can be prepared only after that.")
                % {"until": timezone.localtime(offer.comments_until).strftime("%d.%m.%Y %H:%M")})


@transaction.atomic
def prepare_contract(*, offer: Offer, actor, number: str, bank_account: str = "", tranches: list,
                     cost_shift_percent: Decimal = Decimal("10.00"), municipality_represented_by: str = "",
                     organization_represented_by: str = "") -> Contract:
    """The contract from the latest offer version (with the updated budget, if any). Preparing again while
    it is being prepared replaces the terms and the tranches."""
    locked = Offer.objects.select_for_update(of=("self",)).select_related("call", "municipality", "organization").get(pk=offer.pk)
    _guard_contract_allowed(locked)
    existing = Contract.objects.filter(offer=locked).first()
    if existing is not None and existing.status != ContractStatus.DRAFT:
        raise TransitionNotAllowed(_("The contract is already signed: its terms no longer change."))
    version = latest_version(locked)
    if version is None:
        raise NotAllowed(_("The offer has no submitted version."))
    grant = locked.awarded_amount
    if offer_content.totals(version.content).funding["grant"] != grant:
        raise NotAllowed(_("The grant is lower than requested: the organization must first send the updated "
                           "budget (the grant's share of costs may not rise)."))
    start, end = offer_content.parse_date(version.content.get("start")), offer_content.parse_date(version.content.get("end"))
    if start is None or end is None:
        raise NotAllowed(_("The offer has no task dates."))
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Give the contract number.")})
    if Contract.objects.filter(municipality=locked.municipality, number=number).exclude(
            pk=getattr(existing, "pk", None)).exists():
        raise ValidationError({"number": _("Another contract of this municipality has this number.")})
    account = normalize_bank_account(bank_account)
    limit = max_contract_years()
    if end >= add_years(start, limit):
        raise ValidationError({"__all__": _("A contract may run for at most %(years)d years; this task runs from "
                                            "%(start)s to %(end)s.") % {
            "years": limit, "start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y")}})
    lines = check_tranches(grant=grant, start=start, end=end, tranches=tranches)
    contract = existing or Contract(offer=locked, municipality=locked.municipality, created_by=actor)
    contract.version = version
    contract.number = number
    contract.grant_amount = grant
    contract.task_start, contract.task_end = start, end
    contract.bank_account = account
    contract.cost_shift_percent = cost_shift_percent
    contract.municipality_represented_by = municipality_represented_by.strip()
    contract.organization_represented_by = organization_represented_by.strip()
    contract.full_clean(exclude=["pdf", "created_by"])
    contract.save()
    contract.tranches.all().delete()
    Tranche.objects.bulk_create(
        Tranche(contract=contract, year=line.year, amount=line.amount, due_on=line.due_on) for line in lines)
    record_audit(actor=actor, action="grants.contract.prepared", target=contract, municipality=locked.municipality,
                 data={"number": number, "version": version.number, "tranches": len(lines)})
    # A draft PDF to print and sign; signing renders it again with the date.
    _rerender(contract)
    return contract


def _lock_contract(contract: Contract) -> Contract:
    return Contract.objects.select_for_update(of=("self",)).select_related("offer", "municipality").get(pk=contract.pk)


@transaction.atomic
def sign_contract(*, contract: Contract, actor, signed_on: date) -> Contract:
    locked = _lock_contract(contract)
    if locked.status != ContractStatus.DRAFT:
        raise TransitionNotAllowed(_("The contract is already signed."))
    if signed_on > local_today():
        raise ValidationError({"signed_on": _("The contract cannot be signed in the future.")})
    _guard_contract_allowed(locked.offer)
    locked.signed_on = signed_on
    locked.full_clean(exclude=["pdf", "created_by"])
    set_contract_status(contract=locked, status=ContractStatus.SIGNED, signed_on=signed_on)
    record_audit(actor=actor, action="grants.contract.signed", target=locked, municipality=locked.municipality,
                 data={"signed_on": signed_on.isoformat()})
    _rerender(locked)
    contract.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def settle_contract(*, contract: Contract, actor, settled_on: date | None = None) -> Contract:
    """The contract is performed when the final report is accepted (framework contract §1)."""
    locked = _lock_contract(contract)
    if locked.status != ContractStatus.SIGNED:
        raise TransitionNotAllowed(_("Only a signed contract can be settled."))
    if not locked.reports.filter(kind=ReportKind.FINAL, status=ReportStatus.ACCEPTED).exists():
        raise NotAllowed(_("The contract can be settled after its final report is accepted."))
    set_contract_status(contract=locked, status=ContractStatus.SETTLED, settled_on=settled_on or local_today())
    record_audit(actor=actor, action="grants.contract.settled", target=locked, municipality=locked.municipality)
    contract.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def retry_contract_pdf(*, contract: Contract, actor) -> Contract:
    locked = _lock_contract(contract)
    if locked.pdf_status != RenderStatus.FAILED:
        raise TransitionNotAllowed(_("The PDF has not failed: there is nothing to retry."))
    record_audit(actor=actor, action="grants.contract_pdf.retried", target=locked, municipality=locked.municipality)
    _rerender(locked)
    return locked


# --- The report document -------------------------------------------------------------------------------------


def final_report_due(contract: Contract) -> date:
    """Art. 18: the final report within GrantRules.report_days (default 30) of the end of the task."""
    from datetime import timedelta

    return contract.task_end + timedelta(days=grant_rules(contract.municipality).report_days)


def report_due(report: TaskReport) -> date | None:
    if report.kind == ReportKind.FINAL:
        return final_report_due(report.contract)
    return report.due_on


def build_report_content(contract: Contract, period_start: date, period_end: date) -> dict:
    """A new report prefilled from the contract's offer version: results with their targets, activities,
    cost lines with the planned amounts, planned funding."""
    source = contract.version.content
    years = [str(y) for y in task_years(contract.task_start, contract.task_end)
             if period_start.year <= y <= period_end.year]
    funding = offer_content.totals(source).funding
    all_years = [str(y) for y in task_years(contract.task_start, contract.task_end)]
    costs = []
    for index, line in enumerate(source.get("costs") or []):
        line_years = offer_content.line_years(line, all_years)
        costs.append({
            "id": line.get("id") or f"c{index + 1}", "category": line.get("category") or "activity",
            "activity_id": line.get("activity_id"), "name": line.get("name") or "", "unit": line.get("unit") or "",
            "planned": str(offer_content.line_value(line) or ZERO),
            "planned_years": {year: str(line_years.get(year, ZERO)) for year in years},
            "incurred": dict.fromkeys(years, ""),
        })
    activities = [
        {"id": a.get("id") or "", "year": str(a.get("year") or ""), "name": a.get("name") or "",
         "planned": a.get("description") or "", "period": a.get("period") or "", "done": ""}
        for a in source.get("activities") or []
        if not a.get("year") or str(a.get("year")) in years
    ]
    return {
        "years": years,
        "results": [{"name": r.get("name") or "", "target": r.get("target") or "", "monitoring": r.get("monitoring") or "",
                     "achieved": "", "comment": ""} for r in source.get("results") or []],
        "activities": activities,
        "costs": costs,
        "funding_planned": {key: str(contract.grant_amount if key == "grant" else funding[key]) for key in FUNDING_KEYS},
        "funding_incurred": dict.fromkeys(FUNDING_KEYS, ""),
        "other_revenue": {"interest": "", "other": "", "description": ""},
        "summary": "",
        "additional_information": "",
        "statements": dict.fromkeys(STATEMENT_KEYS, False),
    }


@dataclass
class ReportTotals:
    """The sums of a report: planned by the contract against incurred, by cost type (II.1) and by source (II.2)."""

    years: list[str]
    planned: dict[str, Decimal] = field(default_factory=lambda: {"activity": ZERO, "administrative": ZERO})
    planned_period: dict[str, Decimal] = field(default_factory=lambda: {"activity": ZERO, "administrative": ZERO})
    incurred: dict[str, Decimal] = field(default_factory=lambda: {"activity": ZERO, "administrative": ZERO})
    incurred_by_year: dict[str, Decimal] = field(default_factory=dict)
    planned_by_year: dict[str, Decimal] = field(default_factory=dict)
    line_incurred: list[Decimal] = field(default_factory=list)
    funding_planned: dict[str, Decimal] = field(default_factory=dict)
    funding_incurred: dict[str, Decimal] = field(default_factory=dict)
    other_revenue: dict[str, Decimal] = field(default_factory=dict)

    @property
    def planned_total(self) -> Decimal:
        return self.planned["activity"] + self.planned["administrative"]

    @property
    def planned_period_total(self) -> Decimal:
        return self.planned_period["activity"] + self.planned_period["administrative"]

    @property
    def incurred_total(self) -> Decimal:
        return self.incurred["activity"] + self.incurred["administrative"]

    @property
    def funding_planned_total(self) -> Decimal:
        return sum(self.funding_planned.values(), ZERO)

    @property
    def funding_incurred_total(self) -> Decimal:
        return sum(self.funding_incurred.values(), ZERO)

    def planned_share(self, key: str) -> Decimal:
        return percent_of(self.funding_planned[key], self.funding_planned_total)

    def incurred_share(self, key: str) -> Decimal:
        return percent_of(self.funding_incurred[key], self.funding_incurred_total)

    @property
    def own_planned(self) -> Decimal:
        return self.funding_planned["own_financial"] + self.funding_planned["own_non_financial"]

    @property
    def own_incurred(self) -> Decimal:
        return self.funding_incurred["own_financial"] + self.funding_incurred["own_non_financial"]


def report_totals(content: dict) -> ReportTotals:
    """Unreadable numbers count as zero here (check_report reports them)."""
    years = list(content.get("years") or [])
    result = ReportTotals(years=years, incurred_by_year=dict.fromkeys(years, ZERO),
                          planned_by_year=dict.fromkeys(years, ZERO))
    for line in content.get("costs") or []:
        category = "administrative" if line.get("category") == "administrative" else "activity"
        result.planned[category] += amount(line.get("planned")) or ZERO
        line_total = ZERO
        for year in years:
            planned = amount((line.get("planned_years") or {}).get(year)) or ZERO
            result.planned_period[category] += planned
            result.planned_by_year[year] += planned
            incurred = amount((line.get("incurred") or {}).get(year)) or ZERO
            result.incurred[category] += incurred
            result.incurred_by_year[year] += incurred
            line_total += incurred
        result.line_incurred.append(line_total)
    for key in FUNDING_KEYS:
        result.funding_planned[key] = amount((content.get("funding_planned") or {}).get(key)) or ZERO
        result.funding_incurred[key] = amount((content.get("funding_incurred") or {}).get(key)) or ZERO
    for key in ("interest", "other"):
        result.other_revenue[key] = amount((content.get("other_revenue") or {}).get(key)) or ZERO
    return result


def over_shift_lines(content: dict, cost_shift_percent: Decimal) -> list[int]:
    """Indexes of cost lines whose incurred amount grew by more than the contract allows (§5): incurred ×
    100 > planned × (100 + shift), compared exactly."""
    sums = report_totals(content)
    hundred = Decimal("100")
    result = []
    for index, line in enumerate(content.get("costs") or []):
        planned = sum((amount(v) or ZERO for v in (line.get("planned_years") or {}).values()), ZERO)
        if sums.line_incurred[index] * hundred > planned * (hundred + cost_shift_percent):
            result.append(index)
    return result


def check_report(content: dict, contract: Contract, *, complete: bool = True) -> list[tuple[str, str]]:
    """Every problem of the report as (path, message); complete=False (saving a draft) reports only numbers
    that cannot be read."""
    problems: list[tuple[str, str]] = []
    bad_amount = _("Enter an amount in złoty with at most two decimal places.")
    years = content.get("years") or []
    for index, line in enumerate(content.get("costs") or []):
        for year in years:
            if amount((line.get("incurred") or {}).get(year)) is None:
                problems.append((f"costs.{index}.incurred.{year}", bad_amount))
    for key in FUNDING_KEYS:
        if amount((content.get("funding_incurred") or {}).get(key)) is None:
            problems.append((f"funding_incurred.{key}", bad_amount))
    for key in ("interest", "other"):
        if amount((content.get("other_revenue") or {}).get(key)) is None:
            problems.append((f"other_revenue.{key}", bad_amount))
    sums = report_totals(content)
    if sums.funding_incurred["grant"] > contract.grant_amount:
        problems.append(("funding_incurred.grant", _("The grant spent cannot be higher than the grant: %(grant)s zł.")
                         % {"grant": _money(contract.grant_amount)}))
    if not complete:
        return problems
    if sums.funding_incurred_total != sums.incurred_total:
        problems.append(("funding_incurred", _(
            "The sources of funding add up to %(funding)s zł, but the costs incurred to %(costs)s zł.")
            % {"funding": _money(sums.funding_incurred_total), "costs": _money(sums.incurred_total)}))
    if not (content.get("summary") or "").strip():
        problems.append(("summary", _("Describe how far the task's goals were reached.")))
    for index, result in enumerate(content.get("results") or []):
        if not (result.get("achieved") or "").strip():
            problems.append((f"results.{index}.achieved", _("Give the level reached.")))
    for index, activity in enumerate(content.get("activities") or []):
        if not (activity.get("done") or "").strip():
            problems.append((f"activities.{index}.done", _("Describe what was done.")))
    statements = content.get("statements") or {}
    for key in STATEMENT_KEYS:
        if statements.get(key) is not True:
            problems.append((f"statements.{key}", _("This statement is required to submit the report.")))
    return problems


def report_warnings(report: TaskReport) -> list[str]:
    """What the officer should look at (not errors): cost lines above the allowed shift, a grant share higher
    than planned, grant left to return."""
    content, contract = report.content, report.contract
    sums = report_totals(content)
    warnings = []
    for index in over_shift_lines(content, contract.cost_shift_percent):
        warnings.append(_("“%(name)s” grew by more than %(percent)s%% against the contract.")
                        % {"name": content["costs"][index].get("name"), "percent": _money(contract.cost_shift_percent)})
    planned, incurred = sums.funding_planned, sums.funding_incurred
    if sums.funding_incurred_total and sums.funding_planned_total and (
            incurred["grant"] * sums.funding_planned_total > planned["grant"] * sums.funding_incurred_total):
        warnings.append(_("The grant's share of the costs incurred (%(incurred)s%%) is higher than planned "
                          "(%(planned)s%%).") % {"incurred": _money(sums.incurred_share("grant")),
                                                 "planned": _money(sums.planned_share("grant"))})
    if report.kind == ReportKind.FINAL:
        unused = unused_grant(report)
        if unused > ZERO:
            warnings.append(_("%(amount)s zł of the grant was not used: it is returned within %(days)d days of the end "
                              "of the task.") % {"amount": _money(unused), "days": RETURN_DAYS})
    return warnings


def unused_grant(report: TaskReport) -> Decimal:
    spent = report_totals(report.content).funding_incurred["grant"]
    return max(report.contract.grant_amount - spent, ZERO)


def merge_report_entries(content: dict, entries: dict) -> dict:
    """The report content with what the organization wrote: only the fields it fills in are taken from
    `entries`; the planned side stays as the contract says. Text is kept as typed (numbers are checked by
    check_report)."""
    merged = {**content}
    years = content.get("years") or []
    results = [dict(r) for r in content.get("results") or []]
    for index, result in enumerate(results):
        given = (entries.get("results") or {}).get(str(index)) or {}
        result["achieved"] = str(given.get("achieved", result.get("achieved", "")))[:500]
        result["comment"] = str(given.get("comment", result.get("comment", "")))[:2000]
    merged["results"] = results
    activities = [dict(a) for a in content.get("activities") or []]
    for index, activity in enumerate(activities):
        given = (entries.get("activities") or {}).get(str(index)) or {}
        activity["done"] = str(given.get("done", activity.get("done", "")))[:5000]
    merged["activities"] = activities
    costs = []
    for index, line in enumerate(content.get("costs") or []):
        given = (entries.get("costs") or {}).get(str(index)) or {}
        line = {**line, "incurred": {year: str(given.get(year, (line.get("incurred") or {}).get(year, "")))[:20]
                                     for year in years}}
        costs.append(line)
    merged["costs"] = costs
    funding = entries.get("funding_incurred") or {}
    merged["funding_incurred"] = {key: str(funding.get(key, (content.get("funding_incurred") or {}).get(key, "")))[:20]
                                  for key in FUNDING_KEYS}
    revenue = {**(content.get("other_revenue") or {}), **(entries.get("other_revenue") or {})}
    merged["other_revenue"] = {"interest": str(revenue.get("interest", ""))[:20], "other": str(revenue.get("other", ""))[:20],
                               "description": str(revenue.get("description", ""))[:2000]}
    for key in ("summary", "additional_information"):
        if key in entries:
            merged[key] = str(entries[key])[:10000]
    statements = entries.get("statements")
    if statements is not None:
        merged["statements"] = {key: statements.get(key) is True for key in STATEMENT_KEYS}
    return merged


def _normalise_amounts(content: dict) -> dict:
    """Readable amounts stored as "1234.50" (what a person typed, such as "1 234,5", becomes a Decimal string)."""
    def norm(value):
        parsed = amount(value)
        return str(parsed) if parsed is not None and str(value).strip() != "" else value

    content = {**content}
    content["costs"] = [{**line, "incurred": {y: norm(v) for y, v in (line.get("incurred") or {}).items()}}
                        for line in content.get("costs") or []]
    content["funding_incurred"] = {k: norm(v) for k, v in (content.get("funding_incurred") or {}).items()}
    revenue = dict(content.get("other_revenue") or {})
    for key in ("interest", "other"):
        revenue[key] = norm(revenue.get(key, ""))
    content["other_revenue"] = revenue
    return content


# --- Reports: the organization's side ------------------------------------------------------------------------


def _check_period(contract: Contract, period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    if period_start < contract.task_start or period_end > contract.task_end:
        raise ValidationError({"period_start": _("The period must fall within the task: %(start)s – %(end)s.") % {
            "start": contract.task_start.strftime("%d.%m.%Y"), "end": contract.task_end.strftime("%d.%m.%Y")}})


@transaction.atomic
def start_report(*, contract: Contract, actor, kind: str, period: tuple[date, date] | None = None,
                 due_on: date | None = None) -> TaskReport:
    """A report prefilled from the offer. The final report covers the whole task and there is one; partial
    reports cover a period within it."""
    locked = _lock_contract(contract)
    if locked.status != ContractStatus.SIGNED:
        raise TransitionNotAllowed(_("Reports are written for a signed contract that is not yet settled."))
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose the kind of report.")})
    if kind == ReportKind.FINAL:
        if locked.reports.filter(kind=ReportKind.FINAL).exists():
            raise TransitionNotAllowed(_("The final report is already started: open it from the contract's page."))
        period_start, period_end = locked.task_start, locked.task_end
    else:
        if period is None:
            raise ValidationError({"period_start": _("Give the period of the partial report.")})
        period_start, period_end = period
        _check_period(locked, period_start, period_end)
    report = TaskReport(contract=locked, kind=kind, period_start=period_start, period_end=period_end,
                        due_on=due_on, content=build_report_content(locked, period_start, period_end))
    report.full_clean(exclude=["pdf", "created_by"])
    report.save()
    record_audit(actor=actor, action="grants.report.started", target=report, municipality=locked.municipality,
                 data={"kind": kind, "contract": locked.number})
    return report


@transaction.atomic
def request_partial_report(*, contract: Contract, actor, period_start: date, period_end: date,
                           due_on: date) -> TaskReport:
    """The officer asks for a partial report (art. 18 ust. 3): with at least 30 days' notice."""
    from datetime import timedelta

    earliest = local_today() + timedelta(days=PARTIAL_REPORT_NOTICE_DAYS)
    if due_on < earliest:
        raise ValidationError({"due_on": _("A partial report can be asked for with at least %(days)d days' notice: "
                                           "%(date)s or later.") % {"days": PARTIAL_REPORT_NOTICE_DAYS,
                                                                    "date": earliest.strftime("%d.%m.%Y")}})
    report = start_report(contract=contract, actor=actor, kind=ReportKind.PARTIAL, period=(period_start, period_end),
                          due_on=due_on)
    record_audit(actor=actor, action="grants.report.requested", target=report, municipality=report.contract.municipality,
                 data={"due_on": due_on.isoformat()})
    report_id = report.pk
    transaction.on_commit(lambda: _enqueue("task_notify_partial_report_requested", report_id))
    return report


def _enqueue(task_name: str, *args) -> None:
    from ..tasks import awards as tasks

    getattr(tasks, task_name).delay(*args)


def _lock_report(report: TaskReport) -> TaskReport:
    return TaskReport.objects.select_for_update(of=("self",)).select_related(
        "contract__offer__organization", "contract__municipality").get(pk=report.pk)


@transaction.atomic
def save_report(*, report: TaskReport, actor, entries: dict) -> TaskReport:
    """Save what the organization wrote. Only a draft or a returned report changes; numbers that cannot be
    read are refused (the form keeps what was typed)."""
    locked = _lock_report(report)
    if locked.status not in EDITABLE_REPORT:
        raise TransitionNotAllowed(_("The report is submitted: it no longer changes unless the officer returns it."))
    content = merge_report_entries(locked.content, entries)
    problems = check_report(content, locked.contract, complete=False)
    if problems:
        raise _problems_error(problems)
    locked.content = _normalise_amounts(content)
    locked.save(update_fields=["content"])
    record_audit(actor=actor, action="grants.report.saved", target=locked, municipality=locked.contract.municipality)
    report.content = locked.content
    return locked


@transaction.atomic
def submit_report(*, report: TaskReport, actor) -> TaskReport:
    """Freeze the report, render its PDF and tell the officers."""
    locked = _lock_report(report)
    if locked.status not in EDITABLE_REPORT:
        raise TransitionNotAllowed(_("The report is already submitted."))
    if locked.contract.status != ContractStatus.SIGNED:
        raise TransitionNotAllowed(_("Reports are written for a signed contract that is not yet settled."))
    problems = check_report(locked.content, locked.contract)
    if problems:
        raise _problems_error(problems)
    set_report_status(report=locked, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    record_audit(actor=actor, action="grants.report.submitted", target=locked, municipality=locked.contract.municipality,
                 data={"kind": locked.kind})
    _rerender(locked)
    report_id = locked.pk
    transaction.on_commit(lambda: _enqueue("task_notify_report_submitted", report_id))
    report.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


# --- Reports: the officer's side -----------------------------------------------------------------------------


@transaction.atomic
def accept_report(*, report: TaskReport, actor, note: str = "") -> TaskReport:
    locked = _lock_report(report)
    if locked.status != ReportStatus.SUBMITTED:
        raise TransitionNotAllowed(_("Only a submitted report can be accepted."))
    set_report_status(report=locked, status=ReportStatus.ACCEPTED, decided_at=timezone.now(),
                      officer_note=note.strip())
    record_audit(actor=actor, action="grants.report.accepted", target=locked, municipality=locked.contract.municipality)
    report.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def return_report(*, report: TaskReport, actor, note: str) -> TaskReport:
    locked = _lock_report(report)
    if locked.status != ReportStatus.SUBMITTED:
        raise TransitionNotAllowed(_("Only a submitted report can be returned."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what the organization should correct.")})
    set_report_status(report=locked, status=ReportStatus.RETURNED, decided_at=timezone.now(),
                      officer_note=note.strip())
    record_audit(actor=actor, action="grants.report.returned", target=locked, municipality=locked.contract.municipality)
    report_id = locked.pk
    transaction.on_commit(lambda: _enqueue("task_notify_report_returned", report_id))
    report.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def retry_report_pdf(*, report: TaskReport, actor) -> TaskReport:
    locked = _lock_report(report)
    if locked.pdf_status != RenderStatus.FAILED or locked.status in EDITABLE_REPORT:
        raise TransitionNotAllowed(_("The PDF has not failed: there is nothing to retry."))
    record_audit(actor=actor, action="grants.report_pdf.retried", target=locked, municipality=locked.contract.municipality)
    _rerender(locked)
    return locked
