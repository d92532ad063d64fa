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
                         offerors, joint offers)}. `years` splits the line's value between the budget years of
                         a task that runs in more than one; for a task within one year it may stay empty (the
                         whole value falls in that year, see `line_years`)
    funding              V.B {grant, own_financial, own_non_financial, beneficiary_fees}
    paid_activity        VI.1 "paid" | "unpaid" | "both"
    joint_roles          VI.2 what each joint offeror does and how they are represented
    other_information    VI.3
    declarations         VII {only_statutory_activity, fees_only_in_paid_activity, register_data_current,
                         information_true, personal_data_consents}: booleans, and the two statements the template
                         makes a choice ("nie zalega(-ją)* / zalega(-ją)*"): tax_arrears and
                         social_insurance_arrears, each "none" (no arrears) or "arrears". Documents written before
                         the choice existed carry booleans no_tax_arrears / no_social_insurance_arrears; True
                         there reads as "none".

`normalize(content)` gives a document of exactly this shape (unknown keys dropped, texts bounded, amounts that
can be read written canonically, what cannot be read kept as typed so the form shows it with its error).
`check(content, limits)` returns every problem (a path in the document and a translated message) so the form
can show each one next to its field; the server runs it on every save and refuses to submit while any is left.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
FUNDING_KEYS = ("grant", "own_financial", "own_non_financial", "beneficiary_fees")
DECLARATION_KEYS = (
    "only_statutory_activity", "fees_only_in_paid_activity", "register_data_current", "information_true",
    "personal_data_consents",
)
# The template's "nie zalega(-ją)* / zalega(-ją)*" statements: a choice, not a box to tick.
ARREARS_KEYS = ("tax_arrears", "social_insurance_arrears")
ARREARS_CHOICES = ("none", "arrears")
LEGACY_ARREARS = {"tax_arrears": "no_tax_arrears", "social_insurance_arrears": "no_social_insurance_arrears"}
PAID_CHOICES = ("paid", "unpaid", "both")
CATEGORIES = ("activity", "administrative")

OFFEROR_KEYS = ("name", "legal_form", "register", "address", "correspondence_address", "website", "email", "phone")
CONTACT_KEYS = ("name", "phone", "email")
ACTIVITY_KEYS = ("year", "name", "description", "target_group", "period", "subcontractor")
RESULTS_DESCRIPTION_KEYS = ("products", "change", "sustainability")
RESULT_KEYS = ("name", "target", "monitoring")
COST_TEXT_KEYS = ("name", "unit", "unit_cost", "quantity")
SHORT_TEXT = 300
LONG_TEXT = 20_000
MAX_ROWS = {"offerors": 10, "activities": 300, "results": 200, "costs": 3000}
MAX_YEARS = 10


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
        number = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
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


def task_years(content: dict) -> list[str]:
    """The budget years the task runs in (from its dates), oldest first; empty while the dates are missing."""
    start, end = parse_date(content.get("start")), parse_date(content.get("end"))
    if not start or not end or end < start or end.year - start.year >= MAX_YEARS:
        return []
    return [str(year) for year in range(start.year, end.year + 1)]


def line_years(line: dict, years: list[str]) -> dict[str, Decimal]:
    """What a cost line costs in each budget year: its split when given, else (a task within one year) the
    whole value in that year. Unreadable numbers count as zero (check() reports them)."""
    split = line.get("years") or {}
    if split:
        return {str(year): amount(value) or ZERO for year, value in split.items()}
    if len(years) == 1:
        return {years[0]: line_value(line) or ZERO}
    return {}


@dataclass
class Totals:
    """Sums of sections V.A-V.C."""

    activity_costs: Decimal = ZERO
    administrative_costs: Decimal = ZERO
    by_year: dict[str, Decimal] = field(default_factory=dict)
    by_offeror: dict[int, Decimal] = field(default_factory=dict)
    by_offeror_year: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    activity_by_year: dict[str, Decimal] = field(default_factory=dict)
    administrative_by_year: dict[str, Decimal] = field(default_factory=dict)
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
    def own_share(self) -> Decimal:
        return percent_of(self.own_contribution, self.total)

    @property
    def administrative_share(self) -> Decimal:
        return percent_of(self.administrative_costs, self.total)


def _add(target: dict, key, value: Decimal) -> None:
    target[key] = target.get(key, ZERO) + value


def totals(content: dict) -> Totals:
    """The sums of a content document; lines with unreadable numbers count as zero (check() reports them)."""
    result = Totals()
    years = task_years(content)
    for line in content.get("costs") or []:
        if not isinstance(line, dict):
            continue
        value = line_value(line) or ZERO
        administrative = line.get("category") == "administrative"
        if administrative:
            result.administrative_costs += value
        else:
            result.activity_costs += value
        offeror = line.get("offeror") or 0
        if isinstance(offeror, int):
            _add(result.by_offeror, offeror, value)
        for year, year_value in line_years(line, years).items():
            _add(result.by_year, year, year_value)
            _add(result.administrative_by_year if administrative else result.activity_by_year, year, year_value)
            if isinstance(offeror, int):
                _add(result.by_offeror_year.setdefault(offeror, {}), year, year_value)
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


