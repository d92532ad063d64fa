"""Meetings and trainings (Model areas P2.A2 and P3.A2): the yearly sector meeting with NGOs, trainings and
workshops, information meetings on accounting for a task, equal-opportunities trainings and joint local events.

Every write of events goes through here. Guard → mutate → full_clean → save → audit → on_commit. Places are
counted under a lock of the event's row, so two people can never take the last place at once: the second joins
the waiting list, which moves up by itself when someone cancels or the officer adds places.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from . import ics
from .exceptions import DomainError, TransitionNotAllowed
from .importing import _escape_formula
from .models import (
    Event,
    EventAttendance,
    EventAudience,
    EventKind,
    EventMaterial,
    EventRegistration,
    EventStatus,
    Municipality,
    Organization,
    Standard,
    User,
)
from .selectors import officer_municipality_ids, organization_ids_of
from .services import record_audit
from .uploads import MAX_DOCUMENT_BYTES, check_document


class RegistrationClosed(DomainError):
    default_message = gettext_lazy("Registration for this event is closed.")


class AlreadyRegistered(DomainError):
    default_message = gettext_lazy("You are already registered for this event.")


EDITABLE_FIELDS = frozenset({
    "title", "kind", "description", "starts_at", "ends_at", "place", "online_url", "capacity",
    "registration_opens_at", "registration_closes_at", "audience", "step_free_access", "induction_loop",
    "sign_language_on_request", "accessibility_notes", "contact_person", "contact_email", "contact_phone",
})

# What an uploaded material may be: the extension must match what the content shows.
MATERIAL_EXTENSIONS = {"application/pdf": {"pdf"}, "application/zip": {"docx", "odt", "pptx"}}
# A ZIP container is the document its name claims only if it holds that format's main part.
ZIP_MARKERS = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


# --- Reading the state ------------------------------------------------------------------------------------


def registration_state(event: Event, now: datetime | None = None) -> str:
    """Where registration stands: "unavailable" (a draft or a cancelled event), "not_yet", "open" or "closed".
    Moments are instants; the officer enters them in Europe/Warsaw time and the portal shows them so."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return "unavailable"
    opens = event.registration_opens
    if opens is not None and now < opens:
        return "not_yet"
    if now >= event.registration_closes:
        return "closed"
    return "open"


def _confirmed_count(event: Event) -> int:
    return EventRegistration.objects.filter(event=event, cancelled_at__isnull=True, waitlisted=False).count()


def _lock(event: Event) -> Event:
    """The event's row, locked until the end of the transaction (call inside the event's scope)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _is_manager(user, municipality_id: int) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or municipality_id in officer_municipality_ids(user)))


# --- The officer's side -----------------------------------------------------------------------------------


def _check_fields(fields: dict, function: str) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"{function}() got unexpected fields: {sorted(unknown)}")


def _standards(kind: str, standards) -> list[Standard]:
    """The standards chosen, or, when none were, those the event's kind serves."""
    chosen = list(standards or [])
    if chosen:
        return chosen
    return list(Standard.objects.filter(code__in=EventKind.standard_codes().get(kind, [])))


@transaction.atomic
def create_event(*, municipality: Municipality, actor: User, standards=None, **fields) -> Event:
    """A new event, saved as a draft (only the municipality's officers see it until it is published)."""
    _check_fields(fields, "create_event")
    with scope(municipality=municipality.pk):
        event = Event(municipality=municipality, created_by=actor, status=EventStatus.DRAFT, **fields)
        event.full_clean()
        event.save()
        event.standards.set(_standards(event.kind, standards))
        record_audit(actor=actor, action="cooperation.event.created", target=event, municipality=municipality)
    return event


