"""Municipal resources lent to NGOs (P2.A2.T1): the catalogue and the booking requests. Every write is here.

The officer keeps the catalogue (`create_resource`, `update_resource`): what is lent, where, to how many people,
the rules of use and the municipality's procedure, the open weekdays and hours, blackout periods, the minimum
notice and the longest booking. An NGO confirmed in the municipality asks for a time (`request_booking`); the
request is checked here, on the server, against every rule, and each refusal names the field it is about. A
request may overlap other requests and even an approved booking (the NGO is warned); the officer then approves
one of them (`approve_booking`), which is refused while an approved booking overlaps: the check runs under a lock
of the resource's row, so two officers approving competing requests at once cannot both succeed. The requester is
e-mailed each decision (`tasks.task_notify_booking_decision`, after the commit).

A request's status changes only in `set_booking_status`, which re-checks the current state under a row lock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.enums import OrganizationLinkStatus
from cooperation.exceptions import DomainError, TransitionNotAllowed
from cooperation.models import Municipality, Organization, OrganizationMunicipality
from cooperation.selectors import organization_ids_of
from cooperation.services import record_audit

from ..exceptions import NotAllowed
from .enums import ACTIVE_STATUSES, BookingStatus
from .models import BookingRequest, Resource, ResourceBlackout

AUDIT_LABELS: dict = {
    "grants.resource.created": gettext_lazy("municipal resource added to the catalogue"),
    "grants.resource.updated": gettext_lazy("municipal resource changed"),
    "grants.booking.requested": gettext_lazy("municipal resource requested"),
    "grants.booking.approved": gettext_lazy("booking of a municipal resource approved"),
    "grants.booking.declined": gettext_lazy("booking request declined"),
    "grants.booking.cancelled": gettext_lazy("booking cancelled by the organization"),
    "grants.booking.withdrawn": gettext_lazy("booking withdrawn by the municipality"),
}

RESOURCE_FIELDS = frozenset({
    "kind", "name", "description", "address", "capacity", "quantity", "accessibility", "rules", "procedure_url",
    "open_weekdays", "opens_at", "closes_at", "min_notice_days", "max_booking_hours", "free_for_ngos", "fee_note",
    "is_published",
})


class BookingConflict(DomainError):
    default_message = gettext_lazy("This time overlaps a booking already approved.")


# --- Formatting (Europe/Warsaw) ------------------------------------------------------------------------------


def when(starts_at: datetime, ends_at: datetime) -> str:
    """"12.03.2027 10:00–12:00", or with both dates when the booking runs over several days."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"
    return f"{start:%d.%m.%Y %H:%M} – {end:%d.%m.%Y %H:%M}"


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


# --- The catalogue -------------------------------------------------------------------------------------------


BLACKOUT_LINE = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})(?:\s*(?:–|-|—|\.\.)\s*(\d{4}-\d{2}-\d{2}))?\s*(?:[:,;]?\s*(.*))?$")


def parse_blackouts(text: str) -> list[tuple[date, date, str]]:
    """One period a line: "2026-12-24", "2026-12-24 – 2026-12-26" or either followed by a reason
    ("2026-12-24: Wigilia"). Raises ValidationError naming the first line it cannot read."""
    periods = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = BLACKOUT_LINE.match(line)
        try:
            start = date.fromisoformat(match.group(1)) if match else None
            end = date.fromisoformat(match.group(2)) if match and match.group(2) else start
        except ValueError:
            start = end = None
        if start is None or end < start:
            raise ValidationError({"blackouts": _(
                "Line %(number)d is not a date or a range of dates (e.g. 2026-12-24 – 2026-12-26: reason).")
                % {"number": number}})
        periods.append((start, end, (match.group(3) or "").strip()[:200]))
    return periods


def blackouts_text(resource: Resource) -> str:
    lines = []
    for blackout in resource.blackouts.all():
        span = blackout.starts_on.isoformat() if blackout.starts_on == blackout.ends_on else (
            f"{blackout.starts_on.isoformat()} – {blackout.ends_on.isoformat()}")
        lines.append(f"{span}: {blackout.reason}" if blackout.reason else span)
    return "\n".join(lines)


