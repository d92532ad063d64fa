"""The one place the status of a call, an offer, a contract or a report changes. Each stage's service calls these inside its own
transaction; the row is locked and its current status re-checked, so a double click or two officers at once
get "already done", never a second transition."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..enums import CallStatus, ContractStatus, OfferKind, OfferStatus, ReportStatus
from ..exceptions import TransitionNotAllowed
from ..models import Call, Contract, Offer, TaskReport

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

K = ContractStatus
CONTRACT_TRANSITIONS: dict[str, set[str]] = {
    K.DRAFT: {K.SIGNED},
    K.SIGNED: {K.SETTLED, K.TERMINATED},
    K.SETTLED: set(),
    K.TERMINATED: set(),
}

R = ReportStatus
REPORT_TRANSITIONS: dict[str, set[str]] = {
    R.DRAFT: {R.SUBMITTED},
    R.RETURNED: {R.SUBMITTED},
    R.SUBMITTED: {R.ACCEPTED, R.RETURNED},
    R.ACCEPTED: set(),
}

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


def _move(row, status: str, allowed: set[str], refusal: str, fields: dict, *, clean_exclude=(), update_fields=None):
    """The single assignment of a status in grants: refuse a transition the table does not allow, set the
    status and `fields`, validate and save."""
    if status not in allowed:
        raise TransitionNotAllowed(refusal % {"status": row.get_status_display()})
    row.status = status
    for name, value in fields.items():
        setattr(row, name, value)
    if update_fields is None:
        row.full_clean(exclude=list(clean_exclude))
        row.save()
    else:
        row.save(update_fields=["status", *update_fields])
    return row


def _refresh(target, locked) -> None:
    target.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})


@transaction.atomic
def set_offer_status(*, offer: Offer, status: str, expected: set[str] | None = None, **fields) -> Offer:
    """Move the offer to `status` (and set `fields` with it). `expected`, when given, narrows the states the
    caller accepts to start from. Returns the locked, saved row; `offer` is updated in place too."""
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    allowed = allowed_offer_statuses(locked) if expected is None or locked.status in expected else set()
    _move(locked, status, allowed, _("The offer is already “%(status)s”: this change is not possible."), fields,
          clean_exclude=["draft"])
    _refresh(offer, locked)
    return locked


@transaction.atomic
def set_call_status(*, call: Call, status: str, **fields) -> Call:
    locked = Call.objects.select_for_update().get(pk=call.pk)
    # created_by is empty once the author's account is deleted (SET_NULL).
    _move(locked, status, CALL_TRANSITIONS[locked.status],
          _("The call is already “%(status)s”: this change is not possible."), fields, clean_exclude=["created_by"])
    _refresh(call, locked)
    return locked


def set_contract_status(*, contract: Contract, status: str, **fields) -> Contract:
    """`contract` is the row the caller locked in its transaction (grants.services.awards)."""
    return _move(contract, status, CONTRACT_TRANSITIONS[contract.status],
                 _("The contract is already “%(status)s”: this change is not possible."), fields,
                 update_fields=list(fields))


def set_report_status(*, report: TaskReport, status: str, **fields) -> TaskReport:
    """`report` is the row the caller locked in its transaction (grants.services.awards)."""
    return _move(report, status, REPORT_TRANSITIONS[report.status],
                 _("The report is already “%(status)s”: this change is not possible."), fields,
                 update_fields=list(fields))
