"""Input forms after the award (budget update, contract, reports) and of small grants (art. 19a). Input
validation only: the rules (shares, sums, limits, deadlines) live in the services, whose ValidationErrors the
views put next to the fields with `apply_problems`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import offer_content
from .enums import CostCategory, ReportKind, TaskForm
from .offer_content import ARREARS_KEYS, DECLARATION_KEYS, FUNDING_KEYS

FUNDING_LABELS = {
    "grant": _("Grant"),
    "own_financial": _("Own financial contribution"),
    "own_non_financial": _("Own non-financial contribution (personal and in-kind)"),
    "beneficiary_fees": _("Fees from the beneficiaries"),
}
DECLARATION_LABELS = {
    "only_statutory_activity": _("The task is carried out only within our public benefit activity."),
    "fees_only_in_paid_activity": _("Fees are collected only within paid public benefit activity."),
    "register_data_current": _("Our data in the KRS (or another register) are current."),
    "information_true": _("All information in the offer is true and current."),
    "personal_data_consents": _("We obtained the statements of the people whose personal data the offer gives."),
}
ARREARS_FIELDS = {
    "tax_arrears": (_("Taxes"), [("none", _("We have no tax arrears.")), ("arrears", _("We have tax arrears."))]),
    "social_insurance_arrears": (_("Social insurance (ZUS)"), [
        ("none", _("We have no social insurance arrears.")), ("arrears", _("We have social insurance arrears."))]),
}
STATEMENT_LABELS = {
    "legal_status_unchanged": _("The legal status of the organization has not changed since the contract was signed."),
    "information_true": _("All information in this report is true and current."),
    "procurement_respected": _("Purchases paid from the grant followed the public procurement rules where they apply."),
    "amounts_incurred": _("All amounts in the statement of expenditure were actually spent."),
    "personal_data": _("Personal data in this report were collected and are shown lawfully."),
}
PAID_ACTIVITY_CHOICES = [
    ("unpaid", _("free of charge")),
    ("paid", _("for a fee")),
    ("both", _("partly for a fee, partly free of charge")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AmountField(forms.CharField):
    """An amount in złoty as typed ("1 234,50" works); cleaned to a Decimal with two places."""

    def __init__(self, *, min_value: Decimal | None = None, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        self.min_value = min_value
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        parsed = offer_content.amount(value)
        if parsed is None:
            raise ValidationError(_("Enter an amount in złoty with at most two decimal places."), code="amount")
        if self.min_value is not None and parsed < self.min_value:
            raise ValidationError(_("Enter an amount above zero."), code="min")
        return parsed


class RawAmountField(forms.CharField):
    """An amount kept as typed: the service reads and checks it (so a refused save shows the typed text)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and offer_content.amount(value) is None:
            raise ValidationError(_("Enter an amount in złoty with at most two decimal places."), code="amount")


