"""Open calls: the officer's panel (list with drafts, the call form with its parts, publishing with the three
announcement dates, copying, cancellation, the municipality's grant rules) and the public pages (the
municipality's list, the portal-wide list with filters, one call with everything art. 13 ust. 2 requires, its
calendar file, the cancellation notice, the Atom feed and open data).

Forms here only validate input; the services check the terms and the law and their ValidationErrors are put
next to the fields, so a refused form keeps everything the officer typed."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from cooperation import exporting, ics
from cooperation.exceptions import DomainError
from cooperation.forms import DateInput, SphereChoiceField
from cooperation.models import Sphere
from cooperation.views.helpers import municipal_object_view, municipality_perm

from ..enums import CallStatus, OfferStatus, StatutoryCriterion, TaskForm
from ..models import Call, GrantRules
from ..selectors import calls as selectors
from ..services import calls as services

MANAGE = "grants.manage_calls"
PAGE_SIZE = 20
FEED_SIZE = 30
officer_view = municipal_object_view(MANAGE, Call)


# =============================================================================================================
# Forms
# =============================================================================================================


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AmountInput(forms.TextInput):
    """Amounts typed the Polish way ("12 345,67") or the English way ("12,345.67"); shown without grouping."""

    def __init__(self, **kwargs):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **kwargs.pop("attrs", {})}, **kwargs)

    def format_value(self, value):
        if isinstance(value, Decimal):
            from django.utils.translation import get_language

            text = f"{value:.2f}"
            return text.replace(".", ",") if (get_language() or "pl").startswith("pl") else text
        return super().format_value(value)


class AmountField(forms.DecimalField):
    widget = AmountInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            text = re.sub(r"[\s\u00a0\u202f]", "", value).removesuffix("zł").removesuffix("%")
            if "," in text and "." in text:
                decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
                text = text.replace("." if decimal_mark == "," else ",", "")
            value = text.replace(",", ".")
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(_("Enter an amount, for example 12 345,67."), code="invalid") from None


class CallForm(forms.ModelForm):
    """The terms of a call (art. 13 ust. 2); its parts are the formsets below."""

    spheres = SphereChoiceField(
        label=gettext_lazy("Spheres of public tasks"), queryset=Sphere.objects.order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Art. 4 ust. 1 of the act; choose every sphere the tasks fall within."))
    total_funds = AmountField(label=gettext_lazy("Public funds for the call (zł)"))
    min_grant = AmountField(label=gettext_lazy("Smallest grant (zł)"), required=False)
    max_grant = AmountField(label=gettext_lazy("Largest grant (zł)"), required=False)
    min_own_financial_percent = AmountField(
        label=gettext_lazy("Own financial contribution, at least (percent of all costs)"), max_value=Decimal("100"),
        max_digits=5, initial=Decimal("0"))
    min_own_total_percent = AmountField(
        label=gettext_lazy("Own contribution in total, at least (percent of all costs)"), max_value=Decimal("100"),
        max_digits=5, initial=Decimal("0"),
        help_text=gettext_lazy("Financial and non-financial (personal and in-kind) together."))
    admin_costs_cap_percent = AmountField(
        label=gettext_lazy("Administrative costs, at most (percent of all costs)"), max_value=Decimal("100"),
        max_digits=5, required=False, help_text=gettext_lazy("Leave empty for no cap."))
    deadline = forms.DateTimeField(
        label=gettext_lazy("Offers accepted until"), widget=DateTimeInput(),
        help_text=gettext_lazy("Date and time in Polish time. Offers are accepted until the end of that minute."))

    class Meta:
        model = Call
        fields = ["number", "title", "task_type", "spheres", "form", "total_funds", "min_grant", "max_grant",
                  "min_own_financial_percent", "min_own_total_percent", "admin_costs_cap_percent",
                  "task_start_earliest", "task_end_latest", "grant_rules_text", "task_conditions_text",
                  "selection_text", "deadline", "selection_by", "contact_person", "contact_email"]
        widgets = {
            "form": forms.RadioSelect,
            "task_type": forms.Textarea(attrs={"rows": 3}),
            "task_start_earliest": DateInput(), "task_end_latest": DateInput(), "selection_by": DateInput(),
            "grant_rules_text": forms.Textarea(attrs={"rows": 6}),
            "task_conditions_text": forms.Textarea(attrs={"rows": 6}),
            "selection_text": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "task_type": gettext_lazy("Art. 13 ust. 2 pkt 1: the type of public task the offers are for."),
            "form": gettext_lazy("Support co-funds the task (own contribution expected); entrusting funds it "
                                 "in full."),
            "grant_rules_text": gettext_lazy("Art. 13 ust. 2 pkt 3: what the grant may pay for, eligible costs, "
                                             "changes to the amounts."),
            "task_conditions_text": gettext_lazy("Art. 13 ust. 2 pkt 4: where and how the task is carried out, "
                                                 "requirements for the people and the results."),
            "selection_text": gettext_lazy("Art. 13 ust. 2 pkt 6: the formal and the substantive evaluation, the "
                                           "committee, how the decision is announced. The criteria with their "
                                           "points are listed below."),
            "selection_by": gettext_lazy("Art. 13 ust. 2 pkt 6: the date by which offers will be chosen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = TaskForm.choices
        for name in ("grant_rules_text", "task_conditions_text", "selection_text"):
            self.fields[name].required = False  # required to publish, not to save a draft

    def _post_clean(self):
        """The model's checks run in the service (with readable messages), not here."""

    def terms(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "spheres"}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["contact_person", "contact_email"]


