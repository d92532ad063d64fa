"""Every write of open calls (art. 13, 15 ust. 1 and 18a of the public benefit act).

A call is prepared as a draft: its terms, the selection criteria (the six of art. 15 ust. 1 are always there,
own funds only where the form is support), the formal checklist, the required attachments and the tasks of
the same kind carried out in the announcement year and the year before (art. 13 ust. 2 pkt 7). Publishing
records the dates of the three mandatory announcements (BIP, notice board, website) and refuses a deadline
less than `GrantRules.min_offer_days` (21) whole days after the last of them, counted in Europe/Warsaw.

Once announced, the terms of a call are the municipality's public offer and do not change: only the contact
details can be updated. A call whose terms must change is cancelled (art. 18a, with a published notice) and
announced again, usually as a copy.

Shape of every write: guard → mutate → full_clean → save → audit → on_commit side effects.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.models import Municipality, Sphere, User
from cooperation.services import record_audit

from ..enums import CallStatus, StatutoryCriterion, TaskForm
from ..exceptions import TransitionNotAllowed
from ..models import Call, Criterion, FormalRequirement, GrantRules, PreviousTask, RequiredAttachment
from .status import set_call_status

WARSAW = ZoneInfo("Europe/Warsaw")
ZERO = Decimal("0.00")

AUDIT_LABELS: dict = {
    "grants.call.created": gettext_lazy("open call created"),
    "grants.call.updated": gettext_lazy("open call updated"),
    "grants.call.contact_updated": gettext_lazy("contact details of an open call updated"),
    "grants.call.publication_recorded": gettext_lazy("announcement dates of an open call recorded"),
    "grants.call.published": gettext_lazy("open call announced"),
    "grants.call.copied": gettext_lazy("open call copied"),
    "grants.call.cancelled": gettext_lazy("open call cancelled"),
    "grants.call.ngo_base_notified": gettext_lazy("NGO base informed about an open call"),
    "grants.call.offerors_notified": gettext_lazy("offerors informed that an open call was cancelled"),
    "grants.grant_rules.updated": gettext_lazy("grant rules updated"),
}

# The terms of a call the officer writes (everything else is set by publishing, results or cancellation).
TERM_FIELDS = (
    "number", "title", "task_type", "form", "total_funds", "min_grant", "max_grant", "min_own_financial_percent",
    "min_own_total_percent", "admin_costs_cap_percent", "task_start_earliest", "task_end_latest",
    "grant_rules_text", "task_conditions_text", "selection_text", "deadline", "selection_by", "contact_person",
    "contact_email",
)
CONTACT_FIELDS = ("contact_person", "contact_email")
# `created_by` is empty once its author's account is deleted (SET_NULL, but not blank=True): not the officer's
# input, so never validated.
UNCHECKED = ["created_by"]
CHANNEL_FIELDS = ("published_bip_on", "published_board_on", "published_website_on")
# Defaults the officer changes; the statutory criteria are created with them.
DEFAULT_STATUTORY_POINTS = {
    StatutoryCriterion.ABILITY: 10, StatutoryCriterion.COSTS: 10, StatutoryCriterion.QUALITY: 10,
    StatutoryCriterion.OWN_FUNDS: 5, StatutoryCriterion.IN_KIND: 5, StatutoryCriterion.PAST_PERFORMANCE: 5,
}
OWN_CRITERIA_FIRST_ORDER = 10
# The criteria's names as the call states them: an official text of the municipality, in Polish whatever the
# interface (pages show `get_statutory_display()` in the reader's language).
STATUTORY_NAMES_PL = {
    StatutoryCriterion.ABILITY: "Możliwość realizacji zadania publicznego przez organizację",
    StatutoryCriterion.COSTS: "Kalkulacja kosztów realizacji zadania, także w odniesieniu do zakresu rzeczowego zadania",
    StatutoryCriterion.QUALITY: "Proponowana jakość wykonania zadania i kwalifikacje osób, które będą je realizować",
    StatutoryCriterion.OWN_FUNDS: "Planowany udział środków finansowych własnych lub pochodzących z innych źródeł",
    StatutoryCriterion.IN_KIND: "Planowany wkład rzeczowy i osobowy, w tym świadczenia wolontariuszy i praca "
                                "społeczna członków",
    StatutoryCriterion.PAST_PERFORMANCE: "Rzetelność, terminowość i sposób rozliczenia środków otrzymanych w latach "
                                         "poprzednich",
}


# --- Rules of the municipality ---------------------------------------------------------------------------------


def rules_for(municipality: Municipality) -> GrantRules:
    """The municipality's grant rules (created with the statutory defaults on first use)."""
    rules, _created = GrantRules.objects.get_or_create(municipality=municipality)
    return rules


