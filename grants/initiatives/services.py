"""Every write of the local initiative (art. 19b-19h; legal.md section 7).

- The council's rules: `save_rules` keeps the resolution and the criteria; exactly one criterion is the
  residents' social work and it weighs strictly more than each other one (art. 19c ust. 1: the criteria
  "primarily" consider the social work). Without rules no application is accepted.
- Applications: residents (directly) or a member of an organization confirmed in the municipality (through
  it) keep a draft, submit it; the officer may return it for completion once it is submitted.
- Scoring: each criterion gets 0..10 points; the weighted score is points × weight, summed exactly in Decimal
  (the highest possible is 10 × the sum of the weights). The executive then accepts or rejects with reasons,
  e-mailed to the applicant.
- The agreement sets each side's contributions (copied from the application, editable) and the schedule;
  the municipality never transfers a grant: its share is what it buys or lends. Signing it, then settling
  the actual contributions, completes the initiative.

The application's status changes only in `set_initiative_status`, which locks the row and re-checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.documents import enqueue_render
from cooperation.enums import OrganizationLinkStatus, RenderStatus
from cooperation.exceptions import DomainError, TransitionNotAllowed
from cooperation.models import Municipality, Organization, OrganizationMunicipality
from cooperation.selectors import organization_ids_of
from cooperation.services import record_audit

from .enums import EDITABLE_STATUSES, ApplicantKind, InitiativeScope, InitiativeStatus, MunicipalShare
from .models import (
    SCORE_MAX,
    ZERO,
    InitiativeAgreement,
    InitiativeApplication,
    InitiativeCriterion,
    InitiativeRules,
    InitiativeScore,
    decimal_or_zero,
    rows_total,
)

AUDIT_LABELS: dict = {
    "grants.initiative_rules.saved": gettext_lazy("local initiative rules saved"),
    "grants.initiative.created": gettext_lazy("local initiative application started"),
    "grants.initiative.saved": gettext_lazy("local initiative application saved"),
    "grants.initiative.submitted": gettext_lazy("local initiative application submitted"),
    "grants.initiative.returned": gettext_lazy("local initiative application returned for completion"),
    "grants.initiative.assessed": gettext_lazy("local initiative application assessed"),
    "grants.initiative.accepted": gettext_lazy("local initiative accepted"),
    "grants.initiative.rejected": gettext_lazy("local initiative rejected"),
    "grants.initiative_agreement.saved": gettext_lazy("local initiative agreement prepared"),
    "grants.initiative_agreement.signed": gettext_lazy("local initiative agreement signed"),
    "grants.initiative.completed": gettext_lazy("local initiative settled and completed"),
}
NUMBER_PREFIX = "IL"
CENT = Decimal("0.01")

S = InitiativeStatus
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.RETURNED, S.ASSESSED},
    S.RETURNED: {S.SUBMITTED},
    S.ASSESSED: {S.ASSESSED, S.ACCEPTED, S.REJECTED},
    S.ACCEPTED: {S.AGREEMENT_SIGNED},
    S.REJECTED: set(),
    S.AGREEMENT_SIGNED: {S.COMPLETED},
    S.COMPLETED: set(),
}


class RulesMissing(DomainError):
    default_message = gettext_lazy(
        "The council has not adopted the rules of the local initiative in this municipality yet: applications are "
        "accepted once the rules are published here.")


class NotAllowed(DomainError):
    default_message = gettext_lazy("You may not do this.")


# --- The council's rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionData:
    name: str
    weight: Decimal
    is_social_work: bool = False
    description: str = ""


def rules_of(municipality: Municipality) -> InitiativeRules | None:
    return InitiativeRules.objects.filter(municipality=municipality).prefetch_related("criteria").first()


def require_rules(municipality: Municipality) -> InitiativeRules:
    rules = rules_of(municipality)
    if rules is None or not rules.criteria.all():
        raise RulesMissing()
    return rules


def check_criteria(criteria: list[CriterionData]) -> None:
    """The law's one rule on the criteria, on the server: exactly one is the social work, every weight is
    positive, and the social work weighs strictly more than each other criterion."""
    problems = []
    if not criteria:
        raise ValidationError({"criteria": _("Give the criteria of the resolution.")})
    for item in criteria:
        if not (item.name or "").strip():
            problems.append(_("Every criterion needs a name."))
        if item.weight is None or item.weight <= ZERO:
            problems.append(_("The weight of “%(name)s” must be above zero.") % {"name": item.name})
    social = [item for item in criteria if item.is_social_work]
    if len(social) != 1:
        problems.append(_("Exactly one criterion must be the residents' social work (art. 19c ust. 1)."))
    elif not problems:
        heaviest_other = max((item.weight for item in criteria if not item.is_social_work), default=None)
        if heaviest_other is not None and social[0].weight <= heaviest_other:
            problems.append(_(
                "The residents' social work must weigh most: its weight (%(weight)s) must be greater than every "
                "other criterion's (the highest is %(other)s).") % {"weight": social[0].weight, "other": heaviest_other})
    if problems:
        raise ValidationError({"criteria": problems})


@transaction.atomic
def save_rules(*, municipality: Municipality, actor, resolution_number: str, resolution_date: date,
               resolution_url: str = "", mode: str = "", hour_value: Decimal,
               criteria: list[CriterionData]) -> InitiativeRules:
    """Record (or replace) the council's resolution and its criteria. Scores already given keep a copy of the
    criterion they were given on, so replacing the criteria does not change past assessments."""
    check_criteria(criteria)
    rules = InitiativeRules.objects.select_for_update().filter(municipality=municipality).first()
    if rules is None:
        rules = InitiativeRules(municipality=municipality)
    rules.resolution_number = (resolution_number or "").strip()
    rules.resolution_date = resolution_date
    rules.resolution_url = (resolution_url or "").strip()
    rules.mode = (mode or "").strip()
    rules.hour_value = hour_value
    rules.full_clean()
    rules.save()
    rules.criteria.all().delete()
    for order, item in enumerate(criteria):
        criterion = InitiativeCriterion(rules=rules, order=order, name=item.name.strip(),
                                        description=(item.description or "").strip(), weight=item.weight,
                                        is_social_work=item.is_social_work)
        criterion.full_clean()
        criterion.save()
    record_audit(actor=actor, action="grants.initiative_rules.saved", target=rules, municipality=municipality,
                 data={"resolution": rules.resolution_number, "criteria": len(criteria)})
    return rules


# --- The application ----------------------------------------------------------------------------------------


def _amount(value, field: str) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    else:
        text = str(value if value is not None else "").strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        try:
            result = Decimal(text) if text else ZERO
        except InvalidOperation as error:
            raise ValidationError({field: _("Enter an amount in złoty, for example 1250.50.")}) from error
    if result < ZERO or result != result.quantize(CENT):
        raise ValidationError({field: _("Enter an amount in złoty with at most two decimal places.")})
    return result


def _clean_rows(rows, *, field: str, keys: tuple[str, ...], money_key: str | None = "value") -> list[dict]:
    """Rows without any text are left out; amounts become exact strings ("1250.50")."""
    cleaned = []
    for row in rows or []:
        values = {key: row.get(key) for key in keys}
        if not any(str(v or "").strip() for v in values.values()):
            continue
        out = {}
        for key in keys:
            value = values[key]
            if key == money_key:
                out[key] = str(_amount(value, field).quantize(CENT))
            elif isinstance(value, date):
                out[key] = value.isoformat()
            else:
                out[key] = str(value or "").strip()
        cleaned.append(out)
    return cleaned


APPLICATION_FIELDS = ("contact_name", "contact_email", "contact_phone", "residents_count", "title", "scope",
                      "description", "place", "start", "end", "social_work_people", "social_work_hours",
                      "social_work_description", "money_contribution")


def social_work_value(hours: Decimal, hour_value: Decimal) -> Decimal:
    """Hours × the rate, to the grosz (hours have one decimal place, the rate two: the product is exact to
    three places; it is rounded half up to the grosz)."""
    return (Decimal(hours) * hour_value).quantize(CENT, rounding="ROUND_HALF_UP")


def _apply_data(application: InitiativeApplication, data: dict, hour_value: Decimal) -> None:
    for name in APPLICATION_FIELDS:
        if name in data:
            value = data[name]
            if name == "money_contribution":
                value = _amount(value, name)
            elif name == "social_work_hours":
                value = decimal_or_zero(value)
            elif name in ("residents_count", "social_work_people"):
                value = int(value or 0) if name == "social_work_people" else int(value or 1)
            elif isinstance(value, str):
                value = value.strip()
            setattr(application, name, value)
    if "schedule" in data:
        application.schedule = _clean_rows(data["schedule"], field="schedule", keys=("step", "start", "end"),
                                           money_key=None)
    if "in_kind" in data:
        application.in_kind = _clean_rows(data["in_kind"], field="in_kind", keys=("item", "value"))
    if "municipal_items" in data:
        application.municipal_items = _clean_rows(data["municipal_items"], field="municipal_items",
                                                  keys=("item", "kind", "value"))
    application.hour_value = hour_value
    application.social_work_value = social_work_value(application.social_work_hours, hour_value)
    application.in_kind_total = rows_total(application.in_kind)
    application.municipal_total = rows_total(application.municipal_items)


def organizations_for(user, municipality: Municipality) -> list[Organization]:
    """The organizations `user` may apply through: theirs, confirmed by this municipality."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Organization.objects.filter(
        pk__in=organization_ids_of(user), municipality_links__municipality=municipality,
        municipality_links__status=OrganizationLinkStatus.CONFIRMED).order_by("name"))


def _guard_organization(municipality: Municipality, organization: Organization | None, actor) -> None:
    if organization is None:
        raise ValidationError({"organization": _("Choose the organization you apply through.")})
    confirmed = OrganizationMunicipality.objects.filter(
        municipality=municipality, organization=organization, status=OrganizationLinkStatus.CONFIRMED).exists()
    if not confirmed:
        raise NotAllowed(_("The organization must be confirmed by this municipality before it applies."))
    if organization.pk not in organization_ids_of(actor):
        raise NotAllowed(_("Only a member of the organization may apply on its behalf."))


@transaction.atomic
def create_application(*, municipality: Municipality, actor, data: dict,
                       organization: Organization | None = None) -> InitiativeApplication:
    """A draft, saved even while incomplete. Residents apply directly; a member of an organization confirmed
    in the municipality may apply through it."""
    rules = require_rules(municipality)
    kind = ApplicantKind.ORGANIZATION if organization is not None else ApplicantKind.RESIDENTS
    if kind == ApplicantKind.ORGANIZATION:
        _guard_organization(municipality, organization, actor)
    application = InitiativeApplication(municipality=municipality, created_by=actor, applicant_kind=kind,
                                        organization=organization, status=InitiativeStatus.DRAFT)
    _apply_data(application, data, rules.hour_value)
    application.full_clean(exclude=["created_by"])
    application.save()
    record_audit(actor=actor, action="grants.initiative.created", target=application, municipality=municipality)
    return application


@transaction.atomic
def save_application(*, application: InitiativeApplication, actor, data: dict) -> InitiativeApplication:
    locked = InitiativeApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise TransitionNotAllowed(_("The application is submitted: it no longer changes."))
    rules = require_rules(locked.municipality)
    _apply_data(locked, data, rules.hour_value)
    locked.full_clean(exclude=["created_by"])
    locked.save()
    record_audit(actor=actor, action="grants.initiative.saved", target=locked, municipality=locked.municipality)
    _refresh(application, locked)
    return locked


def check_complete(application: InitiativeApplication) -> dict[str, list[str]]:
    """What a submitted application must contain."""
    problems: dict[str, list[str]] = {}

    def need(field, message):
        problems.setdefault(field, []).append(message)

    if not application.title.strip():
        need("title", _("Give the title."))
    if application.scope not in InitiativeScope.values:
        need("scope", _("Choose the matter the initiative concerns (art. 19b)."))
    if not application.description.strip():
        need("description", _("Describe the initiative."))
    if not application.place.strip():
        need("place", _("Give the place in the municipality where it is carried out."))
    if application.start is None:
        need("start", _("Give the start date."))
    if application.end is None:
        need("end", _("Give the end date."))
    if application.start and application.end and application.end < application.start:
        need("end", _("The end cannot be before the start."))
    if not application.schedule:
        need("schedule", _("Give at least one step of the schedule."))
    if not (application.social_work_hours > 0 or application.money_contribution > 0 or application.in_kind_total > 0):
        need("social_work_hours", _("The residents contribute social work, money or in kind: give at least one."))
    if application.social_work_hours > 0 and application.social_work_people < 1:
        need("social_work_people", _("Give how many people do the social work."))
    if application.social_work_hours > 0 and not application.social_work_description.strip():
        need("social_work_description", _("Say what work the residents do."))
    if not application.municipal_items:
        need("municipal_items", _("Say what the municipality should buy or lend."))
    for row in application.municipal_items:
        if row.get("kind") not in MunicipalShare.values:
            need("municipal_items", _("For each item say whether the municipality buys it, lends it or does the work."))
            break
    return problems


