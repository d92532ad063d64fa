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