GRANT_RULES_FIELDS = (
    "min_offer_days", "report_days", "small_grant_max_amount", "small_grant_max_days",
    "small_grant_publish_working_days", "small_grant_comment_days", "small_grant_yearly_cap",
    "small_grant_share_cap",
)


@transaction.atomic
def update_grant_rules(*, municipality: Municipality, actor: User, **fields) -> GrantRules:
    unknown = set(fields) - set(GRANT_RULES_FIELDS)
    if unknown:
        raise ValueError(f"not grant rules: {sorted(unknown)}")
    rules = GrantRules.objects.select_for_update().get(pk=rules_for(municipality).pk)
    before = {name: str(getattr(rules, name)) for name in fields}
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    changed = {name: [before[name], str(value)] for name, value in fields.items() if before[name] != str(value)}
    record_audit(actor=actor, action="grants.grant_rules.updated", target=rules, municipality=municipality,
                 data={"changed": changed})
    return rules


# --- Dates ---------------------------------------------------------------------------------------------------


def local_date(moment: datetime) -> date:
    """The calendar day of `moment` in Warsaw."""
    return timezone.localtime(moment, WARSAW).date()


def end_of_minute(moment: datetime) -> datetime:
    """Offers are accepted until the end of the minute shown ("until 23:59" takes an offer sent at 23:59:40)."""
    return moment.replace(second=59, microsecond=999999)


def channel_dates(call: Call) -> list[date]:
    return [getattr(call, name) for name in CHANNEL_FIELDS if getattr(call, name)]


def last_announcement(call: Call) -> date | None:
    dates = channel_dates(call)
    return max(dates) if dates else None


def earliest_deadline_day(municipality: Municipality, last_channel_day: date) -> date:
    """The first day on which the offer deadline may fall: `min_offer_days` whole days after the last
    announcement (the day of the announcement itself is not counted, art. 111 of the civil code)."""
    return last_channel_day + timedelta(days=rules_for(municipality).min_offer_days)


def check_deadline(*, municipality: Municipality, deadline: datetime, dates: list[date | None]) -> None:
    """Refuse a deadline earlier than `min_offer_days` whole days (Warsaw calendar) after the last of the
    recorded announcements. The error goes next to the deadline field."""
    known = [day for day in dates if day]
    if not known or deadline is None:
        return
    last = max(known)
    earliest = earliest_deadline_day(municipality, last)
    if local_date(deadline) < earliest:
        raise ValidationError({"deadline": _(
            "Offers must be accepted for at least %(days)d days after the last announcement (%(last)s): set the "
            "deadline on %(earliest)s or later."
        ) % {"days": rules_for(municipality).min_offer_days, "last": date_format(last, "j E Y"),
             "earliest": date_format(earliest, "j E Y")}})


def announcement_years(call: Call, today: date | None = None) -> list[int]:
    """Art. 13 ust. 2 pkt 7: the year of the announcement and the previous year. Before the dates are recorded
    the announcement is assumed to happen this year."""
    dates = channel_dates(call)
    if dates:
        first, last = min(dates).year, max(dates).year
    else:
        first = last = (today or timezone.localdate(timezone=WARSAW)).year
    return list(range(first - 1, last + 1))


def statutory_codes(form: str) -> list[str]:
    """The criteria of art. 15 ust. 1 every offer is scored on; own funds (pkt 3a) only where the form is support."""
    return [code for code in StatutoryCriterion.values
            if code != StatutoryCriterion.OWN_FUNDS or form == TaskForm.SUPPORT]


