"""The municipal officer's panel: the dashboard and the features (cooperation.features), confirmations, the NGO
base, standards tracker, accessibility declaration, history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..exceptions import DomainError
from ..forms import AccessibilityDeclarationForm, LinkDecisionForm, StandardStatusForm
from ..models import AccessibilityDeclaration, OrganizationMunicipality, Standard, StandardStatus
from .dashboard import feature_groups
from .helpers import municipality_perm, report_domain_error

MANAGE = "cooperation.manage_municipality"
HISTORY_PAGE_SIZE = 50


@municipality_perm(MANAGE)
def panel(request, municipality_slug):
    municipality = request.municipality
    return render(
        request,
        "cooperation/panel.html",
        {
            "municipality": municipality,
            "pending_count": selectors.pending_links(municipality).count(),
            "organization_count": selectors.address_base(municipality).count(),
            "recent": selectors.audit_entries(municipality)[:10],
            "groups": feature_groups(municipality, officer=True),
        },
    )


@municipality_perm(MANAGE)
def link_list(request, municipality_slug):
    municipality = request.municipality
    return render(
        request,
        "cooperation/link_list.html",
        {"municipality": municipality, "links": selectors.pending_links(municipality).prefetch_related("organization__spheres")},
    )


@municipality_perm(MANAGE)
@require_POST
def link_decide(request, municipality_slug, pk):
    link = get_object_or_404(OrganizationMunicipality.objects.select_related("organization"), pk=pk)
    form = LinkDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to confirm the organization."))
        return redirect("cooperation:link_list", municipality_slug=municipality_slug)
    try:
        services.set_organization_link_status(
            link=link, actor=request.user, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
        )
    except DomainError as error:
        report_domain_error(request, error)
    else:
        if form.cleaned_data["status"] == "confirmed":
            messages.success(request, _("%(name)s is confirmed and appears in the directory.") % {"name": link.organization.name})
        else:
            messages.success(request, _("%(name)s was not confirmed.") % {"name": link.organization.name})
    return redirect("cooperation:link_list", municipality_slug=municipality_slug)


@municipality_perm(MANAGE)
def standard_edit(request, municipality_slug, code):
    municipality = request.municipality
    standard = get_object_or_404(Standard.objects.select_related("tool__area"), code=code)
    instance = StandardStatus.objects.filter(municipality=municipality, standard=standard).first()
    form = StandardStatusForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.set_standard_status(municipality=municipality, standard=standard, actor=request.user, **fields)
        messages.success(request, _("Standard %(code)s updated.") % {"code": standard.code})
        return redirect("cooperation:tracker", municipality_slug=municipality.slug)
    return render(
        request, "cooperation/standard_form.html", {"municipality": municipality, "standard": standard, "form": form}
    )


def standard_evidence(request, municipality_slug, code):
    """Evidence documents are public (the tracker is public) but live in private storage and are served
    with an attachment disposition and nosniff, so an upload can never run in the portal's origin."""
    status = StandardStatus.objects.filter(municipality=request.municipality, standard__code=code).first()
    if status is None or not status.evidence_file:
        raise Http404
    response = FileResponse(status.evidence_file.open("rb"), as_attachment=True,
                            filename=status.evidence_file.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@municipality_perm(MANAGE)
def declaration_edit(request, municipality_slug):
    municipality = request.municipality
    instance = AccessibilityDeclaration.objects.filter(municipality=municipality).first()
    form = AccessibilityDeclarationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.save_accessibility_declaration(municipality=municipality, actor=request.user, **fields)
        messages.success(request, _("Accessibility declaration saved."))
        return redirect("cooperation:accessibility_declaration", municipality_slug=municipality.slug)
    return render(request, "cooperation/declaration_form.html", {"municipality": municipality, "form": form})


@municipality_perm(MANAGE)
def history(request, municipality_slug):
    municipality = request.municipality
    page = Paginator(selectors.audit_entries(municipality), HISTORY_PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(request, "cooperation/history.html", {"municipality": municipality, "page": page})
