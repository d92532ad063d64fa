"""Reads that are not trivial, above all what a user may see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django_scopes import scopes_disabled

from .enums import OrganizationLinkStatus
from .models import (
    Area,
    AuditEntry,
    Municipality,
    Officer,
    Organization,
    OrganizationMunicipality,
    Plane,
    Standard,
    StandardStatus,
)
from .text import strip_diacritics
from .validators import normalize_krs, normalize_nip


def user_must_use_mfa(user) -> bool:
    return bool(user.is_superuser or user.is_staff or officer_municipality_ids(user))


def user_has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    cached = getattr(user, "_has_mfa", None)
    if cached is None:
        cached = user._has_mfa = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return cached


def officer_municipality_ids(user) -> frozenset[int]:
    """Ids of the municipalities a user is an officer of, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_officer_municipality_ids", None)
    if cached is None:
        cached = user._officer_municipality_ids = frozenset(
            Officer.objects.filter(user=user).values_list("municipality_id", flat=True)
        )
    return cached


def organization_ids_of(user, *, roles=None) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    key = "_org_ids_" + ("-".join(sorted(roles)) if roles else "any")
    cached = getattr(user, key, None)
    if cached is None:
        qs = user.memberships.all()
        if roles:
            qs = qs.filter(role__in=roles)
        cached = frozenset(qs.values_list("organization_id", flat=True))
        setattr(user, key, cached)
    return cached


def municipalities_with_counts() -> QuerySet[Municipality]:
    """The home page list: every municipality with its number of confirmed organizations."""
    return Municipality.objects.annotate(
        organization_count=Count(
            "organizationmunicipality", filter=Q(organizationmunicipality__status=OrganizationLinkStatus.CONFIRMED)
        )
    ).order_by("name")


def officer_municipalities(user) -> QuerySet[Municipality]:
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(id__in=officer_municipality_ids(user))


def directory_organizations(municipality, *, query: str = "", sphere: str = "") -> QuerySet[Organization]:
    """The public NGO directory of a municipality: confirmed organizations only, searched by name,
    description, town (ignoring case and diacritics) and identifiers."""
    qs = Organization.objects.filter(
        municipality_links__municipality=municipality,
        municipality_links__status=OrganizationLinkStatus.CONFIRMED,
    )
    query = query.strip()
    if query:
        # Diacritics do not matter: "laki" finds "Łąki" (unaccent on both sides; on SQLite see sqlite.py).
        folded = strip_diacritics(query)
        condition = (Q(name__unaccent__icontains=folded) | Q(description__unaccent__icontains=folded)
                     | Q(city__unaccent__icontains=folded))
        # Identifiers as people write them: "856-734-62-15", "PL8567346215", "359730" for 0000359730.
        compact = normalize_nip(query)
        if compact.isdigit():
            condition |= Q(nip=compact) | Q(regon=compact)
            if len(compact) <= 10:
                condition |= Q(krs=normalize_krs(compact))
        qs = qs.filter(condition)
    if sphere:
        qs = qs.filter(spheres__code=sphere)
    # The pk breaks ties between equal names, so pagination never shows one organization twice.
    return qs.prefetch_related("spheres").order_by("name", "pk").distinct()


def address_base(municipality) -> QuerySet[Organization]:
    """Confirmed organizations of a municipality, for mailings and exports."""
    return Organization.objects.filter(
        municipality_links__municipality=municipality,
        municipality_links__status=OrganizationLinkStatus.CONFIRMED,
    ).prefetch_related("spheres").order_by("name", "pk")


def pending_links(municipality) -> QuerySet[OrganizationMunicipality]:
    return (
        OrganizationMunicipality.objects.filter(municipality=municipality, status=OrganizationLinkStatus.PENDING)
        .select_related("organization")
        .order_by("requested_at")
    )


def organization_is_public(organization) -> bool:
    """An organization's profile is public once some municipality has confirmed it."""
    with scopes_disabled():
        return organization.municipality_links.filter(status=OrganizationLinkStatus.CONFIRMED).exists()


def organization_links(organization) -> list[OrganizationMunicipality]:
    """All municipality links of one organization (crosses tenants on purpose: it is the NGO's own view)."""
    with scopes_disabled():
        return list(organization.municipality_links.select_related("municipality").order_by("municipality__name"))


def model_structure() -> QuerySet[Plane]:
    """Planes with areas, tools and standards, in 4 queries."""
    return Plane.objects.prefetch_related(
        Prefetch("areas", queryset=Area.objects.prefetch_related("principles", "tools__standards"))
    )


def tracker_rows(municipality) -> list[tuple[Standard, StandardStatus | None]]:
    """Every minimal standard with the municipality's status (None where nothing was recorded yet)."""
    statuses = {s.standard_id: s for s in StandardStatus.objects.filter(municipality=municipality)}
    standards = Standard.objects.select_related("tool__area__plane").order_by("order")
    return [(standard, statuses.get(standard.id)) for standard in standards]


def standards_progress(municipality) -> dict[str, int]:
    """How many of the Model's minimal standards the municipality shows as implemented (two counts)."""
    from .enums import StandardImplementation

    return {
        "total": Standard.objects.count(),
        "implemented": StandardStatus.objects.filter(
            municipality=municipality, status=StandardImplementation.IMPLEMENTED
        ).count(),
    }


def audit_entries(municipality) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(municipality=municipality).select_related("actor")