# --- Validation of the terms -----------------------------------------------------------------------------------


def _term_errors(call: Call) -> dict[str, list[str]]:
    """Terms that contradict each other (checked on every save of a draft)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if call.min_grant is not None and call.max_grant is not None and call.min_grant > call.max_grant:
        add("max_grant", _("The largest grant cannot be smaller than the smallest grant."))
    if call.total_funds is not None:
        if call.max_grant is not None and call.max_grant > call.total_funds:
            add("max_grant", _("The largest grant cannot exceed the public funds for the call."))
        elif call.min_grant is not None and call.min_grant > call.total_funds:
            add("min_grant", _("The smallest grant cannot exceed the public funds for the call."))
    if call.task_start_earliest and call.task_end_latest and call.task_end_latest < call.task_start_earliest:
        add("task_end_latest", _("Tasks cannot end before they start."))
    if call.deadline and call.selection_by and call.selection_by < local_date(call.deadline):
        add("selection_by", _("Offers can be chosen only after the deadline for offers."))
    if call.form == TaskForm.ENTRUSTING and (call.min_own_financial_percent or ZERO) > ZERO:
        add("min_own_financial_percent",
            _("Entrusting funds the whole task: the call cannot require an own financial contribution."))
    return errors


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def publication_problems(call: Call, now: datetime | None = None, *, no_previous_tasks: bool = False) -> dict:
    """Everything still missing or wrong before the call can be announced, by field (None: the call as a
    whole). Shown on the officer's page as a checklist and enforced by `publish_call`."""
    now = now or timezone.now()
    errors = _term_errors(call)

    def add(field, message) -> None:
        errors.setdefault(field, []).append(message)

    if not call.spheres.exists():
        add("spheres", _("Choose at least one sphere of public tasks."))
    if not call.total_funds or call.total_funds <= ZERO:
        add("total_funds", _("Give the amount of public funds for the call (art. 13 ust. 2 pkt 2)."))
    if not call.grant_rules_text.strip():
        add("grant_rules_text", _("Describe the rules for awarding grants (art. 13 ust. 2 pkt 3)."))
    if not call.task_conditions_text.strip():
        add("task_conditions_text", _("Describe the dates and conditions of carrying out the task (art. 13 ust. 2 pkt 4)."))
    if not call.selection_text.strip():
        add("selection_text", _("Describe the procedure and criteria of choosing offers (art. 13 ust. 2 pkt 6)."))
    if call.deadline and call.deadline <= now:
        add("deadline", _("The deadline for offers has already passed: set a later one."))
    present = set(call.criteria.exclude(statutory="").values_list("statutory", flat=True))
    missing = [code for code in statutory_codes(call.form) if code not in present]
    if missing:
        add("criteria", _("Every offer is scored on the criteria of art. 15 ust. 1: save the call's criteria again."))
    if not call.formal_requirements.exists():
        add("formal_requirements", _("Add at least one line to the formal checklist."))
    years = announcement_years(call, local_date(now))
    tasks = list(call.previous_tasks.all())
    if not tasks and not no_previous_tasks:
        add("previous_tasks", _(
            "List the tasks of this kind carried out in %(years)s with their costs, or confirm that there were none "
            "(art. 13 ust. 2 pkt 7).") % {"years": _year_span(years)})
    for task in tasks:
        if task.year not in years:
            add("previous_tasks", _(
                "“%(name)s” (%(year)d): the announcement lists the tasks of %(years)s only (art. 13 ust. 2 pkt 7)."
            ) % {"name": task.name, "year": task.year, "years": _year_span(years)})
    return errors


def _year_span(years: list[int]) -> str:
    return _("%(first)d and %(last)d") % {"first": years[0], "last": years[-1]} if len(years) == 2 else \
        "–".join(str(year) for year in (years[0], years[-1]))


# --- The parts of a call: criteria, checklist, attachments, previous tasks -----------------------------------------


def _guard_draft(call: Call) -> None:
    if call.status != CallStatus.DRAFT:
        raise TransitionNotAllowed(_(
            "An announced call's terms cannot change. Cancel it (art. 18a) and announce a corrected call; the "
            "contact details can still be updated."))


