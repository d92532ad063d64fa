"""The one place the status of a call or an offer changes. Each stage's service calls these inside its own
transaction; the row is locked and its current status re-checked, so a double click or two officers at once
get "already done", never a second transition."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..enums import CallStatus, OfferKind, OfferStatus
from ..exceptions import TransitionNotAllowed
from ..models import Call, Offer

S = OfferStatus
OFFER_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.CORRECTION_REQUESTED, S.FORMALLY_REJECTED, S.FORMALLY_ACCEPTED, S.WITHDRAWN},
    S.CORRECTION_REQUESTED: {S.SUBMITTED, S.FORMALLY_REJECTED, S.WITHDRAWN},
    S.FORMALLY_ACCEPTED: {S.AWARDED, S.NOT_AWARDED, S.WITHDRAWN},
    S.AWARDED: set(),
    S.NOT_AWARDED: set(),
    S.FORMALLY_REJECTED: set(),
    S.WITHDRAWN: set(),
}
# A small grant (art. 19a) has no formal stage in a committee: the executive decides after the comments.
SMALL_GRANT_EXTRA = {S.SUBMITTED: {S.AWARDED, S.NOT_AWARDED}}

C = CallStatus
CALL_TRANSITIONS: dict[str, set[str]] = {
    C.DRAFT: {C.PUBLISHED},
    C.PUBLISHED: {C.RESULTS_PUBLISHED, C.CANCELLED},
    C.RESULTS_PUBLISHED: set(),
    C.CANCELLED: set(),
}


def allowed_offer_statuses(offer: Offer) -> set[str]:
    allowed = set(OFFER_TRANSITIONS[offer.status])
    if offer.kind == OfferKind.SMALL_GRANT:
        allowed |= SMALL_GRANT_EXTRA.get(offer.status, set())
    return allowed


@transaction.atomic
def set_offer_status(*, offer: Offer, status: str, expected: set[str] | None = None, **fields) -> Offer:
    """Move the offer to `status` (and set `fields` with it). `expected`, when given, narrows the states the
    caller accepts to start from. Returns the locked, saved row; `offer` is updated in place too."""
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if (expected is not None and locked.status not in expected) or status not in allowed_offer_statuses(locked):
        raise TransitionNotAllowed(
            _("The offer is already “%(status)s”: this change is not possible.") % {"status": locked.get_status_display()}
        )
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["draft"])
    locked.save()
    offer.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def set_call_status(*, call: Call, status: str, **fields) -> Call:
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if status not in CALL_TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(
            _("The call is already “%(status)s”: this change is not possible.") % {"status": locked.get_status_display()}
        )
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["created_by"])  # empty once the author's account is deleted (SET_NULL)
    locked.save()
    call.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked
