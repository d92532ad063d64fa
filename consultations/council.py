"""The municipality's public benefit council (Gminna/Powiatowa Rada Działalności Pożytku Publicznego,
art. 41e–41i of the act; legal.md section 6): the NGOs' request to create it, its terms, members, meetings
with attendance and minutes, and its opinions on drafts.

Writes follow the app's rule: guard → mutate → full_clean → save → audit → on_commit. The reads the council's
pages need (what is public, the composition, the absence flags) are at the end of the module.

Deadlines are counted in Europe/Warsaw days, as the civil code counts them (art. 111–112 k.c.): a period in
days starts the day after the event and ends at the end of its last day; a period in months or years ends on
the day with the same date (or the month's last day when there is none)."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import Municipality, Organization, User
from cooperation.selectors import address_base, organization_ids_of
from cooperation.services import record_audit
from cooperation.uploads import check_document

from .enums import ConsultationStatus
from .models import (
    Attendance,
    AttendanceStatus,
    Consultation,
    CouncilMeeting,
    CouncilMember,
    CouncilRequest,
    CouncilRequestSignature,
    CouncilRequestStatus,
    CouncilSide,
    CouncilTerm,
    CouncilTermStatus,
    DismissalReason,
    OpinionRequest,
)

# Art. 41e ust. 1: at least 5 organizations ask; the executive creates the council within 2 months.
REQUIRED_ORGANIZATIONS = 5
REQUEST_MONTHS = 2
# Art. 41g ust. 2 pkt 5: unexcused absence from 3 consecutive meetings is a ground for dismissal.
ABSENCE_RUN = 3


def term_years() -> int:
    """The length of a term (art. 41e ust. 3: 3 years; before the 2015 amendment it was 2)."""
    return int(getattr(settings, "COUNCIL_TERM_YEARS", 3))


def opinion_days() -> int:
    """Days the council has for its opinion (art. 41i ust. 2: 14)."""
    return int(getattr(settings, "COUNCIL_OPINION_DAYS", 14))


# --- Dates ---------------------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same date `months` later; the month's last day when it has no such date (31 Dec + 2 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_term_end(starts_on: date) -> date:
    return add_months(starts_on, 12 * term_years())


def request_deadline(filed_at: datetime) -> date:
    """The last day on which the executive must create the council: 2 months after the filing day."""
    return add_months(timezone.localdate(filed_at), REQUEST_MONTHS)


def opinion_due(sent_at: datetime) -> date:
    """The last day of the council's 14 days: the delivery day is not counted (art. 111 § 2 k.c.)."""
    return timezone.localdate(sent_at) + timedelta(days=opinion_days())


# --- Guards shared by the services ---------------------------------------------------------------------------


def _is_confirmed_here(organization: Organization, municipality: Municipality) -> bool:
    return address_base(municipality).filter(pk=organization.pk).exists()


def _guard_signatory(*, organization: Organization, municipality: Municipality, actor: User) -> None:
    if organization.pk not in organization_ids_of(actor):
        raise ValidationError({"organization": _("You can sign only on behalf of an organization you belong to.")})
    if not _is_confirmed_here(organization, municipality):
        raise ValidationError({"organization": _(
            "Only organizations confirmed as active in this municipality can sign the request."
        )})


def current_term(municipality: Municipality, *, today: date | None = None,
                 published_only: bool = False) -> CouncilTerm | None:
    """The term that runs today (its first and last day included)."""
    today = today or timezone.localdate()
    terms = CouncilTerm.objects.filter(municipality=municipality, starts_on__lte=today, ends_on__gte=today)
    if published_only:
        terms = terms.filter(status=CouncilTermStatus.PUBLISHED)
    return terms.order_by("-starts_on", "-id").first()


def open_request(municipality: Municipality) -> CouncilRequest | None:
    return (CouncilRequest.objects.filter(municipality=municipality)
            .filter(status__in=[CouncilRequestStatus.COLLECTING, CouncilRequestStatus.FILED]).first())