def ensure_statutory_criteria(call: Call) -> None:
    """The criteria of art. 15 ust. 1 are always there (created with default points when missing); own funds
    is dropped when the form is entrusting."""
    codes = statutory_codes(call.form)
    call.criteria.exclude(statutory="").exclude(statutory__in=codes).delete()
    present = set(call.criteria.exclude(statutory="").values_list("statutory", flat=True))
    for code in codes:
        if code not in present:
            Criterion.objects.create(call=call, order=StatutoryCriterion.values.index(code) + 1, statutory=code,
                                     name=STATUTORY_NAMES_PL[code],
                                     max_points=DEFAULT_STATUTORY_POINTS[code])


def _replace_criteria(call: Call, statutory: dict | None, own: list[dict] | None) -> None:
    """`statutory`: {code: {"max_points": int, "description": str}} for the codes the officer set (others keep
    their points); `own`: the call-specific criteria as dicts with name, description, max_points and
    programme_priority (replacing the previous ones)."""
    errors: dict[str, list[str]] = {}
    ensure_statutory_criteria(call)
    if statutory:
        by_code = {criterion.statutory: criterion for criterion in call.criteria.exclude(statutory="")}
        for code, values in statutory.items():
            criterion = by_code.get(code)
            if criterion is None:  # own funds sent for an entrusting call: not scored
                continue
            criterion.max_points = values.get("max_points")
            criterion.description = values.get("description", "") or ""
            try:
                criterion.full_clean()
            except ValidationError as error:
                errors.setdefault(f"criteria.statutory.{code}", []).extend(error.messages)
            else:
                criterion.save()
    if own is not None:
        call.criteria.filter(statutory="").delete()
        for index, values in enumerate(own):
            criterion = Criterion(call=call, order=OWN_CRITERIA_FIRST_ORDER + index, name=values.get("name", ""),
                                  description=values.get("description", "") or "",
                                  max_points=values.get("max_points"),
                                  programme_priority=values.get("programme_priority", "") or "")
            row_errors = []
            if not criterion.programme_priority.strip():
                row_errors.append(_("A call's own criterion follows from a priority of the cooperation programme: "
                                    "name the priority."))
            try:
                criterion.full_clean()
            except ValidationError as error:
                row_errors.extend(error.messages)
            if row_errors:
                errors.setdefault(f"criteria.own.{index}", []).extend(row_errors)
            else:
                criterion.save()
    _raise(errors)


def _replace_formal_requirements(call: Call, lines: list[str]) -> None:
    call.formal_requirements.all().delete()
    errors = {}
    for index, text in enumerate(line.strip() for line in lines):
        if not text:
            continue
        requirement = FormalRequirement(call=call, order=index + 1, text=text)
        try:
            requirement.full_clean()
        except ValidationError as error:
            errors[f"formal_requirements.{index}"] = error.messages
        else:
            requirement.save()
    _raise(errors)


def _replace_required_attachments(call: Call, items: list[dict]) -> None:
    call.required_attachments.all().delete()
    errors = {}
    for index, values in enumerate(items):
        attachment = RequiredAttachment(call=call, order=index + 1, name=(values.get("name") or "").strip(),
                                        mandatory=bool(values.get("mandatory")))
        try:
            attachment.full_clean()
        except ValidationError as error:
            errors[f"required_attachments.{index}"] = error.messages
        else:
            attachment.save()
    _raise(errors)


def _replace_previous_tasks(call: Call, items: list[dict]) -> None:
    call.previous_tasks.all().delete()
    errors = {}
    for index, values in enumerate(items):
        task = PreviousTask(call=call, year=values.get("year"), name=(values.get("name") or "").strip(),
                            amount=values.get("amount"),
                            organization_name=(values.get("organization_name") or "").strip())
        try:
            task.full_clean()
        except ValidationError as error:
            errors[f"previous_tasks.{index}"] = error.messages
        else:
            task.save()
    _raise(errors)