def apply_problems(form: forms.Form, error: ValidationError, path_to_field) -> None:
    """Put a service's ValidationError (paths of a document) next to the form's fields; what has no field goes
    to the summary at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for path, messages in error.message_dict.items():
        name = path_to_field(path)
        form.add_error(name if name in form.fields else None, messages)


# --- Budget update ------------------------------------------------------------------------------------------


class BudgetForm(forms.Form):
    """The cost calculation and the sources again, for the grant awarded: every cost line's unit cost and
    number of units (and its split between years, for multi-year tasks), the activities' dates and the own
    contribution. The grant is the amount awarded."""

    def __init__(self, *args, content: dict, awarded: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content
        self.awarded = awarded
        self.years = sorted({str(y) for line in content.get("costs") or [] for y in (line.get("years") or {})})
        self.multi_year = len(self.years) > 1
        self.lines = []
        for index, line in enumerate(content.get("costs") or []):
            name = line.get("name") or ""
            row = {"index": index, "line": line, "fields": []}
            for key, label, initial in (
                ("unit_cost", _("Unit cost (zł): %(name)s"), line.get("unit_cost")),
                ("quantity", _("Number of units: %(name)s"), line.get("quantity")),
            ):
                field_name = f"cost_{index}_{key}"
                self.fields[field_name] = forms.CharField(label=label % {"name": name}, initial=initial, max_length=20,
                                                          widget=forms.TextInput(attrs={"inputmode": "decimal"}))
                row["fields"].append(field_name)
            if self.multi_year:
                for year in self.years:
                    field_name = f"cost_{index}_year_{year}"
                    self.fields[field_name] = forms.CharField(
                        label=_("%(year)s (zł): %(name)s") % {"year": year, "name": name}, required=False, max_length=20,
                        initial=(line.get("years") or {}).get(year, ""), widget=forms.TextInput(attrs={"inputmode": "decimal"}))
                    row["fields"].append(field_name)
            self.lines.append(row)
        self.activity_fields = []
        for index, activity in enumerate(content.get("activities") or []):
            field_name = f"activity_{index}_period"
            self.fields[field_name] = forms.CharField(
                label=_("When: %(name)s") % {"name": activity.get("name") or ""}, required=False, max_length=200,
                initial=activity.get("period") or "")
            self.activity_fields.append(field_name)
        funding = content.get("funding") or {}
        for key in FUNDING_KEYS:
            if key == "grant":
                continue
            self.fields[f"funding_{key}"] = forms.CharField(label=FUNDING_LABELS[key], required=False, max_length=20,
                                                            initial=funding.get(key, ""),
                                                            widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def bound_lines(self):
        return [{"line": row["line"], "fields": [self[name] for name in row["fields"]]} for row in self.lines]

    def bound_activities(self):
        return [self[name] for name in self.activity_fields]

    def bound_funding(self):
        return [self[f"funding_{key}"] for key in FUNDING_KEYS if key != "grant"]

    def updated_content(self) -> dict:
        data = self.cleaned_data
        content = {**self.content}
        costs = []
        for row in self.lines:
            index, line = row["index"], dict(row["line"])
            line["unit_cost"] = _clean_number(data.get(f"cost_{index}_unit_cost"))
            line["quantity"] = _clean_number(data.get(f"cost_{index}_quantity"))
            if self.multi_year:
                line["years"] = {year: _clean_number(data.get(f"cost_{index}_year_{year}")) or "0.00" for year in self.years}
            else:
                value = offer_content.line_value(line)
                year = self.years[0] if self.years else (content.get("start") or "")[:4]
                line["years"] = {year: str(value)} if value is not None and year else {}
            costs.append(line)
        content["costs"] = costs
        activities = []
        for index, activity in enumerate(content.get("activities") or []):
            activities.append({**activity, "period": data.get(f"activity_{index}_period", activity.get("period", ""))})
        content["activities"] = activities
        funding = dict(content.get("funding") or {})
        funding["grant"] = str(self.awarded)
        for key in FUNDING_KEYS:
            if key != "grant":
                funding[key] = _clean_number(data.get(f"funding_{key}")) or "0.00"
        content["funding"] = funding
        return content

    @staticmethod
    def field_for(path: str) -> str | None:
        parts = path.split(".")
        if parts[0] == "costs" and len(parts) >= 3 and parts[1].isdigit():
            if parts[2] in ("unit_cost", "quantity"):
                return f"cost_{parts[1]}_{parts[2]}"
            if parts[2] == "years" and len(parts) == 4:
                return f"cost_{parts[1]}_year_{parts[3]}"
        if parts[0] == "funding" and len(parts) == 2:
            return f"funding_{parts[1]}"
        return None


def _clean_number(value) -> str:
    """What the person typed, as the document keeps numbers ("1 234,50" → "1234.50" when it can be read)."""
    value = (value or "").strip()
    parsed = offer_content.amount(value) if value else None
    if parsed is not None:
        return str(parsed)
    number = offer_content.quantity(value) if value else None
    return str(number) if number is not None else value


# --- Contract ------------------------------------------------------------------------------------------------


TRANCHE_ROWS_EXTRA = 2


class ContractForm(forms.Form):
    number = forms.CharField(label=_("Contract number"), max_length=60, help_text=_("For example DS.524.12.2027."))
    municipality_represented_by = forms.CharField(
        label=_("The municipality is represented by"), max_length=300, required=False,
        help_text=_("Name and position, for example: Jan Kowalski – Mayor."))
    organization_represented_by = forms.CharField(
        label=_("The organization is represented by"), max_length=300, required=False,
        help_text=_("The people authorised by the register (KRS) to sign for the organization."))
    bank_account = forms.CharField(label=_("Bank account of the organization"), max_length=40, required=False,
                                   help_text=_("26 digits; spaces are fine."))
    cost_shift_percent = forms.DecimalField(
        label=_("A cost line may grow by at most (%)"), min_value=Decimal("0"), max_value=Decimal("100"),
        decimal_places=2, initial=Decimal("10"),
        help_text=_("Framework contract §5: a larger increase of a cost line breaks the contract."))

    def __init__(self, *args, rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.tranche_rows = []
        for index in range(rows):
            year, value, due = (f"tranche_{index}_year", f"tranche_{index}_amount", f"tranche_{index}_due_on")
            number = index + 1
            self.fields[year] = forms.IntegerField(label=_("Tranche %(n)d: budget year") % {"n": number},
                                                   required=False, min_value=2000, max_value=2100)
            self.fields[value] = AmountField(label=_("Tranche %(n)d: amount (zł)") % {"n": number}, required=False)
            self.fields[due] = forms.DateField(label=_("Tranche %(n)d: paid by") % {"n": number}, required=False,
                                               widget=DateInput())
            self.tranche_rows.append((year, value, due))

    def clean(self):
        cleaned = super().clean()
        for year, value, due in self.tranche_rows:
            filled = [cleaned.get(name) not in (None, "") for name in (year, value, due)]
            if any(filled) and not all(filled):
                for name, present in zip((year, value, due), filled, strict=True):
                    if not present and name not in self.errors:
                        self.add_error(name, _("Fill in the year, the amount and the date, or leave the row empty."))
        return cleaned

    def tranches(self) -> list[tuple[int, Decimal, date]]:
        result = []
        for year, value, due in self.tranche_rows:
            if self.cleaned_data.get(year) and self.cleaned_data.get(value) is not None and self.cleaned_data.get(due):
                result.append((self.cleaned_data[year], self.cleaned_data[value], self.cleaned_data[due]))
        return result

    def tranche_fields(self):
        return [[self[name] for name in row] for row in self.tranche_rows]

    def main_fields(self):
        return [self[name] for name in ("number", "municipality_represented_by", "organization_represented_by",
                                        "bank_account", "cost_shift_percent")]


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()


class SettleForm(forms.Form):
    settled_on = forms.DateField(label=_("Settled on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["settled_on"].initial = timezone.localdate()


# --- Reports -------------------------------------------------------------------------------------------------


class StartReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices, widget=forms.RadioSelect,
                             initial=ReportKind.FINAL)
    period_start = forms.DateField(label=_("Period from (partial report)"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Period to (partial report)"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ReportKind.PARTIAL:
            for name in ("period_start", "period_end"):
                if not cleaned.get(name):
                    self.add_error(name, _("Give the period of the partial report."))
        return cleaned


class PartialReportRequestForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())
    due_on = forms.DateField(label=_("Report due on"), widget=DateInput(),
                             help_text=_("At least 30 days from today (art. 18 of the act)."))


class ReportForm(forms.Form):
    """The report editor: the organization fills in what was reached, done and spent; the planned side comes
    from the contract and is shown, not edited."""

    summary = forms.CharField(label=_("How far were the task's goals reached?"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    additional_information = forms.CharField(label=_("Additional information (Part III)"), required=False,
                                             widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    other_interest = RawAmountField(label=_("Bank interest on the grant (zł)"))
    other_other = RawAmountField(label=_("Other revenue (zł)"))
    other_description = forms.CharField(label=_("What other revenue, and fees collected from beneficiaries"),
                                        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, content: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content
        self.years = list(content.get("years") or [])
        self.initial.setdefault("summary", content.get("summary", ""))
        self.initial.setdefault("additional_information", content.get("additional_information", ""))
        revenue = content.get("other_revenue") or {}
        self.initial.setdefault("other_interest", revenue.get("interest", ""))
        self.initial.setdefault("other_other", revenue.get("other", ""))
        self.initial.setdefault("other_description", revenue.get("description", ""))
        self.result_rows = []
        for index, result in enumerate(content.get("results") or []):
            achieved, comment = f"result_{index}_achieved", f"result_{index}_comment"
            self.fields[achieved] = forms.CharField(
                label=_("Level reached: %(name)s") % {"name": result.get("name")}, required=False, max_length=500,
                initial=result.get("achieved", ""))
            self.fields[comment] = forms.CharField(
                label=_("Comment on the difference: %(name)s") % {"name": result.get("name")}, required=False,
                max_length=2000, initial=result.get("comment", ""))
            self.result_rows.append((result, achieved, comment))
        self.activity_rows = []
        for index, activity in enumerate(content.get("activities") or []):
            name = f"activity_{index}_done"
            self.fields[name] = forms.CharField(
                label=_("What was done: %(name)s") % {"name": activity.get("name")}, required=False, max_length=5000,
                initial=activity.get("done", ""), widget=forms.Textarea(attrs={"rows": 3}))
            self.activity_rows.append((activity, name))
        self.cost_rows = []
        for index, line in enumerate(content.get("costs") or []):
            names = []
            for year in self.years:
                name = f"cost_{index}_{year}"
                label = (_("Spent in %(year)s (zł): %(name)s") % {"year": year, "name": line.get("name")}
                         if len(self.years) > 1 else _("Spent (zł): %(name)s") % {"name": line.get("name")})
                self.fields[name] = RawAmountField(label=label, initial=(line.get("incurred") or {}).get(year, ""))
                self.fields[name].widget.attrs.update({"data-report-cost": line.get("category") or "activity",
                                                       "data-report-year": year})
                names.append(name)
            self.cost_rows.append((index, line, names))
        self.funding_fields = []
        for key in FUNDING_KEYS:
            name = f"funding_{key}"
            self.fields[name] = RawAmountField(label=_("Spent from: %(source)s") % {"source": FUNDING_LABELS[key]},
                                               initial=(content.get("funding_incurred") or {}).get(key, ""))
            self.fields[name].widget.attrs["data-report-funding"] = key
            self.funding_fields.append((key, name))
        statements = content.get("statements") or {}
        self.statement_fields = []
        for key, label in STATEMENT_LABELS.items():
            name = f"statement_{key}"
            self.fields[name] = forms.BooleanField(label=label, required=False, initial=statements.get(key, False))
            self.statement_fields.append(name)

    def bound_results(self):
        return [{"result": result, "achieved": self[achieved], "comment": self[comment]}
                for result, achieved, comment in self.result_rows]

    def bound_activities(self):
        return [{"activity": activity, "done": self[name]} for activity, name in self.activity_rows]

    def bound_costs(self):
        rows = []
        for _index, line, names in self.cost_rows:
            cells = [{"planned": (line.get("planned_years") or {}).get(year, ""), "field": self[name]}
                     for year, name in zip(self.years, names, strict=True)]
            rows.append({"line": line, "cells": cells})
        return rows

    def bound_funding(self):
        planned = self.content.get("funding_planned") or {}
        return [{"key": key, "label": FUNDING_LABELS[key], "field": self[name], "planned": planned.get(key, "")}
                for key, name in self.funding_fields]

    def bound_statements(self):
        return [self[name] for name in self.statement_fields]

    def entries(self) -> dict:
        data = self.cleaned_data
        return {
            "results": {str(i): {"achieved": data.get(f"result_{i}_achieved", ""), "comment": data.get(f"result_{i}_comment", "")}
                        for i in range(len(self.result_rows))},
            "activities": {str(i): {"done": data.get(f"activity_{i}_done", "")} for i in range(len(self.activity_rows))},
            "costs": {str(index): {year: data.get(f"cost_{index}_{year}", "") for year in self.years}
                      for index, _line, _names in self.cost_rows},
            "funding_incurred": {key: data.get(name, "") for key, name in self.funding_fields},
            "other_revenue": {"interest": data.get("other_interest", ""), "other": data.get("other_other", ""),
                              "description": data.get("other_description", "")},
            "summary": data.get("summary", ""),
            "additional_information": data.get("additional_information", ""),
            "statements": {key: bool(data.get(f"statement_{key}")) for key in STATEMENT_LABELS},
        }

    @staticmethod
    def field_for(path: str) -> str | None:
        parts = path.split(".")
        if parts[0] == "costs" and len(parts) == 4:
            return f"cost_{parts[1]}_{parts[3]}"
        if parts[0] == "results" and len(parts) == 3:
            return f"result_{parts[1]}_{parts[2]}"
        if parts[0] == "activities" and len(parts) == 3:
            return f"activity_{parts[1]}_done"
        if parts[0] == "funding_incurred" and len(parts) == 2:
            return f"funding_{parts[1]}"
        if parts[0] == "other_revenue" and len(parts) == 2:
            return f"other_{parts[1]}"
        if parts[0] == "statements" and len(parts) == 2:
            return f"statement_{parts[1]}"
        return parts[0] if parts[0] in ("summary", "additional_information") else None


class ReturnReportForm(forms.Form):
    note = forms.CharField(label=_("What should the organization correct?"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=5000)


class AcceptReportForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=5000)


# --- Small grants --------------------------------------------------------------------------------------------


SMALL_GRANT_COST_ROWS = 8


class SmallGrantForm(forms.Form):
    """The simplified offer (Dz.U. 2018 poz. 2055): basic information, the task, a simple cost estimate,
    the grant against other sources, statements. The organization's data come from its record."""

    organization = forms.TypedChoiceField(label=_("On behalf of"), coerce=int, required=False)
    task_type = forms.CharField(label=_("Type of public task"), max_length=500, required=False,
                                help_text=_("For example: culture, arts, protection of cultural heritage."))
    form = forms.ChoiceField(label=_("The grant should"), choices=TaskForm.choices, initial=TaskForm.SUPPORT,
                             widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title of the task"), max_length=300, required=False)
    start = forms.DateField(label=_("The task starts on"), required=False, widget=DateInput())
    end = forms.DateField(label=_("The task ends on"), required=False, widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=500, required=False)
    synopsis = forms.CharField(label=_("Description of the task"), required=False, max_length=10000,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("What you will do, for whom, and what need it meets."))
    results = forms.CharField(label=_("Expected results"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    paid_activity = forms.ChoiceField(label=_("The task is carried out"), choices=PAID_ACTIVITY_CHOICES, required=False,
                                      widget=forms.RadioSelect)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
            self.fields["organization"].required = True
        self.cost_rows = []
        for index in range(SMALL_GRANT_COST_ROWS):
            n = index + 1
            row = {
                "name": (f"cost_{index}_name", forms.CharField(label=_("Cost %(n)d: what") % {"n": n}, max_length=300,
                                                               required=False)),
                "category": (f"cost_{index}_category", forms.ChoiceField(
                    label=_("Cost %(n)d: kind") % {"n": n}, choices=CostCategory.choices, initial=CostCategory.ACTIVITY,
                    required=False)),
                "unit": (f"cost_{index}_unit", forms.CharField(label=_("Cost %(n)d: unit") % {"n": n}, max_length=60,
                                                               required=False)),
                "quantity": (f"cost_{index}_quantity", forms.CharField(
                    label=_("Cost %(n)d: number of units") % {"n": n}, max_length=20, required=False,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}))),
                "unit_cost": (f"cost_{index}_unit_cost", forms.CharField(
                    label=_("Cost %(n)d: unit cost (zł)") % {"n": n}, max_length=20, required=False,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}))),
            }
            for name, field in row.values():
                self.fields[name] = field
            self.cost_rows.append({key: name for key, (name, _field) in row.items()})
        for key in FUNDING_KEYS:
            self.fields[f"funding_{key}"] = forms.CharField(label=FUNDING_LABELS[key], max_length=20, required=False,
                                                            widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        for key in ARREARS_KEYS:
            label, choices = ARREARS_FIELDS[key]
            self.fields[f"declaration_{key}"] = forms.ChoiceField(label=label, choices=choices, required=False,
                                                                  widget=forms.RadioSelect)
        for key in DECLARATION_KEYS:
            self.fields[f"declaration_{key}"] = forms.BooleanField(label=DECLARATION_LABELS[key], required=False)

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        """Initial values from services.small_grants.form_data()."""
        initial = {key: data.get(key, "") for key in ("task_type", "form", "title", "start", "end", "place", "synopsis",
                                                      "results", "paid_activity")}
        contact = data.get("contact") or {}
        initial.update({"contact_name": contact.get("name", ""), "contact_phone": contact.get("phone", ""),
                        "contact_email": contact.get("email", "")})
        for index, line in enumerate((data.get("costs") or [])[:SMALL_GRANT_COST_ROWS]):
            for key in ("name", "category", "unit", "quantity", "unit_cost"):
                initial[f"cost_{index}_{key}"] = line.get(key, "")
        for key, value in (data.get("funding") or {}).items():
            initial[f"funding_{key}"] = value
        for key, value in (data.get("declarations") or {}).items():
            initial[f"declaration_{key}"] = value
        return initial

    def data_for_service(self) -> dict:
        data = self.cleaned_data
        costs = []
        for row in self.cost_rows:
            values = {key: (data.get(name) or "").strip() if isinstance(data.get(name), str) else data.get(name)
                      for key, name in row.items()}
            if not any(values[key] for key in ("name", "unit", "quantity", "unit_cost")):
                continue
            values["unit_cost"] = _clean_number(values["unit_cost"])
            values["quantity"] = _clean_number(values["quantity"])
            costs.append(values)
        return {
            "task_type": data.get("task_type", ""), "form": data.get("form") or TaskForm.SUPPORT,
            "title": data.get("title", ""), "start": data.get("start"), "end": data.get("end"),
            "place": data.get("place", ""), "synopsis": data.get("synopsis", ""), "results": data.get("results", ""),
            "costs": costs,
            "funding": {key: _clean_number(data.get(f"funding_{key}")) or "0.00" for key in FUNDING_KEYS},
            "contact": {"name": data.get("contact_name", ""), "phone": data.get("contact_phone", ""),
                        "email": data.get("contact_email", "")},
            "paid_activity": data.get("paid_activity", ""),
            "declarations": {**{key: bool(data.get(f"declaration_{key}")) for key in DECLARATION_KEYS},
                             **{key: data.get(f"declaration_{key}") or "" for key in ARREARS_KEYS}},
        }

    def field_for(self, path: str) -> str | None:
        parts = path.split(".")
        if parts[0] == "costs" and len(parts) >= 3 and parts[1].isdigit():
            # Document lines are the filled rows in order.
            filled = [row for row in self.cost_rows if any(
                (self.cleaned_data.get(row[k]) or "") for k in ("name", "unit", "quantity", "unit_cost"))]
            index = int(parts[1])
            if index < len(filled):
                key = parts[2] if parts[2] in ("name", "unit", "quantity", "unit_cost", "category") else "unit_cost"
                return filled[index][key]
            return None
        if parts[0] == "costs":
            return "cost_0_name"
        if parts[0] == "funding":
            return f"funding_{parts[1]}" if len(parts) == 2 else "funding_grant"
        if parts[0] == "contact":
            return "contact_name"
        if parts[0] == "declarations" and len(parts) == 2:
            return f"declaration_{parts[1]}"
        if parts[0] in ("activities",):
            return "synopsis"
        return parts[0]

    def main_fields(self, *names):
        return [self[name] for name in names if name in self.fields]

    def funding_field_list(self):
        return [self[f"funding_{key}"] for key in FUNDING_KEYS]

    def declaration_field_list(self):
        return [self[f"declaration_{key}"] for key in (*ARREARS_KEYS, *DECLARATION_KEYS)]

    def cost_field_rows(self):
        return [{key: self[name] for key, name in row.items()} for row in self.cost_rows]


class SmallGrantCommentForm(forms.Form):
    author_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    # A field people never see (hidden by CSS and from assistive technology): bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, anonymous: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if anonymous:
            self.fields["author_name"].required = True
        else:
            del self.fields["author_name"]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def visible_fields_list(self):
        return [field for field in self if field.name != "website"]


class AwardForm(forms.Form):
    amount = AmountField(label=_("Grant awarded (zł)"), min_value=Decimal("0.01"))
    note = forms.CharField(label=_("Justification (optional)"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class PublicationForm(forms.Form):
    """Where else a small grant offer was published (art. 19a ust. 3): the BIP and the notice board."""

    bip_on = forms.DateField(label=_("Published in the BIP on"), required=False, widget=DateInput())
    board_on = forms.DateField(label=_("Published on the notice board on"), required=False, widget=DateInput())


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Why is the grant not awarded?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class GrantBudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)
    planned_grants = AmountField(label=_("Grants to organizations planned in the budget (zł)"))