# --- The NGOs' request to create the council (art. 41e ust. 1) -----------------------------------------------


@transaction.atomic
def file_council_request(*, municipality: Municipality, organization: Organization, actor: User,
                         justification: str = "") -> CouncilRequest:
    """An organization starts the joint request and signs it first. It counts as filed once
    REQUIRED_ORGANIZATIONS distinct confirmed organizations of the municipality have signed."""
    _guard_signatory(organization=organization, municipality=municipality, actor=actor)
    if current_term(municipality) is not None:
        raise TransitionNotAllowed(_("The municipality already has a public benefit council."))
    if open_request(municipality) is not None:
        raise TransitionNotAllowed(_("A request is already open: sign it instead of starting another one."))
    council_request = CouncilRequest(municipality=municipality, justification=justification, created_by=actor)
    council_request.full_clean()
    try:
        with transaction.atomic():
            council_request.save()
    except IntegrityError as race:  # someone else started one a moment ago
        raise TransitionNotAllowed(_("A request is already open: sign it instead of starting another one.")) from race
    record_audit(actor=actor, action="consultations.council_request.started", target=council_request,
                 municipality=municipality, data={"organization": organization.pk})
    _sign(council_request, organization=organization, actor=actor)
    return council_request


@transaction.atomic
def sign_council_request(*, council_request: CouncilRequest, organization: Organization,
                         actor: User) -> CouncilRequestSignature:
    """Another organization joins the request. The fifth signature files it and starts the 2 months."""
    locked = CouncilRequest.objects.select_for_update().select_related("municipality").get(pk=council_request.pk)
    if locked.status == CouncilRequestStatus.FULFILLED:
        raise TransitionNotAllowed(_("The council has already been created on this request."))
    _guard_signatory(organization=organization, municipality=locked.municipality, actor=actor)
    signature = _sign(locked, organization=organization, actor=actor)
    for name in ("status", "filed_at", "deadline"):
        setattr(council_request, name, getattr(locked, name))
    return signature


def _sign(locked: CouncilRequest, *, organization: Organization, actor: User) -> CouncilRequestSignature:
    if locked.signatures.filter(organization=organization).exists():
        raise TransitionNotAllowed(_("%(name)s has already signed this request.") % {"name": organization.name})
    now = timezone.now()
    signature = CouncilRequestSignature(request=locked, organization=organization, signed_by=actor, signed_at=now)
    signature.full_clean(exclude=["request"])
    signature.save()
    record_audit(actor=actor, action="consultations.council_request.signed", target=locked,
                 municipality=locked.municipality, data={"organization": organization.pk})
    count = locked.signatures.count()
    if locked.status == CouncilRequestStatus.COLLECTING and count >= REQUIRED_ORGANIZATIONS:
        locked.status, locked.filed_at, locked.deadline = CouncilRequestStatus.FILED, now, request_deadline(now)
        locked.full_clean()
        locked.save(update_fields=["status", "filed_at", "deadline"])
        record_audit(actor=actor, action="consultations.council_request.filed", target=locked,
                     municipality=locked.municipality,
                     data={"organizations": count, "deadline": locked.deadline.isoformat()})
        request_id = locked.pk
        transaction.on_commit(lambda: _enqueue("task_notify_officers_of_council_request", request_id))
    return signature


@transaction.atomic
def record_council_created(*, council_request: CouncilRequest, term: CouncilTerm, actor: User) -> CouncilRequest:
    """The officer records that the council was created (done by start_term for an open request)."""
    locked = CouncilRequest.objects.select_for_update().get(pk=council_request.pk)
    if locked.status == CouncilRequestStatus.FULFILLED:
        raise TransitionNotAllowed(_("The council has already been created on this request."))
    if term.municipality_id != locked.municipality_id:
        raise ValidationError(_("The term belongs to another municipality."))
    locked.status, locked.term = CouncilRequestStatus.FULFILLED, term
    locked.fulfilled_at, locked.fulfilled_by = timezone.now(), actor
    locked.full_clean()
    locked.save(update_fields=["status", "term", "fulfilled_at", "fulfilled_by"])
    record_audit(actor=actor, action="consultations.council_request.fulfilled", target=locked,
                 municipality=locked.municipality,
                 data={"term": term.pk, "in_time": locked.deadline is None
                       or timezone.localdate(locked.fulfilled_at) <= locked.deadline})
    council_request.status, council_request.term = locked.status, term
    council_request.fulfilled_at = locked.fulfilled_at
    return locked