def _save_parts(call: Call, *, spheres=None, statutory_criteria=None, own_criteria=None, formal_requirements=None,
                required_attachments=None, previous_tasks=None) -> None:
    """Save every part, collecting all errors (so the officer sees all of them at once); any error rolls back
    the caller's transaction."""
    errors: dict[str, list[str]] = {}
    if spheres is not None:
        spheres = list(spheres)
        if not all(isinstance(sphere, Sphere) for sphere in spheres):
            spheres = list(Sphere.objects.filter(pk__in=spheres))
        call.spheres.set(spheres)
    steps = [
        (statutory_criteria is not None or own_criteria is not None,
         lambda: _replace_criteria(call, statutory_criteria, own_criteria)),
        (formal_requirements is not None, lambda: _replace_formal_requirements(call, formal_requirements)),
        (required_attachments is not None, lambda: _replace_required_attachments(call, required_attachments)),
        (previous_tasks is not None, lambda: _replace_previous_tasks(call, previous_tasks)),
    ]
    ensure_statutory_criteria(call)
    for wanted, step in steps:
        if not wanted:
            continue
        try:
            step()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    _raise(errors)


# --- Create, update, copy ------------------------------------------------------------------------------------


def _apply_terms(call: Call, fields: dict) -> None:
    unknown = set(fields) - set(TERM_FIELDS)
    if unknown:
        raise ValueError(f"not terms of a call: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(call, name, value)
    if call.deadline:
        call.deadline = end_of_minute(call.deadline)


def _full_clean(call: Call) -> None:
    """Our own, readable errors first; then the model's (required fields, constraints)."""
    errors = _term_errors(call)
    try:
        call.full_clean(exclude=[*errors, *UNCHECKED])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if field == "__all__":
                field = None
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError({key or "__all__": value for key, value in errors.items()})


@transaction.atomic
def create_call(*, municipality: Municipality, actor: User, spheres=(), statutory_criteria: dict | None = None,
                own_criteria: list[dict] | None = None, formal_requirements: list[str] | None = None,
                required_attachments: list[dict] | None = None, previous_tasks: list[dict] | None = None,
                **fields) -> Call:
    """A new draft call, visible only to the municipality's officers until it is published. The statutory
    criteria are added with default points when not given."""
    call = Call(municipality=municipality, created_by=actor, status=CallStatus.DRAFT)
    _apply_terms(call, fields)
    _full_clean(call)
    call.save()
    _save_parts(call, spheres=spheres, statutory_criteria=statutory_criteria, own_criteria=own_criteria,
                formal_requirements=formal_requirements, required_attachments=required_attachments,
                previous_tasks=previous_tasks)
    record_audit(actor=actor, action="grants.call.created", target=call, municipality=municipality)
    return call


@transaction.atomic
def update_call(*, call: Call, actor: User, spheres=None, statutory_criteria: dict | None = None,
                own_criteria: list[dict] | None = None, formal_requirements: list[str] | None = None,
                required_attachments: list[dict] | None = None, previous_tasks: list[dict] | None = None,
                **fields) -> Call:
    """Change a draft's terms and parts (a part passed as None stays as it is). Refused once announced."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    _guard_draft(locked)
    _apply_terms(locked, fields)
    _full_clean(locked)
    locked.save()
    _save_parts(locked, spheres=spheres, statutory_criteria=statutory_criteria, own_criteria=own_criteria,
                formal_requirements=formal_requirements, required_attachments=required_attachments,
                previous_tasks=previous_tasks)
    record_audit(actor=actor, action="grants.call.updated", target=locked, municipality=locked.municipality,
                 data={"fields": sorted(fields)})
    _refresh(call, locked)
    return locked


def set_criteria(*, call: Call, actor: User, statutory: dict | None = None, own: list[dict] | None = None) -> Call:
    """The criteria alone: points (and what earns them) of the statutory ones, and the call's own criteria tied
    to priorities of the cooperation programme."""
    return update_call(call=call, actor=actor, statutory_criteria=statutory, own_criteria=own)


def set_formal_requirements(*, call: Call, actor: User, lines: list[str]) -> Call:
    return update_call(call=call, actor=actor, formal_requirements=lines)


def set_required_attachments(*, call: Call, actor: User, items: list[dict]) -> Call:
    return update_call(call=call, actor=actor, required_attachments=items)


def set_previous_tasks(*, call: Call, actor: User, items: list[dict]) -> Call:
    """Art. 13 ust. 2 pkt 7: tasks of the same kind in the announcement year and the year before, with costs."""
    return update_call(call=call, actor=actor, previous_tasks=items)


@transaction.atomic
def update_call_contact(*, call: Call, actor: User, contact_person: str, contact_email: str) -> Call:
    """The contact person is not a term of the call: it can be updated while the call runs."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.status in (CallStatus.CANCELLED, CallStatus.RESULTS_PUBLISHED):
        raise TransitionNotAllowed(_("The call is closed: its record no longer changes."))
    locked.contact_person, locked.contact_email = contact_person, contact_email
    locked.full_clean(exclude=UNCHECKED)
    locked.save(update_fields=["contact_person", "contact_email"])
    record_audit(actor=actor, action="grants.call.contact_updated", target=locked, municipality=locked.municipality)
    _refresh(call, locked)
    return locked


def _add_years(day: date, years: int) -> date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


@transaction.atomic
def copy_call(*, call: Call, actor: User, now: datetime | None = None) -> Call:
    """A new draft with every part of `call` copied (terms, spheres, criteria, checklist, attachments, previous
    tasks). The announcement dates, the number and everything that happened to the original (publication,
    results, cancellation) are cleared. When the original's deadline has passed, its dates move forward by
    whole years (last year's call becomes this year's) so the copy starts from dates that can still work; the
    officer checks them before publishing."""
    now = now or timezone.now()
    years = 0
    while call.deadline + _years_delta(call.deadline, years) <= now:
        years += 1
    copy = Call(municipality=call.municipality, created_by=actor, status=CallStatus.DRAFT, copied_from=call)
    for name in TERM_FIELDS:
        setattr(copy, name, getattr(call, name))
    copy.number = ""
    if years:
        copy.deadline = call.deadline + _years_delta(call.deadline, years)
        copy.selection_by = _add_years(call.selection_by, years)
        copy.task_start_earliest = _add_years(call.task_start_earliest, years)
        copy.task_end_latest = _add_years(call.task_end_latest, years)
    copy.full_clean(exclude=UNCHECKED)
    copy.save()
    copy.spheres.set(call.spheres.all())
    Criterion.objects.bulk_create(
        Criterion(call=copy, order=c.order, statutory=c.statutory, name=c.name, description=c.description,
                  max_points=c.max_points, programme_priority=c.programme_priority)
        for c in call.criteria.all())
    ensure_statutory_criteria(copy)
    FormalRequirement.objects.bulk_create(
        FormalRequirement(call=copy, order=r.order, text=r.text) for r in call.formal_requirements.all())
    RequiredAttachment.objects.bulk_create(
        RequiredAttachment(call=copy, order=a.order, name=a.name, mandatory=a.mandatory)
        for a in call.required_attachments.all())
    PreviousTask.objects.bulk_create(
        PreviousTask(call=copy, year=t.year, name=t.name, amount=t.amount, organization_name=t.organization_name)
        for t in call.previous_tasks.all())
    record_audit(actor=actor, action="grants.call.copied", target=copy, municipality=copy.municipality,
                 data={"from": call.pk, "years_moved": years})
    copy.years_moved = years
    return copy


def _years_delta(moment: datetime, years: int) -> timedelta:
    """The difference between `moment` and the same wall-clock time `years` later in Warsaw."""
    if not years:
        return timedelta(0)
    local = timezone.localtime(moment, WARSAW)
    moved = local.replace(year=local.year + years,
                          day=min(local.day, calendar.monthrange(local.year + years, local.month)[1]))
    moved = moved.replace(tzinfo=None)
    return timezone.make_aware(moved, WARSAW) - moment


# --- Publication ---------------------------------------------------------------------------------------------


def _check_channels(call: Call, *, require_all: bool) -> None:
    errors = {}
    if require_all:
        for name in CHANNEL_FIELDS:
            if not getattr(call, name):
                errors[name] = [_("Give the date of this announcement: the law requires all three.")]
    _raise(errors)
    check_deadline(municipality=call.municipality, deadline=call.deadline, dates=channel_dates(call))


@transaction.atomic
def record_publication(*, call: Call, actor: User, bip_on: date | None, board_on: date | None,
                       website_on: date | None) -> Call:
    """Record the days the call appeared in the BIP, on the notice board and on the website. A draft may have
    some of them; an announced call needs all three, and a later announcement must still leave the minimum
    time for offers (otherwise the call has to be cancelled and announced again)."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.status not in (CallStatus.DRAFT, CallStatus.PUBLISHED):
        raise TransitionNotAllowed(_("The call is closed: its record no longer changes."))
    locked.published_bip_on, locked.published_board_on, locked.published_website_on = bip_on, board_on, website_on
    _check_channels(locked, require_all=locked.status == CallStatus.PUBLISHED)
    locked.full_clean(exclude=UNCHECKED)
    locked.save(update_fields=list(CHANNEL_FIELDS))
    record_audit(actor=actor, action="grants.call.publication_recorded", target=locked,
                 municipality=locked.municipality,
                 data={name: str(getattr(locked, name) or "") for name in CHANNEL_FIELDS})
    _refresh(call, locked)
    return locked


@transaction.atomic
def publish_call(*, call: Call, actor: User, bip_on: date, board_on: date, website_on: date,
                 deadline: datetime | None = None, no_previous_tasks: bool = False,
                 now: datetime | None = None) -> Call:
    """Announce the call: the three announcement dates are recorded, every item art. 13 ust. 2 requires must be
    there and the deadline must leave `min_offer_days` whole days after the last announcement. The deadline can
    be moved in the same step. `no_previous_tasks` confirms that the municipality carried out no task of this
    kind in the announcement year and the year before."""
    now = now or timezone.now()
    locked = Call.objects.select_for_update().get(pk=call.pk)
    _guard_draft(locked)
    locked.published_bip_on, locked.published_board_on, locked.published_website_on = bip_on, board_on, website_on
    if deadline is not None:
        locked.deadline = end_of_minute(deadline)
    errors = publication_problems(locked, now, no_previous_tasks=no_previous_tasks)
    try:
        _check_channels(locked, require_all=True)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    _raise(errors)
    set_call_status(call=locked, status=CallStatus.PUBLISHED, published_at=now, deadline=locked.deadline,
                    published_bip_on=bip_on, published_board_on=board_on, published_website_on=website_on)
    record_audit(actor=actor, action="grants.call.published", target=locked, municipality=locked.municipality,
                 data={"deadline": locked.deadline.isoformat(), "no_previous_tasks": bool(no_previous_tasks),
                       **{name: str(getattr(locked, name)) for name in CHANNEL_FIELDS}})
    _refresh(call, locked)
    call_id = locked.pk
    transaction.on_commit(lambda: _enqueue("task_notify_ngo_base_of_call", call_id))
    return locked


# --- Cancellation (art. 18a) ----------------------------------------------------------------------------------


@transaction.atomic
def cancel_call(*, call: Call, actor: User, notice: str, now: datetime | None = None) -> Call:
    """Cancel an announced call before its results (art. 18a: no offer was submitted, none met the call's
    requirements, or a reason the announcement reserved). The notice is published on the call's page and is
    to be announced the same way as the call (art. 13 ust. 3)."""
    now = now or timezone.now()
    notice = (notice or "").strip()
    if not notice:
        raise ValidationError({"notice": _("Write the cancellation notice: it is published with the call.")})
    locked = set_call_status(call=call, status=CallStatus.CANCELLED, cancelled_at=now, cancellation_notice=notice)
    record_audit(actor=actor, action="grants.call.cancelled", target=locked, municipality=locked.municipality)
    _refresh(call, locked)
    call_id = locked.pk
    transaction.on_commit(lambda: _enqueue("task_notify_offerors_of_cancellation", call_id))
    return locked


def _enqueue(task_name: str, call_id: int) -> None:
    from ..tasks import calls as tasks

    getattr(tasks, task_name).delay(call_id)


def _refresh(call: Call, locked: Call) -> None:
    if call is not locked:
        call.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
