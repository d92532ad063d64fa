"""Forms of cooperation programmes: input validation only; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.models import Sphere

from ..forms import DateTimeInput
from .enums import ProgrammeKind
from .models import ZERO


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def amount_field(label, **kwargs):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=ZERO, **kwargs)


class ProgrammeCreateForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of programme"), choices=ProgrammeKind.choices,
                             widget=forms.RadioSelect, initial=ProgrammeKind.ANNUAL)
    first_year = forms.IntegerField(label=gettext_lazy("Year (the first year of a multi-year programme)"),
                                    min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=gettext_lazy("Last year of a multi-year programme"), min_value=2000,
                                   max_value=2100, required=False)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, required=False,
                            help_text=gettext_lazy("Empty: the usual title with the municipality's name and the years."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_year"].initial = timezone.localdate().year + 1

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ProgrammeKind.MULTI_YEAR and not cleaned.get("last_year"):
            self.add_error("last_year", _("Give the last year of a multi-year programme."))
        return cleaned


class SectionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=gettext_lazy("Plain text; an empty line starts a new paragraph."))

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = section.title
        if section.help:
            self.fields["text"].help_text = section.help
        if section.key == "funds":
            self.fields = {"planned_funds": amount_field(gettext_lazy("Funds planned for the programme (zł)"),
                                                         required=False),
                           "text": self.fields["text"]}
            self.fields["text"].label = gettext_lazy("Explanation (e.g. the budget lines)")
        if section.key == "tasks":
            self.fields["text"].label = gettext_lazy("Introduction to the priority tasks")
            self.fields["text"].widget.attrs["rows"] = 5


class PriorityTaskForm(forms.Form):
    sphere = forms.ModelChoiceField(label=gettext_lazy("Sphere of public tasks"), queryset=Sphere.objects.all(),
                                    required=False)
    description = forms.CharField(label=gettext_lazy("Task"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    planned_amount = amount_field(gettext_lazy("Planned amount (zł)"), required=False)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("description") or "").strip() or cleaned.get("planned_amount") is not None:
            if not cleaned.get("sphere"):
                self.add_error("sphere", _("Choose a sphere of public tasks."))
            if not (cleaned.get("description") or "").strip():
                self.add_error("description", _("Describe the task."))
        elif cleaned.get("sphere"):
            self.add_error("description", _("Describe the task."))
        return cleaned


class IndicatorForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Indicator"), max_length=300, required=False)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=60, required=False)
    target = forms.CharField(label=gettext_lazy("Target value"), max_length=100, required=False)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("unit") or cleaned.get("target")) and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Name the indicator."))
        return cleaned


PriorityTaskFormSet = forms.formset_factory(PriorityTaskForm, extra=2, can_delete=True)
IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, can_delete=True)


def used_rows(formset) -> list[dict]:
    """The rows that hold something and are not marked for deletion, in order."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        if any(value not in (None, "") for key, value in data.items() if key != "DELETE"):
            rows.append(data)
    return rows


class ConsultationForm(forms.Form):
    opens_at = forms.DateTimeField(label=gettext_lazy("Consultation opens"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=gettext_lazy("Consultation closes"), widget=DateTimeInput())
    contact_person = forms.CharField(label=gettext_lazy("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=gettext_lazy("Contact e-mail"))
    publish = forms.BooleanField(label=gettext_lazy("Publish the consultation at once"), required=False, initial=True,
                                 help_text=gettext_lazy("Otherwise it waits as a draft in the consultations panel."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opens_at") and cleaned.get("closes_at") and cleaned["closes_at"] <= cleaned["opens_at"]:
            self.add_error("closes_at", _("The consultation closes after it opens."))
        return cleaned


class AdoptForm(forms.Form):
    resolution_number = forms.CharField(label=gettext_lazy("Resolution (number)"), max_length=200,
                                        help_text=gettext_lazy("E.g. “Uchwała nr XII/150/2026 Rady Miejskiej”."))
    resolution_date = forms.DateField(label=gettext_lazy("Date of the resolution"), widget=DateInput())


class ReportCreateForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year reported on"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class ReportForm(forms.Form):
    summary = forms.CharField(label=gettext_lazy("Summary of the year"), required=False,
                              widget=forms.Textarea(attrs={"rows": 8}))
    conclusions = forms.CharField(label=gettext_lazy("Conclusions"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    correction_note = forms.CharField(label=gettext_lazy("What does this correction change?"), max_length=500,
                                      required=False)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        if report.number == 1:
            del self.fields["correction_note"]
        self.value_names = []
        for n, row in enumerate(report.indicator_values):
            name = f"value_{n}"
            target = f"{row.get('target', '')} {row.get('unit', '')}".strip()
            self.fields[name] = forms.CharField(
                label=_("Achieved: %(indicator)s") % {"indicator": row.get("name", "")}, max_length=100, required=False,
                initial=row.get("value", ""),
                help_text=_("Target: %(target)s") % {"target": target} if target else "",
            )
            self.value_names.append(name)

    def values(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in self.value_names]


class LinkConsultationForm(forms.Form):
    """Choose one of `consultations` (selectors.linkable_consultations) to link to the draft."""

    consultation = forms.ModelChoiceField(
        label=gettext_lazy("Consultation"), queryset=None, widget=forms.RadioSelect, empty_label=None,
        help_text=gettext_lazy("Consultations of the cooperation programme made in the consultations panel that "
                               "no other programme links."))

    def __init__(self, *args, consultations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        field.queryset = consultations
        field.label_from_instance = self.label

    @staticmethod
    def label(consultation) -> str:
        opens = timezone.localtime(consultation.opens_at).strftime("%d.%m.%Y")
        closes = timezone.localtime(consultation.closes_at).strftime("%d.%m.%Y")
        return f"{consultation.title} ({consultation.get_status_display()}, {opens}–{closes})"
