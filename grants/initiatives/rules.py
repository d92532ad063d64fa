"""Permissions of the local initiative as django-rules predicates. Default deny.

Objects: the Municipality for the officer's pages and for applying; an InitiativeApplication for the rest.
A draft (and a returned application) is its applicant's alone: the resident who created it, or the members of
the organization it was made through. Once submitted, the municipality's officers see it; once accepted,
everyone sees its public page (without the contact data). Another municipality's officer sees nothing."""

import rules

from cooperation.rules import is_officer_of, is_platform_admin
from cooperation.selectors import organization_ids_of

from .enums import EDITABLE_STATUSES, PUBLIC_STATUSES, InitiativeStatus


@rules.predicate
def is_applicant(user, application) -> bool:
    if application is None or not user.is_authenticated:
        return False
    if application.created_by_id == user.pk:
        return True
    return application.organization_id is not None and application.organization_id in organization_ids_of(user)


@rules.predicate
def is_officer_for(user, application) -> bool:
    return application is not None and is_officer_of(user, application)


@rules.predicate
def is_public(user, application) -> bool:
    return application is not None and application.status in PUBLIC_STATUSES


@rules.predicate
def is_submitted(user, application) -> bool:
    return application is not None and application.status not in (InitiativeStatus.DRAFT,)


@rules.predicate
def is_editable(user, application) -> bool:
    return application is not None and application.status in EDITABLE_STATUSES


# Object: the Municipality.
rules.add_perm("grants.manage_initiatives", is_platform_admin | is_officer_of)
rules.add_perm("grants.apply_initiative", rules.is_authenticated)
# Object: an InitiativeApplication.
rules.add_perm("grants.view_initiative", is_applicant | ((is_platform_admin | is_officer_for) & is_submitted))
rules.add_perm("grants.view_public_initiative", is_public)
rules.add_perm("grants.edit_initiative", is_applicant & is_editable)
rules.add_perm("grants.view_initiative_agreement", is_applicant | is_platform_admin | is_officer_for)
