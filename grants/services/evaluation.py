"""Evaluation of offers in an open call (art. 15 of the act) and its results: the formal check, the committee
(appointment, conflict-of-interest declarations, exclusions, score sheets), amounts, the executive's decision
and publishing the results. Views, the demo and tasks all call these.

Who may do what is decided in grants/rules/evaluation.py; these functions guard the state (the deadline, the
offer's and the call's status, the member's declaration and exclusions) and re-check it inside the
transaction, so a second click or a stale form gets a clear message, never a second change.

Decisions taken here (tests in tests/grants/test_evaluation_*.py):
- A person nominated by an organization that submitted an offer in the call (alone or jointly) is refused as
  a committee member. When such an organization submits later, its nominee is *disqualified*: computed from the
  data (`disqualified_member_ids`), not stored, so it cannot be missed whichever code submits the offer. A
  disqualified nominee sees no offer, scores nothing and their sheets never count; the committee page flags them.
- Members of an offering organization (also a co-offeror of a joint offer) get an Exclusion row for that offer
  when they sign the declaration and whenever an offer is accepted formally; the live membership is checked as
  well, so joining an organization later excludes at once.
- Experts (advisory vote) score like everyone else; their scores are shown separately and never enter the
  averages.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.models import Membership, Organization, User
from cooperation.services import record_audit

from ..enums import CallStatus, CommitteeRole, ExclusionReason, OfferKind, OfferStatus
from ..exceptions import LimitExceeded, NotAllowed, TransitionNotAllowed
from ..models import (
    Call,
    CommitteeMember,
    Criterion,
    Exclusion,
    FormalCheckResult,
    FormalRequirement,
    Offer,
    OfferVersion,
    Score,
    ScoreSheet,
)
from .status import set_call_status, set_offer_status

AUDIT_LABELS = {
    "grants.formal_check.recorded": gettext_lazy("formal check of an offer recorded"),
    "grants.offer.formally_accepted": gettext_lazy("offer accepted on formal grounds"),
    "grants.offer.formally_rejected": gettext_lazy("offer rejected on formal grounds"),
    "grants.committee_member.appointed": gettext_lazy("committee member appointed"),
    "grants.committee_member.removed": gettext_lazy("committee member removed"),
    "grants.declaration.signed": gettext_lazy("conflict-of-interest declaration signed"),
    "grants.conflict.declared": gettext_lazy("conflict of interest with an offer declared"),
    "grants.score_sheet.submitted": gettext_lazy("score sheet submitted"),
    "grants.amounts.proposed": gettext_lazy("grant amounts proposed"),
    "grants.decision.recorded": gettext_lazy("decision on the call recorded"),
    "grants.results.published": gettext_lazy("results of the call published"),
    "grants.results.offerors_notified": gettext_lazy("offerors informed of the results"),
    "grants.evaluation.exported": gettext_lazy("offers, scores or results of a call exported"),
}

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# Offers a committee member sees and the results list: accepted formally, then decided.
EVALUATED = (OfferStatus.FORMALLY_ACCEPTED, OfferStatus.AWARDED, OfferStatus.NOT_AWARDED)
AWAITING_FORMAL_CHECK = (OfferStatus.SUBMITTED, OfferStatus.CORRECTION_REQUESTED)
VOTING_ROLES = (CommitteeRole.OFFICIAL, CommitteeRole.NGO_NOMINEE)


# --- Shared guards --------------------------------------------------------------------------------------------


def deadline_passed(call: Call, now=None) -> bool:
    return (now or timezone.now()) >= call.deadline


def _require_deadline_passed(call: Call) -> None:
    if not deadline_passed(call):
        raise NotAllowed(_("Offers are evaluated after the deadline for offers (%(deadline)s).")
                         % {"deadline": timezone.localtime(call.deadline).strftime("%d.%m.%Y %H:%M")})


def _require_open_call_offer(offer: Offer) -> None:
    if offer.kind != OfferKind.OPEN_CALL or offer.call_id is None:
        raise NotAllowed(_("Only offers in an open call are evaluated by a committee."))


def _require_evaluation_open(call: Call) -> None:
    if call.status != CallStatus.PUBLISHED:
        raise TransitionNotAllowed(_("The call is “%(status)s”: its evaluation no longer changes.")
                                   % {"status": call.get_status_display()})


def _locked_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


# --- Who belongs to which offer ---------------------------------------------------------------------------


def offeror_organization_ids(call: Call, *, submitted_only: bool = True) -> dict[int, set[int]]:
    """For every offer of the call: the organizations that made it (the lead and the co-offerors of a joint
    offer named in its latest version). Reads only the offerors out of the stored documents."""
    offers = Offer.objects.filter(call=call)
    if submitted_only:
        offers = offers.filter(submitted_at__isnull=False)
    result = {offer_id: {organization_id} for offer_id, organization_id in offers.values_list("id", "organization_id")}
    versions = (OfferVersion.objects.filter(offer__in=offers).order_by("offer_id", "number")
                .values_list("offer_id", "content__offerors"))
    latest: dict[int, list] = {}
    for offer_id, offerors in versions:
        latest[offer_id] = offerors or []
    for offer_id, offerors in latest.items():
        for offeror in offerors if isinstance(offerors, list) else []:
            organization_id = offeror.get("organization_id") if isinstance(offeror, dict) else None
            if isinstance(organization_id, int):
                result[offer_id].add(organization_id)
    return result


def submitting_organization_ids(call: Call) -> set[int]:
    return set().union(*offeror_organization_ids(call).values())


def disqualified_member_ids(call: Call) -> set[int]:
    """NGO nominees whose nominating organization submitted an offer in the call (art. 15 ust. 2d)."""
    nominees = dict(CommitteeMember.objects.filter(call=call, role=CommitteeRole.NGO_NOMINEE)
                    .values_list("id", "nominated_by_id"))
    if not nominees:
        return set()
    offering = submitting_organization_ids(call)
    return {member_id for member_id, organization_id in nominees.items() if organization_id in offering}


def sync_membership_exclusions(call: Call) -> int:
    """Create the missing automatic exclusions: a member never sees nor scores an offer of an organization
    they belong to. Returns how many were added. Safe to run any number of times."""
    members = list(CommitteeMember.objects.filter(call=call).values_list("id", "user_id"))
    if not members:
        return 0
    user_organizations: dict[int, set[int]] = defaultdict(set)
    for user_id, organization_id in Membership.objects.filter(
            user_id__in=[user_id for _id, user_id in members]).values_list("user_id", "organization_id"):
        user_organizations[user_id].add(organization_id)
    existing = set(Exclusion.objects.filter(member__call=call).values_list("member_id", "offer_id"))
    new = []
    for offer_id, organization_ids in offeror_organization_ids(call).items():
        for member_id, user_id in members:
            if (member_id, offer_id) not in existing and organization_ids & user_organizations[user_id]:
                new.append(Exclusion(member_id=member_id, offer_id=offer_id, reason=ExclusionReason.MEMBERSHIP))
    Exclusion.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        # A sheet begun before the exclusion never counts and is removed.
        for exclusion in new:
            ScoreSheet.objects.filter(member_id=exclusion.member_id, offer_id=exclusion.offer_id).delete()
    return len(new)


# --- Formal check -------------------------------------------------------------------------------------------


@transaction.atomic
def record_formal_check(*, offer: Offer, actor: User, results: dict) -> list[FormalCheckResult]:
    """Save the answers to the call's formal checklist: `results` maps a FormalRequirement id to
    (met: bool, note: str). Lines not given keep their earlier answer."""
    _require_open_call_offer(offer)
    offer = Offer.objects.select_for_update(of=("self",)).select_related("call").get(pk=offer.pk)
    _require_evaluation_open(offer.call)
    _require_deadline_passed(offer.call)
    if offer.status not in AWAITING_FORMAL_CHECK:
        raise TransitionNotAllowed(_("The offer is already “%(status)s”: its formal check is closed.")
                                   % {"status": offer.get_status_display()})
    requirements = {r.pk: r for r in FormalRequirement.objects.filter(call=offer.call)}
    unknown = set(map(int, results)) - set(requirements)
    if unknown:
        raise ValidationError(_("The checklist has changed: reload the page."))
    saved = []
    for requirement_id, (met, note) in results.items():
        note = (note or "").strip()
        if not met and not note:
            raise ValidationError({f"note_{requirement_id}": _("Say what is missing.")})
        result, _created = FormalCheckResult.objects.update_or_create(
            offer=offer, requirement=requirements[int(requirement_id)],
            defaults={"met": bool(met), "note": note[:500], "checked_by": actor},
        )
        saved.append(result)
    record_audit(actor=actor, action="grants.formal_check.recorded", target=offer, municipality=offer.municipality,
                 data={"met": sum(1 for r in saved if r.met), "not_met": sum(1 for r in saved if not r.met)})
    return saved


def formal_check_summary(offer: Offer) -> dict:
    """How far the checklist is: requirements, answered, met, and whether it is all met."""
    total = FormalRequirement.objects.filter(call_id=offer.call_id).count()
    answered = FormalCheckResult.objects.filter(offer=offer).values_list("met", flat=True)
    met = sum(1 for value in answered if value)
    return {"total": total, "answered": len(answered), "met": met, "all_met": len(answered) == total and met == total}


@transaction.atomic
def accept_formally(*, offer: Offer, actor: User, note: str = "") -> Offer:
    """The offer meets every formal requirement: it goes to the committee."""
    _require_open_call_offer(offer)
    _require_evaluation_open(offer.call)
    _require_deadline_passed(offer.call)
    summary = formal_check_summary(offer)
    if not summary["all_met"]:
        raise NotAllowed(_("An offer is accepted formally only when every requirement of the checklist is marked "
                           "as met."))
    set_offer_status(offer=offer, status=OfferStatus.FORMALLY_ACCEPTED, expected={OfferStatus.SUBMITTED},
                     formal_note=note.strip())
    record_audit(actor=actor, action="grants.offer.formally_accepted", target=offer, municipality=offer.municipality)
    sync_membership_exclusions(offer.call)
    return offer


@transaction.atomic
def reject_formally(*, offer: Offer, actor: User, justification: str) -> Offer:
    _require_open_call_offer(offer)
    _require_evaluation_open(offer.call)
    _require_deadline_passed(offer.call)
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError({"justification": _("Give the reasons for rejecting the offer.")})
    set_offer_status(offer=offer, status=OfferStatus.FORMALLY_REJECTED, expected=set(AWAITING_FORMAL_CHECK),
                     formal_note=justification, decision_note=justification, decided_at=timezone.now())
    record_audit(actor=actor, action="grants.offer.formally_rejected", target=offer, municipality=offer.municipality)
    return offer


def ask_for_correction(*, offer: Offer, actor: User, note: str, due) -> Offer:
    """Ask the offeror to correct the offer by `due`, after the deadline for offers; the offers stage
    (grants.services.offers.request_correction) changes the status and takes the corrected version."""
    _require_open_call_offer(offer)
    _require_evaluation_open(offer.call)
    _require_deadline_passed(offer.call)
    from . import offers

    return offers.request_correction(offer=offer, actor=actor, note=note, due=due)


# --- Committee ------------------------------------------------------------------------------------------------


@transaction.atomic
def appoint_member(*, call: Call, user: User, role: str, actor: User, nominated_by: Organization | None = None,
                   is_chair: bool = False) -> CommitteeMember:
    call = _locked_call(call)
    if call.status not in (CallStatus.DRAFT, CallStatus.PUBLISHED):
        raise TransitionNotAllowed(_("The call is “%(status)s”: its committee no longer changes.")
                                   % {"status": call.get_status_display()})
    if role not in CommitteeRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role == CommitteeRole.NGO_NOMINEE:
        if nominated_by is None:
            raise ValidationError({"nominated_by": _("Give the organization that nominated this person.")})
        if nominated_by.pk in submitting_organization_ids(call):
            raise NotAllowed(_("%(organization)s submitted an offer in this call: a person it nominates may not sit "
                               "on the committee (art. 15 ust. 2d of the act).") % {"organization": nominated_by})
    else:
        nominated_by = None
    if CommitteeMember.objects.filter(call=call, user=user).exists():
        raise NotAllowed(_("%(person)s is already on this committee.") % {"person": user})
    member = CommitteeMember(call=call, user=user, role=role, nominated_by=nominated_by, is_chair=is_chair)
    member.full_clean()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:
        raise NotAllowed(_("%(person)s is already on this committee.") % {"person": user}) from error
    record_audit(actor=actor, action="grants.committee_member.appointed", target=call, municipality=call.municipality,
                 data={"user": user.pk, "role": role, "nominated_by": nominated_by.pk if nominated_by else None})
    return member


@transaction.atomic
def remove_member(*, member: CommitteeMember, actor: User) -> None:
    call = _locked_call(member.call)
    if call.status not in (CallStatus.DRAFT, CallStatus.PUBLISHED) or call.decided_on is not None:
        raise TransitionNotAllowed(_("The decision is recorded: the committee no longer changes."))
    if member.sheets.filter(submitted_at__isnull=False).exists() and member.pk not in disqualified_member_ids(call):
        raise NotAllowed(_("This member has submitted score sheets: they stay on the committee's record."))
    record_audit(actor=actor, action="grants.committee_member.removed", target=call, municipality=call.municipality,
                 data={"user": member.user_id, "role": member.role})
    member.delete()


def declaration_text() -> str:
    """The conflict-of-interest declaration (art. 15 ust. 2f of the act with art. 24 of the Code of
    Administrative Procedure), in the language of the request. Stored as signed."""
    grounds = [
        _("I am not an offeror, and I am not in such a legal relationship with an offeror that the result could "
          "affect my rights or obligations;"),
        _("no offeror, and no member of an offeror's governing bodies, is my spouse or a relative or in-law up to the "
          "second degree;"),
        _("no offeror, and no member of an offeror's governing bodies, is linked to me by adoption, guardianship or "
          "curatorship;"),
        _("I am not and have not been a representative of an offeror, and no offeror is represented by a person "
          "named in the two points above;"),
        _("no disciplinary or criminal proceedings have been started against me because of an offer, and no offeror "
          "is my superior at work;"),
        _("there are no other circumstances that could raise reasonable doubts about my impartiality."),
    ]
    lines = [_("I declare that, in relation to the offers submitted in this call, none of the grounds for exclusion "
               "of art. 24 of the Code of Administrative Procedure applies to me, except for the offers I name "
               "below. In particular:")]
    lines += [f"{number}. {text}" for number, text in enumerate(grounds, 1)]
    lines.append(_("I will keep the offers and the committee's work confidential until the results are published. "
                   "If any of these circumstances arises during the committee's work, I will report it at once and "
                   "stop evaluating the offer concerned."))
    return "\n".join(lines)


def _require_own_seat(member: CommitteeMember, actor: User) -> None:
    if member.user_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Only the committee member themselves can do this."))


@transaction.atomic
def sign_declaration(*, member: CommitteeMember, actor: User, conflicts=(), text: str | None = None) -> CommitteeMember:
    """The member signs the declaration for the call, naming the offers (ids) they have a conflict with.
    Until then they see no offer of the call."""
    _require_own_seat(member, actor)
    seat = member
    member = CommitteeMember.objects.select_for_update().select_related("call").get(pk=member.pk)
    if member.declaration_signed_at is not None:
        raise TransitionNotAllowed(_("You have already signed the declaration for this call."))
    conflict_ids = {int(offer_id) for offer_id in conflicts}
    known = set(Offer.objects.filter(call=member.call, pk__in=conflict_ids).values_list("pk", flat=True))
    if known != conflict_ids:
        raise ValidationError({"conflicts": _("Choose offers of this call.")})
    member.declaration_signed_at = timezone.now()
    member.declaration_text = text or declaration_text()
    member.save(update_fields=["declaration_signed_at", "declaration_text"])
    Exclusion.objects.bulk_create(
        [Exclusion(member=member, offer_id=offer_id, reason=ExclusionReason.DECLARED) for offer_id in sorted(known)],
        ignore_conflicts=True,
    )
    sync_membership_exclusions(member.call)
    record_audit(actor=actor, action="grants.declaration.signed", target=member.call, municipality=member.call.municipality,
                 data={"member": member.pk, "conflicts": sorted(known)})
    seat.declaration_signed_at, seat.declaration_text = member.declaration_signed_at, member.declaration_text
    return member


@transaction.atomic
def declare_conflict(*, member: CommitteeMember, offer: Offer, actor: User, note: str = "") -> Exclusion:
    """A conflict noticed later: the member stops evaluating the offer; a sheet they began is removed."""
    _require_own_seat(member, actor)
    if offer.call_id != member.call_id:
        raise NotAllowed(_("This offer is not in your committee's call."))
    _require_evaluation_open(member.call)
    exclusion, _created = Exclusion.objects.get_or_create(
        member=member, offer=offer, defaults={"reason": ExclusionReason.DECLARED, "note": note.strip()[:500]})
    ScoreSheet.objects.filter(member=member, offer=offer).delete()
    record_audit(actor=actor, action="grants.conflict.declared", target=offer, municipality=offer.municipality,
                 data={"member": member.pk})
    return exclusion


def offer_organization_ids(offer: Offer) -> set[int]:
    """The lead organization and the co-offerors named in the offer's latest version."""
    ids = {offer.organization_id}
    offerors = (OfferVersion.objects.filter(offer=offer).order_by("-number")
                .values_list("content__offerors", flat=True).first())
    for offeror in offerors if isinstance(offerors, list) else []:
        if isinstance(offeror, dict) and isinstance(offeror.get("organization_id"), int):
            ids.add(offeror["organization_id"])
    return ids