def _next_number(municipality: Municipality, year: int) -> str:
    prefix = f"{NUMBER_PREFIX}/{year}/"
    numbers = InitiativeApplication.objects.filter(municipality=municipality, number__startswith=prefix).values_list(
        "number", flat=True)
    highest = max((int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1:04d}"


def _refresh(target, locked) -> None:
    target.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})


@transaction.atomic
def set_initiative_status(*, application: InitiativeApplication, status: str, expected: set[str] | None = None,
                          **fields) -> InitiativeApplication:
    """The one place the application's status changes: lock, re-check the current status, move, save."""
    locked = InitiativeApplication.objects.select_for_update().get(pk=application.pk)
    allowed = TRANSITIONS[locked.status] if expected is None or locked.status in expected else set()
    if status not in allowed:
        raise TransitionNotAllowed(_("The application is already “%(status)s”: this change is not possible.")
                                   % {"status": locked.get_status_display()})
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["created_by", "assessed_by"])
    locked.save()
    _refresh(application, locked)
    return locked


@transaction.atomic
def submit_application(*, application: InitiativeApplication, actor) -> InitiativeApplication:
    """Submit a draft (numbered IL/<year>/<n>) or resubmit a returned application."""
    rules = require_rules(application.municipality)
    InitiativeRules.objects.select_for_update().filter(pk=rules.pk).first()  # one number at a time
    locked = InitiativeApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise TransitionNotAllowed(_("The application is already submitted."))
    if locked.applicant_kind == ApplicantKind.ORGANIZATION:
        _guard_organization(locked.municipality, locked.organization, actor)
    problems = check_complete(locked)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    number = locked.number or _next_number(locked.municipality, timezone.localtime(now).year)
    set_initiative_status(application=locked, status=InitiativeStatus.SUBMITTED, expected=set(EDITABLE_STATUSES),
                          number=number, submitted_at=now)
    record_audit(actor=actor, action="grants.initiative.submitted", target=locked, municipality=locked.municipality,
                 data={"number": number})
    _refresh(application, locked)
    return locked


