"""Small grants outside an open call (art. 19a of the act; legal.md section 3).

An organization submits a simplified offer (Offer kind small grant, no call; the content is the same offer
document with the simplified sections filled, see `build_content`). The officer publishes it within 7
working days of receipt (Polish public holidays count as days off) for 7 days of public comments, which
anyone may leave. After the comments the executive awards the grant or declines; the award is refused above
the 20,000 zł per organization per calendar year cap and above 20% of the grants planned in the year's
budget. The contract (grants.services.awards) can be prepared only after the comments period.

The limits are GrantRules values (per municipality, statutory defaults), never constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.documents import enqueue_render
from cooperation.enums import OrganizationLinkStatus
from cooperation.models import Municipality, Organization, OrganizationMunicipality
from cooperation.services import record_audit

from .. import offer_content
from ..enums import OfferKind, OfferStatus, TaskForm, VersionReason
from ..exceptions import DeadlinePassed, LimitExceeded, NotAllowed, TransitionNotAllowed
from ..models import GrantBudget, GrantRules, Offer, OfferVersion, SmallGrantComment
from ..offer_content import ZERO, Limits, amount
from .status import set_offer_status

AUDIT_LABELS: dict = {
    "grants.small_grant.created": gettext_lazy("small grant offer started"),
    "grants.small_grant.saved": gettext_lazy("small grant offer saved"),
    "grants.small_grant.submitted": gettext_lazy("small grant offer submitted"),
    "grants.small_grant.published": gettext_lazy("small grant offer published for comments"),
    "grants.small_grant.publication_recorded": gettext_lazy("dates of a small grant offer's publication in the BIP "
                                                            "and on the notice board recorded"),
    "grants.small_grant.commented": gettext_lazy("comment on a small grant offer"),
    "grants.small_grant.awarded": gettext_lazy("small grant awarded"),
    "grants.small_grant.declined": gettext_lazy("small grant declined"),
    "grants.grant_budget.saved": gettext_lazy("planned grants of a year recorded"),
}
NUMBER_PREFIX = "MG"
HUNDRED = Decimal("100")


def grant_rules(municipality: Municipality) -> GrantRules:
    rules, _created = GrantRules.objects.get_or_create(municipality=municipality)
    return rules


def limits_for(rules: GrantRules, form: str) -> Limits:
    return Limits(form=form if form in TaskForm.values else TaskForm.SUPPORT, max_grant=rules.small_grant_max_amount,
                  max_days=rules.small_grant_max_days)


def _problems_error(problems: list[tuple[str, str]]) -> ValidationError:
    grouped: dict[str, list[str]] = {}
    for path, message in problems:
        grouped.setdefault(path or "__all__", []).append(message)
    return ValidationError(grouped)


def _money(value: Decimal) -> str:
    from django.utils.formats import number_format

    return number_format(value, 2, force_grouping=True)


# --- The simplified offer -----------------------------------------------------------------------------------


def offeror_of(organization: Organization) -> dict:
    """Section II of the offer from the organization's record in the portal."""
    register = f"KRS {organization.krs}" if organization.krs else organization.other_register
    with translation.override(settings.LANGUAGE_CODE):  # the offer is an official Polish document
        legal_form = str(organization.get_legal_form_display())
    return {
        "organization_id": organization.pk, "name": organization.name, "legal_form": legal_form,
        "register": register, "address": organization.address, "correspondence_address": "",
        "website": organization.website, "email": organization.email, "phone": organization.phone,
    }