# --- Terms and members (art. 41e ust. 3, art. 41f, art. 41g) ------------------------------------------------


@transaction.atomic
def start_term(*, municipality: Municipality, actor: User, starts_on: date, ends_on: date | None = None,
               resolution_number: str = "", resolution_date: date | None = None) -> CouncilTerm:
    """A new term, 3 years long unless the officer sets another end. Terms never overlap. An open request
    of the NGOs is recorded as fulfilled by it."""
    ends_on = ends_on or default_term_end(starts_on)
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The term ends after it starts.")})
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    overlapping = CouncilTerm.objects.filter(municipality=municipality, starts_on__lte=ends_on,
                                             ends_on__gte=starts_on)
    if overlapping.exists():
        raise ValidationError({"starts_on": _("The term overlaps another term of the council.")})
    term = CouncilTerm(municipality=municipality, starts_on=starts_on, ends_on=ends_on,
                       resolution_number=resolution_number, resolution_date=resolution_date, created_by=actor)
    term.full_clean()
    term.save()
    record_audit(actor=actor, action="consultations.council_term.started", target=term, municipality=municipality,
                 data={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()})
    pending = open_request(municipality)
    if pending is not None:
        record_council_created(council_request=pending, term=term, actor=actor)
    return term


@transaction.atomic
def update_term(*, term: CouncilTerm, actor: User, resolution_number: str, resolution_date: date | None,
                ends_on: date | None = None) -> CouncilTerm:
    """The appointing act's number and date (often known only later) and, while the composition is being
    prepared, the end of the term."""
    locked = CouncilTerm.objects.select_for_update().get(pk=term.pk)
    changed = ["resolution_number", "resolution_date"]
    locked.resolution_number, locked.resolution_date = resolution_number, resolution_date
    if ends_on is not None and ends_on != locked.ends_on:
        if locked.status != CouncilTermStatus.DRAFT:
            raise TransitionNotAllowed(_("The term's dates no longer change once its composition is published."))
        if ends_on <= locked.starts_on:
            raise ValidationError({"ends_on": _("The term ends after it starts.")})
        if CouncilTerm.objects.filter(municipality=locked.municipality_id, starts_on__lte=ends_on,
                                      ends_on__gte=locked.starts_on).exclude(pk=locked.pk).exists():
            raise ValidationError({"ends_on": _("The term overlaps another term of the council.")})
        locked.ends_on = ends_on
        changed.append("ends_on")
    locked.full_clean()
    locked.save(update_fields=changed)
    record_audit(actor=actor, action="consultations.council_term.updated", target=locked,
                 municipality=locked.municipality, data={"fields": changed})
    for name in changed:
        setattr(term, name, getattr(locked, name))
    return locked


@dataclass
class Composition:
    """The active members of a term by side, and what keeps the composition from being complete."""

    by_side: dict[str, list[CouncilMember]]
    dismissed: list[CouncilMember] = field(default_factory=list)

    @property
    def active_count(self) -> int:
        return sum(len(members) for members in self.by_side.values())

    @property
    def ngo_count(self) -> int:
        return len(self.by_side[CouncilSide.NGOS])

    @property
    def ngo_half_met(self) -> bool:
        """Art. 41f: NGO representatives are at least half of the members."""
        return self.active_count > 0 and 2 * self.ngo_count >= self.active_count

    @property
    def sides(self) -> list[tuple[str, str, list[CouncilMember]]]:
        return [(value, label, self.by_side[value]) for value, label in CouncilSide.choices]

    def problems(self) -> list[str]:
        if not self.active_count:
            return [_("The council has no members yet.")]
        problems = []
        labels = dict(CouncilSide.choices)
        for side, members in self.by_side.items():
            if not members:
                problems.append(_("Nobody represents %(side)s.") % {"side": labels[side]})
        if not self.ngo_half_met:
            problems.append(_(
                "NGO representatives must be at least half of the members: now %(ngos)d of %(total)d."
            ) % {"ngos": self.ngo_count, "total": self.active_count})
        return problems


