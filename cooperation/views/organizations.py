"""NGO side: register an organization, edit it, invite members, choose municipalities, accept invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..exceptions import DomainError
from ..forms import InvitationForm, MunicipalitiesForm, OrganizationCreateForm, OrganizationForm
from ..models import Membership, Organization
from .helpers import report_domain_error, require_perm


@login_required
def dashboard(request):
    """The signed-in person's desk: their organizations and the municipalities they administer."""
    memberships = request.user.memberships.select_related("organization").order_by("organization__name")
    return render(
        request,
        "cooperation/dashboard.html",
        {"memberships": memberships, "municipalities": selectors.officer_municipalities(request.user)},
    )


@login_required
def organization_create(request):
    form = OrganizationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"spheres", "municipalities"}}
        try:
            organization = services.register_organization(
                actor=request.user, data=data, spheres=form.cleaned_data["spheres"],
                municipalities=form.cleaned_data["municipalities"],
            )
        except DomainError as error:
            report_domain_error(request, error)
        except ValidationError as error:
            # E.g. another registration took the same NIP between the form check and the save.
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The organization is registered. It will appear in a municipality's directory once "
                  "the municipality's officer confirms it."),
            )
            return redirect(organization)
    return render(request, "cooperation/organization_form.html", {"form": form, "creating": True})


def _organization_for(request, pk, perm):
    organization = get_object_or_404(Organization, pk=pk)
    if not request.user.has_perm(perm, organization):
        # Hide organizations the person may not see at all; refuse actions on ones they may see.
        if not request.user.has_perm("cooperation.view_organization", organization):
            raise Http404
        require_perm(request.user, perm, organization)
    return organization


def organization_detail(request, pk):
    organization = _organization_for(request, pk, "cooperation.view_organization")
    can_change = request.user.has_perm("cooperation.change_organization", organization)
    links = selectors.organization_links(organization)
    if not can_change:
        links = [link for link in links if link.status == "confirmed"]
    return render(
        request,
        "cooperation/organization_detail.html",
        {
            "organization": organization,
            "links": links,
            "can_change": can_change,
            "can_manage_members": request.user.has_perm("cooperation.manage_members", organization),
        },
    )


@login_required
def organization_edit(request, pk):
    organization = _organization_for(request, pk, "cooperation.change_organization")
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "spheres"}
        organization.refresh_from_db()
        try:
            services.update_organization(
                organization=organization, actor=request.user, data=data, spheres=form.cleaned_data["spheres"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(organization)
    return render(request, "cooperation/organization_form.html", {"form": form, "organization": organization})


@login_required
def organization_municipalities(request, pk):
    organization = _organization_for(request, pk, "cooperation.change_organization")
    links = selectors.organization_links(organization)
    linked_ids = {link.municipality_id for link in links}
    form = MunicipalitiesForm(request.POST or None)
    form.fields["municipalities"].queryset = form.fields["municipalities"].queryset.exclude(id__in=linked_ids)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for municipality in form.cleaned_data["municipalities"]:
                services.request_municipality_link(organization=organization, municipality=municipality, actor=request.user)
        messages.success(request, _("Sent for confirmation to the chosen municipalities."))
        return redirect("cooperation:organization_municipalities", pk=organization.pk)
    return render(
        request, "cooperation/organization_municipalities.html",
        {"organization": organization, "links": links, "form": form},
    )


@login_required
def members(request, pk):
    organization = _organization_for(request, pk, "cooperation.manage_members")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                organization=organization, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("cooperation:members", pk=organization.pk)
    return render(
        request,
        "cooperation/members.html",
        {
            "organization": organization,
            "memberships": organization.memberships.select_related("user").order_by("created_at"),
            "invitations": organization.invitations.filter(accepted_at__isnull=True).order_by("-created_at"),
            "form": form,
        },
    )


@login_required
@require_POST
def member_remove(request, pk, membership_id):
    organization = _organization_for(request, pk, "cooperation.manage_members")
    membership = get_object_or_404(Membership, pk=membership_id, organization=organization)
    try:
        services.remove_member(membership=membership, actor=request.user)
    except DomainError as error:
        report_domain_error(request, error)
    else:
        messages.success(request, _("Member removed."))
    return redirect("cooperation:members", pk=organization.pk)


def invitation_accept(request, token):
    try:
        invitation = services.find_invitation(token)
    except DomainError as error:
        return render(request, "cooperation/invitation_invalid.html", {"message": error.message}, status=404)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            membership = services.accept_invitation(token=token, user=request.user)
        except DomainError as error:
            report_domain_error(request, error)
        else:
            messages.success(
                request, _("You are now a member of %(name)s.") % {"name": membership.organization.name}
            )
            return redirect(membership.organization)
    return render(request, "cooperation/invitation_accept.html", {"invitation": invitation})