def _percent(value: Decimal) -> str:
    """10.00 → "10", 12.50 → "12.5" (never "1E+1")."""
    return f"{value.normalize():f}"


def arrears(declarations: dict, key: str) -> str:
    """"none", "arrears" or "" (not chosen) for one of ARREARS_KEYS, reading older documents too."""
    value = declarations.get(key)
    if value in ARREARS_CHOICES:
        return value
    if declarations.get(LEGACY_ARREARS[key]) is True:
        return "none"
    return ""


def check(content: dict, limits: Limits, *, complete: bool = True) -> list[tuple[str, str]]:
    """Every problem of the document as (path, message). With complete=False (autosaved drafts) missing
    fields are not reported, only numbers that cannot be read and sums that do not add up."""
    content = normalize(content)
    problems: list[tuple[str, str]] = []

    def required(path: str, value, message: str) -> None:
        if complete and not (value.strip() if isinstance(value, str) else value):
            problems.append((path, message))

    offerors = content["offerors"]
    required("offerors", offerors, _("Give the offeror's details."))
    for index, offeror in enumerate(offerors):
        required(f"offerors.{index}.name", offeror["name"], _("Give the offeror's name."))
        required(f"offerors.{index}.legal_form", offeror["legal_form"], _("Give the offeror's legal form."))
        required(f"offerors.{index}.address", offeror["address"], _("Give the address of the offeror's seat."))
    required("contact.name", content["contact"]["name"], _("Give the person who answers questions about the offer."))
    required("title", content["title"], _("Give the title of the task."))
    start, end = parse_date(content["start"]), parse_date(content["end"])
    if content["start"] and start is None:
        problems.append(("start", _("Enter a valid date.")))
    if content["end"] and end is None:
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
    required("synopsis", content["synopsis"], _("Describe the task."))
    years = task_years(content)

    activities = content["activities"]
    required("activities", activities, _("Plan at least one activity."))
    for index, activity in enumerate(activities):
        required(f"activities.{index}.name", activity["name"], _("Name the activity."))
        if complete and years and activity["year"] not in years:
            problems.append((f"activities.{index}.year", _("Choose a year in which the task runs.")))

    costs = content["costs"]
    required("costs", costs, _("List the costs of the task."))
    activity_ids = {a["id"] for a in activities}
    for index, line in enumerate(costs):
        path = f"costs.{index}"
        if line["category"] not in CATEGORIES:
            problems.append((f"{path}.category", _("Choose whether this is an activity or an administrative cost.")))
        if amount(line["unit_cost"]) is None:
            problems.append((f"{path}.unit_cost", _("Enter an amount in złoty with at most two decimal places.")))
        if quantity(line["quantity"]) is None:
            problems.append((f"{path}.quantity", _("Enter a number of units that is not negative.")))
        required(f"{path}.name", line["name"], _("Name the cost."))
        if complete and line["category"] == "activity" and line["activity_id"] not in activity_ids:
            problems.append((f"{path}.activity_id", _("Choose the activity this cost belongs to.")))
        value = line_value(line)
        split = line["years"]
        bad_year = [year for year, v in split.items() if amount(v) is None]
        for year in bad_year:
            problems.append((f"{path}.years.{year}", _("Enter an amount in złoty with at most two decimal places.")))
        if years:
            for year in split:
                if year not in years and year not in bad_year and amount(split[year]):
                    problems.append((f"{path}.years.{year}", _("The task does not run in %(year)s.") % {"year": year}))
        filled = {year: v for year, v in split.items() if str(v).strip()}
        if value is not None and filled and not bad_year:
            total_split = sum((amount(v) for v in filled.values()), ZERO)
            if total_split != value:
                problems.append((f"{path}.years", _("The years add up to %(split)s zł, the line is worth %(value)s zł.")
                                 % {"split": _money(total_split), "value": _money(value)}))
        elif complete and value and len(years) > 1 and not filled:
            problems.append((f"{path}.years", _("Split the value of this cost between the years of the task.")))
        if len(offerors) > 1 and not (isinstance(line["offeror"], int) and 0 <= line["offeror"] < len(offerors)):
            problems.append((f"{path}.offeror", _("Choose which offeror bears this cost.")))

    funding = content["funding"]
    for key in FUNDING_KEYS:
        if amount(funding[key]) is None:
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
                             % {"percent": _percent(limits.min_own_financial_percent)}))
        if percent_of(sums.own_contribution, sums.total) < limits.min_own_total_percent:
            problems.append(("funding.own_non_financial",
                             _("The call requires an own contribution of at least %(percent)s%% of all costs.")
                             % {"percent": _percent(limits.min_own_total_percent)}))
        if limits.admin_costs_cap_percent is not None and sums.administrative_share > limits.admin_costs_cap_percent:
            problems.append(("costs", _("Administrative costs may be at most %(percent)s%% of all costs.")
                             % {"percent": _percent(limits.admin_costs_cap_percent)}))
    if sums.funding["beneficiary_fees"] and content["paid_activity"] == "unpaid":
        problems.append(("funding.beneficiary_fees",
                         _("Fees from the beneficiaries may be collected only when the task is carried out for a fee.")))
    if len(offerors) > 1:
        required("joint_roles", content["joint_roles"],
                 _("Say what each offeror does and how they are represented."))
    if content["paid_activity"] and content["paid_activity"] not in PAID_CHOICES:
        problems.append(("paid_activity", _("Choose one of the options.")))
    required("paid_activity", content["paid_activity"], _("Say whether the task is carried out for a fee."))
    if complete:
        declarations = content["declarations"]
        for key in DECLARATION_KEYS:
            if declarations.get(key) is not True:
                problems.append((f"declarations.{key}", _("This declaration is required to submit the offer.")))
        for key in ARREARS_KEYS:
            if not arrears(declarations, key):
                problems.append((f"declarations.{key}", _("Choose one of the two statements.")))
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