def composition(term: CouncilTerm, members: list[CouncilMember] | None = None) -> Composition:
    if members is None:
        members = list(term.members.select_related("organization").order_by("full_name", "id"))
    by_side: dict[str, list[CouncilMember]] = {side: [] for side in CouncilSide.values}
    dismissed = []
    for member in members:
        (by_side[member.side] if member.is_active else dismissed).append(member)
    return Composition(by_side=by_side, dismissed=dismissed)


def _guard_term_running(term: CouncilTerm) -> None:
    if term.ends_on < timezone.localdate():
        raise TransitionNotAllowed(_("The term has ended."))


@transaction.atomic
def add_member(*, term: CouncilTerm, actor: User, full_name: str, side: str,
               organization: Organization | None = None, function: str = "", email: str = "",
               appointed_on: date | None = None) -> CouncilMember:
    """Appoint a member. Only an NGO-side member represents an organization, which must be confirmed in the
    municipality. Once the composition is published, an appointment that would leave the NGOs under half
    is refused (appoint the NGO representative first)."""
    locked = CouncilTerm.objects.select_for_update().get(pk=term.pk)
    _guard_term_running(locked)
    if side not in CouncilSide.values:
        raise ValidationError({"side": _("Choose whom the member represents.")})
    if organization is not None:
        if side != CouncilSide.NGOS:
            raise ValidationError({"organization": _("Only a representative of NGOs represents an organization.")})
        if not _is_confirmed_here(organization, locked.municipality):
            raise ValidationError({"organization": _("The organization is not confirmed in this municipality.")})
    if appointed_on is None:
        appointed_on = max(locked.starts_on, timezone.localdate())
    if not locked.starts_on <= appointed_on <= locked.ends_on:
        raise ValidationError({"appointed_on": _("The appointment falls within the term.")})
    if locked.status == CouncilTermStatus.PUBLISHED and side != CouncilSide.NGOS:
        current = composition(locked)
        if 2 * current.ngo_count < current.active_count + 1:
            raise TransitionNotAllowed(_(
                "This appointment would leave NGO representatives under half of the members. Appoint an NGO "
                "representative first."
            ))
    member = CouncilMember(term=locked, full_name=full_name, side=side, organization=organization,
                           function=function, email=email, appointed_on=appointed_on)
    member.full_clean()
    member.save()
    record_audit(actor=actor, action="consultations.council_member.added", target=locked,
                 municipality=locked.municipality, data={"member": member.pk, "side": side})
    return member


@transaction.atomic
def dismiss_member(*, member: CouncilMember, actor: User, reason: str, dismissed_on: date | None = None,
                   note: str = "") -> CouncilMember:
    """The executive dismisses a member before the end of the term on an art. 41g ust. 2 ground. The ground
    of 3 consecutive unexcused absences must be borne out by the recorded attendance."""
    locked = CouncilMember.objects.select_for_update().select_related("term__municipality").get(pk=member.pk)
    if not locked.is_active:
        raise TransitionNotAllowed(_("This member has already been dismissed."))
    if reason not in DismissalReason.values:
        raise ValidationError({"reason": _("Choose the ground for dismissal.")})
    dismissed_on = dismissed_on or timezone.localdate()
    if dismissed_on > timezone.localdate():
        raise ValidationError({"dismissed_on": _("The dismissal date cannot be in the future.")})
    if dismissed_on < locked.appointed_on:
        raise ValidationError({"dismissed_on": _("The dismissal date is after the appointment.")})
    if reason == DismissalReason.ABSENCES and locked.pk not in absence_flags(locked.term):
        raise ValidationError({"reason": _(
            "The recorded attendance does not show unexcused absence from 3 consecutive meetings."
        )})
    locked.dismissed_on, locked.dismissal_reason, locked.dismissal_note = dismissed_on, reason, note
    locked.full_clean()
    locked.save(update_fields=["dismissed_on", "dismissal_reason", "dismissal_note"])
    record_audit(actor=actor, action="consultations.council_member.dismissed", target=locked.term,
                 municipality=locked.term.municipality, data={"member": locked.pk, "reason": reason})
    member.dismissed_on, member.dismissal_reason, member.dismissal_note = dismissed_on, reason, note
    return locked


