"""Input forms of the evaluation stage. Input validation only: points, amounts, deadlines and states are
checked by grants.services.evaluation, whose ValidationErrors the views put next to these fields (the
services name them the same way: `points_<criterion id>`, `amount_<offer id>`, `justification_<offer id>`,
`note_<requirement id>`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import CommitteeRole, OfferStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


MET_CHOICES = [("yes", _("met")), ("no", _("not met"))]


class OfferFilterForm(forms.Form):
    """The officer's list of a call's offers: one status, or a number, organization or title to look for."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("any status")), *[(value, label) for value, label in OfferStatus.choices if value != OfferStatus.DRAFT]])
    q = forms.CharField(label=_("Number, organization or task"), required=False, max_length=200)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "query": self.cleaned_data["q"].strip()}


class FormalCheckForm(forms.Form):
    """One pair of fields per line of the call's checklist: met or not, and a note (required when not met)."""

    def __init__(self, *args, requirements, results=None, **kwargs):
        super().__init__(*args, **kwargs)
        results = results or {}
        self.requirements = list(requirements)
        for number, requirement in enumerate(self.requirements, 1):
            previous = results.get(requirement.pk)
            self.fields[f"met_{requirement.pk}"] = forms.ChoiceField(
                label=f"{number}. {requirement.text}", choices=MET_CHOICES, widget=forms.RadioSelect,
                initial=None if previous is None else ("yes" if previous.met else "no"))
            self.fields[f"note_{requirement.pk}"] = forms.CharField(
                label=_("Note to requirement %(number)d") % {"number": number}, required=False, max_length=500,
                initial=previous.note if previous else "")

    def results(self) -> dict:
        return {r.pk: (self.cleaned_data[f"met_{r.pk}"] == "yes", self.cleaned_data[f"note_{r.pk}"])
                for r in self.requirements}


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    justification = forms.CharField(label=_("Why the offer is rejected on formal grounds"),
                                    widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.Form):
    note = forms.CharField(label=_("What the offeror must correct"), widget=forms.Textarea(attrs={"rows": 3}))
    due = forms.DateTimeField(label=_("Correct by"), widget=DateTimeInput(),
                              help_text=_("Date and time (Polish time)."))


class AppointForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"),
                             help_text=_("The person must have an account in the portal."))
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeRole.choices)
    nominated_by = forms.ModelChoiceField(
        label=_("Nominated by (for persons nominated by organizations)"), queryset=None, required=False,
        empty_label=_("— not applicable —"))
    is_chair = forms.BooleanField(label=_("Chairs the committee"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominated_by"].queryset = organizations

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == CommitteeRole.NGO_NOMINEE and not cleaned.get("nominated_by"):
            self.add_error("nominated_by", _("Give the organization that nominated this person."))
        return cleaned


class DeclarationForm(forms.Form):
    conflicts = forms.TypedMultipleChoiceField(
        label=_("Offers I have a conflict of interest with"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick an offer if any of the grounds above applies to you; you will not see nor score it."))
    confirm = forms.BooleanField(label=_("I have read the declaration and I sign it"))

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicts"].choices = [
            (offer.pk, f"{offer.organization.name}: {offer.title}") for offer in offers]


class ConflictForm(forms.Form):
    note = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class ScoreForm(forms.Form):
    """Points and a justification per criterion, and an overall comment. Points are text here (a comma is
    fine); the service checks them against each criterion's maximum."""

    comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
        if sheet is not None:
            self.fields["comment"].initial = sheet.comment
        for criterion in self.criteria:
            score = scores.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.CharField(
                label=_("Points for “%(criterion)s” (0 to %(max)d)") % {"criterion": criterion.name,
                                                                      "max": criterion.max_points},
                required=False, max_length=10, initial=score.points if score else "",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "autocomplete": "off"}))
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Justification for “%(criterion)s”") % {"criterion": criterion.name}, required=False,
                initial=score.comment if score else "", widget=forms.Textarea(attrs={"rows": 2}))
        self.order_fields([name for c in self.criteria for name in (f"points_{c.pk}", f"comment_{c.pk}")] + ["comment"])

    def scores(self) -> dict:
        return {c.pk: (self.cleaned_data[f"points_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"]) for c in self.criteria}

    def criterion_rows(self):
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


def _amount_field(label, initial=None):
    return forms.CharField(label=label, required=False, max_length=20, initial=initial,
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 12, "autocomplete": "off"}))


class AmountsForm(forms.Form):
    """The amount proposed for each offer (empty: none)."""

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = list(offers)
        for offer in self.offers:
            self.fields[f"amount_{offer.pk}"] = _amount_field(
                _("Amount proposed for offer %(number)s (zł)") % {"number": offer.number}, offer.proposed_amount)

    def amounts(self) -> dict:
        return {o.pk: self.cleaned_data[f"amount_{o.pk}"] for o in self.offers}

    def rows(self):
        return {o.pk: self[f"amount_{o.pk}"] for o in self.offers}


class DecisionForm(forms.Form):
    reference = forms.CharField(label=_("Executive's decision (number)"), max_length=300,
                                help_text=_("For example: Zarządzenie nr 45/2027 Prezydenta Miasta."))
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = list(offers)
        for offer in self.offers:
            self.fields[f"amount_{offer.pk}"] = _amount_field(
                _("Grant for offer %(number)s (zł; empty: no grant)") % {"number": offer.number},
                offer.proposed_amount)
            self.fields[f"justification_{offer.pk}"] = forms.CharField(
                label=_("Justification for offer %(number)s") % {"number": offer.number}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Required for a refusal or a grant lower than requested; the offeror sees it."))

    def awards(self) -> dict:
        return {o.pk: self.cleaned_data[f"amount_{o.pk}"] for o in self.offers}

    def justifications(self) -> dict:
        return {o.pk: self.cleaned_data[f"justification_{o.pk}"] for o in self.offers}

    def rows(self):
        return [(o, self[f"amount_{o.pk}"], self[f"justification_{o.pk}"]) for o in self.offers]


class PublishResultsForm(forms.Form):
    bip_on = forms.DateField(label=_("Results in the Public Information Bulletin (BIP) on"), widget=DateInput())
    board_on = forms.DateField(label=_("Results on the notice board on"), widget=DateInput())
    website_on = forms.DateField(label=_("Results on the website on"), widget=DateInput())
