"""grants/offer_content.py: every rule of check() answers at the right path with its message; the document's
shape (normalize), the sums of sections V.A-V.C, the checksum."""

from copy import deepcopy
from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from grants import offer_content as oc

from .factories import offer_content as valid_content

YEAR = 2027
LIMITS = oc.Limits(
    form="support", min_grant=Decimal("1000.00"), max_grant=Decimal("20000.00"),
    min_own_financial_percent=Decimal("5.00"), min_own_total_percent=Decimal("10.00"),
    admin_costs_cap_percent=Decimal("15.00"), earliest_start=date(YEAR, 1, 1), latest_end=date(YEAR, 12, 31),
)
AMOUNT = "Enter an amount in złoty with at most two decimal places."


def content(**changes) -> dict:
    document = valid_content(year=YEAR)
    for path, value in changes.items():
        target = document
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = keys[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return document


def joint(**changes) -> dict:
    document = content(**changes)
    document["offerors"].append({**document["offerors"][0], "name": "Fundacja Partner", "organization_id": None})
    document["joint_roles"] = "Partner prowadzi warsztaty."
    return document


def test_the_valid_offer_has_no_problem():
    assert oc.check(valid_content(year=YEAR), LIMITS) == []


# (document, path, message msgid, message parameters)
CASES = [
    ("no offeror", content(offerors=[]), "offerors", "Give the offeror's details.", {}),
    ("offeror name", content(offerors__0__name=""), "offerors.0.name", "Give the offeror's name.", {}),
    ("offeror legal form", content(offerors__0__legal_form=""), "offerors.0.legal_form", "Give the offeror's legal form.", {}),
    ("offeror seat", content(offerors__0__address=" "), "offerors.0.address", "Give the address of the offeror's seat.", {}),
    ("contact", content(contact={"name": "", "phone": "", "email": ""}), "contact.name",
     "Give the person who answers questions about the offer.", {}),
    ("title", content(title=""), "title", "Give the title of the task.", {}),
    ("unreadable start", content(start="15.03"), "start", "Enter a valid date.", {}),
    ("unreadable end", content(end="jutro"), "end", "Enter a valid date.", {}),
    ("missing start", content(start=""), "start", "Give the date the task starts.", {}),
    ("missing end", content(end=""), "end", "Give the date the task ends.", {}),
    ("end before start", content(start=f"{YEAR}-05-01", end=f"{YEAR}-04-30"), "end",
     "The task cannot end before it starts.", {}),
    ("too early", content(start=f"{YEAR - 1}-12-31"), "start", "The call allows tasks starting on %(date)s or later.",
     {"date": f"01.01.{YEAR}"}),
    ("too late", content(end=f"{YEAR + 1}-01-01"), "end", "The call allows tasks ending on %(date)s or earlier.",
     {"date": f"31.12.{YEAR}"}),
    ("synopsis", content(synopsis=""), "synopsis", "Describe the task.", {}),
    ("no activity", content(activities=[], costs=[]), "activities", "Plan at least one activity.", {}),
    ("activity name", content(activities__1__name=""), "activities.1.name", "Name the activity.", {}),
    ("activity year", content(activities__0__year=str(YEAR + 1)), "activities.0.year",
     "Choose a year in which the task runs.", {}),
    ("category", content(costs__2__category="other"), "costs.2.category",
     "Choose whether this is an activity or an administrative cost.", {}),
    ("unit cost", content(costs__0__unit_cost="100.001"), "costs.0.unit_cost", AMOUNT, {}),
    ("negative unit cost", content(costs__0__unit_cost="-5"), "costs.0.unit_cost", AMOUNT, {}),
    ("quantity", content(costs__0__quantity="1.0005"), "costs.0.quantity",
     "Enter a number of units that is not negative.", {}),
    ("cost name", content(costs__1__name=""), "costs.1.name", "Name the cost.", {}),
    ("cost activity", content(costs__1__activity_id="a9"), "costs.1.activity_id",
     "Choose the activity this cost belongs to.", {}),
    ("year amount", content(costs__0__years={str(YEAR): "12 000,00x"}), f"costs.0.years.{YEAR}", AMOUNT, {}),
    ("year outside the task", content(costs__0__years={str(YEAR): "11000.00", str(YEAR + 1): "1000.00"}),
     f"costs.0.years.{YEAR + 1}", "The task does not run in %(year)s.", {"year": str(YEAR + 1)}),
    ("years do not add up", content(costs__0__years={str(YEAR): "11000.00"}), "costs.0.years",
     "The years add up to %(split)s zł, the line is worth %(value)s zł.", {"split": "11,000.00", "value": "12,000.00"}),
    ("funding unreadable", content(funding__own_financial="tysiąc"), "funding.own_financial", AMOUNT, {}),
    ("grant missing", content(funding__grant="0", funding__own_non_financial="13850.00"), "funding.grant",
     "Give the grant you ask for.", {}),
    ("grant above the call", content(costs__0__unit_cost="200.00", costs__0__years={}, funding__grant="24000.00"),
     "funding.grant", "The call gives at most %(max)s zł.", {"max": "20,000.00"}),
    ("grant below the call", content(costs=[{**valid_content(year=YEAR)["costs"][0], "unit_cost": "5.00",
                                             "quantity": "200", "years": {}}],
                                     funding={"grant": "900.00", "own_financial": "100.00",
                                              "own_non_financial": "0.00", "beneficiary_fees": "0.00"}),
     "funding.grant", "The call gives at least %(min)s zł.", {"min": "1,000.00"}),
    ("own financial share", content(funding__own_financial="500.00", funding__own_non_financial="2350.00"),
     "funding.own_financial",
     "The call requires an own financial contribution of at least %(percent)s%% of all costs.", {"percent": "5"}),
    ("own total share", content(funding__grant="13850.00", funding__own_non_financial="0.00"),
     "funding.own_non_financial", "The call requires an own contribution of at least %(percent)s%% of all costs.",
     {"percent": "10"}),
    ("administrative cap", content(costs__2__unit_cost="300.00", costs__2__years={},
                                   funding__own_non_financial="3200.00"),
     "costs", "Administrative costs may be at most %(percent)s%% of all costs.", {"percent": "15"}),
    ("fees in an unpaid task", content(funding__own_non_financial="1350.00", funding__beneficiary_fees="500.00"),
     "funding.beneficiary_fees",
     "Fees from the beneficiaries may be collected only when the task is carried out for a fee.", {}),
    ("paid activity", content(paid_activity=""), "paid_activity", "Say whether the task is carried out for a fee.", {}),
    ("paid activity choice", content(paid_activity="maybe"), "paid_activity", "Choose one of the options.", {}),
    ("declaration", content(declarations__personal_data_consents=False), "declarations.personal_data_consents",
     "This declaration is required to submit the offer.", {}),
    ("arrears choice", content(declarations={**valid_content()["declarations"], "no_tax_arrears": False}),
     "declarations.tax_arrears", "Choose one of the two statements.", {}),
]


@pytest.mark.parametrize(("document", "path", "msgid", "params"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_every_rule_answers_at_its_path(document, path, msgid, params):
    message = _(msgid) % params if params else _(msgid)
    problems = oc.check(document, LIMITS)
    assert (path, message) in problems, problems


def test_the_funding_must_equal_the_costs():
    problems = oc.check(content(funding__grant="12000.01"), LIMITS)
    assert problems == [("funding", _("The sources of funding add up to %(funding)s zł, but the costs to %(costs)s zł.")
                         % {"funding": "14,850.01", "costs": "14,850.00"})]


def test_a_joint_offer_needs_the_offeror_of_each_cost_and_the_roles():
    document = joint()
    document["costs"][1]["offeror"] = 5
    document["joint_roles"] = ""
    problems = oc.check(document, LIMITS)
    assert ("costs.1.offeror", _("Choose which offeror bears this cost.")) in problems
    assert ("joint_roles", _("Say what each offeror does and how they are represented.")) in problems


def test_a_multi_year_task_needs_each_cost_split_between_its_years():
    document = content(end=f"{YEAR + 1}-06-30", costs__1__years={})
    limits = oc.Limits(latest_end=date(YEAR + 1, 12, 31))
    problems = oc.check(document, limits)
    assert ("costs.1.years", _("Split the value of this cost between the years of the task.")) in problems
    document["costs"][1]["years"] = {str(YEAR): "1000.00", str(YEAR + 1): "500.00"}
    assert ("costs.1.years", _("Split the value of this cost between the years of the task.")) not in oc.check(document, limits)


def test_small_grants_limit_the_length_of_the_task():
    problems = oc.check(content(), oc.Limits(max_days=90))
    assert ("end", _("The task may last at most %(days)d days.") % {"days": 90}) in problems


def test_a_draft_is_checked_only_for_what_cannot_be_read_or_does_not_add_up():
    document = {"title": "", "costs": [{"category": "activity", "unit_cost": "10", "quantity": "x"}]}
    assert oc.check(document, LIMITS, complete=False) == [
        ("costs.0.quantity", _("Enter a number of units that is not negative.")),
    ]
    assert oc.check({}, LIMITS, complete=False) == []


def test_the_arrears_statements_are_a_choice_and_older_documents_read_as_no_arrears():
    declarations = {**valid_content()["declarations"]}
    assert oc.normalize({"declarations": declarations})["declarations"]["tax_arrears"] == "none"
    chosen = oc.normalize({"declarations": {"tax_arrears": "arrears", "social_insurance_arrears": "none"}})
    assert (chosen["declarations"]["tax_arrears"], chosen["declarations"]["social_insurance_arrears"]) == ("arrears", "none")
    document = content(declarations={**dict.fromkeys(oc.DECLARATION_KEYS, True), "tax_arrears": "arrears",
                                      "social_insurance_arrears": "arrears"})
    assert oc.check(document, LIMITS) == []  # declaring arrears is a true statement, not a missing one


def test_normalize_keeps_positions_drops_unknown_keys_and_is_idempotent():
    document = content()
    document["costs"].insert(1, "not a line")
    document["unknown"] = {"x": 1}
    document["costs"][0]["unit_cost"] = "1 234,5"
    normalized = oc.normalize(document)
    assert "unknown" not in normalized
    assert len(normalized["costs"]) == 4
    assert normalized["costs"][0]["unit_cost"] == "1234.50"
    assert normalized["costs"][1]["category"] == ""
    assert oc.normalize(normalized) == normalized


def test_totals_and_the_tables_of_section_five():
    document = joint()
    document["costs"][1]["offeror"] = 1
    sums = oc.totals(document)
    assert (sums.activity_costs, sums.administrative_costs, sums.total) == (
        Decimal("13500.00"), Decimal("1350.00"), Decimal("14850.00"))
    assert sums.by_year == {str(YEAR): Decimal("14850.00")}
    assert sums.by_offeror == {0: Decimal("13350.00"), 1: Decimal("1500.00")}
    assert (sums.share("grant"), sums.administrative_share) == (Decimal("80.81"), Decimal("9.09"))
    years, rows = oc.cost_table(document)
    assert years == [str(YEAR)]
    assert [(row.kind, row.number, row.value) for row in rows] == [
        ("group", "I.", None), ("activity", "I.1.", None), ("line", "I.1.1.", Decimal("12000.00")),
        ("activity", "I.2.", None), ("line", "I.2.1.", Decimal("1500.00")),
        ("sum", "", Decimal("13500.00")), ("group", "II.", None), ("line", "II.1.", Decimal("1350.00")),
        ("sum", "", Decimal("1350.00")), ("total", "", Decimal("14850.00")),
    ]
    assert [(row["number"], row["value"], row["share"]) for row in oc.funding_table(document)] == [
        ("1", Decimal("14850.00"), Decimal("100")), ("2", Decimal("12000.00"), Decimal("80.81")),
        ("3", Decimal("2850.00"), Decimal("19.19")), ("3.1", Decimal("1000.00"), Decimal("6.73")),
        ("3.2", Decimal("1850.00"), Decimal("12.46")), ("4", Decimal("0.00"), Decimal("0.00")),
    ]
    _years, offerors, _sums = oc.offeror_table(document)
    assert [(row["name"], row["value"]) for row in offerors] == [
        ("Stowarzyszenie Aktywni Razem", Decimal("13350.00")), ("Fundacja Partner", Decimal("1500.00"))]


def test_line_values_round_half_up_to_the_grosz():
    assert oc.line_value({"unit_cost": "0.05", "quantity": "0.5"}) == Decimal("0.03")
    assert oc.line_value({"unit_cost": "0.01", "quantity": "0.499"}) == Decimal("0.00")
    assert oc.line_value({"unit_cost": "999999999999.99", "quantity": "1"}) == Decimal("999999999999.99")
    assert oc.line_value({"unit_cost": "1000000000000", "quantity": "1"}) is None


def test_the_checksum_follows_the_content():
    document = valid_content(year=YEAR)
    same = deepcopy(document)
    assert oc.checksum(document) == oc.checksum(same)
    assert len(oc.checksum(document)) == 19
    same["title"] = "Inny"
    assert oc.checksum(document) != oc.checksum(same)