def is_excluded(member: CommitteeMember, offer: Offer) -> bool:
    """An Exclusion row, or (checked live) the member belongs to an organization that made the offer."""
    if Exclusion.objects.filter(member=member, offer=offer).exists():
        return True
    return Membership.objects.filter(user_id=member.user_id, organization_id__in=offer_organization_ids(offer)).exists()


def check_may_score(member: CommitteeMember, offer: Offer) -> None:
    """Everything that must hold before a member reads or scores an offer; raises NotAllowed otherwise."""
    if member.declaration_signed_at is None:
        raise NotAllowed(_("Sign the conflict-of-interest declaration for this call first."))
    if offer.call_id != member.call_id:
        raise NotAllowed(_("This offer is not in your committee's call."))
    if member.pk in disqualified_member_ids(member.call):
        raise NotAllowed(_("The organization that nominated you submitted an offer in this call: you may not "
                           "evaluate its offers."))
    if is_excluded(member, offer):
        raise NotAllowed(_("You are excluded from evaluating this offer."))


# --- Score sheets ---------------------------------------------------------------------------------------------


def parse_points(value, max_points: int) -> Decimal:
    """Points as a Decimal with at most two places, from 0 to the criterion's maximum."""
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValueError(_("Enter a number of points.")) from error
    if not points.is_finite() or points != points.quantize(CENT):
        raise ValueError(_("Enter points with at most two decimal places."))
    if points < 0 or points > max_points:
        raise ValueError(_("Enter from 0 to %(max)d points.") % {"max": max_points})
    return points.quantize(CENT)