# --- The shape of the document ------------------------------------------------------------------------------


def _text(value, limit: int = SHORT_TEXT) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value).replace("\x00", "")[:limit]


def _number_text(value, parse) -> str:
    """What the person typed, written canonically when it can be read ("1 234,5" → "1234.50")."""
    text = _text(value, 40).strip()
    if not text:
        return ""
    parsed = parse(text)
    return text if parsed is None else str(parsed)


def _index(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _row_id(value) -> str:
    text = _text(value, 40).strip()
    return text or uuid.uuid4().hex[:10]


def _rows(value, limit: int) -> list[dict]:
    return [row if isinstance(row, dict) else {} for row in (value if isinstance(value, list) else [])[:limit]]


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def normalize(content) -> dict:
    """The document in exactly the shape described above. Idempotent; keeps list positions (check() paths
    point into them), gives rows without an id a new one."""
    content = _mapping(content)
    contact = _mapping(content.get("contact"))
    results_description = _mapping(content.get("results_description"))
    funding = _mapping(content.get("funding"))
    declarations = _mapping(content.get("declarations"))
    document = {
        "task_type": _text(content.get("task_type"), LONG_TEXT),
        "offerors": [
            {"organization_id": _index(row.get("organization_id")),
             **{key: _text(row.get(key)) for key in OFFEROR_KEYS}}
            for row in _rows(content.get("offerors"), MAX_ROWS["offerors"])
        ],
        "contact": {key: _text(contact.get(key)) for key in CONTACT_KEYS},
        "title": _text(content.get("title")),
        "start": _text(content.get("start"), 20),
        "end": _text(content.get("end"), 20),
        "synopsis": _text(content.get("synopsis"), LONG_TEXT),
        "activities": [
            {"id": _row_id(row.get("id")), "year": _text(row.get("year"), 4),
             **{key: _text(row.get(key), LONG_TEXT if key == "description" else SHORT_TEXT)
                for key in ACTIVITY_KEYS if key != "year"}}
            for row in _rows(content.get("activities"), MAX_ROWS["activities"])
        ],
        "results_description": {key: _text(results_description.get(key), LONG_TEXT)
                                for key in RESULTS_DESCRIPTION_KEYS},
        "results": [{key: _text(row.get(key)) for key in RESULT_KEYS}
                    for row in _rows(content.get("results"), MAX_ROWS["results"])],
        "experience": _text(content.get("experience"), LONG_TEXT),
        "resources": _text(content.get("resources"), LONG_TEXT),
        "costs": [_cost_line(row) for row in _rows(content.get("costs"), MAX_ROWS["costs"])],
        "funding": {key: _number_text(funding.get(key), amount) for key in FUNDING_KEYS},
        "paid_activity": _text(content.get("paid_activity"), 10),
        "joint_roles": _text(content.get("joint_roles"), LONG_TEXT),
        "other_information": _text(content.get("other_information"), LONG_TEXT),
        "declarations": {
            **{key: declarations.get(key) is True for key in DECLARATION_KEYS},
            **{key: arrears(declarations, key) for key in ARREARS_KEYS},
        },
    }
    return document


def _cost_line(row: dict) -> dict:
    split = _mapping(row.get("years"))
    category = _text(row.get("category"), 20)
    activity_id = _text(row.get("activity_id"), 40) or None
    return {
        "id": _row_id(row.get("id")),
        "category": category,
        "activity_id": activity_id if category != "administrative" else None,
        "name": _text(row.get("name")),
        "unit": _text(row.get("unit"), 100),
        "unit_cost": _number_text(row.get("unit_cost"), amount),
        "quantity": _number_text(row.get("quantity"), quantity),
        "years": {str(year): _number_text(value, amount) for year, value in list(split.items())[:MAX_YEARS]
                  if str(year).isdigit() and len(str(year)) == 4},
        "offeror": _index(row.get("offeror")),
    }


def checksum(content: dict) -> str:
    """A short fingerprint of a frozen version, printed on its PDF and shown in the portal, so a printed and
    signed copy can be matched with the electronic one (as Generator eNGO's "suma kontrolna")."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:16].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


# --- Tables of section V, as the template lays them out --------------------------------------------------------


@dataclass
class CostRow:
    """One row of table V.A: a heading (an activity), a cost line or a sum."""

    kind: str  # "group", "activity", "line", "sum", "total"
    number: str
    name: str
    line: dict | None = None
    value: Decimal | None = None
    years: dict[str, Decimal] = field(default_factory=dict)


def cost_table(content: dict) -> tuple[list[str], list[CostRow]]:
    """(year columns, rows) of table V.A: I. costs of the activities, grouped by activity (I.1, I.1.1 …),
    II. administrative costs, and the sums."""
    content = normalize(content)
    years = task_years(content)
    for line in content["costs"]:
        for year in line["years"]:
            if year not in years:
                years.append(year)
    years.sort()
    sums = totals(content)
    activities = content["activities"]
    by_activity: dict[str | None, list[dict]] = {}
    for line in content["costs"]:
        if line["category"] != "administrative":
            key = line["activity_id"] if line["activity_id"] in {a["id"] for a in activities} else None
            by_activity.setdefault(key, []).append(line)
    rows = [CostRow("group", "I.", "Koszty realizacji działań")]
    groups = [(a["id"], a["name"]) for a in activities]
    if None in by_activity:
        groups.append((None, ""))
    for group_number, (activity_id, name) in enumerate(groups, start=1):
        rows.append(CostRow("activity", f"I.{group_number}.", name))
        for line_number, line in enumerate(by_activity.get(activity_id, []), start=1):
            rows.append(CostRow("line", f"I.{group_number}.{line_number}.", line["name"], line,
                                line_value(line) or ZERO, line_years(line, task_years(content))))
    rows.append(CostRow("sum", "", "Suma kosztów realizacji działań", value=sums.activity_costs,
                        years=sums.activity_by_year))
    rows.append(CostRow("group", "II.", "Koszty administracyjne"))
    administrative = [line for line in content["costs"] if line["category"] == "administrative"]
    for line_number, line in enumerate(administrative, start=1):
        rows.append(CostRow("line", f"II.{line_number}.", line["name"], line, line_value(line) or ZERO,
                            line_years(line, task_years(content))))
    rows.append(CostRow("sum", "", "Suma kosztów administracyjnych", value=sums.administrative_costs,
                        years=sums.administrative_by_year))
    rows.append(CostRow("total", "", "Suma wszystkich kosztów realizacji zadania", value=sums.total,
                        years=sums.by_year))
    return years, rows


def funding_table(content: dict) -> list[dict]:
    """Rows of table V.B with their shares of all costs (%)."""
    sums = totals(content)
    own = sums.own_contribution
    return [
        {"number": "1", "key": "total", "value": sums.total, "share": HUNDRED if sums.total else ZERO},
        {"number": "2", "key": "grant", "value": sums.funding["grant"], "share": sums.share("grant")},
        {"number": "3", "key": "own", "value": own, "share": percent_of(own, sums.total)},
        {"number": "3.1", "key": "own_financial", "value": sums.funding["own_financial"],
         "share": sums.share("own_financial")},
        {"number": "3.2", "key": "own_non_financial", "value": sums.funding["own_non_financial"],
         "share": sums.share("own_non_financial")},
        {"number": "4", "key": "beneficiary_fees", "value": sums.funding["beneficiary_fees"],
         "share": sums.share("beneficiary_fees")},
    ]


def offeror_table(content: dict) -> tuple[list[str], list[dict], Totals]:
    """(year columns, one row per offeror, totals) of table V.C (joint offers)."""
    content = normalize(content)
    sums = totals(content)
    years = sorted(sums.by_year) or task_years(content)
    rows = [{"number": index + 1, "name": offeror["name"], "value": sums.by_offeror.get(index, ZERO),
             "years": sums.by_offeror_year.get(index, {})}
            for index, offeror in enumerate(content["offerors"])]
    return years, rows, sums