def build_content(*, organization: Organization, data: dict) -> dict:
    """The offer document (grants/offer_content.py) from the simplified form. `data` keys: task_type, form,
    title, start, end, synopsis, place, results (expected results), costs [{name, category, unit, quantity,
    unit_cost}], funding {grant, own_financial, own_non_financial, beneficiary_fees}, contact {name, phone,
    email}, paid_activity, declarations {…}. The simplified offer has one activity (the task itself), to which
    every activity cost belongs."""
    start, end = data.get("start") or "", data.get("end") or ""
    start, end = (start.isoformat() if isinstance(start, date) else start), (end.isoformat() if isinstance(end, date) else end)
    year = start[:4] if start else ""
    costs = []
    for index, line in enumerate(data.get("costs") or []):
        category = line.get("category") if line.get("category") in ("activity", "administrative") else "activity"
        value = offer_content.line_value(line)
        costs.append({
            "id": f"c{index + 1}", "category": category, "activity_id": "a1" if category == "activity" else None,
            "name": line.get("name") or "", "unit": line.get("unit") or "", "unit_cost": str(line.get("unit_cost") or ""),
            "quantity": str(line.get("quantity") or ""), "years": {year: str(value)} if year and value is not None else {},
            "offeror": 0,
        })
    funding = data.get("funding") or {}
    return {
        "simplified": True,
        "form": data.get("form") or TaskForm.SUPPORT,
        "task_type": data.get("task_type") or "",
        "offerors": [offeror_of(organization)],
        "contact": dict(data.get("contact") or {}),
        "title": data.get("title") or "",
        "start": start,
        "end": end,
        "synopsis": data.get("synopsis") or "",
        "place": data.get("place") or "",
        "activities": [{"id": "a1", "year": year, "name": data.get("title") or "", "description": data.get("synopsis") or "",
                        "target_group": "", "period": "", "subcontractor": ""}],
        "results_description": {"products": data.get("results") or "", "change": "", "sustainability": ""},
        "results": [],
        "experience": "",
        "resources": "",
        "costs": costs,
        "funding": {key: str(funding.get(key) or "0.00") for key in offer_content.FUNDING_KEYS},
        "paid_activity": data.get("paid_activity") or "",
        "joint_roles": "",
        "other_information": "",
        "declarations": {
            **{key: (data.get("declarations") or {}).get(key) is True for key in offer_content.DECLARATION_KEYS},
            **{key: offer_content.arrears(data.get("declarations") or {}, key) for key in offer_content.ARREARS_KEYS},
        },
    }


def form_data(content: dict) -> dict:
    """The simplified form's values from a stored document (the inverse of build_content)."""
    return {
        "task_type": content.get("task_type", ""), "form": content.get("form", TaskForm.SUPPORT),
        "title": content.get("title", ""), "start": content.get("start", ""), "end": content.get("end", ""),
        "synopsis": content.get("synopsis", ""), "place": content.get("place", ""),
        "results": (content.get("results_description") or {}).get("products", ""),
        "costs": [{k: line.get(k, "") for k in ("name", "category", "unit", "quantity", "unit_cost")}
                  for line in content.get("costs") or []],
        "funding": dict(content.get("funding") or {}), "contact": dict(content.get("contact") or {}),
        "paid_activity": content.get("paid_activity", ""), "declarations": dict(content.get("declarations") or {}),
    }


def check(offer_or_municipality, content: dict, *, complete: bool = True) -> list[tuple[str, str]]:
    municipality = getattr(offer_or_municipality, "municipality", offer_or_municipality)
    rules = grant_rules(municipality)
    problems = offer_content.check(content, limits_for(rules, content.get("form")), complete=complete)
    if complete and content.get("form") not in TaskForm.values:
        problems.append(("form", _("Choose support (co-funding) or entrusting (full funding).")))
    if complete and not (content.get("task_type") or "").strip():
        problems.append(("task_type", _("Give the type of public task.")))
    if complete and not (content.get("place") or "").strip():
        problems.append(("place", _("Give the place where the task is carried out.")))
    if complete and not ((content.get("results_description") or {}).get("products") or "").strip():
        problems.append(("results", _("Describe the results you expect.")))
    return problems


def _guard_organization(municipality: Municipality, organization: Organization) -> None:
    confirmed = OrganizationMunicipality.objects.filter(
        municipality=municipality, organization=organization, status=OrganizationLinkStatus.CONFIRMED).exists()
    if not confirmed:
        raise NotAllowed(_("The organization must be confirmed by this municipality before it makes an offer."))


@transaction.atomic
def create_small_grant(*, municipality: Municipality, organization: Organization, actor, content: dict) -> Offer:
    """A draft of a simplified offer (saved even while incomplete; numbers must be readable)."""
    _guard_organization(municipality, organization)
    problems = check(municipality, content, complete=False)
    if problems:
        raise _problems_error(problems)
    offer = Offer(municipality=municipality, kind=OfferKind.SMALL_GRANT, call=None, organization=organization,
                  status=OfferStatus.DRAFT, draft=content, draft_saved_at=timezone.now(), created_by=actor,
                  title=(content.get("title") or "")[:300])
    offer.full_clean(exclude=["draft"])
    offer.save()
    record_audit(actor=actor, action="grants.small_grant.created", target=offer, municipality=municipality)
    return offer


