"""Pages of partnerships (P2.A3.T1, P3.A3). Public: the municipality's list (by kind and status) and a
partnership's page (goals, parties and representatives, actions, the agreement, results, the yearly engagement
summary) with its agreement PDF. Members of a partner NGO: their organization's actions and the results; the
coordinator: engagement assessments. Officers: creating and editing, partners and representatives, activating
(which publishes) and ending. Drafts are seen by the municipality's officers and administrators alone."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cooperation.exceptions import DomainError
from cooperation.views.helpers import apply_errors, municipal_object_view, municipality_perm

from . import selectors, services
from .enums import ActionStatus, PartnerKind, PartnershipStatus
from .forms import (
    ActionForm,
    AssessmentForm,
    EndForm,
    FilterForm,
    PartnerEditForm,
    PartnerForm,
    PartnershipForm,
    RepresentativeForm,
    ResultsForm,
)
from .models import Action, Partner, Partnership, Representative

MANAGE = "grants.manage_partnerships"
TEMPLATES = "grants/partnerships/"

officer_view = municipal_object_view(MANAGE, Partnership)


def _ctx(request, **extra) -> dict:
    return {"municipality": request.municipality, "Status": PartnershipStatus, "ActionStatus": ActionStatus,
            "can_manage": request.user.has_perm(MANAGE, request.municipality), **extra}


def _detail_url(partnership) -> str:
    return reverse("partnerships:partnership_detail",
                   kwargs={"municipality_slug": partnership.municipality.slug, "pk": partnership.pk})


def _admin_url(partnership) -> str:
    return reverse("partnerships:partnership_admin",
                   kwargs={"municipality_slug": partnership.municipality.slug, "pk": partnership.pk})


def _visible(request, pk) -> Partnership:
    """The partnership of this municipality the person may see, or 404 (a draft for anyone but its
    municipality's officers)."""
    return get_object_or_404(
        selectors.partnerships_visible_to(request.user, request.municipality).select_related("municipality"), pk=pk)


def _require(request, perm: str, obj):
    """Anonymous people go to the login page; others without `perm` are refused."""
    if request.user.has_perm(perm, obj):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


# --- Public ---------------------------------------------------------------------------------------------------


@require_GET
def partnership_list(request, municipality_slug):
    form = FilterForm(request.GET or None)
    kind = status = ""
    if form.is_valid():
        kind, status = form.cleaned_data["kind"], form.cleaned_data["status"]
    items = list(selectors.public_partnerships(request.municipality, kind=kind, status=status))
    return render(request, TEMPLATES + "partnership_list.html", _ctx(
        request, form=form, partnerships=items, filtered=bool(kind or status)))


def _detail_context(request, partnership) -> dict:
    partners = selectors.partners_of(partnership)
    actions = selectors.actions_of(partnership)
    for action in actions:
        action.can_change = request.user.has_perm("grants.change_partnership_action", action)
    return {
        "partnership": partnership, "partners": partners, "actions": actions,
        "summary": selectors.engagement_summary(partnership, partners),
        "can_add_action": request.user.has_perm("grants.add_partnership_action", partnership),
        "can_update_results": request.user.has_perm("grants.update_partnership_results", partnership),
        "can_assess": request.user.has_perm("grants.assess_partnership_engagement", partnership),
    }


@require_GET
def partnership_detail(request, municipality_slug, pk):
    partnership = _visible(request, pk)
    return render(request, TEMPLATES + "partnership_detail.html",
                  _ctx(request, **_detail_context(request, partnership)))


@require_GET
def partnership_agreement(request, municipality_slug, pk):
    """The agreement PDF, public once the partnership is published, as an attachment with nosniff."""
    partnership = _visible(request, pk)
    if not partnership.agreement_file:
        raise Http404
    try:
        handle = partnership.agreement_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=f"umowa-partnerstwa-{partnership.pk}.pdf",
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    if not partnership.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


# --- Partners' pages: actions, results, assessments -----------------------------------------------------------


def _form_page(request, partnership, form, *, title, lead="", submit, back, status=200):
    return render(request, TEMPLATES + "partnership_form_page.html", _ctx(
        request, partnership=partnership, form=form, title=title, lead=lead, submit=submit, back=back),
        status=status)


def _action_partners(request, partnership):
    """The partners an action may be assigned to: any current one for the officer, own ones for a member."""
    qs = Partner.objects.filter(partnership=partnership, left_on__isnull=True).select_related("organization")
    if services.is_manager(request.user, partnership.municipality_id):
        return qs.order_by("id")
    return qs.filter(pk__in=[p.pk for p in services.partner_of(request.user, partnership)]).order_by("id")


def action_create(request, municipality_slug, pk):
    partnership = _visible(request, pk)
    refusal = _require(request, "grants.add_partnership_action", partnership)
    if refusal:
        return refusal
    if partnership.status == PartnershipStatus.ENDED:
        messages.error(request, _("The partnership has ended: it no longer changes."))
        return redirect(_detail_url(partnership))
    form = ActionForm(request.POST or None, partners=_action_partners(request, partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(partnership=partnership, actor=request.user, **form.values())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The action is recorded."))
            return redirect(_detail_url(partnership) + "#actions")
    return _form_page(request, partnership, form, title=_("New action of the partnership"), submit=_("Record"),
                      back=_detail_url(partnership))


@require_POST
def action_status(request, municipality_slug, pk, action_id):
    partnership = _visible(request, pk)
    action = get_object_or_404(Action.objects.filter(partnership=partnership), pk=action_id)
    action.partnership = partnership
    refusal = _require(request, "grants.change_partnership_action", action)
    if refusal:
        return refusal
    status = request.POST.get("status")
    if status not in ActionStatus.values:
        messages.error(request, _("Choose the action's status."))
    else:
        try:
            services.set_action_status(action=action, actor=request.user, status=status)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The action is marked “%(status)s”.") % {
                "status": ActionStatus(status).label})
    return redirect(_detail_url(partnership) + "#actions")


def results_edit(request, municipality_slug, pk):
    partnership = _visible(request, pk)
    refusal = _require(request, "grants.update_partnership_results", partnership)
    if refusal:
        return refusal
    form = ResultsForm(request.POST or None, initial={"results": partnership.results})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_results(partnership=partnership, actor=request.user, results=form.cleaned_data["results"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The results are published."))
            return redirect(_detail_url(partnership) + "#results")
    return _form_page(request, partnership, form, title=_("Results of the partnership"),
                      lead=_("What the partnership achieved. They are public on the partnership's page; publish them "
                             "on your own website too."), submit=_("Publish the results"),
                      back=_detail_url(partnership))


def assessment_create(request, municipality_slug, pk):
    partnership = _visible(request, pk)
    refusal = _require(request, "grants.assess_partnership_engagement", partnership)
    if refusal:
        return refusal
    partners = Partner.objects.filter(partnership=partnership).select_related("organization").order_by("id")
    form = AssessmentForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_assessment(actor=request.user, partner=form.cleaned_data["partner"],
                                       year=form.cleaned_data["year"], score=form.cleaned_data["score"],
                                       comment=form.cleaned_data["comment"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The assessment is recorded."))
            return redirect(reverse("partnerships:assessment_create", kwargs={
                "municipality_slug": municipality_slug, "pk": partnership.pk}))
    return render(request, TEMPLATES + "assessment_form.html", _ctx(
        request, partnership=partnership, form=form, assessments=list(selectors.assessments_of(partnership))))


# --- The officer ---------------------------------------------------------------------------------------------


@municipality_perm(MANAGE)
@require_GET
def partnership_admin_list(request, municipality_slug):
    items = list(selectors.partnerships_for_officer(request.municipality))
    due = set(selectors.partnerships_due_assessment(request.municipality).values_list("pk", flat=True))
    for item in items:
        item.assessment_due = item.pk in due
    return render(request, TEMPLATES + "partnership_admin_list.html", _ctx(request, partnerships=items))


@officer_view
def partnership_create(request):
    form = PartnershipForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.create_partnership(
                municipality=request.municipality, actor=request.user,
                agreement_file=form.cleaned_data["agreement_upload"], **form.values())
        except ValidationError as error:
            apply_errors(form, error, {"agreement_file": "agreement_upload"})
        else:
            messages.success(request, _("The partnership is saved as a draft. Add the partners, then activate it."))
            return redirect(_admin_url(partnership))
    return render(request, TEMPLATES + "partnership_form.html", _ctx(request, form=form, creating=True))


@officer_view
def partnership_edit(request, partnership):
    if partnership.status == PartnershipStatus.ENDED:
        messages.error(request, _("The partnership has ended: it no longer changes."))
        return redirect(_admin_url(partnership))
    form = PartnershipForm(request.POST or None, request.FILES or None,
                           instance=Partnership.objects.get(pk=partnership.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partnership(partnership=partnership, actor=request.user,
                                        agreement_file=form.cleaned_data["agreement_upload"], **form.values())
        except ValidationError as error:
            apply_errors(form, error, {"agreement_file": "agreement_upload"})
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_admin_url(partnership))
        else:
            messages.success(request, _("The partnership is saved."))
            return redirect(_admin_url(partnership))
    return render(request, TEMPLATES + "partnership_form.html", _ctx(request, form=form, partnership=partnership))


@officer_view
@require_GET
def partnership_admin(request, partnership):
    context = _detail_context(request, partnership)
    return render(request, TEMPLATES + "partnership_admin.html", _ctx(
        request, **context, problems=services.activation_problems(partnership)
        if partnership.status == PartnershipStatus.DRAFT else [], end_form=EndForm(),
        PartnerKind=PartnerKind))


@officer_view
def partner_add(request, partnership):
    form = PartnerForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_partner(partnership=partnership, actor=request.user, **form.values())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The partner is added."))
            return redirect(_admin_url(partnership) + "#partners")
    return _form_page(request, partnership, form, title=_("Add a partner"), submit=_("Add"),
                      back=_admin_url(partnership))


def _partner(partnership, partner_id) -> Partner:
    partner = get_object_or_404(Partner.objects.filter(partnership=partnership).select_related("organization"),
                                pk=partner_id)
    partner.partnership = partnership
    return partner


@officer_view
@require_POST
def partner_leave(request, partnership, partner_id):
    partner = _partner(partnership, partner_id)
    try:
        services.record_partner_left(partner=partner, actor=request.user)
    except (DomainError, ValidationError) as error:
        messages.error(request, getattr(error, "message", None) or " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s has left the partnership.") % {"name": partner.display_name})
    return redirect(_admin_url(partnership) + "#partners")


@officer_view
def partner_edit(request, partnership, partner_id):
    partner = _partner(partnership, partner_id)
    form = PartnerEditForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid() and _saved(
            form, lambda: services.update_partner(partner=partner, actor=request.user, **form.values())):
        messages.success(request, _("The partner's details are saved."))
        return redirect(_admin_url(partnership) + "#partners")
    return _form_page(request, partnership, form, title=_("Partner: %(name)s") % {"name": partner.display_name},
                      submit=_("Save"), back=_admin_url(partnership))


def _saved(form, save) -> bool:
    """Run a service for a valid form; its errors go next to the fields (or above them). True when saved."""
    try:
        save()
    except ValidationError as error:
        apply_errors(form, error)
    except DomainError as error:
        form.add_error(None, error.message)
    else:
        return True
    return False


@officer_view
def representative_add(request, partnership, partner_id):
    partner = _partner(partnership, partner_id)
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _saved(
            form, lambda: services.add_representative(partner=partner, actor=request.user, **form.values())):
        messages.success(request, _("The representative is recorded."))
        return redirect(_admin_url(partnership) + "#partners")
    return _representative_page(request, partnership, partner, form)


@officer_view
def representative_edit(request, partnership, partner_id, representative_id):
    partner = _partner(partnership, partner_id)
    representative = get_object_or_404(Representative.objects.filter(partner=partner), pk=representative_id)
    representative.partner = partner
    initial = {name: getattr(representative, name) for name in RepresentativeForm.base_fields}
    form = RepresentativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _saved(form, lambda: services.update_representative(
            representative=representative, actor=request.user, **form.values())):
        messages.success(request, _("The representative is saved."))
        return redirect(_admin_url(partnership) + "#partners")
    return _representative_page(request, partnership, partner, form)


def _representative_page(request, partnership, partner, form):
    if partner.kind == PartnerKind.MUNICIPALITY:
        lead = _("The municipality's representatives are appointed by the executive's order: give its number "
                 "and date.")
    elif partner.kind == PartnerKind.NGO:
        lead = _("NGO representatives are selected by the NGOs themselves: say how, and give the date.")
    else:
        lead = _("The partner designates its own representative.")
    return _form_page(request, partnership, form,
                      title=_("Representative of %(name)s") % {"name": partner.display_name}, lead=lead,
                      submit=_("Record"), back=_admin_url(partnership))


@officer_view
@require_POST
def partnership_activate(request, partnership):
    try:
        services.activate_partnership(partnership=partnership, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The partnership is active and published."))
    return redirect(_admin_url(partnership))


@officer_view
@require_POST
def partnership_end(request, partnership):
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date."))
        return redirect(_admin_url(partnership))
    try:
        services.end_partnership(partnership=partnership, actor=request.user, ended_on=form.cleaned_data["ended_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The partnership has ended. It stays public with its results."))
    return redirect(_admin_url(partnership))