@transaction.atomic
def publish_term(*, term: CouncilTerm, actor: User) -> CouncilTerm:
    """Mark the composition complete and publish it: every side represented and NGOs at least half."""
    locked = CouncilTerm.objects.select_for_update().get(pk=term.pk)
    if locked.status == CouncilTermStatus.PUBLISHED:
        raise TransitionNotAllowed(_("The composition is already published."))
    problems = composition(locked).problems()
    if problems:
        raise TransitionNotAllowed(" ".join(problems))
    locked.status, locked.published_at, locked.published_by = CouncilTermStatus.PUBLISHED, timezone.now(), actor
    locked.full_clean()
    locked.save(update_fields=["status", "published_at", "published_by"])
    record_audit(actor=actor, action="consultations.council_term.published", target=locked,
                 municipality=locked.municipality)
    term.status, term.published_at = locked.status, locked.published_at
    return locked


# --- Meetings, attendance, minutes ---------------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(*, term: CouncilTerm, actor: User, starts_at: datetime, place: str,
                     agenda: str) -> CouncilMeeting:
    """A meeting of a published term, within the term; its agenda is public at once."""
    locked = CouncilTerm.objects.select_for_update().get(pk=term.pk)
    if locked.status != CouncilTermStatus.PUBLISHED:
        raise TransitionNotAllowed(_("Publish the council's composition before scheduling its meetings."))
    if not locked.starts_on <= timezone.localdate(starts_at) <= locked.ends_on:
        raise ValidationError({"starts_at": _("The meeting falls within the term.")})
    if not agenda.strip():
        raise ValidationError({"agenda": _("Write the agenda.")})
    number = (locked.meetings.aggregate(m=Max("number"))["m"] or 0) + 1
    meeting = CouncilMeeting(term=locked, number=number, starts_at=starts_at, place=place, agenda=agenda)
    meeting.full_clean()
    meeting.save()
    record_audit(actor=actor, action="consultations.council_meeting.scheduled", target=locked,
                 municipality=locked.municipality, data={"meeting": meeting.pk, "number": number})
    return meeting


def members_expected_at(meeting: CouncilMeeting) -> list[CouncilMember]:
    """Members in office on the meeting's day (appointed by then, not dismissed before it)."""
    day = timezone.localdate(meeting.starts_at)
    return list(
        CouncilMember.objects.filter(term=meeting.term_id, appointed_on__lte=day)
        .filter(Q(dismissed_on__isnull=True) | Q(dismissed_on__gt=day))
        .select_related("organization").order_by("side", "full_name", "id")
    )


