"""Forms of partnerships: input only (states, guards and the appointment rules are the services')."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.models import Organization
from cooperation.selectors import address_base

from .enums import PartnerKind, PartnerRole, PartnershipKind, PartnershipStatus
from .models import Partnership


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of partnership"), required=False,
                             choices=[("", _("any kind")), *PartnershipKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("active and ended")), (PartnershipStatus.ACTIVE, _("active")),
                                        (PartnershipStatus.ENDED, _("ended"))])


class PartnershipForm(forms.ModelForm):
    agreement_upload = forms.FileField(
        label=_("The agreement (PDF)"), required=False,
        help_text=_("Up to 10 MB. Public once the partnership is active. A new file replaces the earlier one."))

    class Meta:
        model = Partnership
        fields = ["kind", "name", "goals", "description", "area", "starts_on", "ends_on", "agreement_signed_on",
                  "assessment_rules"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "assessment_rules": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "agreement_signed_on": DateInput(),
        }

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PartnerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of partner"), choices=PartnerKind.choices)
    organization = forms.ModelChoiceField(
        label=_("NGO on the portal"), queryset=Organization.objects.none(), required=False,
        empty_label=_("— not on the portal: give the name —"),
        help_text=_("Organizations confirmed in the municipality. Their members may then record their actions."))
    name = forms.CharField(label=_("Name"), max_length=300, required=False,
                           help_text=_("For a partner not on the portal. For the municipality, leave it empty."))
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices, initial=PartnerRole.PARTNER)
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DateInput(),
                                help_text=_("Empty: the partnership's start (or today, if it is active)."))
    website = forms.URLField(label=_("Page reporting the partnership"), required=False, assume_scheme="https",
                             help_text=_("The partner's web page on the partnership, its goals and results."))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = address_base(municipality).prefetch_related(None)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class PartnerEditForm(forms.Form):
    """A partner's details that may be corrected; its kind and its organization on the portal stay."""

    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    website = forms.URLField(label=_("Page reporting the partnership"), required=False, assume_scheme="https",
                             help_text=_("The partner's web page on the partnership, its goals and results."))

    def __init__(self, *args, partner, **kwargs):
        initial = {"name": partner.name, "role": partner.role, "joined_on": partner.joined_on,
                   "website": partner.website}
        super().__init__(*args, initial=initial, **kwargs)
        if partner.organization_id is not None:
            del self.fields["name"]  # the organization's own name, kept up to date by the organization

    def values(self) -> dict:
        return dict(self.cleaned_data)


class RepresentativeForm(forms.Form):
    full_name = forms.CharField(label=_("Name and surname"), max_length=200)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    order_number = forms.CharField(label=_("Number of the executive's order"), max_length=100, required=False,
                                   help_text=_("For the municipality's representative, e.g. 0050.12.2026."))
    selection_method = forms.CharField(label=_("How the NGOs selected the representative"), max_length=300,
                                       required=False,
                                       help_text=_("For an NGO's representative, e.g. a vote at the NGOs' meeting."))
    appointed_on = forms.DateField(label=_("Date of the order or selection"), widget=DateInput())
    starts_on = forms.DateField(label=_("Represents from"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Represents until"), required=False, widget=DateInput())

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    responsible = forms.ModelChoiceField(label=_("Responsible partner"), queryset=None, empty_label=None)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        field.queryset = partners
        field.label_from_instance = lambda partner: partner.display_name

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ResultsForm(forms.Form):
    results = forms.CharField(label=_("Results of the partnership"), widget=forms.Textarea(attrs={"rows": 8}),
                              max_length=20000)


class AssessmentForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"))
    score = forms.TypedChoiceField(label=_("Score"), coerce=int, widget=forms.RadioSelect,
                                   choices=[(n, str(n)) for n in range(1, 6)],
                                   help_text=_("1: hardly engaged, 5: fully engaged, by the agreement's rules."))
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, partners, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year - 1)
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        field.queryset = partners
        field.label_from_instance = lambda partner: partner.display_name


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DateInput(),
                               help_text=_("Empty: today."))