@transaction.atomic
def update_event(*, event: Event, actor: User, standards=None, **fields) -> Event:
    """Change an event that is not cancelled. The number of places cannot drop below the places already taken;
    more places take people from the waiting list, in order."""
    _check_fields(fields, "update_event")
    with scope(municipality=event.municipality_id):
        locked = _lock(event)
        if locked.status == EventStatus.CANCELLED:
            raise TransitionNotAllowed(_("A cancelled event no longer changes."))
        for name, value in fields.items():
            setattr(locked, name, value)
        taken = _confirmed_count(locked)
        if locked.capacity is not None and locked.capacity < taken:
            raise ValidationError({"capacity": _(
                "%(taken)d people already have a place: the number of places cannot be lower."
            ) % {"taken": taken}})
        locked.full_clean()
        locked.save()
        if standards is not None:
            locked.standards.set(_standards(locked.kind, standards))
        promoted = _promote_waitlisted(locked)
        record_audit(actor=actor, action="cooperation.event.updated", target=locked,
                     municipality=locked.municipality, data={"fields": sorted(fields), "promoted": len(promoted)})
    for name in fields:
        setattr(event, name, getattr(locked, name))
    return locked


EVENT_TRANSITIONS = {
    EventStatus.DRAFT: {EventStatus.PUBLISHED},
    EventStatus.PUBLISHED: {EventStatus.CANCELLED},
    EventStatus.CANCELLED: set(),
}


def _set_status(locked: Event, status: str, **fields) -> None:
    """The one place an event's status changes; `locked` is the row the caller locked and checked."""
    if status not in EVENT_TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(_("This event is already published or cancelled."))
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=["status", *fields, "updated_at"])


@transaction.atomic
def publish_event(*, event: Event, actor: User) -> Event:
    """The one place an event leaves the draft state: it appears on the public list and registration opens
    (at publication, or at the moment the officer set)."""
    with scope(municipality=event.municipality_id):
        locked = _lock(event)
        if locked.status != EventStatus.DRAFT:
            raise TransitionNotAllowed(_("This event is already published or cancelled."))
        _set_status(locked, EventStatus.PUBLISHED, published_at=timezone.now())
        record_audit(actor=actor, action="cooperation.event.published", target=locked,
                     municipality=locked.municipality)
    event.status, event.published_at = locked.status, locked.published_at
    return locked


@transaction.atomic
def cancel_event(*, event: Event, actor: User, reason: str) -> Event:
    """Call a published event off before it ends. It stays public, marked cancelled with the reason, and
    everyone registered (with a place or on the waiting list) is told by e-mail, once."""
    with scope(municipality=event.municipality_id):
        locked = _lock(event)
        if locked.status == EventStatus.CANCELLED:
            raise TransitionNotAllowed(_("This event is already cancelled."))
        if locked.status == EventStatus.DRAFT:
            raise TransitionNotAllowed(_("A draft is not public: there is nothing to cancel."))
        if locked.ends_at <= timezone.now():
            raise TransitionNotAllowed(_("The event has already taken place."))
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the event is cancelled: the registrants receive it by e-mail.")})
        _set_status(locked, EventStatus.CANCELLED, cancelled_at=timezone.now(), cancellation_reason=reason.strip())
        registrants = EventRegistration.objects.filter(event=locked, cancelled_at__isnull=True).count()
        record_audit(actor=actor, action="cooperation.event.cancelled", target=locked,
                     municipality=locked.municipality, data={"registrants": registrants})
    event.status, event.cancelled_at, event.cancellation_reason = (
        locked.status, locked.cancelled_at, locked.cancellation_reason)
    event_id = locked.pk
    transaction.on_commit(lambda: _enqueue_cancellation_notice(event_id))
    return locked


def _enqueue_cancellation_notice(event_id: int) -> None:
    from .tasks import task_notify_event_cancelled

    task_notify_event_cancelled.delay(event_id)


# --- Registration -----------------------------------------------------------------------------------------


