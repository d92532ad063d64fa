"""Permissions of the evaluation stage. Default deny.

Objects: `grants.evaluate_formally`, `grants.manage_committee` and `grants.export_evaluation` take the
Municipality (or any record with a municipality_id, such as the Call or the Offer); `grants.score_offer` and
`grants.view_offer_evaluation` take the Offer; `grants.sit_on_committee` takes the Call.

`is_committee_member_for_offer(user, offer)` is what the offers stage ORs into `grants.view_offer`: a member
reads an offer only after signing the declaration for its call, never an offer they are excluded from (an
Exclusion row, or membership of an organization that made it), never as a disqualified nominee, and only once
the offer is accepted formally (or decided).
"""

import rules
from django_scopes import scopes_disabled

from cooperation.rules import is_officer_of, is_organization_member, is_platform_admin


def _seat(user, call_id):
    """The user's seat on the call's committee, cached on the user object for the request."""
    if not user.is_authenticated or call_id is None:
        return None
    cache = user.__dict__.setdefault("_grants_committee_seats", {})
    if call_id not in cache:
        from ..models import CommitteeMember

        with scopes_disabled():
            cache[call_id] = CommitteeMember.objects.filter(call_id=call_id, user=user).select_related("call").first()
    return cache[call_id]


@rules.predicate
def is_committee_member_of_call(user, call) -> bool:
    return call is not None and _seat(user, call.pk) is not None


@rules.predicate
def is_committee_member_for_offer(user, offer) -> bool:
    if offer is None or getattr(offer, "call_id", None) is None:
        return False
    member = _seat(user, offer.call_id)
    if member is None or member.declaration_signed_at is None:
        return False
    from ..services.evaluation import EVALUATED, disqualified_member_ids, is_excluded

    if offer.status not in EVALUATED:
        return False
    with scopes_disabled():
        return member.pk not in disqualified_member_ids(member.call) and not is_excluded(member, offer)


@rules.predicate
def is_formally_accepted(user, offer) -> bool:
    from ..enums import OfferStatus

    return offer is not None and offer.status == OfferStatus.FORMALLY_ACCEPTED


@rules.predicate
def is_offerors_member(user, offer) -> bool:
    return offer is not None and is_organization_member(user, offer.organization)


@rules.predicate
def has_published_results(user, offer) -> bool:
    from ..enums import CallStatus

    if offer is None or offer.call_id is None:
        return False
    with scopes_disabled():
        return offer.call.status == CallStatus.RESULTS_PUBLISHED


officer = is_platform_admin | is_officer_of

rules.add_perm("grants.evaluate_formally", officer)
rules.add_perm("grants.manage_committee", officer)
rules.add_perm("grants.decide_call", officer)
rules.add_perm("grants.export_evaluation", officer)
rules.add_perm("grants.sit_on_committee", is_committee_member_of_call)
rules.add_perm("grants.score_offer", is_committee_member_for_offer & is_formally_accepted)
# The offeror's own scores and justifications: after the results are published (officers at any time).
rules.add_perm("grants.view_offer_evaluation", (is_offerors_member & has_published_results) | officer)
