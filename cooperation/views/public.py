"""Pages anyone can read."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from .. import features, selectors
from ..enums import DeclarationMethod, DeclarationStatus
from ..forms import DirectoryFilterForm
from ..models import AccessibilityDeclaration, Principle, Sphere
from .dashboard import feature_groups, standard_feature_links

DIRECTORY_PAGE_SIZE = 25


@require_GET
def healthz(request):
    """A bare view: the load-test ceiling and the container health check."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def home(request):
    return render(request, "cooperation/home.html", {"municipalities": selectors.municipalities_with_counts()})


@require_GET
def model(request):
    return render(
        request,
        "cooperation/model.html",
        {"planes": selectors.model_structure(), "principles": Principle.objects.all()},
    )


@require_GET
def municipality_detail(request, municipality_slug):
    municipality = request.municipality
    progress = selectors.standards_progress(municipality)
    return render(
        request,
        "cooperation/municipality_detail.html",
        {
            "municipality": municipality,
            "organization_count": selectors.address_base(municipality).count(),
            "standards_total": progress["total"],
            "standards_implemented": progress["implemented"],
            "officers": municipality.officers.filter(is_ngo_officer=True).select_related("user"),
            "groups": feature_groups(municipality, officer=False),
        },
    )


@require_GET
def directory(request, municipality_slug):
    municipality = request.municipality
    form = DirectoryFilterForm(request.GET or None)
    query = sphere = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        sphere = form.cleaned_data["sphere"].code if form.cleaned_data["sphere"] else ""
    organizations = selectors.directory_organizations(municipality, query=query, sphere=sphere)
    page = Paginator(organizations, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("strona"))
    # The filter form asks through htmx for the results alone; a plain request gets the whole page.
    template = "cooperation/directory_partial.html" if request.htmx else "cooperation/directory.html"
    return render(
        request,
        template,
        {"municipality": municipality, "form": form, "page": page, "filtered": bool(query or sphere),
         "spheres": Sphere.objects.all()},
    )


@require_GET
def tracker(request, municipality_slug):
    municipality = request.municipality
    can_edit = request.user.has_perm("cooperation.manage_municipality", municipality)
    rows = selectors.attach_evidence(selectors.tracker_rows(municipality), features.evidence(municipality))
    links = standard_feature_links(municipality, [standard.code for standard, _status in rows], officer=can_edit)
    for standard, _status in rows:
        standard.feature_links = links.get(standard.code, [])
    return render(
        request,
        "cooperation/tracker.html",
        {"municipality": municipality, "rows": rows, "can_edit": can_edit},
    )


@require_GET
def accessibility_declaration(request, municipality_slug):
    municipality = request.municipality
    declaration = AccessibilityDeclaration.objects.filter(municipality=municipality).first()
    return render(
        request,
        "cooperation/accessibility_declaration.html",
        {"municipality": municipality, "declaration": declaration, "subject": municipality.name},
    )


@require_GET
def platform_accessibility_declaration(request):
    """The operator's declaration for the pages that belong to no municipality."""
    published = parse_date(settings.PORTAL_PUBLISHED_ON)
    declaration = AccessibilityDeclaration(
        status=DeclarationStatus.PARTIAL,
        published_on=published,
        last_update_on=published,
        prepared_on=published,
        reviewed_on=published,
        method=DeclarationMethod.SELF,
        contact_person=settings.PORTAL_OPERATOR,
        email=settings.PORTAL_CONTACT_EMAIL,
        phone=settings.PORTAL_CONTACT_PHONE,
    )
    return render(
        request,
        "cooperation/accessibility_declaration.html",
        {"municipality": None, "declaration": declaration, "subject": settings.PORTAL_OPERATOR, "platform": True},
    )