@transaction.atomic
def register_for_event(*, event: Event, user: User, organization: Organization | None = None,
                       needs: str = "") -> EventRegistration:
    """A signed-in person takes a place, on their own or on behalf of an NGO they belong to. The window and the
    places are checked here, on the server, under a lock of the event's row: when every place is taken the
    person joins the waiting list. One active registration per person."""
    with scope(municipality=event.municipality_id):
        locked = _lock(event)
        state = registration_state(locked)
        if state == "not_yet":
            raise RegistrationClosed(_("Registration for this event has not opened yet."))
        if state != "open":
            raise RegistrationClosed()
        if organization is not None and organization.pk not in organization_ids_of(user):
            raise ValidationError({"organization": _("You can register only on behalf of an organization you belong to.")})
        if locked.audience == EventAudience.NGO_REPRESENTATIVES and organization is None:
            raise ValidationError({"organization": _(
                "This event is for NGO representatives: choose the organization you represent."
            )})
        if EventRegistration.objects.filter(event=locked, user=user, cancelled_at__isnull=True).exists():
            raise AlreadyRegistered()
        waitlisted = locked.capacity is not None and _confirmed_count(locked) >= locked.capacity
        registration = EventRegistration(event=locked, user=user, organization=organization, needs=needs.strip(),
                                         waitlisted=waitlisted)
        registration.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:  # a second request of the same person got here first
            raise AlreadyRegistered() from error
        record_audit(actor=user, action="cooperation.event_registration.created", target=locked,
                     municipality=locked.municipality,
                     data={"registration": registration.pk, "waitlisted": waitlisted})
    return registration


@transaction.atomic
def cancel_registration(*, registration: EventRegistration, actor: User) -> list[EventRegistration]:
    """The person (or an officer) gives the place up before the event starts. A freed place goes to the first
    on the waiting list, who is told by e-mail. Returns the registrations promoted."""
    with scope(municipality=registration.event.municipality_id):
        locked_event = _lock(registration.event)
        current = EventRegistration.objects.select_for_update().get(pk=registration.pk)
        if current.user_id != actor.pk and not _is_manager(actor, locked_event.municipality_id):
            raise TransitionNotAllowed(_("Only the person registered can cancel this registration."))
        if current.cancelled_at is not None:
            raise TransitionNotAllowed(_("This registration is already cancelled."))
        if locked_event.starts_at <= timezone.now():
            raise TransitionNotAllowed(_("The event has started: the registration can no longer be cancelled."))
        current.cancelled_at = timezone.now()
        current.save(update_fields=["cancelled_at"])
        promoted = _promote_waitlisted(locked_event)
        record_audit(actor=actor, action="cooperation.event_registration.cancelled", target=locked_event,
                     municipality=locked_event.municipality,
                     data={"registration": current.pk, "promoted": [p.pk for p in promoted]})
    registration.cancelled_at = current.cancelled_at
    return promoted


