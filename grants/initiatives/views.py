"""Pages of the local initiative (art. 19b-19h).

Public: how to apply (the council's rules, the criteria with their weights, the value of an hour of social
work), the list of accepted initiatives and their page (no contact data). The applicant (a signed-in
resident, or a member of an organization applying through it): the draft, submitting, their applications and
the assessment. The officer: the inbox, returning for completion, scoring, the decision, the agreement and its
PDF, the settlement; and the rules themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cooperation.enums import RenderStatus
from cooperation.exceptions import DomainError
from cooperation.views.helpers import apply_errors, municipal_object_view, municipality_perm

from . import selectors, services
from .enums import EDITABLE_STATUSES, PUBLIC_STATUSES, InitiativeStatus, MunicipalShare
from .forms import (
    AgreementForm,
    ApplicationForm,
    AssessmentForm,
    CompletionForm,
    CriterionFormSet,
    DecisionForm,
    ReturnForm,
    RulesForm,
    SignForm,
    formset_rows,
    rows_formsets,
)
from .models import SCORE_MAX, InitiativeAgreement, InitiativeApplication

MANAGE = "grants.manage_initiatives"
TEMPLATES = "grants/initiatives/"


def _ctx(request, **extra):
    return {"municipality": request.municipality, "InitiativeStatus": InitiativeStatus, "SCORE_MAX": SCORE_MAX,
            "MunicipalShare": MunicipalShare, **extra}


def _application(pk) -> InitiativeApplication:
    return get_object_or_404(InitiativeApplication.objects.select_related("organization", "municipality"), pk=pk)


def _url(name, application) -> str:
    return reverse(f"initiatives:{name}", kwargs={"municipality_slug": application.municipality.slug,
                                                   "pk": application.pk})


def _kind_labels(rows):
    labels = dict(MunicipalShare.choices)
    return [{**row, "kind_label": labels.get(row.get("kind"), "")} for row in rows]


# --- Public ---------------------------------------------------------------------------------------------------


@require_GET
def initiative_home(request, municipality_slug):
    rules = services.rules_of(request.municipality)
    return render(request, TEMPLATES + "initiative_home.html", _ctx(
        request, rules=rules, criteria=list(rules.criteria.all()) if rules else [],
        can_manage=request.user.has_perm(MANAGE, request.municipality)))


@require_GET
def initiative_list(request, municipality_slug):
    initiatives = list(selectors.public_initiatives(request.municipality))
    return render(request, TEMPLATES + "initiative_list.html", _ctx(request, initiatives=initiatives))


@require_GET
def initiative_detail(request, municipality_slug, pk):
    application = _application(pk)
    if application.status not in PUBLIC_STATUSES:
        raise Http404
    agreement = InitiativeAgreement.objects.filter(application=application).first()
    return render(request, TEMPLATES + "initiative_detail.html", _ctx(
        request, application=application, agreement=agreement,
        municipal_items=_kind_labels(agreement.municipal_items if agreement else application.municipal_items)))


# --- The applicant --------------------------------------------------------------------------------------------


@login_required
@require_GET
def application_mine(request, municipality_slug):
    applications = list(selectors.own_applications(request.user, request.municipality))
    return render(request, TEMPLATES + "application_mine.html", _ctx(
        request, applications=applications, rules=services.rules_of(request.municipality)))


def _row_errors(formsets, error: ValidationError) -> ValidationError | None:
    """Errors of the row tables go above their table; the rest is returned for the form."""
    if not hasattr(error, "error_dict"):
        return error
    rest = {}
    for field, messages_ in error.message_dict.items():
        if field in formsets:
            formsets[field].row_errors = messages_
        else:
            rest[field] = messages_
    return ValidationError(rest) if rest else None


def _application_page(request, form, formsets, application, status=200):
    return render(request, TEMPLATES + "application_form.html", _ctx(
        request, form=form, formsets=formsets, application=application,
        rules=services.rules_of(request.municipality)), status=status)


def _save_and_maybe_submit(request, form, formsets, application):
    if "submit" not in request.POST:
        messages.success(request, _("The draft is saved. Only you (and your organization) see it."))
        return redirect(_url("application_edit", application))
    try:
        services.submit_application(application=application, actor=request.user)
    except ValidationError as error:
        rest = _row_errors(formsets, error)
        if rest is not None:
            apply_errors(form, rest)
        messages.error(request, _("The draft is saved but not submitted yet: correct what is marked."))
        return _application_page(request, form, formsets, application)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_url("application_edit", application))
    messages.success(request, _("The application is submitted with number %(number)s. The municipality checks it "
                                "and assesses it by the council's criteria.") % {"number": application.number})
    return redirect(_url("application_detail", application))


def _rows_data(formsets) -> dict:
    return {"schedule": formset_rows(formsets["schedule"]), "in_kind": formset_rows(formsets["in_kind"]),
            "municipal_items": formset_rows(formsets["municipal_items"])}


@login_required
def application_create(request, municipality_slug):
    if services.rules_of(request.municipality) is None:
        messages.error(request, str(services.RulesMissing.default_message))
        return redirect("initiatives:initiative_home", municipality_slug=municipality_slug)
    organizations = services.organizations_for(request.user, request.municipality)
    user = request.user
    form = ApplicationForm(request.POST or None, organizations=organizations, initial={
        "contact_name": user.full_name, "contact_email": user.email})
    formsets = rows_formsets(request.POST or None)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            application = services.create_application(
                municipality=request.municipality, actor=user, organization=form.chosen_organization(),
                data={**form.service_data(), **_rows_data(formsets)})
        except ValidationError as error:
            rest = _row_errors(formsets, error)
            if rest is not None:
                apply_errors(form, rest)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return _save_and_maybe_submit(request, form, formsets, application)
    return _application_page(request, form, formsets, None)


@login_required
def application_edit(request, municipality_slug, pk):
    application = _application(pk)
    if not request.user.has_perm("grants.view_initiative", application):
        raise Http404
    if application.status not in EDITABLE_STATUSES:
        messages.error(request, _("The application is submitted: it no longer changes."))
        return redirect(_url("application_detail", application))
    if not request.user.has_perm("grants.edit_initiative", application):
        raise PermissionDenied
    initial = {name: getattr(application, name) for name in services.APPLICATION_FIELDS}
    form = ApplicationForm(request.POST or None, initial=initial)
    formsets = rows_formsets(request.POST or None, schedule=application.schedule, in_kind=application.in_kind,
                             municipal_items=application.municipal_items)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            services.save_application(application=application, actor=request.user,
                                      data={**form.service_data(), **_rows_data(formsets)})
        except ValidationError as error:
            rest = _row_errors(formsets, error)
            if rest is not None:
                apply_errors(form, rest)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_url("application_detail", application))
        else:
            return _save_and_maybe_submit(request, form, formsets, application)
    return _application_page(request, form, formsets, application)


@login_required
@require_GET
def application_detail(request, municipality_slug, pk):
    """The applicant's page of their application, with the assessment once made (officers see it too)."""
    application = _application(pk)
    if not request.user.has_perm("grants.view_initiative", application):
        raise Http404
    agreement = InitiativeAgreement.objects.filter(application=application).first()
    return render(request, TEMPLATES + "application_detail.html", _ctx(
        request, application=application, scores=list(application.scores.all()), agreement=agreement,
        municipal_items=_kind_labels(application.municipal_items),
        can_edit=request.user.has_perm("grants.edit_initiative", application),
        can_manage=request.user.has_perm(MANAGE, request.municipality)))