def _check_resource_fields(fields: dict, function: str) -> None:
    unknown = set(fields) - RESOURCE_FIELDS
    if unknown:
        raise TypeError(f"{function}() got unexpected fields: {sorted(unknown)}")


def _clean_resource(resource: Resource) -> None:
    errors = {}
    if not resource.weekday_numbers:
        errors["open_weekdays"] = [_("Choose at least one day of the week.")]
    if resource.opens_at and resource.closes_at and resource.closes_at <= resource.opens_at:
        errors["closes_at"] = [_("The closing hour must be after the opening hour.")]
    if errors:
        raise ValidationError(errors)
    resource.open_weekdays = "".join(str(d) for d in resource.weekday_numbers)
    resource.full_clean()


def _replace_blackouts(resource: Resource, blackouts) -> None:
    resource.blackouts.all().delete()
    rows = [ResourceBlackout(resource=resource, starts_on=start, ends_on=end, reason=reason)
            for start, end, reason in blackouts]
    for row in rows:
        row.full_clean()
    ResourceBlackout.objects.bulk_create(rows)


@transaction.atomic
def create_resource(*, municipality: Municipality, actor, blackouts=(), **fields) -> Resource:
    _check_resource_fields(fields, "create_resource")
    resource = Resource(municipality=municipality, **fields)
    if resource.is_published:
        resource.published_at = timezone.now()
    _clean_resource(resource)
    resource.save()
    _replace_blackouts(resource, blackouts)
    record_audit(actor=actor, action="grants.resource.created", target=resource, municipality=municipality)
    return resource


@transaction.atomic
def update_resource(*, resource: Resource, actor, blackouts=None, **fields) -> Resource:
    _check_resource_fields(fields, "update_resource")
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    if locked.is_published and locked.published_at is None:
        locked.published_at = timezone.now()
    _clean_resource(locked)
    locked.save()
    if blackouts is not None:
        _replace_blackouts(locked, blackouts)
    record_audit(actor=actor, action="grants.resource.updated", target=locked, municipality=locked.municipality,
                 data={"fields": sorted(fields), "blackouts": None if blackouts is None else len(blackouts)})
    resource.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


# --- Checking a requested time -------------------------------------------------------------------------------


def _days(start: date, end: date):
    current = start
    while current <= end:
        yield current
        current += timedelta(days=1)


def blackout_on(resource: Resource, start: date, end: date) -> ResourceBlackout | None:
    return resource.blackouts.filter(starts_on__lte=end, ends_on__gte=start).order_by("starts_on", "id").first()


def earliest_start(resource: Resource, today: date | None = None) -> date:
    """The first day that respects the minimum notice."""
    return (today or timezone.localdate()) + timedelta(days=resource.min_notice_days)