@transaction.atomic
def save_scores(*, member: CommitteeMember, offer: Offer, actor: User, scores: dict, comment: str = "") -> ScoreSheet:
    """Save (or change) the member's points and justifications; `scores` maps a Criterion id to
    (points, comment). Points are checked here: 0 to the criterion's maximum, at most two decimal places.
    A sheet changes until it is submitted."""
    _require_own_seat(member, actor)
    offer = Offer.objects.select_for_update(of=("self",)).select_related("call").get(pk=offer.pk)
    member = CommitteeMember.objects.select_related("call").get(pk=member.pk)
    check_may_score(member, offer)
    _require_evaluation_open(offer.call)
    if offer.status != OfferStatus.FORMALLY_ACCEPTED:
        raise NotAllowed(_("Only offers accepted on formal grounds are scored, and only until the decision."))
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(member=member, offer=offer)
    if sheet.submitted_at is not None:
        raise TransitionNotAllowed(_("You have submitted this sheet: it no longer changes."))
    criteria = {c.pk: c for c in Criterion.objects.filter(call_id=offer.call_id)}
    errors = {}
    parsed = {}
    for criterion_id, (points, note) in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ValidationError(_("The criteria have changed: reload the page."))
        if points is None or str(points).strip() == "":
            parsed[criterion.pk] = (None, (note or "").strip())
            continue
        try:
            parsed[criterion.pk] = (parse_points(points, criterion.max_points), (note or "").strip())
        except ValueError as error:
            errors[f"points_{criterion.pk}"] = str(error)
    if errors:
        raise ValidationError(errors)
    for criterion_id, (points, note) in parsed.items():
        if points is None:
            Score.objects.filter(sheet=sheet, criterion_id=criterion_id).delete()
            continue
        Score.objects.update_or_create(sheet=sheet, criterion_id=criterion_id,
                                       defaults={"points": points, "comment": note})
    sheet.comment = (comment or "").strip()
    sheet.save(update_fields=["comment"])
    return sheet


