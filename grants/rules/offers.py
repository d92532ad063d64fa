"""Who may do what with an offer. Default deny.

- The organization's members (owner or editor) write the offer while it is a draft or a correction is
  requested, submit it, withdraw it, and always read it (with its versions, PDF and attachments).
- The municipality's officers (and platform administrators) read an offer once it has been submitted, never a
  draft, and ask for a correction of a submitted offer.
- Committee members of the call read the offers they may score. That rule belongs to the evaluation stage:
  `grants.view_offer` ORs the predicate `is_committee_member_for_offer(user, offer)` that
  grants/rules/evaluation.py defines (looked up when the permission is checked, so the two modules need no
  import order; while evaluation does not define it, nobody is let in through it). It must itself demand a
  signed conflict-of-interest declaration and no exclusion from that offer; it is asked only about offers
  that have been submitted.
"""

import rules

from cooperation.rules import is_officer_of, is_platform_admin
from cooperation.selectors import organization_ids_of

from ..enums import OfferStatus

EDITABLE = frozenset({OfferStatus.DRAFT, OfferStatus.CORRECTION_REQUESTED})
WITHDRAWABLE = frozenset({OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.CORRECTION_REQUESTED,
                          OfferStatus.FORMALLY_ACCEPTED})


@rules.predicate
def is_offer_member(user, offer) -> bool:
    """The user belongs to the organization that makes the offer."""
    return offer is not None and offer.organization_id in organization_ids_of(user)


@rules.predicate
def is_offer_officer(user, offer) -> bool:
    return offer is not None and is_officer_of(user, offer)


@rules.predicate
def was_submitted(user, offer) -> bool:
    return offer is not None and offer.submitted_at is not None


@rules.predicate
def is_editable(user, offer) -> bool:
    return offer is not None and offer.status in EDITABLE


@rules.predicate
def is_withdrawable(user, offer) -> bool:
    return offer is not None and offer.status in WITHDRAWABLE


@rules.predicate
def awaits_formal_check(user, offer) -> bool:
    return offer is not None and offer.status == OfferStatus.SUBMITTED


@rules.predicate
def sits_on_committee_for_offer(user, offer) -> bool:
    """The evaluation stage's hook (see the module's docstring)."""
    if offer is None or offer.submitted_at is None or not user.is_authenticated:
        return False
    from . import evaluation

    predicate = getattr(evaluation, "is_committee_member_for_offer", None)
    return bool(predicate is not None and predicate(user, offer))


is_municipal_staff = is_offer_officer | is_platform_admin

rules.add_perm("grants.view_offer", is_offer_member | (is_municipal_staff & was_submitted) | sits_on_committee_for_offer)
rules.add_perm("grants.view_offer_attachment", is_offer_member | (is_municipal_staff & was_submitted)
               | sits_on_committee_for_offer)
rules.add_perm("grants.change_offer", is_offer_member & is_editable)
rules.add_perm("grants.submit_offer", is_offer_member & is_editable)
rules.add_perm("grants.withdraw_offer", is_offer_member & is_withdrawable)
rules.add_perm("grants.request_offer_correction", is_municipal_staff & awaits_formal_check)
# Starting an offer in a call (the object is the Call): the service checks the organization chosen.
rules.add_perm("grants.start_offer", rules.is_authenticated)
rules.add_perm("grants.view_own_offers", rules.is_authenticated)