@transaction.atomic
def record_attendance(*, meeting: CouncilMeeting, actor: User, statuses: dict[int, str]) -> list[Attendance]:
    """Who was present, excused or absent without excuse, once the meeting has started. Every member in
    office that day gets a status; recording again replaces the earlier statuses."""
    locked = CouncilMeeting.objects.select_for_update().select_related("term__municipality").get(pk=meeting.pk)
    if locked.starts_at > timezone.now():
        raise TransitionNotAllowed(_("Attendance is recorded once the meeting has started."))
    expected = {member.pk: member for member in members_expected_at(locked)}
    unknown = set(statuses) - set(expected)
    if unknown:
        raise ValidationError(_("Some people were not members of the council on the day of the meeting."))
    missing = [expected[pk].full_name for pk in expected if statuses.get(pk) not in AttendanceStatus.values]
    if missing:
        raise ValidationError(_("Choose the attendance of every member: %(names)s.") % {"names": ", ".join(missing)})
    existing = {a.member_id: a for a in Attendance.objects.filter(meeting=locked)}
    rows = []
    for pk, status in statuses.items():
        row = existing.get(pk) or Attendance(meeting=locked, member=expected[pk])
        row.status = status
        row.full_clean(exclude=["meeting", "member"], validate_unique=False)
        row.save()
        rows.append(row)
    record_audit(actor=actor, action="consultations.council_attendance.recorded", target=locked.term,
                 municipality=locked.term.municipality,
                 data={"meeting": locked.pk, **{s: sum(1 for r in rows if r.status == s)
                                                for s in AttendanceStatus.values}})
    return rows


PDF_EXTENSIONS = (".pdf",)


def _checked_pdf(upload, field_name: str):
    try:
        detected = check_document(upload)
    except ValidationError as error:
        raise ValidationError({field_name: error.messages}) from error
    if detected != "application/pdf" or not (upload.name or "").lower().endswith(PDF_EXTENSIONS):
        raise ValidationError({field_name: _("Upload a PDF document.")})
    return upload


@transaction.atomic
def save_minutes(*, meeting: CouncilMeeting, actor: User, text: str = "", upload=None) -> CouncilMeeting:
    """The minutes as text and/or a PDF (checked by its content). They change until published."""
    locked = CouncilMeeting.objects.select_for_update().select_related("term__municipality").get(pk=meeting.pk)
    if locked.minutes_published:
        raise TransitionNotAllowed(_("The minutes are published and no longer change."))
    if not text.strip() and upload is None and not locked.minutes_file:
        raise ValidationError({"minutes_text": _("Write the minutes or upload them as a PDF.")})
    locked.minutes_text = text
    if upload is not None:
        locked.minutes_file = _checked_pdf(upload, "minutes_file")
    locked.full_clean()
    locked.save(update_fields=["minutes_text", "minutes_file"])
    record_audit(actor=actor, action="consultations.council_minutes.saved", target=locked.term,
                 municipality=locked.term.municipality, data={"meeting": locked.pk, "file": bool(upload)})
    meeting.minutes_text, meeting.minutes_file = locked.minutes_text, locked.minutes_file
    return locked


@transaction.atomic
def publish_minutes(*, meeting: CouncilMeeting, actor: User) -> CouncilMeeting:
    locked = CouncilMeeting.objects.select_for_update().select_related("term__municipality").get(pk=meeting.pk)
    if locked.minutes_published:
        raise TransitionNotAllowed(_("The minutes are already published."))
    if not locked.has_minutes:
        raise TransitionNotAllowed(_("Add the minutes before publishing them."))
    if locked.starts_at > timezone.now():
        raise TransitionNotAllowed(_("The minutes are published after the meeting."))
    locked.minutes_published_at, locked.minutes_published_by = timezone.now(), actor
    locked.save(update_fields=["minutes_published_at", "minutes_published_by"])
    record_audit(actor=actor, action="consultations.council_minutes.published", target=locked.term,
                 municipality=locked.term.municipality, data={"meeting": locked.pk})
    meeting.minutes_published_at = locked.minutes_published_at
    return locked


# --- Opinions (art. 41i) -------------------------------------------------------------------------------------