class StatutoryCriteriaForm(forms.Form):
    """Maximum points (and what earns them) of the criteria art. 15 ust. 1 requires."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in StatutoryCriterion.choices:
            self.fields[f"points_{code}"] = forms.IntegerField(
                label=_("Maximum points: %(criterion)s") % {"criterion": label}, min_value=1, max_value=1000)
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("What earns points: %(criterion)s") % {"criterion": label}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}))
        self.fields[f"points_{StatutoryCriterion.OWN_FUNDS}"].help_text = _(
            "Scored only where the form is support (art. 15 ust. 1 pkt 3a); ignored for entrusting.")
        self.fields[f"points_{StatutoryCriterion.OWN_FUNDS}"].required = False

    def rows(self):
        return [(code, label, self[f"points_{code}"], self[f"description_{code}"])
                for code, label in StatutoryCriterion.choices]

    def values(self) -> dict:
        data = self.cleaned_data
        return {code: {"max_points": data[f"points_{code}"], "description": data[f"description_{code}"]}
                for code in StatutoryCriterion.values if data.get(f"points_{code}")}


class RowForm(forms.Form):
    """One row of a repeated part. A row whose text is left empty is left out (so emptying a row removes it),
    whatever its other fields say."""

    content_fields: tuple[str, ...] = ()

    def has_changed(self) -> bool:
        if not self.is_bound:
            return False
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.content_fields)


class RowFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        kwargs["empty_permitted"] = True
        return super()._construct_form(i, **kwargs)


class OwnCriterionForm(RowForm):
    content_fields = ("name", "programme_priority", "description")

    name = forms.CharField(label=gettext_lazy("Criterion"), max_length=300)
    programme_priority = forms.CharField(
        label=gettext_lazy("Priority of the cooperation programme"), max_length=300,
        help_text=gettext_lazy("The call's own criteria follow from the programme's priorities."))
    max_points = forms.IntegerField(label=gettext_lazy("Maximum points"), min_value=1, max_value=1000)
    description = forms.CharField(label=gettext_lazy("What earns points"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class FormalRequirementForm(RowForm):
    content_fields = ("text",)
    text = forms.CharField(label=gettext_lazy("Requirement"), max_length=500)


class RequiredAttachmentForm(RowForm):
    content_fields = ("name",)
    name = forms.CharField(label=gettext_lazy("Attachment"), max_length=300)
    mandatory = forms.BooleanField(label=gettext_lazy("Mandatory"), required=False, initial=True)


class PreviousTaskForm(RowForm):
    content_fields = ("name", "amount", "organization_name")
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=gettext_lazy("Task"), max_length=300)
    amount = AmountField(label=gettext_lazy("Cost (zł)"),
                         help_text=gettext_lazy("Above all the grants given to organizations."))
    organization_name = forms.CharField(label=gettext_lazy("Carried out by"), max_length=300, required=False)


def _rows(form):
    return forms.formset_factory(form, formset=RowFormSet, extra=2, can_delete=True)


OwnCriterionFormSet = _rows(OwnCriterionForm)
FormalRequirementFormSet = _rows(FormalRequirementForm)
RequiredAttachmentFormSet = _rows(RequiredAttachmentForm)
PreviousTaskFormSet = _rows(PreviousTaskForm)


class PublishForm(forms.Form):
    published_bip_on = forms.DateField(label=gettext_lazy("Announced in the Public Information Bulletin (BIP) on"),
                                       widget=DateInput())
    published_board_on = forms.DateField(label=gettext_lazy("Announced on the notice board of the office on"),
                                         widget=DateInput())
    published_website_on = forms.DateField(label=gettext_lazy("Announced on the municipality's website on"),
                                           widget=DateInput())
    deadline = forms.DateTimeField(label=gettext_lazy("Offers accepted until"), widget=DateTimeInput())
    no_previous_tasks = forms.BooleanField(
        label=gettext_lazy("The municipality carried out no tasks of this kind in the announcement year and the "
                           "year before (art. 13 ust. 2 pkt 7)."), required=False)

    def __init__(self, *args, min_days: int, has_previous_tasks: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].help_text = _(
            "At least %(days)d whole days after the last of the three announcements, in Polish time.") % {
            "days": min_days}
        if has_previous_tasks:
            del self.fields["no_previous_tasks"]


CANCELLATION_GROUNDS = [
    ("no_offers", gettext_lazy("No offer was submitted (art. 18a ust. 1 pkt 1).")),
    ("none_compliant", gettext_lazy("No offer met the requirements of the announcement (art. 18a ust. 1 pkt 2).")),
    ("reserved", gettext_lazy("Another reason reserved in the announcement.")),
]
# The notice is an official document of the municipality: it is written in Polish whatever the interface.
NOTICE_OPENING = ("{municipality} unieważnia otwarty konkurs ofert „{title}”{number} na podstawie art. 18a ust. 1 "
                  "pkt {point} ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie, "
                  "ponieważ {reason}.")
NOTICE_REASONS = {"no_offers": ("1", "nie złożono żadnej oferty"),
                  "none_compliant": ("2", "żadna ze złożonych ofert nie spełnia wymogów zawartych w ogłoszeniu")}
NOTICE_RESERVED = "{municipality} unieważnia otwarty konkurs ofert „{title}”{number} z przyczyny zastrzeżonej w ogłoszeniu o konkursie."


class CancelForm(forms.Form):
    ground = forms.ChoiceField(label=gettext_lazy("Ground for cancelling"), choices=CANCELLATION_GROUNDS,
                               widget=forms.RadioSelect)
    details = forms.CharField(
        label=gettext_lazy("Further explanation"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Published with the notice. Required for a reason reserved in the announcement."))
    confirm = forms.BooleanField(label=gettext_lazy(
        "I understand that cancelling is final: the notice is published at once and no offer can be submitted."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ground") == "reserved" and not (cleaned.get("details") or "").strip():
            self.add_error("details", _("Explain the reason reserved in the announcement."))
        return cleaned

    def notice(self, call: Call) -> str:
        ground = self.cleaned_data["ground"]
        values = {"municipality": call.municipality.name, "title": call.title,
                  "number": f" nr {call.number}" if call.number else ""}
        if ground == "reserved":
            text = NOTICE_RESERVED.format(**values)
        else:
            point, reason = NOTICE_REASONS[ground]
            text = NOTICE_OPENING.format(point=point, reason=reason, **values)
        details = (self.cleaned_data.get("details") or "").strip()
        return f"{text}\n\n{details}" if details else text


class GrantRulesForm(forms.ModelForm):
    small_grant_max_amount = AmountField(label=gettext_lazy("Small grant: largest amount (zł)"))
    small_grant_yearly_cap = AmountField(label=gettext_lazy("Small grants to one organization in a year: at most (zł)"))
    small_grant_share_cap = AmountField(
        label=gettext_lazy("Small grants: share of the year's planned grants, at most (%)"), max_value=Decimal("100"),
        max_digits=5)

    class Meta:
        model = GrantRules
        fields = list(services.GRANT_RULES_FIELDS)
        help_texts = {
            "min_offer_days": gettext_lazy("Art. 13 ust. 1: at least 21 days."),
            "report_days": gettext_lazy("Art. 18 ust. 1: 30 days after the task ends."),
            "small_grant_max_days": gettext_lazy("Art. 19a ust. 1: at most 90 days."),
        }

    def _post_clean(self):
        """Checked by the service."""


class CallFilterForm(forms.Form):
    sphere = forms.ChoiceField(label=gettext_lazy("Sphere of public tasks"), required=False)
    form = forms.ChoiceField(label=gettext_lazy("Form"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False, choices=[
        ("", gettext_lazy("any state")),
        ("open", gettext_lazy("accepting offers")),
        ("evaluation", gettext_lazy("offers being evaluated")),
        ("results", gettext_lazy("results published")),
        ("cancelled", gettext_lazy("cancelled")),
    ])

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sphere"].choices = [("", _("any sphere"))] + [
            (sphere.code, f"{sphere.code}. {sphere.name}") for sphere in Sphere.objects.order_by("order")]
        self.fields["form"].choices = [("", _("any form")), *TaskForm.choices]
        if municipalities is not None:
            self.fields["municipality"] = forms.ChoiceField(
                label=_("Municipality"), required=False,
                choices=[("", _("any municipality"))] + [(m.slug, m.name) for m in municipalities])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


# =============================================================================================================
# Helpers
# =============================================================================================================


def _apply_errors(form, error: ValidationError, parts: dict | None = None) -> list[str]:
    """Put a service's errors next to the fields. `parts` maps the services' keys of the call's parts
    ("criteria.own.2", "previous_tasks") to forms; anything unplaced is returned for the page's summary."""
    parts = parts or {}
    loose: list[str] = []
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return loose
    for key, messages_ in error.message_dict.items():
        if key in form.fields:
            form.add_error(key, messages_)
        elif key in parts and parts[key] is not None:
            target, field = parts[key]
            target.add_error(field, messages_)
        elif key in ("__all__", None):
            form.add_error(None, messages_)
        else:
            loose.extend(messages_)
    return loose