@transaction.atomic
def submit_sheet(*, member: CommitteeMember, offer: Offer, actor: User) -> ScoreSheet:
    """Submit the sheet: every criterion must have points. Afterwards the member sees the others' sheets."""
    _require_own_seat(member, actor)
    member = CommitteeMember.objects.select_related("call").get(pk=member.pk)
    check_may_score(member, offer)
    if Offer.objects.filter(pk=offer.pk).values_list("status", flat=True).get() != OfferStatus.FORMALLY_ACCEPTED:
        raise NotAllowed(_("Only offers accepted on formal grounds are scored, and only until the decision."))
    sheet = ScoreSheet.objects.select_for_update().filter(member=member, offer=offer).first()
    if sheet is None:
        raise NotAllowed(_("Score every criterion before submitting the sheet."))
    if sheet.submitted_at is not None:
        raise TransitionNotAllowed(_("You have already submitted this sheet."))
    missing = Criterion.objects.filter(call_id=offer.call_id).exclude(scores__sheet=sheet)
    if missing.exists():
        raise ValidationError({f"points_{c.pk}": _("Give points for this criterion.") for c in missing})
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["submitted_at"])
    record_audit(actor=actor, action="grants.score_sheet.submitted", target=offer, municipality=offer.municipality,
                 data={"member": member.pk})
    return sheet


