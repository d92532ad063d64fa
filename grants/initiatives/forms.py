"""Forms of the local initiative: input validation only; the services check the rest."""

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from .enums import ApplicantKind, InitiativeScope, MunicipalShare
from .models import SCORE_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_HELP = _("In złoty, for example 1250.50.")


class AmountField(forms.DecimalField):
    """A decimal typed the Polish way too: "1 250,50" reads as 1250.50."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


def money_field(label, required=False, help_text=MONEY_HELP):
    return AmountField(label=label, required=required, min_value=Decimal("0"), max_digits=12,
                              decimal_places=2, help_text=help_text,
                              widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class ScheduleRowForm(forms.Form):
    step = forms.CharField(label=_("Step"), max_length=300, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        if (data.get("start") or data.get("end")) and not (data.get("step") or "").strip():
            self.add_error("step", _("Name the step."))
        return data


class InKindRowForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=300, required=False)
    value = money_field(_("Value (zł)"), help_text="")

    def clean(self):
        data = super().clean()
        if data.get("value") and not (data.get("item") or "").strip():
            self.add_error("item", _("Name the item."))
        return data


class MunicipalRowForm(forms.Form):
    item = forms.CharField(label=_("What"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("How"), choices=[("", "—"), *MunicipalShare.choices], required=False)
    value = money_field(_("Estimated value (zł)"), help_text="")

    def clean(self):
        data = super().clean()
        if (data.get("value") or data.get("kind")) and not (data.get("item") or "").strip():
            self.add_error("item", _("Say what the municipality should buy or lend."))
        return data


ScheduleFormSet = formset_factory(ScheduleRowForm, extra=0)
InKindFormSet = formset_factory(InKindRowForm, extra=0)
MunicipalFormSet = formset_factory(MunicipalRowForm, extra=0)
EXTRA_ROWS = 3


def rows_formsets(data=None, *, schedule=(), in_kind=(), municipal_items=()):
    """The three tables of rows, each with its stored rows and a few empty ones."""
    def initial(rows, blank):
        return [*[dict(row) for row in rows], *[dict(blank) for _ in range(EXTRA_ROWS)]]

    return {
        "schedule": ScheduleFormSet(data, prefix="schedule", initial=initial(schedule, {"step": ""})),
        "in_kind": InKindFormSet(data, prefix="in_kind", initial=initial(in_kind, {"item": ""})),
        "municipal_items": MunicipalFormSet(data, prefix="municipal", initial=initial(municipal_items, {"item": ""})),
    }


def formset_rows(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]


class ApplicationForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("Who applies"), choices=ApplicantKind.choices,
                                       widget=forms.RadioSelect, initial=ApplicantKind.RESIDENTS)
    organization = forms.TypedChoiceField(label=_("Organization"), coerce=int, required=False,
                                          help_text=_("An organization confirmed in this municipality, of which you "
                                                      "are a member."))
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    residents_count = forms.IntegerField(label=_("Number of residents involved"), min_value=1, initial=1)
    title = forms.CharField(label=_("Title of the initiative"), max_length=300)
    scope = forms.ChoiceField(label=_("The matter it concerns (art. 19b)"),
                              choices=[("", "—"), *InitiativeScope.choices], required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                                  help_text=_("What you want to do, for whom and why the neighbourhood needs it."))
    place = forms.CharField(label=_("Place in the municipality"), max_length=300, required=False,
                            help_text=_("The address or a description of the place; it must be in this municipality."))
    start = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end = forms.DateField(label=_("End"), required=False, widget=DATE)
    social_work_people = forms.IntegerField(label=_("People doing social work"), min_value=0, initial=0,
                                            required=False)
    social_work_hours = AmountField(label=_("Hours of social work in total"), min_value=Decimal("0"),
                                           max_digits=8, decimal_places=1, initial=0, required=False,
                                           widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    social_work_description = forms.CharField(label=_("What work the residents do"), required=False,
                                              widget=forms.Textarea(attrs={"rows": 3}))
    money_contribution = money_field(_("Money from the residents (zł)"))

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = list(organizations)
        if self.organizations:
            self.fields["organization"].choices = [("", "—"), *[(o.pk, o.name) for o in self.organizations]]
        else:
            del self.fields["applicant_kind"]
            del self.fields["organization"]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        if data.get("applicant_kind") == ApplicantKind.ORGANIZATION and not data.get("organization"):
            self.add_error("organization", _("Choose the organization you apply through."))
        return data

    def chosen_organization(self):
        if self.cleaned_data.get("applicant_kind") != ApplicantKind.ORGANIZATION:
            return None
        return next((o for o in self.organizations if o.pk == self.cleaned_data.get("organization")), None)

    def service_data(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if key not in ("applicant_kind", "organization")}
        data["social_work_hours"] = data.get("social_work_hours") or Decimal("0")
        data["social_work_people"] = data.get("social_work_people") or 0
        data["money_contribution"] = data.get("money_contribution") or Decimal("0.00")
        data["scope"] = data.get("scope") or ""
        return data


class RulesForm(forms.Form):
    resolution_number = forms.CharField(label=_("Resolution number"), max_length=100)
    resolution_date = forms.DateField(label=_("Resolution date"), widget=DATE)
    resolution_url = forms.URLField(label=_("Link to the resolution"), required=False)
    mode = forms.CharField(label=_("The mode of applying and assessing"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    hour_value = money_field(_("Value of one hour of social work (zł)"), required=True,
                             help_text=_("Used to value the residents' social work."))


class CriterionRowForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=1000, required=False)
    weight = AmountField(label=_("Weight"), min_value=Decimal("0.01"), max_digits=5, decimal_places=2,
                                required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    is_social_work = forms.BooleanField(label=_("Social work"), required=False)

    def clean(self):
        data = super().clean()
        if (data.get("name") or "").strip() and data.get("weight") is None:
            self.add_error("weight", _("Give the weight."))
        return data


CriterionFormSet = formset_factory(CriterionRowForm, extra=0)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What the applicant should complete"), widget=forms.Textarea(attrs={"rows": 4}))


class AssessmentForm(forms.Form):
    justification = forms.CharField(label=_("Purposefulness for local needs"),
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("Why the initiative does (or does not) answer the needs of the local "
                                                "community (art. 19c ust. 2)."))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name, min_value=0, max_value=SCORE_MAX,
                help_text=_("0 to %(max)d points × weight %(weight)s") % {"max": SCORE_MAX, "weight": criterion.weight})

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data.get(f"points_{c.pk}") for c in self.criteria}

    def point_fields(self):
        return [self[f"points_{c.pk}"] for c in self.criteria]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("accept", _("Accept the initiative")), ("reject", _("Reject it"))])
    reasons = forms.CharField(label=_("Reasons (sent to the applicant)"), widget=forms.Textarea(attrs={"rows": 4}))


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Agreement number"), max_length=60)
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE)
    municipality_represented_by = forms.CharField(label=_("The municipality is represented by"), max_length=300,
                                                  required=False)
    applicant_represented_by = forms.CharField(label=_("The applicants are represented by"), max_length=300,
                                               required=False)
    social_work_hours = AmountField(label=_("Hours of social work in total"), min_value=Decimal("0"),
                                           max_digits=8, decimal_places=1,
                                           widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    social_work_description = forms.CharField(label=_("What work the residents do"), required=False,
                                              widget=forms.Textarea(attrs={"rows": 3}))
    money_contribution = money_field(_("Money from the residents (zł)"), required=True)


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)


class CompletionForm(forms.Form):
    actual_hours = AmountField(label=_("Hours of social work actually done"), min_value=Decimal("0"),
                                      max_digits=8, decimal_places=1,
                                      widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    actual_money = money_field(_("Money the residents actually contributed (zł)"), required=True)
    actual_in_kind = money_field(_("In kind the residents actually contributed (zł)"), required=True)
    actual_municipal = money_field(_("What the municipality actually spent (zł)"), required=True)
    result = forms.CharField(label=_("The result"), widget=forms.Textarea(attrs={"rows": 4}))
