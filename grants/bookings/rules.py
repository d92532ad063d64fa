"""Permissions of municipal resources and bookings. Default deny.

Objects: the Municipality for the officer's pages; an Organization for asking; a Resource for its page; a
BookingRequest for the rest. A request is its organization's and the municipality's officers': another NGO never
sees it, and neither does another municipality's officer. The public sees approved times only, without names."""

import rules

from cooperation.rules import is_officer_of, is_organization_member, is_platform_admin
from cooperation.selectors import organization_ids_of


@rules.predicate
def is_published_resource(user, resource) -> bool:
    return resource is not None and resource.is_published


@rules.predicate
def is_member_of_requester(user, booking) -> bool:
    return booking is not None and booking.organization_id in organization_ids_of(user)


@rules.predicate
def is_active_booking(user, booking) -> bool:
    from .enums import ACTIVE_STATUSES

    return booking is not None and booking.status in ACTIVE_STATUSES


# Object: the Municipality. The catalogue, the requests inbox, decisions, the officer's calendar.
rules.add_perm("grants.manage_bookings", is_platform_admin | is_officer_of)
# Object: a Resource. Published resources are public; unpublished ones are the officers'.
rules.add_perm("grants.view_resource", is_published_resource | is_platform_admin | is_officer_of)
# Object: the Organization on whose behalf a resource is requested (confirmation is the service's to check).
rules.add_perm("grants.request_booking", is_organization_member)
# Object: a BookingRequest.
rules.add_perm("grants.view_booking", is_member_of_requester | is_officer_of | is_platform_admin)
rules.add_perm("grants.cancel_booking", is_member_of_requester & is_active_booking)
