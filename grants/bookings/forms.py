"""Forms of bookings: input only (the resource's rules and the states are the services' to check)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Contract
from .enums import WEEKDAYS, BookingStatus
from .models import Resource


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ResourceForm(forms.ModelForm):
    open_weekdays = forms.MultipleChoiceField(label=_("Lent on"), choices=WEEKDAYS,
                                              widget=forms.CheckboxSelectMultiple)
    blackouts = forms.CharField(
        label=_("Not available (blackout dates)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One date or range a line, optionally with a reason: 2026-12-24 – 2026-12-26: holidays."))

    class Meta:
        model = Resource
        fields = ["kind", "name", "description", "address", "capacity", "quantity", "accessibility", "rules",
                  "procedure_url", "open_weekdays", "opens_at", "closes_at", "min_notice_days", "max_booking_hours",
                  "free_for_ngos", "fee_note", "is_published"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "rules": forms.Textarea(attrs={"rows": 6}),
            "opens_at": TimeInput(),
            "closes_at": TimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure_url"].assume_scheme = "https"
        if self.instance.pk and not self.is_bound:
            self.initial["open_weekdays"] = list(self.instance.open_weekdays)

    def clean_open_weekdays(self) -> str:
        return "".join(sorted(self.cleaned_data["open_weekdays"]))

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class BookingForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    participants = forms.IntegerField(label=_("Expected participants"), required=False, min_value=1)
    public_task = forms.CharField(label=_("Public task it serves"), max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("What the organization does with it and for whom."))
    contract = forms.ModelChoiceField(label=_("Grant contract (if the task is funded by the municipality)"),
                                      queryset=Contract.objects.none(), required=False,
                                      empty_label=_("none"))
    needs = forms.CharField(label=_("Needs"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("E.g. tables and chairs, a screen, access to the kitchen, keys the day before."))
    confirm_overlap = forms.BooleanField(
        label=_("I know this time overlaps another booking or request; send the request anyway"), required=False,
        widget=forms.HiddenInput)

    def __init__(self, *args, organizations, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
        contracts = Contract.objects.filter(municipality=municipality,
                                            offer__organization__in=[o.pk for o in organizations])
        if contracts.exists():
            self.fields["contract"].queryset = contracts.select_related("offer").order_by("-task_start", "number")
            self.fields["contract"].label_from_instance = lambda c: f"{c.number} – {c.offer.title}"
        else:
            del self.fields["contract"]
        self.show_confirmation = False

    def ask_to_confirm(self) -> None:
        """Show the confirmation checkbox (hidden until the chosen time overlaps something)."""
        self.show_confirmation = True
        self.fields["confirm_overlap"].widget = forms.CheckboxInput()

    def values(self) -> dict:
        data = self.cleaned_data
        return {"starts_at": data["starts_at"], "ends_at": data["ends_at"], "participants": data.get("participants"),
                "public_task": data["public_task"], "needs": data.get("needs", ""), "contract": data.get("contract")}


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Note to the organization (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("E.g. where to collect the keys."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The organization receives it by e-mail."))


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("any status")), *BookingStatus.choices])
    resource = forms.TypedChoiceField(label=_("Resource"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = [("", _("any resource")), *((r.pk, r.name) for r in resources)]
