"""Permissions of the core app as django-rules predicates. Anything not granted here is denied."""

import rules

from .enums import MembershipRole
from .selectors import officer_municipality_ids, organization_ids_of, organization_is_public


@rules.predicate
def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


@rules.predicate
def is_officer_of(user, municipality) -> bool:
    """`municipality` may be a Municipality or any record with a `municipality_id`."""
    if municipality is None:
        return False
    municipality_id = getattr(municipality, "municipality_id", None) or municipality.pk
    return municipality_id in officer_municipality_ids(user)


@rules.predicate
def is_officer_anywhere(user) -> bool:
    return bool(officer_municipality_ids(user))


@rules.predicate
def is_organization_member(user, organization) -> bool:
    return organization is not None and organization.pk in organization_ids_of(user)


@rules.predicate
def is_organization_owner(user, organization) -> bool:
    return organization is not None and organization.pk in organization_ids_of(user, roles=[MembershipRole.OWNER])


@rules.predicate
def is_public_organization(user, organization) -> bool:
    return organization is not None and organization_is_public(organization)


@rules.predicate
def is_officer_where_organization_applied(user, organization) -> bool:
    if organization is None:
        return False
    from django_scopes import scopes_disabled

    with scopes_disabled():
        ids = set(organization.municipality_links.values_list("municipality_id", flat=True))
    return bool(ids & officer_municipality_ids(user))


# Municipality administration (officer panel, imports, exports, tracker, declaration, history).
rules.add_perm("cooperation.manage_municipality", is_platform_admin | is_officer_of)
# Deciding whether an organization works in the municipality: an OrganizationMunicipality object.
rules.add_perm("cooperation.decide_organization_link", is_platform_admin | is_officer_of)

# Organizations.
rules.add_perm("cooperation.register_organization", rules.is_authenticated)
rules.add_perm(
    "cooperation.view_organization",
    is_public_organization | is_organization_member | is_officer_where_organization_applied | is_platform_admin,
)
rules.add_perm("cooperation.change_organization", is_organization_member | is_platform_admin)
rules.add_perm("cooperation.manage_members", is_organization_owner | is_platform_admin)

# Account data.
rules.add_perm("cooperation.view_own_data", rules.is_authenticated)


# --- Meetings and trainings (cooperation/events.py) ---------------------------------------------------


def _event_of(obj):
    """An Event itself, or the event of an EventMaterial / EventRegistration."""
    if obj is None:
        return None
    return obj if hasattr(obj, "starts_at") else getattr(obj, "event", None)


@rules.predicate
def is_officer_of_event(user, obj) -> bool:
    event = _event_of(obj)
    return event is not None and event.municipality_id in officer_municipality_ids(user)


@rules.predicate
def is_public_event(user, obj) -> bool:
    """Published and cancelled events are public; a draft is not."""
    from .models import EventStatus

    event = _event_of(obj)
    return event is not None and event.status != EventStatus.DRAFT


@rules.predicate
def is_published_event(user, event) -> bool:
    from .models import EventStatus

    return event is not None and event.status == EventStatus.PUBLISHED


@rules.predicate
def fits_event_audience(user, event) -> bool:
    """Anyone signed in, or, where the event is for NGO representatives, a member of some organization."""
    from .models import EventAudience

    if event is None:
        return False
    return event.audience == EventAudience.SIGNED_IN or bool(organization_ids_of(user))


@rules.predicate
def is_public_material(user, material) -> bool:
    return material is not None and material.is_public


@rules.predicate
def is_confirmed_registrant_of(user, obj) -> bool:
    from .selectors import is_confirmed_registrant

    return is_confirmed_registrant(user, _event_of(obj))


# Object: the Municipality. Creating, editing, publishing and cancelling events, registrations, attendance,
# materials.
rules.add_perm("cooperation.manage_events", is_platform_admin | is_officer_of)
# Object: an Event.
rules.add_perm("cooperation.view_event", is_public_event | is_platform_admin | is_officer_of_event)
# Object: an Event. The registration window and capacity are the service's to check (with a message).
rules.add_perm("cooperation.register_for_event", rules.is_authenticated & is_published_event & fits_event_audience)
# Object: an Event. Who registered (and their accessibility needs) is for the organizers alone.
rules.add_perm("cooperation.view_event_registrations", is_platform_admin | is_officer_of_event)
# Object: an EventMaterial. Public when flagged (of a public event); otherwise for those holding a place.
rules.add_perm(
    "cooperation.view_event_material",
    is_platform_admin | is_officer_of_event
    | (is_public_event & (is_public_material | is_confirmed_registrant_of)),
)