@transaction.atomic
def request_opinion(*, municipality: Municipality, actor: User, subject: str = "",
                    consultation: Consultation | None = None, description: str = "",
                    sent_at: datetime | None = None) -> OpinionRequest:
    """Send a draft to the council: the opinion is due 14 days after delivery (the delivery day not
    counted). Members with an e-mail address are told. A consultation asks the council once."""
    term = current_term(municipality, published_only=True)
    if term is None:
        raise TransitionNotAllowed(_("The municipality has no public benefit council with a published composition."))
    now = timezone.now()
    sent_at = sent_at or now
    if sent_at > now:
        raise ValidationError({"sent_at": _("The delivery date cannot be in the future.")})
    if consultation is not None:
        Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.municipality_id != municipality.pk:
            raise ValidationError(_("The consultation belongs to another municipality."))
        if consultation.status == ConsultationStatus.REPORT_PUBLISHED:
            raise TransitionNotAllowed(_("The consultation's report is published: it is too late to ask the council."))
        if OpinionRequest.objects.filter(consultation=consultation).exists():
            raise TransitionNotAllowed(_("The council's opinion has already been requested for this consultation."))
        subject = subject.strip() or consultation.title
    if not subject.strip():
        raise ValidationError({"subject": _("Name the draft the council is asked about.")})
    opinion = OpinionRequest(municipality=municipality, term=term, consultation=consultation, subject=subject,
                             description=description, sent_at=sent_at, due_on=opinion_due(sent_at), sent_by=actor)
    opinion.full_clean()
    opinion.save()
    record_audit(actor=actor, action="consultations.council_opinion.requested", target=opinion,
                 municipality=municipality,
                 data={"consultation": consultation.pk if consultation else None, "due_on": opinion.due_on.isoformat()})
    opinion_id = opinion.pk
    transaction.on_commit(lambda: _enqueue("task_notify_council_members", opinion_id))
    return opinion


@transaction.atomic
def record_opinion(*, opinion_request: OpinionRequest, actor: User, text: str = "", upload=None,
                   received_at: datetime | None = None) -> OpinionRequest:
    """The council's opinion as text and/or a PDF, with the day it arrived. One arriving after the due day is
    kept and marked late (the council waived its right to give an opinion)."""
    locked = OpinionRequest.objects.select_for_update().select_related("municipality").get(pk=opinion_request.pk)
    if locked.received_at is not None:
        raise TransitionNotAllowed(_("The council's opinion is already recorded."))
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ValidationError({"received_at": _("The date the opinion arrived cannot be in the future.")})
    if received_at < locked.sent_at:
        raise ValidationError({"received_at": _("The opinion arrives after the draft was delivered to the council.")})
    if not text.strip() and upload is None:
        raise ValidationError({"opinion_text": _("Type the opinion or upload it as a PDF.")})
    locked.opinion_text, locked.received_at, locked.recorded_by = text, received_at, actor
    if upload is not None:
        locked.opinion_file = _checked_pdf(upload, "opinion_file")
    locked.full_clean()
    locked.save(update_fields=["opinion_text", "opinion_file", "received_at", "recorded_by"])
    record_audit(actor=actor, action="consultations.council_opinion.recorded", target=locked,
                 municipality=locked.municipality, data={"state": locked.state(), "file": bool(upload)})
    for name in ("opinion_text", "opinion_file", "received_at", "recorded_by"):
        setattr(opinion_request, name, getattr(locked, name))
    return locked


def _enqueue(task_name: str, object_id: int) -> None:
    from . import tasks

    getattr(tasks, task_name).delay(object_id)


# --- Reads ---------------------------------------------------------------------------------------------------


def absence_flags(term: CouncilTerm, run: int = ABSENCE_RUN) -> dict[int, list[CouncilMeeting]]:
    """Members with unexcused absence from `run` consecutive meetings (a ground for dismissal, art. 41g ust. 2
    pkt 5): member id → the meetings of the first such run. Consecutive means the meetings at which the
    member's attendance was recorded, in date order. One query."""
    rows = (Attendance.objects.filter(meeting__term=term).select_related("meeting")
            .order_by("member_id", "meeting__starts_at", "meeting__number"))
    streaks: dict[int, list[CouncilMeeting]] = defaultdict(list)
    flagged: dict[int, list[CouncilMeeting]] = {}
    for row in rows:
        if row.member_id in flagged:
            continue
        if row.status == AttendanceStatus.UNEXCUSED:
            streaks[row.member_id].append(row.meeting)
            if len(streaks[row.member_id]) >= run:
                flagged[row.member_id] = streaks[row.member_id][:run]
        else:
            streaks[row.member_id] = []
    return flagged