def _used_forms(formset) -> list:
    """The formset's rows that hold something and are not marked for deletion, in order."""
    return [f for f in formset.forms if f.has_changed() and not (formset.can_delete and f.cleaned_data.get("DELETE"))]


def _formsets(data=None, call: Call | None = None):
    initial = {"criteria": [], "checklist": [], "attachments": [], "previous": []}
    statutory_initial = {f"points_{code}": points for code, points in services.DEFAULT_STATUTORY_POINTS.items()}
    if call is not None:
        for criterion in call.criteria.all():
            if criterion.statutory:
                statutory_initial[f"points_{criterion.statutory}"] = criterion.max_points
                statutory_initial[f"description_{criterion.statutory}"] = criterion.description
            else:
                initial["criteria"].append({"name": criterion.name, "description": criterion.description,
                                            "max_points": criterion.max_points,
                                            "programme_priority": criterion.programme_priority})
        initial["checklist"] = [{"text": r.text} for r in call.formal_requirements.all()]
        initial["attachments"] = [{"name": a.name, "mandatory": a.mandatory} for a in call.required_attachments.all()]
        initial["previous"] = [{"year": t.year, "name": t.name, "amount": t.amount,
                                "organization_name": t.organization_name} for t in call.previous_tasks.all()]
    return {
        "statutory": StatutoryCriteriaForm(data, initial=statutory_initial, prefix="statutory"),
        "criteria": OwnCriterionFormSet(data, initial=initial["criteria"], prefix="criteria"),
        "checklist": FormalRequirementFormSet(data, initial=initial["checklist"], prefix="checklist"),
        "attachments": RequiredAttachmentFormSet(data, initial=initial["attachments"], prefix="attachments"),
        "previous": PreviousTaskFormSet(data, initial=initial["previous"], prefix="previous"),
    }