def _promote_waitlisted(event: Event) -> list[EventRegistration]:
    """Give free places to the waiting list, first come first served (event locked by the caller). Nobody is
    promoted once the event has started or when it is not published."""
    if event.status != EventStatus.PUBLISHED or event.starts_at <= timezone.now():
        return []
    waiting = (EventRegistration.objects.select_for_update()
               .filter(event=event, cancelled_at__isnull=True, waitlisted=True).order_by("created_at", "id"))
    if event.capacity is not None:
        free = event.capacity - _confirmed_count(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.waitlisted = False
        registration.promoted_at = now
        registration.save(update_fields=["waitlisted", "promoted_at"])
        record_audit(actor=None, action="cooperation.event_registration.promoted", target=event,
                     municipality=event.municipality, data={"registration": registration.pk})
        registration_id = registration.pk
        transaction.on_commit(lambda registration_id=registration_id: _enqueue_promotion_notice(registration_id))
    return promoted


def _enqueue_promotion_notice(registration_id: int) -> None:
    from .tasks import task_notify_event_promotion

    task_notify_event_promotion.delay(registration_id)


# --- After the event ---------------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(*, event: Event, actor: User, statuses: dict[int, str]) -> Event:
    """The officer marks every person who held a place present or absent, once the event has started. The
    event then counts as held: the standards tracker shows it as evidence once it has ended."""
    with scope(municipality=event.municipality_id):
        locked = _lock(event)
        if locked.status != EventStatus.PUBLISHED:
            raise TransitionNotAllowed(_("Attendance is recorded for a published event."))
        if locked.starts_at > timezone.now():
            raise TransitionNotAllowed(_("Attendance is recorded once the event has started."))
        registrations = {r.pk: r for r in EventRegistration.objects.select_for_update().filter(
            event=locked, cancelled_at__isnull=True, waitlisted=False)}
        unknown = set(statuses) - set(registrations)
        if unknown:
            raise ValidationError(_("Some of the people are not registered for this event."))
        if any(value not in EventAttendance.values for value in statuses.values()):
            raise ValidationError(_("Mark each person present or absent."))
        for pk, value in statuses.items():
            registrations[pk].attendance = value
        EventRegistration.objects.bulk_update([registrations[pk] for pk in statuses], ["attendance"])
        locked.attendance_recorded_at = timezone.now()
        locked.save(update_fields=["attendance_recorded_at", "updated_at"])
        present = sum(1 for value in statuses.values() if value == EventAttendance.PRESENT)
        record_audit(actor=actor, action="cooperation.event_attendance.recorded", target=locked,
                     municipality=locked.municipality, data={"present": present, "absent": len(statuses) - present})
    event.attendance_recorded_at = locked.attendance_recorded_at
    return locked


def _material_kind(upload) -> str:
    """The material's format (pdf, docx, odt, pptx), decided by its content and matching its name."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file may be at most 10 MB.")})
    wrong = ValidationError({"file": _("Upload a PDF, DOCX, ODT or PPTX document.")})
    try:
        detected = check_document(upload)
    except ValidationError as error:
        raise wrong from error
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in MATERIAL_EXTENSIONS.get(detected, set()):
        raise wrong
    if detected == "application/zip":
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                matches = (archive.read("mimetype").strip() == ODT_MIMETYPE if extension == "odt"
                           else ZIP_MARKERS[extension] in names)
        except (zipfile.BadZipFile, KeyError) as error:
            raise wrong from error
        finally:
            upload.seek(0)
        if not matches:
            raise wrong
    return extension


@transaction.atomic
def add_material(*, event: Event, actor: User, title: str, upload=None, url: str = "",
                 is_public: bool = False) -> EventMaterial:
    """A presentation, handout or link. A file is a PDF, DOCX, ODT or PPTX up to 10 MB, recognised by its
    content, kept in private storage and served after a permission check."""
    with scope(municipality=event.municipality_id):
        locked = _lock(event)
        if locked.status == EventStatus.CANCELLED:
            raise TransitionNotAllowed(_("The event is cancelled: materials are no longer added."))
        if upload and url:
            raise ValidationError({"file": _("Upload a file or give a link, not both.")})
        kind = _material_kind(upload) if upload else ""
        material = EventMaterial(event=locked, title=title, file=upload or None, url=url, kind=kind,
                                 is_public=is_public, created_by=actor)
        material.full_clean()
        material.save()
        record_audit(actor=actor, action="cooperation.event_material.added", target=locked,
                     municipality=locked.municipality,
                     data={"material": material.pk, "kind": kind or "link", "public": is_public})
    return material


@transaction.atomic
def remove_material(*, material: EventMaterial, actor: User) -> None:
    with scope(municipality=material.event.municipality_id):
        event = _lock(material.event)
        material_id, title = material.pk, material.title
        if material.file:
            material.file.delete(save=False)
        material.delete()
        record_audit(actor=actor, action="cooperation.event_material.removed", target=event,
                     municipality=event.municipality, data={"material": material_id, "title": title})


# --- Exports: the registrations (CSV) and the calendar file (ICS) --------------------------------------------

CSV_HEADER = ["lp", "imie_i_nazwisko", "e_mail", "organizacja", "status", "zapis", "potrzeby_dostepnosci",
              "obecnosc"]


def registrations_csv(*, event: Event, actor: User) -> str:
    """Everyone registered, places first, then the waiting list: UTF-8 with a BOM (for Excel), formulas escaped.
    The export names people and their needs, so it is recorded in the audit log."""
    from .selectors import event_registrations

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for number, registration in enumerate(event_registrations(event), start=1):
        writer.writerow([_escape_formula(str(value)) for value in (
            number,
            registration.user.full_name,
            registration.user.email,
            registration.organization.name if registration.organization else "",
            "lista_rezerwowa" if registration.waitlisted else "miejsce",
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            registration.needs,
            registration.attendance,
        )])
    record_audit(actor=actor, action="cooperation.event_registrations.exported", target=event,
                 municipality=event.municipality)
    return buffer.getvalue()








def event_calendar(event: Event, *, url: str, host: str, with_online_link: bool = False) -> str:
    """A VCALENDAR with the event (RFC 5545, CRLF line endings). It links back to the event's page, and a
    cancelled event says so (STATUS:CANCELLED), so calendars that import it again show the change. The online
    meeting's link is only for the people with a place (and the officers)."""
    location = ", ".join(part for part in (event.place, event.online_url if with_online_link else "") if part)
    if not location and event.online_url:
        location = _("Online")
    description = event.description
    if event.status == EventStatus.CANCELLED:
        description = _("Cancelled: %(reason)s") % {"reason": event.cancellation_reason} + "\n\n" + description
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wspolpraca//Events//EN", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VEVENT", f"UID:event-{event.pk}@{host}", f"DTSTAMP:{ics.utc(timezone.now())}",
        f"LAST-MODIFIED:{ics.utc(event.updated_at)}", f"DTSTART:{ics.utc(event.starts_at)}",
        f"DTEND:{ics.utc(event.ends_at)}", f"SUMMARY:{ics.escape(event.title)}",
        f"DESCRIPTION:{ics.escape(description)}",
    ]
    if location:
        lines.append(f"LOCATION:{ics.escape(location)}")
    lines.extend([
        # A parameter value is quoted, and may hold no quote of its own (RFC 5545 section 3.2).
        f'ORGANIZER;CN="{event.contact_person.replace(chr(34), "")}":mailto:{event.contact_email}',
        "STATUS:CANCELLED" if event.status == EventStatus.CANCELLED else "STATUS:CONFIRMED",
        f"URL:{url}", "END:VEVENT", "END:VCALENDAR",
    ])
    return "".join(ics.fold(line) + "\r\n" for line in lines)