@login_required
@require_GET
def agreement_pdf(request, municipality_slug, pk):
    application = _application(pk)
    if not request.user.has_perm("grants.view_initiative_agreement", application):
        raise Http404
    agreement = InitiativeAgreement.objects.filter(application=application).first()
    if agreement is None or agreement.pdf_status != RenderStatus.READY or not agreement.pdf:
        raise Http404
    response = FileResponse(agreement.pdf.open("rb"), as_attachment=True, content_type="application/pdf",
                            filename=agreement.pdf.name.rsplit("/", 1)[-1] or "umowa.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The officer ----------------------------------------------------------------------------------------------


officer_view = municipal_object_view(MANAGE, InitiativeApplication)


@municipality_perm(MANAGE)
@require_GET
def officer_inbox(request, municipality_slug):
    applications = list(selectors.applications_for_officer(request.municipality))
    groups = [
        (_("Awaiting the formal check and scoring"), [a for a in applications if a.status == InitiativeStatus.SUBMITTED]),
        (_("Assessed, awaiting the decision"), [a for a in applications if a.status == InitiativeStatus.ASSESSED]),
        (_("Accepted: prepare and sign the agreement"), [a for a in applications if a.status == InitiativeStatus.ACCEPTED]),
        (_("Under way: settle when done"), [a for a in applications if a.status == InitiativeStatus.AGREEMENT_SIGNED]),
        (_("Returned for completion"), [a for a in applications if a.status == InitiativeStatus.RETURNED]),
        (_("Closed"), [a for a in applications if a.status in (InitiativeStatus.REJECTED, InitiativeStatus.COMPLETED)]),
    ]
    return render(request, TEMPLATES + "officer_inbox.html", _ctx(
        request, groups=groups, rules=services.rules_of(request.municipality)))


def _criterion_formset(data, rules):
    initial = [{"name": c.name, "description": c.description, "weight": c.weight, "is_social_work": c.is_social_work}
               for c in (rules.criteria.all() if rules else [])]
    initial += [{"name": ""} for _ in range(2 if initial else 4)]
    return CriterionFormSet(data, prefix="criteria", initial=initial)


@municipality_perm(MANAGE)
def rules_edit(request, municipality_slug):
    rules = services.rules_of(request.municipality)
    initial = {name: getattr(rules, name) for name in ("resolution_number", "resolution_date", "resolution_url",
                                                        "mode", "hour_value")} if rules else {}
    form = RulesForm(request.POST or None, initial=initial)
    criteria = _criterion_formset(request.POST or None, rules)
    criteria.row_errors = []
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        rows = [services.CriterionData(name=row["name"], weight=row["weight"], is_social_work=row["is_social_work"],
                                       description=row.get("description", ""))
                for row in formset_rows(criteria) if (row.get("name") or "").strip()]
        try:
            services.save_rules(municipality=request.municipality, actor=request.user, criteria=rows,
                                **form.cleaned_data)
        except ValidationError as error:
            criteria.row_errors = error.message_dict.get("criteria", []) if hasattr(error, "error_dict") else error.messages
            rest = {k: v for k, v in getattr(error, "message_dict", {}).items() if k != "criteria"}
            if rest:
                apply_errors(form, ValidationError(rest))
        else:
            messages.success(request, _("The rules of the local initiative are saved."))
            return redirect("initiatives:officer_inbox", municipality_slug=municipality_slug)
    return render(request, TEMPLATES + "rules_form.html", _ctx(request, form=form, criteria=criteria, rules=rules))


def _officer_page(request, application, *, return_form=None, assessment_form=None, decision_form=None,
                  sign_form=None, completion_form=None, status=200):
    application = _application(application.pk)
    if application.status == InitiativeStatus.DRAFT:
        raise Http404
    rules = services.rules_of(application.municipality)
    criteria = list(rules.criteria.all()) if rules else []
    scores = list(application.scores.all())
    agreement = InitiativeAgreement.objects.filter(application=application).first()
    if assessment_form is None:
        given = {s.criterion_id: s.points for s in scores}
        assessment_form = AssessmentForm(criteria=criteria, initial={
            "justification": application.need_justification,
            **{f"points_{c.pk}": given.get(c.pk) for c in criteria}})
    return render(request, TEMPLATES + "officer_application.html", _ctx(
        request, application=application, scores=scores, agreement=agreement, criteria=criteria,
        municipal_items=_kind_labels(application.municipal_items),
        return_form=return_form or ReturnForm(), assessment_form=assessment_form,
        decision_form=decision_form or DecisionForm(),
        sign_form=sign_form or SignForm(initial={"signed_on": timezone.localdate()}),
        completion_form=completion_form or CompletionForm(initial={
            "actual_hours": agreement.social_work_hours if agreement else application.social_work_hours,
            "actual_money": agreement.money_contribution if agreement else application.money_contribution,
            "actual_in_kind": agreement.in_kind_total if agreement else application.in_kind_total,
            "actual_municipal": agreement.municipal_total if agreement else application.municipal_total})),
        status=status)


@officer_view
@require_GET
def officer_application(request, application):
    return _officer_page(request, application)


def _post_action(request, application, form, action, success: str, form_key: str):
    if form.is_valid():
        try:
            action(form)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_url("officer_application", application))
        else:
            messages.success(request, success)
            return redirect(_url("officer_application", application))
    return _officer_page(request, application, **{form_key: form})


