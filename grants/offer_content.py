"""The content of an offer (the 2018 template, legal.md section 2.1) as a JSON document, and its arithmetic.

Every amount is a string of a Decimal with two places ("1234.50"), never a float, so a sum of a thousand cost
lines is exact to the grosz. Dates are ISO strings. The keys:

    task_type            I.2 the type of public task (from the call)
    offerors             II.1 list of {organization_id (or null), name, legal_form, register ("KRS 0000123456"
                         or another register and number), address, correspondence_address, website, email,
                         phone}; the first is the lead organization; more than one makes a joint offer
    contact              II.2 {name, phone, email}: the person who answers questions
    title, start, end    III.1-2
    synopsis             III.3 place, target group, the need it meets, complementarity
    activities           III.4 list of {id, year, name, description, target_group, period, subcontractor}
    results_description  III.5 {products, change, sustainability}
    results              III.6 list of {name, target, monitoring}
    experience, resources  IV.1-2
    costs                V.A list of {id, category ("activity" | "administrative"), activity_id (for activity
                         costs), name, unit, unit_cost, quantity, years: {"2027": "..."}, offeror (index into
                         offerors, joint offers)}
    funding              V.B {grant, own_financial, own_non_financial, beneficiary_fees}
    paid_activity        VI.1 "paid" | "unpaid" | "both"
    joint_roles          VI.2 what each joint offeror does and how they are represented
    other_information    VI.3
    declarations         VII {only_statutory_activity, fees_only_in_paid_activity, no_tax_arrears,
                         no_social_insurance_arrears, register_data_current, information_true,
                         personal_data_consents}: booleans

`check(content, limits)` returns every problem (a path in the document and a translated message) so the form
can show each one next to its field; the server runs it on every save and refuses to submit while any is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
FUNDING_KEYS = ("grant", "own_financial", "own_non_financial", "beneficiary_fees")
DECLARATION_KEYS = (
    "only_statutory_activity", "fees_only_in_paid_activity", "no_tax_arrears", "no_social_insurance_arrears",
    "register_data_current", "information_true", "personal_data_consents",
)


def amount(value) -> Decimal | None:
    """A non-negative amount with at most two decimal places, or None when `value` is not one."""
    if value is None or value == "":
        return ZERO
    try:
        number = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number != number.quantize(CENT) or number >= Decimal("1e12"):
        return None
    return number.quantize(CENT)


def quantity(value) -> Decimal | None:
    if value is None or value == "":
        return ZERO
    try:
        number = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number >= Decimal("1e9") or number != number.quantize(Decimal("0.001")):
        return None
    return number


def line_value(line: dict) -> Decimal | None:
    """unit cost × number of units, rounded half up to the grosz."""
    unit_cost, units = amount(line.get("unit_cost")), quantity(line.get("quantity"))
    if unit_cost is None or units is None:
        return None
    return (unit_cost * units).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    return ZERO if not whole else (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass
class Totals:
    """Sums of sections V.A-V.C."""

    activity_costs: Decimal = ZERO
    administrative_costs: Decimal = ZERO
    by_year: dict[str, Decimal] = field(default_factory=dict)
    by_offeror: dict[int, Decimal] = field(default_factory=dict)
    funding: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(FUNDING_KEYS, ZERO))

    @property
    def total(self) -> Decimal:
        return self.activity_costs + self.administrative_costs

    @property
    def own_contribution(self) -> Decimal:
        return self.funding["own_financial"] + self.funding["own_non_financial"]

    @property
    def funding_total(self) -> Decimal:
        return sum(self.funding.values(), ZERO)

    def share(self, key: str) -> Decimal:
        return percent_of(self.funding[key], self.total)

    @property
    def administrative_share(self) -> Decimal:
        return percent_of(self.administrative_costs, self.total)


def totals(content: dict) -> Totals:
    """The sums of a content document; lines with unreadable numbers count as zero (check() reports them)."""
    result = Totals()
    for line in content.get("costs") or []:
        value = line_value(line) or ZERO
        if line.get("category") == "administrative":
            result.administrative_costs += value
        else:
            result.activity_costs += value
        for year, year_value in (line.get("years") or {}).items():
            result.by_year[str(year)] = result.by_year.get(str(year), ZERO) + (amount(year_value) or ZERO)
        offeror = line.get("offeror") or 0
        if isinstance(offeror, int):
            result.by_offeror[offeror] = result.by_offeror.get(offeror, ZERO) + value
    funding = content.get("funding") or {}
    for key in FUNDING_KEYS:
        result.funding[key] = amount(funding.get(key)) or ZERO
    return result


@dataclass(frozen=True)
class Limits:
    """What the call (or the small grant rules) allows. Percentages are of all costs."""

    form: str = "support"
    min_grant: Decimal | None = None
    max_grant: Decimal | None = None
    min_own_financial_percent: Decimal = ZERO
    min_own_total_percent: Decimal = ZERO
    admin_costs_cap_percent: Decimal | None = None
    earliest_start: date | None = None
    latest_end: date | None = None
    max_days: int | None = None

    @classmethod
    def for_call(cls, call) -> Limits:
        return cls(
            form=call.form, min_grant=call.min_grant, max_grant=call.max_grant,
            min_own_financial_percent=call.min_own_financial_percent,
            min_own_total_percent=call.min_own_total_percent, admin_costs_cap_percent=call.admin_costs_cap_percent,
            earliest_start=call.task_start_earliest, latest_end=call.task_end_latest,
        )


def _money(value: Decimal) -> str:
    from django.utils.formats import number_format

    return number_format(value, 2, force_grouping=True)


def check(content: dict, limits: Limits, *, complete: bool = True) -> list[tuple[str, str]]:
    """Every problem of the document as (path, message). With complete=False (autosaved drafts) missing
    fields are not reported, only numbers that cannot be read and sums that do not add up."""
    problems: list[tuple[str, str]] = []

    def required(path: str, value, message: str) -> None:
        if complete and not (value.strip() if isinstance(value, str) else value):
            problems.append((path, message))

    required("title", content.get("title"), _("Give the title of the task."))
    required("synopsis", content.get("synopsis"), _("Describe the task."))
    required("offerors", content.get("offerors"), _("Give the offeror's details."))
    contact = content.get("contact") or {}
    required("contact.name", contact.get("name"), _("Give the person who answers questions about the offer."))
    start, end = parse_date(content.get("start")), parse_date(content.get("end"))
    if content.get("start") and start is None:
        problems.append(("start", _("Enter a valid date.")))
    if content.get("end") and end is None:
        problems.append(("end", _("Enter a valid date.")))
    required("start", start, _("Give the date the task starts."))
    required("end", end, _("Give the date the task ends."))
    if start and end:
        if end < start:
            problems.append(("end", _("The task cannot end before it starts.")))
        if limits.earliest_start and start < limits.earliest_start:
            problems.append(("start", _("The call allows tasks starting on %(date)s or later.")
                             % {"date": limits.earliest_start.strftime("%d.%m.%Y")}))
        if limits.latest_end and end > limits.latest_end:
            problems.append(("end", _("The call allows tasks ending on %(date)s or earlier.")
                             % {"date": limits.latest_end.strftime("%d.%m.%Y")}))
        if limits.max_days is not None and (end - start).days + 1 > limits.max_days:
            problems.append(("end", _("The task may last at most %(days)d days.") % {"days": limits.max_days}))
    required("activities", content.get("activities"), _("Plan at least one activity."))

    costs = content.get("costs") or []
    required("costs", costs, _("List the costs of the task."))
    activity_ids = {a.get("id") for a in content.get("activities") or []}
    offerors = content.get("offerors") or []
    for index, line in enumerate(costs):
        path = f"costs.{index}"
        if line.get("category") not in ("activity", "administrative"):
            problems.append((f"{path}.category", _("Choose whether this is an activity or an administrative cost.")))
        if amount(line.get("unit_cost")) is None:
            problems.append((f"{path}.unit_cost", _("Enter an amount in złoty with at most two decimal places.")))
        if quantity(line.get("quantity")) is None:
            problems.append((f"{path}.quantity", _("Enter a number of units that is not negative.")))
        required(f"{path}.name", line.get("name"), _("Name the cost."))
        if complete and line.get("category") == "activity" and line.get("activity_id") not in activity_ids:
            problems.append((f"{path}.activity_id", _("Choose the activity this cost belongs to.")))
        value = line_value(line)
        years = line.get("years") or {}
        bad_year = [year for year, v in years.items() if amount(v) is None]
        for year in bad_year:
            problems.append((f"{path}.years.{year}", _("Enter an amount in złoty with at most two decimal places.")))
        if value is not None and years and not bad_year:
            split = sum((amount(v) for v in years.values()), ZERO)
            if split != value:
                problems.append((f"{path}.years", _("The years add up to %(split)s zł, the line is worth %(value)s zł.")
                                 % {"split": _money(split), "value": _money(value)}))
        if len(offerors) > 1 and not (isinstance(line.get("offeror"), int) and 0 <= line["offeror"] < len(offerors)):
            problems.append((f"{path}.offeror", _("Choose which offeror bears this cost.")))

    funding = content.get("funding") or {}
    for key in FUNDING_KEYS:
        if amount(funding.get(key)) is None:
            problems.append((f"funding.{key}", _("Enter an amount in złoty with at most two decimal places.")))
    sums = totals(content)
    if sums.funding_total != sums.total:
        problems.append(("funding", _("The sources of funding add up to %(funding)s zł, but the costs to %(costs)s zł.")
                         % {"funding": _money(sums.funding_total), "costs": _money(sums.total)}))
    grant = sums.funding["grant"]
    if complete and not grant:
        problems.append(("funding.grant", _("Give the grant you ask for.")))
    if limits.max_grant is not None and grant > limits.max_grant:
        problems.append(("funding.grant", _("The call gives at most %(max)s zł.") % {"max": _money(limits.max_grant)}))
    if limits.min_grant is not None and grant and grant < limits.min_grant:
        problems.append(("funding.grant", _("The call gives at least %(min)s zł.") % {"min": _money(limits.min_grant)}))
    if sums.total:
        if sums.share("own_financial") < limits.min_own_financial_percent:
            problems.append(("funding.own_financial",
                             _("The call requires an own financial contribution of at least %(percent)s%% of all costs.")
                             % {"percent": limits.min_own_financial_percent.normalize()}))
        if percent_of(sums.own_contribution, sums.total) < limits.min_own_total_percent:
            problems.append(("funding.own_non_financial",
                             _("The call requires an own contribution of at least %(percent)s%% of all costs.")
                             % {"percent": limits.min_own_total_percent.normalize()}))
        if limits.admin_costs_cap_percent is not None and sums.administrative_share > limits.admin_costs_cap_percent:
            problems.append(("costs", _("Administrative costs may be at most %(percent)s%% of all costs.")
                             % {"percent": limits.admin_costs_cap_percent.normalize()}))
    if len(offerors) > 1:
        required("joint_roles", content.get("joint_roles"),
                 _("Say what each offeror does and how they are represented."))
    required("paid_activity", content.get("paid_activity"), _("Say whether the task is carried out for a fee."))
    if complete:
        declarations = content.get("declarations") or {}
        for key in DECLARATION_KEYS:
            if declarations.get(key) is not True:
                problems.append((f"declarations.{key}", _("This declaration is required to submit the offer.")))
    return problems


def summary(content: dict) -> dict:
    """The columns Offer copies from a version: title, dates and amounts."""
    sums = totals(content)
    return {
        "title": (content.get("title") or "")[:300],
        "task_start": parse_date(content.get("start")),
        "task_end": parse_date(content.get("end")),
        "total_cost": sums.total,
        "requested_grant": sums.funding["grant"],
        "own_financial": sums.funding["own_financial"],
        "own_non_financial": sums.funding["own_non_financial"],
        "beneficiary_fees": sums.funding["beneficiary_fees"],
    }