@transaction.atomic
def return_application(*, application: InitiativeApplication, actor, note: str) -> InitiativeApplication:
    """The formal check found something missing: back to the applicant, with what to complete."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what the applicant should complete.")})
    locked = set_initiative_status(application=application, status=InitiativeStatus.RETURNED,
                                   expected={InitiativeStatus.SUBMITTED}, return_note=note.strip(),
                                   returned_at=timezone.now())
    record_audit(actor=actor, action="grants.initiative.returned", target=locked, municipality=locked.municipality)
    _notify(locked.pk, "returned")
    return locked


# --- Assessment and decision --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreResult:
    total: Decimal
    maximum: Decimal


def weighted_total(rows: list[tuple[int, Decimal]]) -> ScoreResult:
    """Σ points × weight and the highest possible 10 × Σ weight, exact."""
    total = sum((Decimal(points) * weight for points, weight in rows), ZERO)
    maximum = sum((Decimal(SCORE_MAX) * weight for _points, weight in rows), ZERO)
    return ScoreResult(total=total.quantize(CENT), maximum=maximum.quantize(CENT))


@transaction.atomic
def assess_application(*, application: InitiativeApplication, actor, points: dict[int, int],
                       justification: str) -> InitiativeApplication:
    """Score every criterion of the rules 0..10 and justify the purposefulness for local needs (art. 19c
    ust. 2). Scoring again while undecided replaces the scores."""
    rules = require_rules(application.municipality)
    criteria = list(rules.criteria.all())
    problems: dict[str, list[str]] = {}
    rows = []
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None or value == "":
            problems.setdefault(f"points_{criterion.pk}", []).append(_("Give the points."))
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = -1
        if not 0 <= value <= SCORE_MAX:
            problems.setdefault(f"points_{criterion.pk}", []).append(
                _("Give whole points from 0 to %(max)d.") % {"max": SCORE_MAX})
            continue
        rows.append((criterion, value))
    if not (justification or "").strip():
        problems.setdefault("justification", []).append(_("Justify the purposefulness for local needs."))
    if problems:
        raise ValidationError(problems)
    result = weighted_total([(value, criterion.weight) for criterion, value in rows])
    locked = set_initiative_status(application=application, status=InitiativeStatus.ASSESSED,
                                   expected={InitiativeStatus.SUBMITTED, InitiativeStatus.ASSESSED},
                                   score_total=result.total, score_max=result.maximum,
                                   need_justification=justification.strip(), assessed_at=timezone.now(),
                                   assessed_by=actor)
    InitiativeScore.objects.filter(application=locked).delete()
    InitiativeScore.objects.bulk_create([
        InitiativeScore(application=locked, criterion=criterion, order=criterion.order, name=criterion.name,
                        is_social_work=criterion.is_social_work, weight=criterion.weight, points=value,
                        weighted=(Decimal(value) * criterion.weight).quantize(CENT))
        for criterion, value in rows])
    record_audit(actor=actor, action="grants.initiative.assessed", target=locked, municipality=locked.municipality,
                 data={"score": str(result.total), "max": str(result.maximum)})
    return locked


@transaction.atomic
def decide_application(*, application: InitiativeApplication, actor, accept: bool,
                       reasons: str) -> InitiativeApplication:
    """The executive accepts or rejects an assessed application; the reasons are e-mailed to the applicant."""
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    status = InitiativeStatus.ACCEPTED if accept else InitiativeStatus.REJECTED
    locked = set_initiative_status(application=application, status=status, expected={InitiativeStatus.ASSESSED},
                                   decision_reasons=reasons.strip(), decided_at=timezone.now())
    record_audit(actor=actor, action="grants.initiative.accepted" if accept else "grants.initiative.rejected",
                 target=locked, municipality=locked.municipality)
    _notify(locked.pk, "decided")
    return locked


def _notify(application_id: int, what: str) -> None:
    from .tasks import task_notify_applicant

    transaction.on_commit(lambda: task_notify_applicant.delay(application_id, what))


# --- The agreement ------------------------------------------------------------------------------------------


def next_agreement_number(municipality: Municipality, year: int) -> str:
    prefix = f"IL-U/{year}/"
    numbers = InitiativeAgreement.objects.filter(municipality=municipality, number__startswith=prefix).values_list(
        "number", flat=True)
    highest = max((int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1}"


def agreement_initial(application: InitiativeApplication) -> dict:
    """The agreement's first version: every contribution and the schedule as the application gives them."""
    return {
        "number": next_agreement_number(application.municipality, timezone.localdate().year),
        "start": application.start, "end": application.end,
        "applicant_represented_by": application.organization.name if application.organization_id
        else application.contact_name,
        "municipality_represented_by": "",
        "social_work_hours": application.social_work_hours,
        "social_work_description": application.social_work_description,
        "money_contribution": application.money_contribution,
        "in_kind": list(application.in_kind), "municipal_items": list(application.municipal_items),
        "schedule": list(application.schedule),
    }


AGREEMENT_FIELDS = ("number", "start", "end", "municipality_represented_by", "applicant_represented_by",
                    "social_work_hours", "social_work_description", "money_contribution")