# --- Amounts, decision, results -----------------------------------------------------------------------------------


def _amount(value) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        return Decimal("NaN")
    return number


def _check_amounts(call: Call, offers: dict[int, Offer], amounts: dict, prefix: str) -> dict[int, Decimal | None]:
    """Amounts ≤ requested, not negative, whole grosze, their sum ≤ the call's funds."""
    errors, parsed = {}, {}
    for offer_id, value in amounts.items():
        offer = offers.get(int(offer_id))
        if offer is None:
            raise ValidationError(_("The list of offers has changed: reload the page."))
        number = _amount(value)
        key = f"{prefix}_{offer.pk}"
        if number is not None and (not number.is_finite() or number != number.quantize(CENT) or number < 0):
            errors[key] = _("Enter an amount in złoty with at most two decimal places.")
        elif number is not None and number > offer.requested_grant:
            errors[key] = _("At most the amount requested (%(amount)s zł).") % {"amount": offer.requested_grant}
        else:
            parsed[offer.pk] = None if number is None or number == 0 else number.quantize(CENT)
    if errors:
        raise ValidationError(errors)
    total = sum((a for a in parsed.values() if a), ZERO)
    if total > call.total_funds:
        raise LimitExceeded(_("The amounts add up to %(total)s zł, more than the call's %(funds)s zł.")
                            % {"total": total, "funds": call.total_funds})
    return parsed