def _parts(sets) -> tuple[dict, dict]:
    """The service's keyword arguments for the parts, and where each service error key goes."""
    own = _used_forms(sets["criteria"])
    checklist = _used_forms(sets["checklist"])
    attachments = _used_forms(sets["attachments"])
    previous = _used_forms(sets["previous"])
    kwargs = {
        "statutory_criteria": sets["statutory"].values(),
        "own_criteria": [{k: f.cleaned_data[k] for k in ("name", "description", "max_points", "programme_priority")}
                         for f in own],
        "formal_requirements": [f.cleaned_data["text"] for f in checklist],
        "required_attachments": [{"name": f.cleaned_data["name"], "mandatory": f.cleaned_data["mandatory"]}
                                 for f in attachments],
        "previous_tasks": [{k: f.cleaned_data[k] for k in ("year", "name", "amount", "organization_name")}
                           for f in previous],
    }
    targets = {"criteria": (sets["statutory"], None)}
    targets.update({f"criteria.statutory.{code}": (sets["statutory"], f"points_{code}")
                    for code in StatutoryCriterion.values})
    targets.update({f"criteria.own.{i}": (f, None) for i, f in enumerate(own)})
    targets.update({f"formal_requirements.{i}": (f, None) for i, f in enumerate(checklist)})
    targets.update({f"required_attachments.{i}": (f, None) for i, f in enumerate(attachments)})
    targets.update({f"previous_tasks.{i}": (f, None) for i, f in enumerate(previous)})
    return kwargs, targets


def _all_valid(form, sets) -> bool:
    results = [form.is_valid()] + [item.is_valid() for item in sets.values()]
    return all(results)


def _error_summary(form, sets, loose: list[str]) -> list[tuple[str, str]]:
    """(anchor, text) for every error on the page, for the summary at its top."""
    items = [("", message) for message in form.non_field_errors()]
    items += [(form[name].auto_id, f"{form[name].label}: {message}")
              for name, errors in form.errors.items() if name != "__all__" for message in errors]
    statutory = sets["statutory"]
    items += [("criteria", message) for message in statutory.non_field_errors()]
    items += [(statutory[name].auto_id, f"{statutory[name].label}: {message}")
              for name, errors in statutory.errors.items() if name != "__all__" for message in errors]
    for key in ("criteria", "checklist", "attachments", "previous"):
        formset = sets[key]
        items += [(key, message) for message in formset.non_form_errors()]
        for index, row in enumerate(formset.forms):
            if not row.errors:
                continue
            anchor = f"{formset.prefix}-{index}"
            items += [(anchor, message) for message in row.non_field_errors()]
            items += [(row[name].auto_id, f"{row[name].label}: {message}")
                      for name, errors in row.errors.items() if name != "__all__" for message in errors]
    items += [("", message) for message in loose]
    return items