@transaction.atomic
def save_small_grant(*, offer: Offer, actor, content: dict) -> Offer:
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.kind != OfferKind.SMALL_GRANT or locked.status != OfferStatus.DRAFT:
        raise TransitionNotAllowed(_("The offer is submitted: it no longer changes."))
    problems = check(locked, content, complete=False)
    if problems:
        raise _problems_error(problems)
    locked.draft = content
    locked.draft_saved_at = timezone.now()
    locked.title = (content.get("title") or "")[:300]
    locked.save(update_fields=["draft", "draft_saved_at", "title"])
    record_audit(actor=actor, action="grants.small_grant.saved", target=locked, municipality=locked.municipality)
    offer.draft, offer.draft_saved_at, offer.title = locked.draft, locked.draft_saved_at, locked.title
    return locked


def _next_number(municipality: Municipality, year: int) -> str:
    prefix = f"{NUMBER_PREFIX}/{year}/"
    numbers = Offer.objects.filter(municipality=municipality, number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1:04d}"


@transaction.atomic
def submit_small_grant(*, offer: Offer, actor) -> Offer:
    """Freeze the draft into version 1 with a submission number (MG/<year>/<n>) and the time of receipt,
    from which the 7 working days to publish it run."""
    # Numbers are given one at a time per municipality: the rules row is the lock.
    GrantRules.objects.select_for_update().filter(pk=grant_rules(offer.municipality).pk).first()
    locked = Offer.objects.select_for_update(of=("self",)).select_related("organization").get(pk=offer.pk)
    if locked.kind != OfferKind.SMALL_GRANT:
        raise NotAllowed()
    if locked.status != OfferStatus.DRAFT:
        raise TransitionNotAllowed(_("The offer is already submitted."))
    _guard_organization(locked.municipality, locked.organization)
    content = {**locked.draft, "offerors": [offeror_of(locked.organization)]}
    problems = check(locked, content)
    if problems:
        raise _problems_error(problems)
    now = timezone.now()
    number = _next_number(locked.municipality, timezone.localtime(now).year)
    set_offer_status(offer=locked, status=OfferStatus.SUBMITTED, expected={OfferStatus.DRAFT}, number=number,
                     submitted_at=now, draft=content, **offer_content.summary(content))
    version = OfferVersion(offer=locked, number=1, reason=VersionReason.SUBMISSION, content=content, created_by=actor)
    version.full_clean()
    version.save()
    record_audit(actor=actor, action="grants.small_grant.submitted", target=locked, municipality=locked.municipality,
                 data={"number": number})
    enqueue_render(version)
    offer.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


# --- Publication for comments --------------------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays.Poland(years=day.year)


