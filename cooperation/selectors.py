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


# --- Meetings and trainings (cooperation/events.py) -----------------------------------------------------

# How many of the latest events the standards tracker shows as evidence for one standard.
EVENT_EVIDENCE_PER_STANDARD = 3


def events_visible_to(user, municipality) -> QuerySet:
    """The municipality's events `user` may see: drafts only for its officers (and administrators)."""
    from .models import Event, EventStatus

    qs = Event.objects.filter(municipality=municipality)
    if user.has_perm("cooperation.manage_events", municipality):
        return qs
    return qs.exclude(status=EventStatus.DRAFT)


def with_places(queryset: QuerySet) -> QuerySet:
    """Events annotated with `taken` (confirmed places) and `waiting` (on the waiting list), in the same query."""
    active = Q(registrations__cancelled_at__isnull=True)
    return queryset.annotate(
        taken=Count("registrations", filter=active & Q(registrations__waitlisted=False)),
        waiting=Count("registrations", filter=active & Q(registrations__waitlisted=True)),
    )


def places_of(event) -> dict:
    """Places of one event: taken, left (None without a limit) and the length of the waiting list."""
    from .models import EventRegistration

    counts = EventRegistration.objects.filter(event=event, cancelled_at__isnull=True).aggregate(
        taken=Count("id", filter=Q(waitlisted=False)), waiting=Count("id", filter=Q(waitlisted=True)),
    )
    left = None if event.capacity is None else max(event.capacity - counts["taken"], 0)
    return {"taken": counts["taken"], "waiting": counts["waiting"], "left": left}


def active_registration(user, event):
    """The person's current (not cancelled) registration for the event, or None."""
    from .models import EventRegistration

    if not user.is_authenticated:
        return None
    return EventRegistration.objects.filter(event=event, user=user, cancelled_at__isnull=True).first()


def waitlist_position(registration) -> int | None:
    """1 for the first on the waiting list; None for a confirmed or cancelled registration."""
    from .models import EventRegistration

    if registration is None or not registration.waitlisted or registration.cancelled_at is not None:
        return None
    ahead = EventRegistration.objects.filter(
        event_id=registration.event_id, cancelled_at__isnull=True, waitlisted=True,
    ).filter(Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, id__lt=registration.id))
    return ahead.count() + 1


def event_registrations(event) -> QuerySet:
    """Everyone registered (places first, then the waiting list in order), for the event's officers."""
    from .models import EventRegistration

    return (EventRegistration.objects.filter(event=event, cancelled_at__isnull=True)
            .select_related("user", "organization").order_by("waitlisted", "created_at", "id"))


def materials_visible_to(user, event) -> list:
    """The event's materials `user` may open: all of them for its officers and confirmed registrants, the
    public ones for everyone else (nothing of a draft, which only officers see anyway)."""
    from .models import EventMaterial

    materials = list(EventMaterial.objects.filter(event=event).order_by("created_at", "id"))
    if user.has_perm("cooperation.manage_events", event.municipality) or is_confirmed_registrant(user, event):
        return materials
    return [material for material in materials if material.is_public]


def is_confirmed_registrant(user, event) -> bool:
    """Whether the person holds a place (not on the waiting list, not cancelled)."""
    from .models import EventRegistration

    if not user.is_authenticated or event is None:
        return False
    with scopes_disabled():
        return EventRegistration.objects.filter(event_id=event.pk, user=user, cancelled_at__isnull=True,
                                                waitlisted=False).exists()


def my_event_registrations(user, *, upcoming: bool, limit: int | None = None) -> list:
    """The person's current registrations across municipalities (their own desk): events not yet ended, soonest
    first, or (upcoming=False) events that ended, latest first."""
    from django.utils import timezone

    from .models import EventRegistration, EventStatus

    if not user.is_authenticated:
        return []
    now = timezone.now()
    with scopes_disabled():
        qs = (EventRegistration.objects.filter(user=user, cancelled_at__isnull=True)
              .exclude(event__status=EventStatus.DRAFT)
              .select_related("event__municipality", "organization"))
        if upcoming:
            qs = qs.filter(event__ends_at__gt=now).order_by("event__starts_at", "event_id")
        else:
            qs = qs.filter(event__ends_at__lte=now).order_by("-event__starts_at", "-event_id")
        return list(qs[:limit] if limit else qs)


def event_evidence(municipality, now=None) -> dict[int, list]:
    """For each standard id, the latest events that show it on the portal: published events of the municipality
    that took place (ended) and whose attendance was recorded, newest first, at most
    EVENT_EVIDENCE_PER_STANDARD each. One query."""
    from django.utils import timezone

    from .models import Event, EventStatus

    now = now or timezone.now()
    links = (
        Event.standards.through.objects.filter(
            event__municipality=municipality, event__status=EventStatus.PUBLISHED, event__ends_at__lte=now,
            event__attendance_recorded_at__isnull=False,
        )
        .select_related("event")
        .order_by("-event__ends_at", "-event_id")
    )
    evidence: dict[int, list] = {}
    for link in links:
        events = evidence.setdefault(link.standard_id, [])
        if len(events) < EVENT_EVIDENCE_PER_STANDARD:
            events.append(link.event)
    return evidence


def attach_evidence(rows, evidence: dict) -> list:
    """The tracker's rows with `standard.portal_evidence` set to what the portal shows of each standard: the
    `cooperation.features.Evidence` items of every provider (`features.evidence(municipality)`), by code."""
    for standard, _status in rows:
        standard.portal_evidence = evidence.get(standard.code, [])
    return rows