def can_manage(user, municipality) -> bool:
    return user.has_perm("consultations.manage_council", municipality)


def visible_terms(user, municipality) -> QuerySet[CouncilTerm]:
    terms = CouncilTerm.objects.filter(municipality=municipality)
    return terms if can_manage(user, municipality) else terms.filter(status=CouncilTermStatus.PUBLISHED)


def public_term(municipality: Municipality) -> CouncilTerm | None:
    """What the public council page shows: the published term running today, else the latest published one."""
    today = timezone.localdate()
    terms = CouncilTerm.objects.filter(municipality=municipality, status=CouncilTermStatus.PUBLISHED,
                                       starts_on__lte=today)
    return (terms.filter(ends_on__gte=today).order_by("-starts_on").first()
            or terms.order_by("-starts_on").first())


def opinions_visible_to(user, municipality) -> QuerySet[OpinionRequest]:
    """Requests for the council's opinion: public, except those about a consultation still in draft."""
    opinions = OpinionRequest.objects.filter(municipality=municipality).select_related("consultation")
    if can_manage(user, municipality):
        return opinions
    return opinions.exclude(consultation__status=ConsultationStatus.DRAFT)


def meetings_visible_to(user, municipality) -> QuerySet[CouncilMeeting]:
    meetings = CouncilMeeting.objects.filter(term__municipality=municipality).select_related("term")
    if can_manage(user, municipality):
        return meetings
    return meetings.filter(term__status=CouncilTermStatus.PUBLISHED)


def request_summary(council_request: CouncilRequest | None) -> dict:
    """The request with its signatures (one query) and where it stands."""
    if council_request is None:
        return {"council_request": None, "required_organizations": REQUIRED_ORGANIZATIONS}
    signatures = list(council_request.signatures.select_related("organization").order_by("signed_at", "id"))
    overdue = (council_request.status == CouncilRequestStatus.FILED and council_request.deadline is not None
               and timezone.localdate() > council_request.deadline)
    return {
        "council_request": council_request,
        "signatures": signatures,
        "signatures_missing": max(0, REQUIRED_ORGANIZATIONS - len(signatures)),
        "request_overdue": overdue,
        "required_organizations": REQUIRED_ORGANIZATIONS,
    }


def organizations_that_may_sign(user, municipality, council_request: CouncilRequest | None) -> QuerySet[Organization]:
    """The user's organizations confirmed in the municipality that have not signed the open request yet."""
    ids = organization_ids_of(user)
    organizations = address_base(municipality).filter(pk__in=ids).prefetch_related(None)
    if council_request is not None:
        signed = council_request.signatures.values("organization_id")
        organizations = organizations.exclude(pk__in=signed)
    return organizations


def consultation_opinion(consultation: Consultation) -> OpinionRequest | None:
    """The council's opinion on a consultation (one query)."""
    return OpinionRequest.objects.filter(consultation=consultation).first()


def meeting_attendance_counts(term: CouncilTerm) -> QuerySet[CouncilMeeting]:
    return term.meetings.annotate(
        present_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        recorded_count=Count("attendance"),
    ).order_by("starts_at", "number")


def opinion_snapshot(consultation: Consultation) -> dict | None:
    """What the consultation report freezes about the council's opinion."""
    opinion = consultation_opinion(consultation)
    if opinion is None:
        return None
    return {
        "subject": opinion.subject,
        "sent": timezone.localtime(opinion.sent_at).date().isoformat(),
        "due": opinion.due_on.isoformat(),
        "received": timezone.localtime(opinion.received_at).date().isoformat() if opinion.received_at else "",
        "state": opinion.state(),
        "text": opinion.opinion_text,
        "has_file": bool(opinion.opinion_file),
    }