@officer_view
@require_POST
def application_return(request, application):
    return _post_action(
        request, application, ReturnForm(request.POST),
        lambda f: services.return_application(application=application, actor=request.user, note=f.cleaned_data["note"]),
        _("The application is returned for completion; the applicant is notified by e-mail."), "return_form")


@officer_view
@require_POST
def application_assess(request, application):
    rules = services.rules_of(application.municipality)
    return _post_action(
        request, application, AssessmentForm(request.POST, criteria=list(rules.criteria.all()) if rules else []),
        lambda f: services.assess_application(application=application, actor=request.user, points=f.points(),
                                              justification=f.cleaned_data["justification"]),
        _("The assessment is saved."), "assessment_form")


@officer_view
@require_POST
def application_decide(request, application):
    return _post_action(
        request, application, DecisionForm(request.POST),
        lambda f: services.decide_application(application=application, actor=request.user,
                                              accept=f.cleaned_data["decision"] == "accept",
                                              reasons=f.cleaned_data["reasons"]),
        _("The decision is recorded; the applicant is notified by e-mail."), "decision_form")


@officer_view
def agreement_edit(request, application):
    if application.status != InitiativeStatus.ACCEPTED:
        messages.error(request, _("An agreement is prepared for an accepted initiative, before it is signed."))
        return redirect(_url("officer_application", application))
    agreement = InitiativeAgreement.objects.filter(application=application).first()
    if agreement is not None:
        initial = {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}
        rows = {"schedule": agreement.schedule, "in_kind": agreement.in_kind,
                "municipal_items": agreement.municipal_items}
    else:
        initial = services.agreement_initial(application)
        rows = {key: initial.pop(key) for key in ("schedule", "in_kind", "municipal_items")}
    form = AgreementForm(request.POST or None, initial=initial)
    formsets = rows_formsets(request.POST or None, **rows)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            services.save_agreement(application=application, actor=request.user,
                                    data={**form.cleaned_data, **_rows_data(formsets)})
        except ValidationError as error:
            rest = _row_errors(formsets, error)
            if rest is not None:
                apply_errors(form, rest)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_url("officer_application", application))
        else:
            messages.success(request, _("The agreement is saved. Its PDF is being prepared."))
            return redirect(_url("officer_application", application))
    return render(request, TEMPLATES + "agreement_form.html", _ctx(
        request, application=application, agreement=agreement, form=form, formsets=formsets))


@officer_view
@require_POST
def agreement_sign(request, application):
    return _post_action(
        request, application, SignForm(request.POST),
        lambda f: services.sign_agreement(application=application, actor=request.user,
                                          signed_on=f.cleaned_data["signed_on"]),
        _("The agreement is recorded as signed."), "sign_form")


@officer_view
@require_POST
def application_complete(request, application):
    return _post_action(
        request, application, CompletionForm(request.POST),
        lambda f: services.complete_application(application=application, actor=request.user, **f.cleaned_data),
        _("The initiative is settled and completed."), "completion_form")
