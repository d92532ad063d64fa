from django.conf import settings
from django.urls import reverse

from .selectors import officer_municipality_ids


def portal(request):
    municipality = getattr(request, "municipality", None)
    if municipality is not None:
        declaration_url = reverse(
            "cooperation:accessibility_declaration", kwargs={"municipality_slug": municipality.slug}
        )
    else:
        declaration_url = reverse("cooperation:platform_accessibility_declaration")
    user = getattr(request, "user", None)
    return {
        "portal_name": settings.PORTAL_NAME,
        "current_municipality": municipality,
        "declaration_url": declaration_url,
        "can_manage_municipality": bool(
            municipality is not None and user is not None and user.has_perm("cooperation.manage_municipality", municipality)
        ),
        "is_officer": bool(user and user.is_authenticated and (user.is_superuser or officer_municipality_ids(user))),
    }
