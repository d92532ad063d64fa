"""Permissions of partnerships. Default deny.

Objects: the Municipality for the officer's pages, a Partnership or an Action for the rest. A draft is the
municipality's officers' (and the administrators') alone; an active or ended partnership is public, its
agreement too. Members of a partner NGO record their organization's actions and the results; members of the
leading NGO (the coordinator) assess engagement with the officer."""

import rules

from cooperation.rules import is_officer_of, is_platform_admin
from cooperation.selectors import organization_ids_of

from .enums import PartnerRole, PartnershipStatus
from .models import PUBLISHED, Partner


def _partners_of(user, partnership) -> list[Partner]:
    """The current NGO partners of the user's organizations, cached on the partnership for the request."""
    ids = organization_ids_of(user)
    if not ids or partnership is None:
        return []
    cache = partnership.__dict__.setdefault("_partner_rows_of", {})
    if user.pk not in cache:
        cache[user.pk] = list(Partner.objects.filter(partnership=partnership, organization_id__in=ids,
                                                     left_on__isnull=True))
    return cache[user.pk]


@rules.predicate
def is_published(user, partnership) -> bool:
    return partnership is not None and partnership.status in PUBLISHED


@rules.predicate
def is_active(user, partnership) -> bool:
    return partnership is not None and partnership.status == PartnershipStatus.ACTIVE


@rules.predicate
def is_partner_member(user, partnership) -> bool:
    return bool(_partners_of(user, partnership))


@rules.predicate
def is_coordinator(user, partnership) -> bool:
    return any(partner.role == PartnerRole.LEADER for partner in _partners_of(user, partnership))


@rules.predicate
def is_officer_for_action(user, action) -> bool:
    return action is not None and is_officer_of(user, action.partnership)


@rules.predicate
def is_action_of_own_organization(user, action) -> bool:
    """The action's responsible partner is one of the user's organizations, in an active partnership."""
    if action is None or action.partnership.status != PartnershipStatus.ACTIVE:
        return False
    return action.responsible_id in {partner.pk for partner in _partners_of(user, action.partnership)}


@rules.predicate
def is_not_ended(user, obj) -> bool:
    partnership = getattr(obj, "partnership", obj)
    return partnership is not None and partnership.status != PartnershipStatus.ENDED


managers = is_platform_admin | is_officer_of

# Object: the Municipality. Creating, editing, partners, representatives, activating and ending.
rules.add_perm("grants.manage_partnerships", managers)
# Object: a Partnership.
rules.add_perm("grants.view_partnership", is_published | managers)
rules.add_perm("grants.add_partnership_action", (managers & is_not_ended) | (is_active & is_partner_member))
rules.add_perm("grants.update_partnership_results", managers | (is_published & is_partner_member))
rules.add_perm("grants.assess_partnership_engagement", is_published & (managers | is_coordinator))
# Object: an Action (its `partnership` loaded).
rules.add_perm("grants.change_partnership_action",
               ((is_platform_admin | is_officer_for_action) & is_not_ended) | is_action_of_own_organization)