def attendance_summary(event: Event) -> dict:
    """How many held a place, and how many were marked present and absent."""
    return EventRegistration.objects.filter(event=event, cancelled_at__isnull=True, waitlisted=False).aggregate(
        places=Count("id"),
        present=Count("id", filter=Q(attendance=EventAttendance.PRESENT)),
        absent=Count("id", filter=Q(attendance=EventAttendance.ABSENT)),
    )


# --- Personal data (for cooperation.services.export_user_data and delete_account) ------------------------------


def personal_data(user: User) -> list[dict]:
    """The person's registrations in every municipality, for "download my data"."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        registrations = list(EventRegistration.objects.filter(user=user)
                             .select_related("event__municipality", "organization").order_by("created_at", "id"))
    return [{
        "event": registration.event.title,
        "municipality": registration.event.municipality.name,
        "starts_at": registration.event.starts_at.isoformat(),
        "on_behalf_of": registration.organization.name if registration.organization else None,
        "accessibility_needs": registration.needs,
        "waiting_list": registration.waitlisted,
        "registered_at": registration.created_at.isoformat(),
        "cancelled_at": registration.cancelled_at.isoformat() if registration.cancelled_at else None,
        "attendance": registration.attendance or None,
    } for registration in registrations]


@transaction.atomic
def forget_person(*, user: User) -> int:
    """When a person deletes their account: registrations for events that have not started are cancelled (their
    places go to the waiting list) and the accessibility needs of every registration are erased. Attendance of
    past events stays (it is counted, not named, on public pages). Returns the number of registrations cancelled."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        coming = list(EventRegistration.objects.filter(user=user, cancelled_at__isnull=True,
                                                       event__starts_at__gt=timezone.now()).select_related("event"))
    for registration in coming:
        cancel_registration(registration=registration, actor=user)
    with scopes_disabled():
        EventRegistration.objects.filter(user=user).exclude(needs="").update(needs="")
    return len(coming)