def _admin_redirect(call: Call):
    return redirect("grants:call_admin", municipality_slug=call.municipality.slug, pk=call.pk)


def _first_reverse(names, **kwargs) -> str | None:
    for name, extra in names:
        try:
            return reverse(name, kwargs={**kwargs, **extra})
        except NoReverseMatch:
            continue
    return None


def offer_url(call: Call) -> str:
    """Where "Prepare an offer" leads: the offers stage's page if it exists, else its agreed address."""
    slug = call.municipality.slug
    found = _first_reverse([("grants:offer_create", {"pk": call.pk}), ("grants:offer_create", {"call_pk": call.pk}),
                            ("grants:offer_create", {"call_id": call.pk})], municipality_slug=slug)
    return found or f"/jst/{slug}/dotacje/konkursy/{call.pk}/oferta/"


def results_url(call: Call) -> str | None:
    """The results page of the evaluation stage, when that page exists."""
    slug = call.municipality.slug
    return _first_reverse([(name, {key: call.pk}) for name in ("grants:call_results", "grants:results")
                           for key in ("pk", "call_pk")], municipality_slug=slug)


# Pages of the later stages (evaluation), linked from the call's overview when they exist.
STAGE_PAGES = [
    ("grants:evaluation_offers", gettext_lazy("Offers and their formal check")),
    ("grants:committee", gettext_lazy("Committee")),
    ("grants:ranking", gettext_lazy("Scores and ranking")),
    ("grants:decision", gettext_lazy("Decision")),
    ("grants:results_publish", gettext_lazy("Publishing the results")),
]


def stage_links(call: Call) -> list[tuple[str, str]]:
    links = []
    for name, label in STAGE_PAGES:
        found = _first_reverse([(name, {"pk": call.pk})], municipality_slug=call.municipality.slug)
        if found:
            links.append((str(label), found))
    return links