def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day` (the day of receipt is not counted)."""
    current, left = day, count
    while left > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def publish_by(offer: Offer) -> date | None:
    """Art. 19a ust. 3: published within 7 working days (GrantRules) of receipt."""
    if offer.submitted_at is None:
        return None
    rules = grant_rules(offer.municipality)
    return add_working_days(timezone.localdate(offer.submitted_at), rules.small_grant_publish_working_days)


def comments_until_for(published_at: datetime, days: int) -> datetime:
    """The end (23:59:59, Europe/Warsaw) of the `days`-th day after publication (the day of publication is not
    counted, as in the civil code)."""
    last_day = timezone.localdate(published_at) + timedelta(days=days)
    return timezone.make_aware(datetime.combine(last_day, time(23, 59, 59)))


def comments_open(offer: Offer, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (offer.published_at is not None and offer.comments_until is not None
            and offer.published_at <= now <= offer.comments_until)


@transaction.atomic
def publish_small_grant(*, offer: Offer, actor) -> Offer:
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.kind != OfferKind.SMALL_GRANT or locked.status != OfferStatus.SUBMITTED:
        raise TransitionNotAllowed(_("Only a submitted small grant offer can be published."))
    if locked.published_at is not None:
        raise TransitionNotAllowed(_("The offer is already published."))
    now = timezone.now()
    locked.published_at = now
    locked.comments_until = comments_until_for(now, grant_rules(locked.municipality).small_grant_comment_days)
    locked.save(update_fields=["published_at", "comments_until"])
    record_audit(actor=actor, action="grants.small_grant.published", target=locked, municipality=locked.municipality,
                 data={"comments_until": locked.comments_until.isoformat()})
    offer.published_at, offer.comments_until = locked.published_at, locked.comments_until
    return locked


@transaction.atomic
def record_publication(*, offer: Offer, actor, bip_on: date | None, board_on: date | None) -> Offer:
    """Record when the offer was published in the BIP and on the municipality's notice board (art. 19a ust. 3:
    with the portal's page, the three places of publication). Neither before the offer was received nor in the
    future; a date left empty is not known yet."""
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.kind != OfferKind.SMALL_GRANT or locked.published_at is None:
        raise TransitionNotAllowed(_("Publish the offer on the portal first."))
    received, today = timezone.localdate(locked.submitted_at), timezone.localdate()
    errors = {}
    for field, day in (("bip_on", bip_on), ("board_on", board_on)):
        if day is not None and day < received:
            errors[field] = _("The offer was received on %(date)s: it cannot be published before.") % {
                "date": received.strftime("%d.%m.%Y")}
        elif day is not None and day > today:
            errors[field] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    locked.published_bip_on, locked.published_board_on = bip_on, board_on
    locked.save(update_fields=["published_bip_on", "published_board_on"])
    record_audit(actor=actor, action="grants.small_grant.publication_recorded", target=locked,
                 municipality=locked.municipality,
                 data={"bip_on": bip_on.isoformat() if bip_on else None,
                       "board_on": board_on.isoformat() if board_on else None})
    offer.published_bip_on, offer.published_board_on = bip_on, board_on
    return locked


@transaction.atomic
def add_comment(*, offer: Offer, author, author_name: str, text: str) -> SmallGrantComment:
    """Anyone may comment while the offer is published for comments (art. 19a ust. 4); checked here, on the
    server. A signed-in person comments under their own name."""
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.kind != OfferKind.SMALL_GRANT or not comments_open(locked):
        raise DeadlinePassed(_("Comments on this offer are not accepted now: only during the 7 days after it is "
                               "published."))
    user = author if getattr(author, "is_authenticated", False) else None
    name = (user.full_name or user.email) if user is not None else (author_name or "").strip()
    if not name:
        raise ValidationError({"author_name": _("Give your name.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = SmallGrantComment(offer=locked, author=user, author_name=name[:200], text=text.strip())
    comment.full_clean()
    comment.save()
    record_audit(actor=user, action="grants.small_grant.commented", target=locked, municipality=locked.municipality,
                 data={"comment": comment.pk})
    return comment


# --- Caps and the decision -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapUsage:
    """Small grants awarded in a calendar year: to one organization (art. 19a ust. 6) and in all (ust. 7)."""

    year: int
    organization_used: Decimal
    organization_cap: Decimal
    total_used: Decimal
    planned_grants: Decimal | None
    share_cap_percent: Decimal

    @property
    def total_cap(self) -> Decimal | None:
        if self.planned_grants is None:
            return None
        return (self.planned_grants * self.share_cap_percent / HUNDRED).quantize(Decimal("0.01"), rounding="ROUND_FLOOR")

    @property
    def organization_left(self) -> Decimal:
        return max(self.organization_cap - self.organization_used, ZERO)

    @property
    def total_left(self) -> Decimal | None:
        cap = self.total_cap
        return None if cap is None else max(cap - self.total_used, ZERO)

    def organization_allows(self, amount_: Decimal) -> bool:
        return self.organization_used + amount_ <= self.organization_cap

    def total_allows(self, amount_: Decimal) -> bool:
        """Exactly: (used + amount) × 100 <= planned × share%."""
        if self.planned_grants is None:
            return False
        return (self.total_used + amount_) * HUNDRED <= self.planned_grants * self.share_cap_percent


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime(year, 1, 1))
    return start, timezone.make_aware(datetime(year + 1, 1, 1))


def awarded_small_grants(municipality: Municipality, year: int):
    start, end = _year_bounds(year)
    return Offer.objects.filter(municipality=municipality, kind=OfferKind.SMALL_GRANT, status=OfferStatus.AWARDED,
                                decided_at__gte=start, decided_at__lt=end)


def cap_usage(municipality: Municipality, organization: Organization | None, year: int) -> CapUsage:
    rules = grant_rules(municipality)
    awarded = awarded_small_grants(municipality, year)
    total = awarded.aggregate(s=Sum("awarded_amount"))["s"] or ZERO
    used = ZERO
    if organization is not None:
        used = awarded.filter(organization=organization).aggregate(s=Sum("awarded_amount"))["s"] or ZERO
    budget = GrantBudget.objects.filter(municipality=municipality, year=year).first()
    return CapUsage(year=year, organization_used=used, organization_cap=rules.small_grant_yearly_cap, total_used=total,
                    planned_grants=budget.planned_grants if budget else None,
                    share_cap_percent=rules.small_grant_share_cap)


@transaction.atomic
def award_small_grant(*, offer: Offer, actor, amount: Decimal, note: str = "") -> Offer:
    """The executive's decision to give the grant, after the comments. Awards in one municipality are made
    one at a time (the rules row is locked), so two at once cannot both slip under a cap."""
    rules = grant_rules(offer.municipality)
    GrantRules.objects.select_for_update().filter(pk=rules.pk).first()
    locked = Offer.objects.select_for_update(of=("self",)).select_related("organization", "municipality").get(pk=offer.pk)
    if locked.kind != OfferKind.SMALL_GRANT or locked.status != OfferStatus.SUBMITTED:
        raise TransitionNotAllowed(_("Only a submitted small grant offer can be decided."))
    if locked.comments_until is None or timezone.now() <= locked.comments_until:
        raise DeadlinePassed(_("The grant is decided after the offer was published and the 7 days for comments "
                               "have passed."))
    value = offer_content.amount(amount) if not isinstance(amount, Decimal) else amount
    if value is None or value <= ZERO:
        raise ValidationError({"amount": _("Enter an amount above zero, in złoty with at most two decimal places.")})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("Enter an amount in złoty with at most two decimal places.")})
    if value > locked.requested_grant:
        raise ValidationError({"amount": _("The grant cannot be higher than requested: %(amount)s zł.")
                               % {"amount": _money(locked.requested_grant)}})
    if value > rules.small_grant_max_amount:
        raise LimitExceeded(_("A small grant is at most %(amount)s zł.") % {"amount": _money(rules.small_grant_max_amount)})
    now = timezone.now()
    usage = cap_usage(locked.municipality, locked.organization, timezone.localtime(now).year)
    if not usage.organization_allows(value):
        raise LimitExceeded(_(
            "%(organization)s already received %(used)s zł in small grants in %(year)d; with this one it would be "
            "%(sum)s zł, above the limit of %(cap)s zł a year.") % {
            "organization": locked.organization.name, "used": _money(usage.organization_used), "year": usage.year,
            "sum": _money(usage.organization_used + value), "cap": _money(usage.organization_cap)})
    if usage.planned_grants is None:
        raise LimitExceeded(_(
            "Record the grants to organizations planned in the %(year)d budget first (Small grants → Planned grants): "
            "small grants may use at most %(percent)s%% of them.") % {
            "year": usage.year, "percent": _money(usage.share_cap_percent)})
    if not usage.total_allows(value):
        raise LimitExceeded(_(
            "Small grants awarded in %(year)d would come to %(sum)s zł, above %(percent)s%% of the grants planned in "
            "the budget (%(cap)s zł).") % {
            "year": usage.year, "sum": _money(usage.total_used + value), "percent": _money(usage.share_cap_percent),
            "cap": _money(usage.total_cap)})
    set_offer_status(offer=locked, status=OfferStatus.AWARDED, expected={OfferStatus.SUBMITTED},
                     awarded_amount=value, decided_at=now, decision_note=note.strip())
    record_audit(actor=actor, action="grants.small_grant.awarded", target=locked, municipality=locked.municipality,
                 data={"amount": str(value)})
    offer.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def decline_small_grant(*, offer: Offer, actor, note: str) -> Offer:
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.kind != OfferKind.SMALL_GRANT or locked.status != OfferStatus.SUBMITTED:
        raise TransitionNotAllowed(_("Only a submitted small grant offer can be decided."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Give the reason.")})
    set_offer_status(offer=locked, status=OfferStatus.NOT_AWARDED, expected={OfferStatus.SUBMITTED},
                     decided_at=timezone.now(), decision_note=note.strip())
    record_audit(actor=actor, action="grants.small_grant.declined", target=locked, municipality=locked.municipality)
    offer.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def record_grant_budget(*, municipality: Municipality, actor, year: int, planned_grants: Decimal) -> GrantBudget:
    """The grants to organizations planned in the year's budget (the base of the 20% cap)."""
    value = amount(planned_grants) if not isinstance(planned_grants, Decimal) else planned_grants
    if value is None:
        raise ValidationError({"planned_grants": _("Enter an amount in złoty with at most two decimal places.")})
    budget, _created = GrantBudget.objects.select_for_update().get_or_create(
        municipality=municipality, year=year, defaults={"planned_grants": value})
    budget.planned_grants = value
    budget.full_clean()
    budget.save()
    record_audit(actor=actor, action="grants.grant_budget.saved", target=budget, municipality=municipality,
                 data={"year": year, "planned_grants": str(value)})
    return budget
