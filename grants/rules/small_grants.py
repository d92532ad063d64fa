"""Permissions of small grants (art. 19a). Default deny.

Objects: the Municipality for the officer's pages, an Organization for submitting, an Offer for the rest.
A draft is its organization's alone; once submitted the municipality's officers see it; once published for
comments everyone does."""

import rules

from cooperation.rules import is_officer_of, is_organization_member, is_platform_admin

from .awards import is_member_for, is_officer_for


@rules.predicate
def is_published_small_grant(user, offer) -> bool:
    return offer is not None and offer.published_at is not None


@rules.predicate
def is_submitted(user, offer) -> bool:
    from ..enums import OfferStatus

    return offer is not None and offer.status != OfferStatus.DRAFT


@rules.predicate
def is_draft(user, offer) -> bool:
    from ..enums import OfferStatus

    return offer is not None and offer.status == OfferStatus.DRAFT


# Object: the Municipality. Publishing for comments, awarding, declining, the planned grants of a year.
rules.add_perm("grants.manage_small_grants", is_platform_admin | is_officer_of)
# Object: the Organization on whose behalf the offer is made.
rules.add_perm("grants.submit_small_grant", is_organization_member)
# Object: an Offer (kind small grant).
rules.add_perm("grants.view_small_grant",
               is_published_small_grant | is_member_for | ((is_officer_for | is_platform_admin) & is_submitted))
rules.add_perm("grants.edit_small_grant", is_member_for & is_draft)