def check_time(resource: Resource, starts_at: datetime | None, ends_at: datetime | None, *,
               participants: int | None = None, now: datetime | None = None, notice: bool = True) -> None:
    """Every rule of the resource a requested time must meet; raises a ValidationError whose messages sit next to
    the fields (starts_at, ends_at, participants). `notice=False` skips the minimum notice (an officer approving a
    request that was made in time)."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if starts_at is None:
        add("starts_at", _("Give the start."))
    if ends_at is None:
        add("ends_at", _("Give the end."))
    if participants is not None and resource.capacity is not None and participants > resource.capacity:
        add("participants", _("At most %(capacity)d people can use it; you expect %(participants)d.")
            % {"capacity": resource.capacity, "participants": participants})
    if starts_at is None or ends_at is None:
        raise ValidationError(errors)
    if ends_at <= starts_at:
        add("ends_at", _("The end must be after the start."))
        raise ValidationError(errors)
    if starts_at <= now:
        add("starts_at", _("The start is in the past."))
    elif notice:
        first_day = earliest_start(resource, timezone.localdate(now))
        if timezone.localdate(starts_at) < first_day:
            add("starts_at", _("Ask at least %(days)d days ahead: the earliest start is %(day)s.")
                % {"days": resource.min_notice_days, "day": _day(first_day)})
    hours = (ends_at - starts_at).total_seconds() / 3600
    if hours > resource.max_booking_hours:
        add("ends_at", _("A booking of this resource is at most %(hours)d hours long; this one is %(asked)s hours.")
            % {"hours": resource.max_booking_hours, "asked": formats.number_format(round(hours, 1), 1)})
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    hours_text = f"{resource.opens_at:%H:%M}–{resource.closes_at:%H:%M}"
    if start.time() < resource.opens_at or start.time() >= resource.closes_at:
        add("starts_at", _("The resource is open %(hours)s: start within these hours.") % {"hours": hours_text})
    if end.time() > resource.closes_at or end.time() <= resource.opens_at:
        add("ends_at", _("The resource is open %(hours)s: end within these hours.") % {"hours": hours_text})
    open_days = resource.weekday_numbers
    closed = [day for day in _days(start.date(), end.date()) if day.weekday() not in open_days]
    if closed:
        names = ", ".join(str(formats.date_format(day, "l")) for day in closed[:3])
        add("starts_at", _("The resource is not lent on %(days)s (%(day)s).") % {"days": names, "day": _day(closed[0])})
    blackout = blackout_on(resource, start.date(), end.date())
    if blackout is not None:
        span = _day(blackout.starts_on) if blackout.starts_on == blackout.ends_on else (
            f"{_day(blackout.starts_on)}–{_day(blackout.ends_on)}")
        message = _("The resource is not available %(span)s.") % {"span": span}
        if blackout.reason:
            message = f"{message} ({blackout.reason})"
        add("starts_at", message)
    if errors:
        raise ValidationError(errors)


def overlapping(resource: Resource, starts_at: datetime, ends_at: datetime, *, exclude=None,
                statuses=ACTIVE_STATUSES):
    """Requests and bookings of the resource whose time overlaps [starts_at, ends_at)."""
    found = BookingRequest.objects.filter(resource=resource, status__in=statuses, starts_at__lt=ends_at,
                                          ends_at__gt=starts_at)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.select_related("organization").order_by("starts_at", "id")


# --- Requests ------------------------------------------------------------------------------------------------


def _confirmed_in(municipality: Municipality, organization: Organization) -> bool:
    return OrganizationMunicipality.objects.filter(municipality=municipality, organization=organization,
                                                   status=OrganizationLinkStatus.CONFIRMED).exists()


@transaction.atomic
def request_booking(*, resource: Resource, organization: Organization, actor, starts_at: datetime | None,
                    ends_at: datetime | None, public_task: str, participants: int | None = None, needs: str = "",
                    contract=None) -> BookingRequest:
    """An NGO's request for a time. The organization must be confirmed in the municipality and the person must
    belong to it. Overlaps are allowed (the officer decides); the rules of the resource are not."""
    if not resource.is_published:
        raise NotAllowed(_("This resource is not in the catalogue."))
    if organization.pk not in organization_ids_of(actor) and not getattr(actor, "is_superuser", False):
        raise NotAllowed(_("You can ask only on behalf of an organization you belong to."))
    if not _confirmed_in(resource.municipality, organization):
        raise NotAllowed(_("The organization is not confirmed in this municipality yet."))
    errors = {}
    try:
        check_time(resource, starts_at, ends_at, participants=participants)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not (public_task or "").strip():
        errors["public_task"] = [_("Say which public task the resource serves.")]
    if contract is not None and (contract.offer.organization_id != organization.pk
                                 or contract.municipality_id != resource.municipality_id):
        errors["contract"] = [_("Choose a contract of this organization with this municipality.")]
    if errors:
        raise ValidationError(errors)
    booking = BookingRequest(municipality=resource.municipality, resource=resource, organization=organization,
                             requested_by=actor if getattr(actor, "is_authenticated", False) else None,
                             public_task=public_task.strip(), contract=contract, starts_at=starts_at,
                             ends_at=ends_at, participants=participants, needs=(needs or "").strip(),
                             status=BookingStatus.REQUESTED)
    booking.full_clean()
    booking.save()
    record_audit(actor=actor, action="grants.booking.requested", target=booking, municipality=resource.municipality,
                 data={"resource": resource.pk, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()})
    return booking


B = BookingStatus
BOOKING_TRANSITIONS: dict[str, set[str]] = {
    B.REQUESTED: {B.APPROVED, B.DECLINED, B.CANCELLED},
    B.APPROVED: {B.CANCELLED, B.WITHDRAWN},
    B.DECLINED: set(),
    B.CANCELLED: set(),
    B.WITHDRAWN: set(),
}


def set_booking_status(*, booking: BookingRequest, status: str, **fields) -> BookingRequest:
    """The one place a request's status changes. Locks the row, re-checks the current state against the
    transition table, sets the status with `fields` and saves. Call inside the caller's transaction."""
    locked = BookingRequest.objects.select_for_update().get(pk=booking.pk)
    if status not in BOOKING_TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(_("The request is already “%(status)s”: this change is not possible.")
                                   % {"status": locked.get_status_display()})
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=["status", *fields])
    booking.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def _notify(booking: BookingRequest) -> None:
    booking_id = booking.pk

    def enqueue():
        from .tasks import task_notify_booking_decision

        task_notify_booking_decision.delay(booking_id)

    transaction.on_commit(enqueue)


