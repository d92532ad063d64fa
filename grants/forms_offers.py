"""The offer editor's forms, one set per section of the 2018 template. They only read and write the draft
document (grants/offer_content.py): every field is lenient text, so whatever the person typed is stored by
the autosave and shown again with its problem next to it; `check()` (run by the service) decides what is
wrong. Repeating rows (offerors, activities, results, cost lines) are formsets; rows are added and removed by
submit buttons that work without JavaScript (static/js/grants_offer.js adds rows in place)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from . import offer_content
from .offer_content import LONG_TEXT, MAX_ROWS, SHORT_TEXT

POLISH_DATE = re.compile(r"^\s*(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})\s*$")


@dataclass(frozen=True)
class Section:
    slug: str
    number: str
    title: str


SECTIONS = [
    Section("oferent", "I–II", _("Offeror")),
    Section("zadanie", "III", _("Description of the task")),
    Section("charakterystyka", "IV", _("About the offeror")),
    Section("koszty", "V", _("Costs and funding")),
    Section("inne", "VI", _("Other information")),
]
SECTION_SLUGS = [section.slug for section in SECTIONS]
ATTACHMENTS_SECTION = Section("zalaczniki", "", _("Attachments"))
SUBMIT_SECTION = Section("zlozenie", "VII", _("Declarations and submission"))


def _text(label, *, long=False, required=False, **kwargs):
    widget = forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput()
    return forms.CharField(label=label, required=required, max_length=LONG_TEXT if long else SHORT_TEXT,
                           widget=widget, **kwargs)


def _amount(label, **kwargs):
    return forms.CharField(label=label, required=False, max_length=40, widget=forms.TextInput(attrs={
        "inputmode": "decimal", "autocomplete": "off", "class": "amount", "data-money": "",
    }), **kwargs)


class DateText(forms.CharField):
    """A date typed as 2027-03-01 (the browser's date picker) or 15.03.2027; stored as ISO when it reads,
    as typed otherwise (check() reports it)."""

    widget = forms.DateInput(attrs={"type": "date"})

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=20, **kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        match = POLISH_DATE.match(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            value = f"{year:04d}-{month:02d}-{day:02d}"
        return value


# --- I-II: the offeror(s) and the contact person ----------------------------------------------------------------


class OfferorForm(forms.Form):
    name = _text(_("Name"))
    legal_form = _text(_("Legal form"))
    register = _text(_("Number in the National Court Register (KRS) or another register"))
    address = _text(_("Address of the seat"))
    correspondence_address = _text(_("Address for correspondence"), help_text=_("If other than the seat."))
    website = _text(_("Website"))
    email = _text(_("E-mail"))
    phone = _text(_("Phone"))


class ContactForm(forms.Form):
    name = _text(_("Name and surname"))
    phone = _text(_("Phone"))
    email = _text(_("E-mail"))


# --- III: the task ----------------------------------------------------------------------------------------------


class TaskForm(forms.Form):
    title = _text(_("Title of the public task"))
    start = DateText(label=_("Start date"))
    end = DateText(label=_("End date"))
    synopsis = _text(_("Synopsis of the task"), long=True, help_text=_(
        "Where the task takes place, its target group, how it solves their problems or meets their needs, and how "
        "it complements other activities of your organization or of others."))


class ActivityForm(forms.Form):
    id = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput(attrs={"data-row-id": ""}))
    year = forms.ChoiceField(label=_("Year"), required=False)
    name = _text(_("Name of the activity"))
    description = _text(_("Description"), long=True)
    target_group = _text(_("Target group"))
    period = _text(_("Planned dates"), help_text=_("For example: March–June 2027."))
    subcontractor = _text(_("Part done by an entity that is not a party to the contract"),
                          help_text=_("Leave empty when there is none."))

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = (self.data.get(self.add_prefix("year")) if self.is_bound else None) or ""
        choices = [("", "—"), *[(y, y) for y in years]]
        if current and current not in years:
            choices.append((current, current))
        self.fields["year"].choices = choices


class ResultsDescriptionForm(forms.Form):
    products = _text(_("What will be the direct effect (products or services for the participants)?"), long=True)
    change = _text(_("What social change will the task bring?"), long=True)
    sustainability = _text(_("Will the results be used in your further activities (sustainability)?"), long=True)


class ResultForm(forms.Form):
    name = _text(_("Result"))
    target = _text(_("Planned level (target value)"))
    monitoring = _text(_("How it is monitored, source of information"))


# --- IV: the offeror's characteristics ---------------------------------------------------------------------------


class CharacteristicsForm(forms.Form):
    experience = _text(_("Earlier activity of the offeror, especially in the field of the task"), long=True)
    resources = _text(_("Human, material and financial resources used for the task"), long=True)


# --- V: costs and funding ------------------------------------------------------------------------------------------


class CostForm(forms.Form):
    id = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput(attrs={"data-row-id": ""}))
    category = forms.ChoiceField(label=_("Kind of cost"), required=False, choices=[
        ("activity", _("cost of an activity")), ("administrative", _("administrative cost"))])
    activity_id = forms.ChoiceField(label=_("Activity"), required=False)
    name = _text(_("Cost"))
    unit = forms.CharField(label=_("Unit"), required=False, max_length=100,
                           help_text=_("For example: hour, piece, month."))
    unit_cost = _amount(_("Unit cost (PLN)"))
    quantity = forms.CharField(label=_("Number of units"), required=False, max_length=40, widget=forms.TextInput(
        attrs={"inputmode": "decimal", "autocomplete": "off", "class": "amount", "data-quantity": ""}))
    offeror = forms.ChoiceField(label=_("Offeror bearing the cost"), required=False)

    def __init__(self, *args, activities=(), offerors=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        self.fields["activity_id"].choices = [("", "—"), *activities]
        if len(offerors) > 1:
            self.fields["offeror"].choices = [(str(i), name or str(i + 1)) for i, name in enumerate(offerors)]
        else:
            del self.fields["offeror"]
        for year in self.years:
            self.fields[f"year_{year}"] = _amount(_("Value in %(year)s (PLN)") % {"year": year})
            self.fields[f"year_{year}"].widget.attrs["data-year"] = year

    def year_fields(self):
        return [self[f"year_{year}"] for year in self.years]


class FundingForm(forms.Form):
    grant = _amount(_("Grant requested"))
    own_financial = _amount(_("Own financial contribution"))
    own_non_financial = _amount(_("Own non-financial contribution (personal and in kind)"),
                                help_text=_("Work of volunteers and members, and things lent or given."))
    beneficiary_fees = _amount(_("Fees from the beneficiaries of the task"),
                               help_text=_("Only when the task is carried out for a fee."))


# --- VI: other information ------------------------------------------------------------------------------------------


class OtherForm(forms.Form):
    paid_activity = forms.ChoiceField(
        label=_("Will the task be carried out for a fee?"), required=False, widget=forms.RadioSelect,
        choices=[("unpaid", _("free of charge (unpaid public benefit activity)")),
                 ("paid", _("for a fee (paid public benefit activity)")),
                 ("both", _("partly free of charge, partly for a fee"))])
    joint_roles = _text(_("What each offeror does and how the offerors are represented to the authority"), long=True)
    other_information = _text(_("Other information that may matter in the evaluation, also about the costs"),
                              long=True)

    def __init__(self, *args, joint=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not joint:
            del self.fields["joint_roles"]


# --- VII: declarations ------------------------------------------------------------------------------------------------


class DeclarationsForm(forms.Form):
    only_statutory_activity = forms.BooleanField(required=False, label=_(
        "The task will be carried out only within the public benefit activity of the offeror(s)."))
    fees_only_in_paid_activity = forms.BooleanField(required=False, label=_(
        "Fees will be collected only within the paid public benefit activity."))
    tax_arrears = forms.ChoiceField(label=_("Taxes"), required=False, widget=forms.RadioSelect, choices=[
        ("none", _("the offeror(s) have no tax arrears")), ("arrears", _("the offeror(s) have tax arrears"))])
    social_insurance_arrears = forms.ChoiceField(label=_("Social insurance contributions"), required=False,
                                                 widget=forms.RadioSelect, choices=[
        ("none", _("the offeror(s) have no social insurance arrears")),
        ("arrears", _("the offeror(s) have social insurance arrears"))])
    register_data_current = forms.BooleanField(required=False, label=_(
        "The data in section II agree with the National Court Register or another register."))
    information_true = forms.BooleanField(required=False, label=_(
        "All information in the offer and its attachments agrees with the current legal and factual state."))
    personal_data_consents = forms.BooleanField(required=False, label=_(
        "The people whose personal data the offer contains have made the statements the data protection law "
        "requires."))


# --- Attachments and the officer's request for a correction -----------------------------------------------------------


class AttachmentForm(forms.Form):
    requirement = forms.TypedChoiceField(label=_("Which attachment is it?"), required=False, coerce=int,
                                         empty_value=None)
    title = forms.CharField(label=_("Title"), required=False, max_length=300,
                            help_text=_("Leave empty to use the name of the required attachment or of the file."))
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, ODT, PNG or JPEG, at most 10 MB."))

    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [("", _("another attachment")),
                                              *[(r.pk, r.name) for r in requirements]]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CorrectionRequestForm(forms.Form):
    note = forms.CharField(label=_("What should the organization correct?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    due = forms.DateTimeField(label=_("Correct by (Warsaw time)"), widget=DateTimeInput(),
                              input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


# --- A section of the editor as a whole ----------------------------------------------------------------------------------


FORMSETS = {
    "offerors": (OfferorForm, MAX_ROWS["offerors"]),
    "activities": (ActivityForm, MAX_ROWS["activities"]),
    "results": (ResultForm, MAX_ROWS["results"]),
    "costs": (CostForm, MAX_ROWS["costs"]),
}
SECTION_PARTS = {
    "oferent": ["offerors", "contact"],
    "zadanie": ["task", "activities", "results_description", "results"],
    "charakterystyka": ["characteristics"],
    "koszty": ["costs", "funding"],
    "inne": ["other"],
    "zlozenie": ["declarations"],
}
SINGLE_FORMS = {
    "contact": ContactForm, "task": TaskForm, "results_description": ResultsDescriptionForm,
    "characteristics": CharacteristicsForm, "funding": FundingForm, "other": OtherForm,
    "declarations": DeclarationsForm,
}
NEW_ROWS = {
    "offerors": {}, "activities": {}, "results": {},
    "costs": {"category": "activity", "unit_cost": "", "quantity": "", "years": {}},
}


def _formset_class(name):
    form, limit = FORMSETS[name]
    return forms.formset_factory(form, extra=0, max_num=limit, absolute_max=limit, validate_max=True)


def _flatten(prefix: str, values: dict, fields) -> dict:
    return {f"{prefix}-{name}": "" if values.get(name) is None else values.get(name) for name in fields}


class SectionForms:
    """The forms of one section, bound either to the POST or to the draft (so a page always shows what is
    stored, with the problems next to the fields)."""

    def __init__(self, section: str, content: dict, *, data=None, call_years=()):
        self.section = section
        self.content = offer_content.normalize(content)
        self.call_years = [str(y) for y in call_years]
        self.parts = SECTION_PARTS[section]
        self.extra_errors: dict[str, list[str]] = {part: [] for part in self.parts}
        self.bound_to_post = data is not None
        data = data if data is not None else self._data_from_content()
        self.forms = {part: self._build(part, data) for part in self.parts}

    # Context shared by the row forms.
    @property
    def joint(self) -> bool:
        return len(self.content["offerors"]) > 1

    def task_years(self) -> list[str]:
        return offer_content.task_years(self.content)

    def cost_years(self) -> list[str]:
        """Year columns of the cost lines: the task's years when it spans more than one, plus any year a line
        still carries (after the dates changed), so it can be seen and cleared."""
        years = self.task_years()
        columns = list(years) if len(years) > 1 else []
        for line in self.content["costs"]:
            for year, value in line["years"].items():
                if year not in columns and value and (len(years) != 1 or year != years[0]):
                    columns.append(year)
        return sorted(columns)

    def _form_kwargs(self, part: str) -> dict:
        if part == "activities":
            return {"years": self.task_years() or self.call_years}
        if part == "costs":
            activities = [(a["id"], a["name"] or _("activity %(n)d") % {"n": i + 1})
                          for i, a in enumerate(self.content["activities"])]
            return {"activities": activities, "offerors": [o["name"] for o in self.content["offerors"]],
                    "years": self.cost_years()}
        return {}

    def _build(self, part: str, data):
        kwargs = self._form_kwargs(part)
        if part in FORMSETS:
            return _formset_class(part)(data=data, prefix=part, form_kwargs=kwargs)
        if part == "other":
            kwargs["joint"] = self.joint
        return SINGLE_FORMS[part](data=data, prefix=part, **kwargs)

    def _data_from_content(self) -> dict:
        content = self.content
        data: dict = {}
        for part in self.parts:
            if part in FORMSETS:
                rows = content[part]
                data[f"{part}-TOTAL_FORMS"] = str(len(rows))
                data[f"{part}-INITIAL_FORMS"] = "0"
                for index, row in enumerate(rows):
                    values = dict(row)
                    if part == "costs":
                        values["offeror"] = "" if row["offeror"] is None else str(row["offeror"])
                        values["activity_id"] = row["activity_id"] or ""
                        for year, value in row["years"].items():
                            values[f"year_{year}"] = value
                    data.update({f"{part}-{index}-{k}": "" if v is None else v for k, v in values.items()
                                 if not isinstance(v, dict)})
            elif part == "contact":
                data.update(_flatten("contact", content["contact"], ContactForm.base_fields))
            elif part == "task":
                data.update(_flatten("task", content, TaskForm.base_fields))
            elif part == "results_description":
                data.update(_flatten("results_description", content["results_description"],
                                     ResultsDescriptionForm.base_fields))
            elif part == "characteristics":
                data.update(_flatten("characteristics", content, CharacteristicsForm.base_fields))
            elif part == "funding":
                data.update(_flatten("funding", content["funding"], FundingForm.base_fields))
            elif part == "other":
                data.update(_flatten("other", content, OtherForm.base_fields))
            elif part == "declarations":
                declarations = content["declarations"]
                for key in offer_content.DECLARATION_KEYS:
                    if declarations.get(key):
                        data[f"declarations-{key}"] = "on"
                for key in offer_content.ARREARS_KEYS:
                    data[f"declarations-{key}"] = declarations.get(key, "")
        return data

    def is_valid(self) -> bool:
        return all(form.is_valid() for form in self.forms.values())

    # The section's part of the document, from valid forms.
    def values(self, *, add_row: str = "", remove_row: str = "") -> dict:
        result: dict = {}
        for part, form in self.forms.items():
            if part in FORMSETS:
                rows = [self._row(part, row_form) for row_form in form.forms]
                if remove_row.startswith(f"{part}-"):
                    try:
                        index = int(remove_row.rsplit("-", 1)[1])
                    except ValueError:
                        index = -1
                    if 0 <= index < len(rows):
                        rows.pop(index)
                if add_row == part and len(rows) < FORMSETS[part][1]:
                    rows.append(dict(NEW_ROWS[part]))
                result[part] = rows
            elif part == "contact":
                result["contact"] = dict(form.cleaned_data)
            elif part == "results_description":
                result["results_description"] = dict(form.cleaned_data)
            elif part == "funding":
                result["funding"] = dict(form.cleaned_data)
            elif part == "declarations":
                result["declarations"] = dict(form.cleaned_data)
            else:
                result.update(form.cleaned_data)
        return result

    def _row(self, part: str, form) -> dict:
        cleaned = dict(form.cleaned_data)
        if part == "offerors":
            cleaned["organization_id"] = None
        if part == "costs":
            cleaned["years"] = {year: cleaned.pop(f"year_{year}", "") for year in form.years}
            cleaned["years"] = {y: v for y, v in cleaned["years"].items() if v}
            offeror = cleaned.get("offeror")
            cleaned["offeror"] = int(offeror) if offeror not in (None, "") else None
        return cleaned

    # Problems of check() placed next to their fields.
    def place(self, problems) -> list[tuple[str, str, str]]:
        """Put every problem of this section next to its field; returns (label, message, anchor) for the
        page's error summary."""
        summary = []
        for path, message in problems:
            location = locate(path)
            if location is None or location.part not in self.forms:
                continue
            form = self.forms[location.part]
            anchor = f"{location.part}-errors"
            label = ""
            if location.index is not None:
                if location.index >= len(form.forms):
                    continue
                form = form.forms[location.index]
            elif location.part in FORMSETS:
                self.extra_errors[location.part].append(message)
                summary.append((part_label(location.part), message, anchor))
                continue
            if location.field and location.field in form.fields:
                form.add_error(location.field, message)
                anchor = form[location.field].auto_id
                if isinstance(form.fields[location.field].widget, forms.RadioSelect):
                    anchor = f"{anchor}_0"
                label = str(form.fields[location.field].label)
            else:
                form.add_error(None, message)
                anchor = f"{form.prefix}-errors"
            if location.index is not None:
                label = f"{row_label(location.part, location.index)}: {label}" if label else \
                    row_label(location.part, location.index)
            summary.append((label or part_label(location.part), message, anchor))
        return summary


@dataclass(frozen=True)
class Location:
    section: str
    part: str
    index: int | None
    field: str | None


TOP_LEVEL = {
    "title": ("zadanie", "task"), "start": ("zadanie", "task"), "end": ("zadanie", "task"),
    "synopsis": ("zadanie", "task"), "experience": ("charakterystyka", "characteristics"),
    "resources": ("charakterystyka", "characteristics"), "paid_activity": ("inne", "other"),
    "joint_roles": ("inne", "other"), "other_information": ("inne", "other"),
}
NESTED = {
    "contact": "oferent", "results_description": "zadanie", "funding": "koszty", "declarations": "zlozenie",
}
LIST_SECTIONS = {"offerors": "oferent", "activities": "zadanie", "results": "zadanie", "costs": "koszty"}


def locate(path: str) -> Location | None:
    """Where a check() path is edited: section, form (part), row and field."""
    parts = path.split(".")
    head = parts[0]
    if head in TOP_LEVEL:
        section, part = TOP_LEVEL[head]
        return Location(section, part, None, head)
    if head in NESTED:
        return Location(NESTED[head], head, None, parts[1] if len(parts) > 1 else None)
    if head in LIST_SECTIONS:
        if len(parts) == 1:
            return Location(LIST_SECTIONS[head], head, None, None)
        index = int(parts[1]) if parts[1].isdigit() else None
        field = parts[2] if len(parts) > 2 else None
        if head == "costs" and field == "years":
            field = f"year_{parts[3]}" if len(parts) > 3 else None
        return Location(LIST_SECTIONS[head], head, index, field)
    if head == "attachments":
        return Location(ATTACHMENTS_SECTION.slug, "attachments", None, parts[1] if len(parts) > 1 else None)
    return None


PART_LABELS = {
    "offerors": _("II.1 Offerors"), "contact": _("II.2 Person who answers questions"),
    "task": _("III.1–3 The task"), "activities": _("III.4 Plan and schedule of activities"),
    "results_description": _("III.5 Expected results"), "results": _("III.6 Results"),
    "characteristics": _("IV About the offeror"), "costs": _("V.A Costs"), "funding": _("V.B Sources of funding"),
    "other": _("VI Other information"), "declarations": _("VII Declarations"), "attachments": _("Attachments"),
}
ROW_LABELS = {
    "offerors": _("Offeror %(n)d"), "activities": _("Activity %(n)d"), "results": _("Result %(n)d"),
    "costs": _("Cost %(n)d"),
}


def part_label(part: str) -> str:
    return str(PART_LABELS.get(part, part))


def row_label(part: str, index: int) -> str:
    return str(ROW_LABELS[part] % {"n": index + 1})