def _countdown(call: Call, now: datetime) -> dict | None:
    if not selectors.accepting_offers(call, now):
        return None
    remaining = call.deadline - now
    return {"days": remaining.days, "hours": remaining.seconds // 3600}


def _ctx(request, call=None, **extra):
    return {"municipality": request.municipality, "call": call, "Status": CallStatus, **extra}


# =============================================================================================================
# Officer panel
# =============================================================================================================


@municipality_perm(MANAGE)
def call_admin_list(request, municipality_slug):
    submitted = ~Q(offers__status=OfferStatus.DRAFT)
    calls = (Call.objects.filter(municipality=request.municipality)
             .annotate(offer_count=Count("offers", filter=submitted, distinct=True))
             .order_by("-created_at", "-id"))
    return render(request, "grants/calls/officer/call_list.html", _ctx(
        request, calls=list(calls), rules=services.rules_for(request.municipality)))


def _call_form_page(request, *, call: Call | None):
    creating = call is None
    source = Call.objects.get(pk=call.pk) if call is not None else None  # refused input never shows as saved
    initial = {} if source else {"form": TaskForm.SUPPORT, "contact_person": request.user.get_full_name(),
                                 "contact_email": request.user.email}
    form = CallForm(request.POST or None, instance=source, initial=initial)
    sets = _formsets(request.POST or None, source)
    loose: list[str] = []
    if request.method == "POST" and _all_valid(form, sets):
        parts, targets = _parts(sets)
        try:
            if creating:
                call = services.create_call(municipality=request.municipality, actor=request.user,
                                            spheres=form.cleaned_data["spheres"], **parts, **form.terms())
            else:
                services.update_call(call=call, actor=request.user, spheres=form.cleaned_data["spheres"], **parts,
                                     **form.terms())
        except ValidationError as error:
            loose = _apply_errors(form, error, targets)
        except DomainError as error:
            messages.error(request, error.message)
            if call is not None:
                return _admin_redirect(call)
        else:
            messages.success(request, _("The call is saved as a draft. Publish it when it is ready.")
                             if creating else _("The call is saved."))
            return _admin_redirect(call)
    summary = _error_summary(form, sets, loose) if request.method == "POST" else []
    return render(request, "grants/calls/officer/call_form.html", _ctx(
        request, call, form=form, creating=creating, summary=summary,
        statutory_form=sets["statutory"], criteria_formset=sets["criteria"], checklist_formset=sets["checklist"],
        attachments_formset=sets["attachments"], previous_formset=sets["previous"],
        years=services.announcement_years(call) if call else services.announcement_years(Call()),
    ))


@municipality_perm(MANAGE)
def call_create(request, municipality_slug):
    return _call_form_page(request, call=None)


@officer_view
def call_edit(request, call):
    if call.status != CallStatus.DRAFT:
        messages.error(request, _("An announced call's terms cannot change. Cancel it (art. 18a) and announce a "
                                  "corrected call; the contact details can still be updated."))
        return _admin_redirect(call)
    return _call_form_page(request, call=call)


@officer_view
def call_admin(request, call):
    now = timezone.now()
    problems = services.publication_problems(call, now) if call.status == CallStatus.DRAFT else {}
    offers = call.offers.exclude(status=OfferStatus.DRAFT).count()
    return render(request, "grants/calls/officer/call_admin.html", _ctx(
        request, call, **selectors.call_page(call),
        problems=[message for messages_ in problems.values() for message in messages_],
        state=selectors.public_state(call, now), submitted_offers=offers,
        last_announcement=services.last_announcement(call),
        rules=services.rules_for(call.municipality), results_url=results_url(call),
        years=services.announcement_years(call),
        stage_links=stage_links(call) if call.status != CallStatus.DRAFT else [],
    ))


@officer_view
def call_contact(request, call):
    form = ContactForm(request.POST or None, instance=Call.objects.get(pk=call.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call_contact(call=call, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _admin_redirect(call)
        else:
            messages.success(request, _("The contact details are saved."))
            return _admin_redirect(call)
    return render(request, "grants/calls/officer/call_contact.html", _ctx(request, call, form=form))


@officer_view
def call_publish(request, call):
    if call.status != CallStatus.DRAFT:
        messages.error(request, _("This call is already announced."))
        return _admin_redirect(call)
    rules = services.rules_for(call.municipality)
    today = timezone.localdate()
    initial = {"published_bip_on": call.published_bip_on or today, "published_board_on": call.published_board_on or today,
               "published_website_on": call.published_website_on or today, "deadline": call.deadline}
    form = PublishForm(request.POST or None, initial=initial, min_days=rules.min_offer_days,
                       has_previous_tasks=call.previous_tasks.exists())
    loose: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.publish_call(call=call, actor=request.user, bip_on=data["published_bip_on"],
                                  board_on=data["published_board_on"], website_on=data["published_website_on"],
                                  deadline=data["deadline"], no_previous_tasks=data.get("no_previous_tasks", False))
        except ValidationError as error:
            loose = _apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _admin_redirect(call)
        else:
            messages.success(request, _("The call is announced: it is public and offers can be submitted."))
            return _admin_redirect(call)
    return render(request, "grants/calls/officer/call_publish.html", _ctx(
        request, call, form=form, loose=loose, rules=rules,
        problems=[m for ms in services.publication_problems(call).values() for m in ms]
        if request.method == "GET" else []))


@officer_view
@require_POST
def call_copy(request, call):
    copy = services.copy_call(call=call, actor=request.user)
    messages.success(request, _("A copy is saved as a new draft. Check the dates and the amounts before you "
                                "publish it."))
    if copy.years_moved:
        messages.warning(request, ngettext(
            "The dates of the original had passed: the copy's dates are moved by %(years)d year.",
            "The dates of the original had passed: the copy's dates are moved by %(years)d years.",
            copy.years_moved) % {"years": copy.years_moved})
    return redirect("grants:call_edit", municipality_slug=copy.municipality.slug, pk=copy.pk)


@officer_view
def call_cancel(request, call):
    if call.status != CallStatus.PUBLISHED:
        messages.error(request, _("Only an announced call without results can be cancelled."))
        return _admin_redirect(call)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_call(call=call, actor=request.user, notice=form.notice(call))
        except ValidationError as error:
            _apply_errors(form, error, {"notice": (form, "details")})
        except DomainError as error:
            messages.error(request, error.message)
            return _admin_redirect(call)
        else:
            messages.success(request, _("The call is cancelled and the notice is published. Announce the notice "
                                        "in the BIP, on the notice board and on the website as well."))
            return _admin_redirect(call)
    return render(request, "grants/calls/officer/call_cancel.html", _ctx(
        request, call, form=form, submitted_offers=call.offers.exclude(status=OfferStatus.DRAFT).count()))


@municipality_perm(MANAGE)
def grant_rules_edit(request, municipality_slug):
    rules = services.rules_for(request.municipality)
    form = GrantRulesForm(request.POST or None, instance=GrantRules.objects.get(pk=rules.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_grant_rules(municipality=request.municipality, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The grant rules are saved."))
            return redirect("grants:call_admin_list", municipality_slug=request.municipality.slug)
    return render(request, "grants/calls/officer/grant_rules_form.html", _ctx(request, form=form))


# =============================================================================================================
# Public pages
# =============================================================================================================


def _page(request, queryset, now):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("strona"))
    for call in page.object_list:
        call.public_state = selectors.public_state(call, now)
    query = request.GET.copy()
    query.pop("strona", None)
    return page, query.urlencode()


@require_GET
def call_list(request, municipality_slug):
    municipality = request.municipality
    now = timezone.now()
    form = CallFilterForm(request.GET or None)
    filters = form.filters()
    queryset = selectors.order_for_public(selectors.filter_calls(
        selectors.calls_visible_to(request.user, municipality), now=now, **filters))
    page, query = _page(request, queryset, now)
    return render(request, "grants/calls/public/call_list.html", {
        "municipality": municipality, "form": form, "page": page, "query": query, "filtered": bool(filters),
        "can_manage": request.user.has_perm(MANAGE, municipality),
    })


def _visible_call(request, pk) -> Call:
    """The call of the current municipality, or 404 (also for a draft the user may not manage)."""
    return get_object_or_404(selectors.calls_visible_to(request.user, request.municipality)
                             .select_related("municipality"), pk=pk)


@require_GET
def call_detail(request, municipality_slug, pk):
    call = _visible_call(request, pk)
    now = timezone.now()
    state = selectors.public_state(call, now)
    return render(request, "grants/calls/public/call_detail.html", {
        **selectors.call_page(call),
        "municipality": request.municipality, "call": call, "state": state,
        "accepting": state == "open", "countdown": _countdown(call, now),
        "offer_url": offer_url(call) if state == "open" else None,
        "results_url": results_url(call) if state == "results" else None,
        "years": services.announcement_years(call),
        "can_manage": request.user.has_perm(MANAGE, request.municipality),
    })


@require_GET
def call_cancellation(request, municipality_slug, pk):
    call = _visible_call(request, pk)
    if call.status != CallStatus.CANCELLED:
        raise Http404
    return render(request, "grants/calls/public/call_cancellation.html", {
        "municipality": request.municipality, "call": call})


# --- Calendar file -----------------------------------------------------------------------------------------------








def deadline_calendar(call: Call, *, url: str, host: str) -> str:
    """VCALENDAR with the deadline for offers as a one-minute event (the last minute offers are accepted) and
    a reminder a day before; CRLF line endings."""
    end = call.deadline.replace(second=0, microsecond=0) + timedelta(minutes=1)
    start = end - timedelta(minutes=1)
    summary = _("Deadline for offers: %(title)s") % {"title": call.title}
    description = _("%(municipality)s, open call for offers. Offers accepted until %(deadline)s.") % {
        "municipality": call.municipality.name,
        "deadline": date_format(timezone.localtime(call.deadline), "DATETIME_FORMAT")}
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wspolpraca//Open calls//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "BEGIN:VEVENT", f"UID:call-{call.pk}-deadline@{host}",
             f"DTSTAMP:{ics.utc(timezone.now())}", f"DTSTART:{ics.utc(start)}", f"DTEND:{ics.utc(end)}",
             f"SUMMARY:{ics.escape(summary)}", f"DESCRIPTION:{ics.escape(description)}", f"URL:{url}",
             "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P1D", f"DESCRIPTION:{ics.escape(summary)}", "END:VALARM",
             "END:VEVENT", "END:VCALENDAR"]
    return "".join(ics.fold(line) + "\r\n" for line in lines)


@require_GET
def call_ics(request, municipality_slug, pk):
    call = _visible_call(request, pk)
    url = request.build_absolute_uri(reverse("grants:call_detail", kwargs={"municipality_slug": municipality_slug,
                                                                           "pk": pk}))
    body = deadline_calendar(call, url=url, host=request.get_host().split(":")[0])
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="konkurs-{call.pk}-termin.ics"'
    return response


# --- Across municipalities: list, feed, open data --------------------------------------------------------------------


@require_GET
def call_search(request):
    now = timezone.now()
    municipalities = list(selectors.municipalities_with_calls())
    form = CallFilterForm(request.GET or None, municipalities=municipalities)
    filters = form.filters()
    queryset = selectors.public_calls(municipality_slug=filters.pop("municipality", ""), now=now, **filters)
    page, query = _page(request, queryset, now)
    return render(request, "grants/calls/public/call_search.html", {
        "form": form, "page": page, "query": query, "filtered": bool(form.filters()),
    })


def detail_path(call: Call) -> str:
    return reverse("grants:call_detail", kwargs={"municipality_slug": call.municipality.slug, "pk": call.pk})


class NewCallsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("New open calls for offers")
    subtitle = gettext_lazy("The newest open calls for offers of all municipalities.")

    def link(self):
        return reverse("grants_portal:call_search")

    def items(self):
        return selectors.newest_published_calls(FEED_SIZE)

    def item_title(self, item: Call) -> str:
        return item.title

    def item_link(self, item: Call) -> str:
        return detail_path(item)

    def item_pubdate(self, item: Call):
        return item.published_at

    def item_updateddate(self, item: Call):
        return item.cancelled_at or item.results_published_at or item.published_at

    def item_author_name(self, item: Call) -> str:
        return item.municipality.name

    def item_description(self, item: Call) -> str:
        from ..templatetags.grants_tags import format_pln

        return _("%(municipality)s · %(form)s · %(funds)s · offers accepted until %(deadline)s") % {
            "municipality": item.municipality.name, "form": item.get_form_display(),
            "funds": format_pln(item.total_funds),
            "deadline": date_format(timezone.localtime(item.deadline), "DATETIME_FORMAT"),
        }


call_feed = require_GET(NewCallsFeed())

OPEN_DATA_FIELDS = ["municipality", "teryt", "number", "title", "task_type", "spheres", "form", "total_funds",
                    "min_grant", "max_grant", "min_own_financial_percent", "min_own_total_percent",
                    "admin_costs_cap_percent", "task_start_earliest", "task_end_latest", "deadline", "selection_by",
                    "published_at", "published_bip_on", "published_board_on", "published_website_on", "state",
                    "cancelled_at", "url"]


def _text(value, zone=None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value, zone).isoformat()
    return str(value)


def _open_data_records(request, now):
    # Plain values, not model instances, and the spheres of each chunk of calls in one query: 10,000 calls in
    # about a second. Only the exported columns: a call also holds long texts (rules, conditions).
    columns = [name for name in OPEN_DATA_FIELDS if name not in ("municipality", "teryt", "spheres", "state", "url")]
    calls = (selectors.open_data_calls().prefetch_related(None)
             .values("id", "status", "municipality__name", "municipality__teryt", "municipality__slug",
                     *dict.fromkeys([*columns, "deadline"])))
    origin = request.build_absolute_uri("/")[:-1]
    zone = timezone.get_current_timezone()
    paths = {}  # municipality slug → (the detail path before the call's id, after it): one reverse() each
    for chunk in exporting.chunks(exporting.iterate(calls)):
        spheres = {}
        for call_id, code in (Call.spheres.through.objects.filter(call_id__in=[call["id"] for call in chunk])
                              .order_by("sphere__order").values_list("call_id", "sphere__code")):
            spheres.setdefault(call_id, []).append(code)
        for call in chunk:
            slug = call["municipality__slug"]
            if slug not in paths:
                marker = "987654321"
                before, _marker, after = reverse("grants:call_detail", kwargs={
                    "municipality_slug": slug, "pk": int(marker)}).rpartition(marker)
                paths[slug] = (before, after)
            before, after = paths[slug]
            record = {name: _text(call[name], zone) for name in columns}
            record.update({
                "municipality": call["municipality__name"], "teryt": call["municipality__teryt"],
                "spheres": " ".join(spheres.get(call["id"], ())),
                "state": selectors.public_state(SimpleNamespace(status=call["status"], deadline=call["deadline"]),
                                                now),
                "url": f"{origin}{before}{call['id']}{after}",
            })
            yield {name: record[name] for name in OPEN_DATA_FIELDS}


@require_GET
def call_open_data(request, file_format):
    if file_format not in ("csv", "json"):
        raise Http404
    # Streamed from a database iterator (spheres prefetched per chunk), record by record: constant memory.
    records = _open_data_records(request, timezone.now())
    filename = f"konkursy-ofert.{file_format}"
    if file_format == "json":
        return exporting.json_response({"license": "CC0-1.0"}, records, filename=filename)
    rows = ([record[name] for name in OPEN_DATA_FIELDS] for record in records)
    return exporting.csv_response(OPEN_DATA_FIELDS, rows, filename=filename, private=False)


# =============================================================================================================
# URLs
# =============================================================================================================

# Under /jst/<municipality_slug>/dotacje/ (namespace "grants").
municipality_urlpatterns = [
    path("konkursy/", call_list, name="call_list"),
    path("konkursy/<int:pk>/", call_detail, name="call_detail"),
    path("konkursy/<int:pk>/termin.ics", call_ics, name="call_ics"),
    path("konkursy/<int:pk>/uniewaznienie/", call_cancellation, name="call_cancellation"),
    path("konkursy/panel/", call_admin_list, name="call_admin_list"),
    path("konkursy/panel/nowy/", call_create, name="call_create"),
    path("konkursy/panel/<int:pk>/", call_admin, name="call_admin"),
    path("konkursy/panel/<int:pk>/edycja/", call_edit, name="call_edit"),
    path("konkursy/panel/<int:pk>/kontakt/", call_contact, name="call_contact"),
    path("konkursy/panel/<int:pk>/ogloszenie/", call_publish, name="call_publish"),
    path("konkursy/panel/<int:pk>/kopia/", call_copy, name="call_copy"),
    path("konkursy/panel/<int:pk>/uniewaznienie/", call_cancel, name="call_cancel"),
    path("ustawienia/", grant_rules_edit, name="grant_rules_edit"),
]

# Under /dotacje/ (namespace "grants_portal"): announced calls of every municipality.
portal_urlpatterns = [
    path("", call_search, name="call_search"),
    path("kanal.xml", call_feed, name="call_feed"),
    path("dane.<str:file_format>", call_open_data, name="call_open_data"),
]