@transaction.atomic
def approve_booking(*, booking: BookingRequest, actor, note: str = "") -> BookingRequest:
    """Approve a request. The resource's row is locked first, so approvals of one resource happen one at a time:
    an approved booking that overlaps is always seen, and the approval is refused with its time."""
    Resource.objects.select_for_update().filter(pk=booking.resource_id).first()
    current = BookingRequest.objects.select_related("resource").get(pk=booking.pk)
    if current.status != BookingStatus.REQUESTED:
        raise TransitionNotAllowed(_("The request is already “%(status)s”: this change is not possible.")
                                   % {"status": current.get_status_display()})
    if current.starts_at <= timezone.now():
        raise TransitionNotAllowed(_("The requested time has already begun: the request can only be declined."))
    clash = overlapping(current.resource, current.starts_at, current.ends_at, exclude=current,
                        statuses=[BookingStatus.APPROVED]).first()
    if clash is not None:
        raise BookingConflict(_(
            "This time overlaps a booking already approved: %(when)s for %(organization)s. Decline this request, or "
            "ask the organization for another time.") % {
            "when": when(clash.starts_at, clash.ends_at), "organization": clash.organization.name})
    locked = set_booking_status(booking=booking, status=BookingStatus.APPROVED, decided_at=timezone.now(),
                                decided_by=actor, decision_note=(note or "").strip())
    record_audit(actor=actor, action="grants.booking.approved", target=locked, municipality=locked.municipality)
    _notify(locked)
    return locked


@transaction.atomic
def decline_booking(*, booking: BookingRequest, actor, reason: str) -> BookingRequest:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason: the organization receives it by e-mail.")})
    locked = set_booking_status(booking=booking, status=BookingStatus.DECLINED, decided_at=timezone.now(),
                                decided_by=actor, decision_note=reason.strip())
    record_audit(actor=actor, action="grants.booking.declined", target=locked, municipality=locked.municipality)
    _notify(locked)
    return locked


@transaction.atomic
def withdraw_booking(*, booking: BookingRequest, actor, reason: str) -> BookingRequest:
    """The municipality takes an approved booking back (a failure, its own need), before it ends, with a reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason: the organization receives it by e-mail.")})
    current = BookingRequest.objects.get(pk=booking.pk)
    if current.status == BookingStatus.APPROVED and current.ends_at <= timezone.now():
        raise TransitionNotAllowed(_("The booking has already ended."))
    locked = set_booking_status(booking=booking, status=BookingStatus.WITHDRAWN, decided_at=timezone.now(),
                                decided_by=actor, decision_note=reason.strip())
    record_audit(actor=actor, action="grants.booking.withdrawn", target=locked, municipality=locked.municipality)
    _notify(locked)
    return locked


@transaction.atomic
def cancel_booking(*, booking: BookingRequest, actor) -> BookingRequest:
    """The organization gives up its request or its booking, before the time begins."""
    current = BookingRequest.objects.get(pk=booking.pk)
    if current.organization_id not in organization_ids_of(actor):
        raise NotAllowed(_("Only the organization's members can cancel its request."))
    if current.status in ACTIVE_STATUSES and current.starts_at <= timezone.now():
        raise TransitionNotAllowed(_("The booked time has begun: it can no longer be cancelled."))
    locked = set_booking_status(booking=booking, status=BookingStatus.CANCELLED, cancelled_at=timezone.now())
    record_audit(actor=actor, action="grants.booking.cancelled", target=locked, municipality=locked.municipality)
    return locked