def amount_warnings(call: Call, amounts: dict[int, Decimal | None], offers: dict[int, Offer]) -> list[str]:
    warnings = []
    for offer_id, amount in amounts.items():
        offer = offers[offer_id]
        if amount and call.min_grant is not None and amount < call.min_grant:
            warnings.append(_("%(number)s: %(amount)s zł is below the call's smallest grant (%(min)s zł).")
                            % {"number": offer.number, "amount": amount, "min": call.min_grant})
        if amount and amount < offer.requested_grant:
            warnings.append(_("%(number)s: less than requested; the offeror will update the budget before the "
                              "contract.") % {"number": offer.number})
    return warnings


def _accepted_offers(call: Call) -> dict[int, Offer]:
    return {o.pk: o for o in Offer.objects.filter(call=call, status=OfferStatus.FORMALLY_ACCEPTED)
            .select_related("organization")}


@transaction.atomic
def propose_amounts(*, call: Call, actor: User, amounts: dict) -> list[str]:
    """The officer's proposal (offer id → amount, empty for none) for the executive. Refused above the amount
    requested or, in sum, above the call's funds; returns warnings worth a second look."""
    call = _locked_call(call)
    _require_evaluation_open(call)
    _require_deadline_passed(call)
    if call.decided_on is not None:
        raise TransitionNotAllowed(_("The decision is recorded: the proposal no longer changes."))
    offers = _accepted_offers(call)
    parsed = _check_amounts(call, offers, amounts, "amount")
    for offer_id, amount in parsed.items():
        Offer.objects.filter(pk=offer_id).update(proposed_amount=amount)
    record_audit(actor=actor, action="grants.amounts.proposed", target=call, municipality=call.municipality,
                 data={str(k): str(v) if v is not None else None for k, v in parsed.items()})
    return amount_warnings(call, parsed, offers)