@transaction.atomic
def save_agreement(*, application: InitiativeApplication, actor, data: dict) -> InitiativeAgreement:
    """Prepare (or correct) the agreement of an accepted initiative, before it is signed; the draft PDF is
    rendered again after every change."""
    locked = InitiativeApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != InitiativeStatus.ACCEPTED:
        raise TransitionNotAllowed(_("An agreement is prepared for an accepted initiative, before it is signed."))
    agreement = InitiativeAgreement.objects.filter(application=locked).first()
    if agreement is None:
        agreement = InitiativeAgreement(application=locked, municipality=locked.municipality, created_by=actor,
                                        hour_value=locked.hour_value)
    for name in AGREEMENT_FIELDS:
        if name in data:
            value = data[name]
            if name == "money_contribution":
                value = _amount(value, name)
            elif name == "social_work_hours":
                value = decimal_or_zero(value)
            elif isinstance(value, str):
                value = value.strip()
            setattr(agreement, name, value)
    if "schedule" in data:
        agreement.schedule = _clean_rows(data["schedule"], field="schedule", keys=("step", "start", "end"),
                                         money_key=None)
    if "in_kind" in data:
        agreement.in_kind = _clean_rows(data["in_kind"], field="in_kind", keys=("item", "value"))
    if "municipal_items" in data:
        agreement.municipal_items = _clean_rows(data["municipal_items"], field="municipal_items",
                                                keys=("item", "kind", "value"))
    agreement.social_work_value = social_work_value(agreement.social_work_hours, agreement.hour_value)
    agreement.in_kind_total = rows_total(agreement.in_kind)
    agreement.municipal_total = rows_total(agreement.municipal_items)
    if agreement.start and agreement.end and agreement.end < agreement.start:
        raise ValidationError({"end": _("The end cannot be before the start.")})
    clash = InitiativeAgreement.objects.filter(municipality=locked.municipality, number=agreement.number)
    if agreement.pk:
        clash = clash.exclude(pk=agreement.pk)
    if clash.exists():
        raise ValidationError({"number": _("Another agreement has this number.")})
    agreement.full_clean(exclude=["created_by", "application", "pdf"])
    agreement.save()
    record_audit(actor=actor, action="grants.initiative_agreement.saved", target=agreement,
                 municipality=locked.municipality, data={"number": agreement.number})
    _rerender(agreement)
    return agreement


def _rerender(agreement: InitiativeAgreement) -> None:
    if agreement.pdf:
        agreement.pdf.delete(save=False)
    agreement.pdf = ""
    agreement.pdf_status = RenderStatus.PENDING
    agreement.pdf_error = ""
    agreement.pdf_rendered_at = None
    agreement.save(update_fields=["pdf", "pdf_status", "pdf_error", "pdf_rendered_at"])
    enqueue_render(agreement)


@transaction.atomic
def sign_agreement(*, application: InitiativeApplication, actor, signed_on: date) -> InitiativeAgreement:
    agreement = InitiativeAgreement.objects.select_for_update().filter(application_id=application.pk).first()
    if agreement is None:
        raise TransitionNotAllowed(_("Prepare the agreement first."))
    if signed_on is None:
        raise ValidationError({"signed_on": _("Give the date of signing.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date of signing cannot be in the future.")})
    set_initiative_status(application=application, status=InitiativeStatus.AGREEMENT_SIGNED,
                          expected={InitiativeStatus.ACCEPTED})
    agreement.signed_on = signed_on
    agreement.save(update_fields=["signed_on"])
    record_audit(actor=actor, action="grants.initiative_agreement.signed", target=agreement,
                 municipality=agreement.municipality, data={"signed_on": signed_on.isoformat()})
    _rerender(agreement)
    return agreement


@transaction.atomic
def complete_application(*, application: InitiativeApplication, actor, actual_hours, actual_money, actual_in_kind,
                         actual_municipal, result: str) -> InitiativeApplication:
    """The settlement: what the residents and the municipality actually contributed, and the result."""
    if not (result or "").strip():
        raise ValidationError({"result": _("Describe the result.")})
    hours = decimal_or_zero(actual_hours)
    if hours < 0:
        raise ValidationError({"actual_hours": _("The hours cannot be negative.")})
    locked = set_initiative_status(
        application=application, status=InitiativeStatus.COMPLETED, expected={InitiativeStatus.AGREEMENT_SIGNED},
        actual_hours=hours, actual_money=_amount(actual_money, "actual_money"),
        actual_in_kind=_amount(actual_in_kind, "actual_in_kind"),
        actual_municipal=_amount(actual_municipal, "actual_municipal"), result=result.strip(),
        completed_at=timezone.now())
    record_audit(actor=actor, action="grants.initiative.completed", target=locked, municipality=locked.municipality)
    return locked