@transaction.atomic
def record_decision(*, call: Call, actor: User, reference: str, decided_on: date, awards: dict,
                    justifications: dict | None = None) -> Call:
    """The executive's decision (art. 15: the committee only gives opinions): every offer accepted formally
    gets a grant (offer id → amount) or none (None). A refusal or a grant lower than requested needs a
    justification; the offeror sees it."""
    call = _locked_call(call)
    _require_evaluation_open(call)
    _require_deadline_passed(call)
    if call.decided_on is not None:
        raise TransitionNotAllowed(_("The decision on this call is already recorded."))
    pending = Offer.objects.filter(call=call, status__in=AWAITING_FORMAL_CHECK).count()
    if pending:
        raise NotAllowed(_("Finish the formal check first: %(count)d offer(s) still wait for it.") % {"count": pending})
    reference = (reference or "").strip()
    errors = {}
    if not reference:
        errors["reference"] = _("Give the number of the executive's decision.")
    if decided_on is None:
        errors["decided_on"] = _("Give the date of the decision.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("The decision cannot be dated in the future.")
    elif decided_on < timezone.localtime(call.deadline).date():
        errors["decided_on"] = _("The decision cannot be dated before the deadline for offers.")
    if errors:
        raise ValidationError(errors)
    offers = _accepted_offers(call)
    missing = set(offers) - {int(k) for k in awards}
    if missing:
        raise ValidationError(_("Decide on every offer accepted on formal grounds."))
    parsed = _check_amounts(call, offers, awards, "amount")
    justifications = {int(k): (v or "").strip() for k, v in (justifications or {}).items()}
    for offer_id, amount in parsed.items():
        if (amount is None or amount < offers[offer_id].requested_grant) and not justifications.get(offer_id):
            errors[f"justification_{offer_id}"] = _("Justify a refusal or a grant lower than requested.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for offer_id, amount in sorted(parsed.items()):
        set_offer_status(
            offer=offers[offer_id], status=OfferStatus.AWARDED if amount else OfferStatus.NOT_AWARDED,
            expected={OfferStatus.FORMALLY_ACCEPTED}, awarded_amount=amount,
            decision_note=justifications.get(offer_id, ""), decided_at=now,
        )
    call.decision_reference = reference[:300]
    call.decided_on = decided_on
    call.save(update_fields=["decision_reference", "decided_on"])
    record_audit(actor=actor, action="grants.decision.recorded", target=call, municipality=call.municipality,
                 data={"reference": call.decision_reference,
                       "awards": {str(k): str(v) if v is not None else None for k, v in parsed.items()}})
    return call


@transaction.atomic
def publish_results(*, call: Call, actor: User, bip_on: date, board_on: date, website_on: date) -> Call:
    """Publish the results (organization, task, amount) here and record the days they appeared in the three
    channels of art. 13 ust. 3; every offeror is e-mailed (once)."""
    current = _locked_call(call)
    if current.decided_on is None:
        raise NotAllowed(_("Record the executive's decision before publishing the results."))
    errors = {}
    for name, value in (("bip_on", bip_on), ("board_on", board_on), ("website_on", website_on)):
        if value is None:
            errors[name] = _("Give the day the results appear in this channel.")
        elif value < current.decided_on:
            errors[name] = _("The results cannot appear before the decision.")
    if errors:
        raise ValidationError(errors)
    set_call_status(call=current, status=CallStatus.RESULTS_PUBLISHED, results_published_at=timezone.now(),
                    results_bip_on=bip_on, results_board_on=board_on, results_website_on=website_on)
    call.__dict__.update({k: v for k, v in current.__dict__.items() if not k.startswith("_")})
    record_audit(actor=actor, action="grants.results.published", target=current, municipality=current.municipality)
    call_id = current.pk
    transaction.on_commit(lambda: _enqueue_result_emails(call_id))
    return current


def _enqueue_result_emails(call_id: int) -> None:
    from ..tasks.evaluation import task_notify_offerors

    task_notify_offerors.delay(call_id)
