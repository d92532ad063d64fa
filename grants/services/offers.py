"""Every write of offers in open calls: start, autosaved drafts, submission, withdrawal, the correction the
officer asks for, and attachments. Guard → mutate → full_clean → save → audit → on_commit.

Submission is the contested moment (many organizations in the last minutes before the deadline, double
clicks). It runs in one transaction that locks the offer, checks it, then locks the call (and every call of
the municipality with the same number, which share the numbering), so:
- the deadline is compared with the server's clock after the locks are held: an offer is in time when its
  submission commits before `Call.deadline` (an aware datetime; Europe/Warsaw only for display);
- submission numbers `<call number>/<sequence>` are handed out one at a time per call, never twice (the
  database's unique constraint is the last guard);
- a second click finds the offer already submitted and is told so.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.documents import enqueue_render
from cooperation.enums import OrganizationLinkStatus, RenderStatus
from cooperation.exceptions import DomainError
from cooperation.models import Organization, OrganizationMunicipality, User
from cooperation.selectors import organization_ids_of
from cooperation.services import record_audit

from .. import offer_content
from ..enums import CallStatus, OfferKind, OfferStatus, VersionReason
from ..exceptions import DeadlinePassed, NotAllowed, TransitionNotAllowed
from ..models import Call, GrantRules, Offer, OfferAttachment, OfferVersion, RequiredAttachment
from ..rules.offers import EDITABLE, is_municipal_staff
from .status import set_offer_status

AUDIT_LABELS = {
    "grants.offer.started": gettext_lazy("offer started"),
    "grants.offer.submitted": gettext_lazy("offer submitted"),
    "grants.offer.withdrawn": gettext_lazy("offer withdrawn"),
    "grants.offer.submission_refused": gettext_lazy("offer sent after the deadline, refused"),
    "grants.offer.correction_requested": gettext_lazy("correction of an offer requested"),
    "grants.offer.corrected": gettext_lazy("corrected offer submitted"),
    "grants.offer_attachment.added": gettext_lazy("attachment added to an offer"),
    "grants.offer_attachment.removed": gettext_lazy("attachment removed from an offer"),
    "grants.offer_confirmation.sent": gettext_lazy("confirmation of an offer e-mailed"),
    "grants.offer_correction_notice.sent": gettext_lazy("request for a correction of an offer e-mailed"),
    "grants.offer_pdf.retried": gettext_lazy("PDF of an offer requested again"),
}

WARSAW = ZoneInfo("Europe/Warsaw")
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 40
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {"application/pdf": "pdf", DOCX: "docx", ODT: "odt", "image/png": "png", "image/jpeg": "jpg"}


class OfferIncomplete(DomainError):
    """The offer cannot be submitted yet; `problems` lists every (path, message)."""

    default_message = gettext_lazy("The offer is not complete yet: correct what the list below names.")

    def __init__(self, problems: list[tuple[str, str]], message=None):
        self.problems = problems
        super().__init__(message)


# --- Helpers --------------------------------------------------------------------------------------------------


def _warsaw(moment: datetime) -> str:
    """A moment as the people of the municipality read it: Warsaw time, day.month.year hour:minute."""
    return date_format(timezone.localtime(moment, WARSAW), "d.m.Y H:i")


def _require_member(offer_or_organization, actor: User) -> None:
    organization_id = getattr(offer_or_organization, "organization_id", None) or offer_or_organization.pk
    if organization_id not in organization_ids_of(actor):
        raise NotAllowed(_("Only members of the organization can do this."))


def limits_for(offer: Offer) -> offer_content.Limits:
    """What the call allows; a small grant offer (no call) has the art. 19a limits of the municipality."""
    if offer.call_id:
        return offer_content.Limits.for_call(offer.call)
    rules = GrantRules.objects.filter(municipality_id=offer.municipality_id).first() or GrantRules()
    return offer_content.Limits(max_grant=rules.small_grant_max_amount, max_days=rules.small_grant_max_days)


def offeror_data(organization: Organization) -> dict:
    """Section II.1 of the offer from the organization's registry data (written in Polish: the form is)."""
    with translation.override("pl"):
        legal_form = str(organization.get_legal_form_display())
    register = f"KRS {organization.krs}" if organization.krs else organization.other_register
    return {
        "organization_id": organization.pk, "name": organization.name, "legal_form": legal_form,
        "register": register, "address": organization.address, "correspondence_address": "",
        "website": organization.website, "email": organization.email, "phone": organization.phone,
    }


def fixed_parts(offer: Offer, content: dict) -> dict:
    """What the organization does not write itself: the type of task comes from the call, and the lead
    offeror is the organization that makes the offer."""
    if offer.call_id:
        content["task_type"] = offer.call.task_type
    if content["offerors"]:
        content["offerors"][0]["organization_id"] = offer.organization_id
    return content


def _latest_version(offer: Offer) -> OfferVersion | None:
    return OfferVersion.objects.filter(offer=offer).order_by("-number").first()


def attachment_problems(offer: Offer) -> list[tuple[str, str]]:
    """Mandatory attachments of the call that the offer does not have yet."""
    if not offer.call_id:
        return []
    present = set(OfferAttachment.objects.filter(offer=offer).values_list("requirement_id", flat=True))
    return [
        (f"attachments.{requirement.pk}", _("Attach “%(name)s”.") % {"name": requirement.name})
        for requirement in RequiredAttachment.objects.filter(call_id=offer.call_id, mandatory=True)
        if requirement.pk not in present
    ]


def offer_problems(offer: Offer) -> list[tuple[str, str]]:
    """Everything that stands between the draft and its submission."""
    content = fixed_parts(offer, offer_content.normalize(offer.draft))
    return offer_content.check(content, limits_for(offer)) + attachment_problems(offer)


def _lock_call(call: Call) -> Call:
    """Lock the call and every call of the municipality with the same number (they share the numbering of
    offers), always in the order of their ids, so two submissions never wait for each other in a circle.
    Returns the call as it is now (the deadline or the limits may have changed since `call` was read)."""
    group = Call.objects.filter(municipality_id=call.municipality_id)
    group = group.filter(number=call.number) if call.number.strip() else group.filter(pk=call.pk)
    locked = {c.pk: c for c in group.select_for_update().order_by("pk")}
    return locked[call.pk]


def _next_number(call: Call) -> str:
    prefix = call.number.strip() or str(call.pk)
    same_prefix = Offer.objects.filter(municipality_id=call.municipality_id, call__number=call.number) \
        if call.number.strip() else Offer.objects.filter(call=call)
    sequence = same_prefix.exclude(number="").count() + 1
    while Offer.objects.filter(municipality_id=call.municipality_id, number=f"{prefix}/{sequence}").exists():
        sequence += 1
    return f"{prefix}/{sequence}"


# --- Start and drafts -------------------------------------------------------------------------------------------


def organizations_that_may_apply(call: Call, actor: User):
    """The actor's organizations confirmed by the call's municipality: only they may make an offer here.

    Why confirmed: the officer's confirmation is the portal's check that an organization is what its registry
    data say (section II of the offer is filled from them); an organization still waiting sees why and what to
    do. The rule lives here only, so the lead can relax it (e.g. to "not rejected") in one place."""
    return Organization.objects.filter(
        pk__in=organization_ids_of(actor),
        municipality_links__municipality_id=call.municipality_id,
        municipality_links__status=OrganizationLinkStatus.CONFIRMED,
    ).order_by("name")


def call_accepts_offers(call: Call, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return call.status == CallStatus.PUBLISHED and now < call.deadline


def _guard_call_open(call: Call) -> None:
    if call.status != CallStatus.PUBLISHED:
        raise NotAllowed(_("This call does not accept offers."))
    if timezone.now() >= call.deadline:
        raise DeadlinePassed(_("Offers in this call were accepted until %(deadline)s.")
                             % {"deadline": _warsaw(call.deadline)})


@transaction.atomic
def start_offer(*, call: Call, organization: Organization, actor: User) -> Offer:
    """A new draft offer of `organization` in `call`, with sections I and II filled from the call and the
    organization's registry data. An organization may make several offers in one call (the law does not
    forbid it; a call that does says so in its rules and the formal check applies them)."""
    _require_member(organization, actor)
    _guard_call_open(call)
    link = OrganizationMunicipality.objects.filter(organization=organization, municipality_id=call.municipality_id).first()
    if link is None or link.status != OrganizationLinkStatus.CONFIRMED:
        raise NotAllowed(_("The municipality has not confirmed your organization yet. Ask it to, under "
                           "“Municipalities” on your organization's page, and start the offer once it has."))
    content = offer_content.normalize({
        "task_type": call.task_type,
        "offerors": [offeror_data(organization)],
        "contact": {"name": actor.full_name, "email": actor.email, "phone": ""},
        "paid_activity": "unpaid",
    })
    offer = Offer(municipality=call.municipality, call=call, kind=OfferKind.OPEN_CALL, organization=organization,
                  status=OfferStatus.DRAFT, draft=content, draft_saved_at=timezone.now(), created_by=actor)
    offer.full_clean()
    offer.save()
    record_audit(actor=actor, action="grants.offer.started", target=offer, municipality=call.municipality,
                 data={"call": call.pk, "organization": organization.pk})
    return offer


@transaction.atomic
def save_draft(*, offer: Offer, actor: User, content: dict, partial: bool = False) -> list[tuple[str, str]]:
    """Store the draft as it is (autosave: also when incomplete) and return what is wrong with it so far:
    numbers that cannot be read and sums that do not add up (missing fields wait for the submission).
    Refused once the offer is submitted, except while a correction is requested and still due. With
    `partial` the keys of `content` replace those of the stored draft (one section of the editor), under the
    lock, so two tabs saving different sections do not undo each other."""
    _require_member(offer, actor)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    _guard_editable(locked)
    if partial:
        content = {**(locked.draft or {}), **content}
    content = fixed_parts(locked, offer_content.normalize(content))
    locked.draft = content
    locked.draft_saved_at = timezone.now()
    locked.save(update_fields=["draft", "draft_saved_at"])
    offer.draft, offer.draft_saved_at = locked.draft, locked.draft_saved_at
    return offer_content.check(content, limits_for(locked), complete=False)


def _guard_editable(offer: Offer) -> None:
    if offer.status not in EDITABLE:
        if offer.status == OfferStatus.WITHDRAWN:
            raise TransitionNotAllowed(_("The offer was withdrawn: it can no longer be changed."))
        raise TransitionNotAllowed(_("The offer is submitted: it can no longer be changed. The municipality may "
                                     "ask for a correction."))
    if offer.status == OfferStatus.CORRECTION_REQUESTED and offer.correction_due and timezone.now() >= offer.correction_due:
        raise DeadlinePassed(_("The correction was due by %(due)s.") % {"due": _warsaw(offer.correction_due)})


# --- Submission ---------------------------------------------------------------------------------------------------


def _already_submitted(offer: Offer) -> TransitionNotAllowed:
    if offer.status == OfferStatus.WITHDRAWN:
        return TransitionNotAllowed(_("The offer was withdrawn."))
    if offer.number:
        return TransitionNotAllowed(_("The offer is already submitted: number %(number)s, on %(when)s.")
                                    % {"number": offer.number, "when": _warsaw(offer.submitted_at)})
    return TransitionNotAllowed(_("The offer is already submitted."))


@transaction.atomic
def submit_offer(*, offer: Offer, actor: User) -> Offer:
    """Submit the draft: in time, complete, once. Freezes version 1 (never changed again), gives the
    submission number and time, e-mails a confirmation and has the official PDF rendered.

    Locks, in this order: the offer (a second click waits here, then finds it submitted; the draft cannot
    change under the check), then the call (shared by every submission in the call: held only for the
    deadline, the number and the writes, not for the costly completeness check)."""
    _require_member(offer, actor)
    if offer.kind != OfferKind.OPEN_CALL or not offer.call_id:
        raise NotAllowed(_("Only an offer in an open call is submitted here."))
    locked = Offer.objects.select_for_update(of=("self",)).select_related("municipality", "call").get(pk=offer.pk)
    if locked.status != OfferStatus.DRAFT:
        raise _already_submitted(locked)
    call = locked.call
    _guard_deadline(call, timezone.now())
    limits = offer_content.Limits.for_call(call)
    locked.call = call
    content = fixed_parts(locked, offer_content.normalize(locked.draft))
    problems = offer_content.check(content, limits) + attachment_problems(locked)
    if problems:
        raise OfferIncomplete(problems)
    call = _lock_call(call)
    now = timezone.now()
    _guard_deadline(call, now)
    if offer_content.Limits.for_call(call) != limits:  # the call changed while the offer was checked
        problems = offer_content.check(content, offer_content.Limits.for_call(call))
        if problems:
            raise OfferIncomplete(problems)
    number = _next_number(call)
    version = OfferVersion(offer=locked, number=1, reason=VersionReason.SUBMISSION, content=content, created_by=actor)
    # The references and the (offer, number) constraint are ours and the database holds them anyway; skip
    # their queries while every submission of the call waits for this lock.
    version.full_clean(exclude=["offer", "created_by"], validate_unique=False, validate_constraints=False)
    version.save()
    try:
        with transaction.atomic():
            set_offer_status(offer=locked, status=OfferStatus.SUBMITTED, expected={OfferStatus.DRAFT}, number=number,
                             submitted_at=now, draft=content, **offer_content.summary(content))
    except (IntegrityError, ValidationError) as clash:
        # Only a number taken by a call numbered differently but colliding; tell the person to try again.
        raise DomainError(_("The offer could not be numbered. Submit it again, please.")) from clash
    record_audit(actor=actor, action="grants.offer.submitted", target=locked, municipality=locked.municipality,
                 data={"number": number, "version": version.number, "checksum": offer_content.checksum(content)})
    offer.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    _after_version(version, notify="submitted")
    return offer


def record_refused_submission(*, offer: Offer, actor: User) -> None:
    """A submission refused because the deadline had passed: the attempt and its time go to the audit log."""
    record_audit(actor=actor, action="grants.offer.submission_refused", target=offer, municipality=offer.municipality,
                 data={"attempted_at": timezone.now().isoformat(),
                       "deadline": offer.call.deadline.isoformat() if offer.call_id else None})


def _guard_deadline(call: Call, now: datetime) -> None:
    if call.status != CallStatus.PUBLISHED:
        raise NotAllowed(_("This call does not accept offers."))
    if now >= call.deadline:
        raise DeadlinePassed(_("Offers in this call were accepted until %(deadline)s. The offer was not submitted.")
                             % {"deadline": _warsaw(call.deadline)})


def _after_version(version: OfferVersion, *, notify: str) -> None:
    enqueue_render(version)
    version_id = version.pk
    transaction.on_commit(lambda: _enqueue_confirmation(version_id, notify))


def _enqueue_confirmation(version_id: int, notify: str) -> None:
    from ..tasks.offers import task_send_offer_confirmation

    task_send_offer_confirmation.delay(version_id, notify)


@transaction.atomic
def withdraw_offer(*, offer: Offer, actor: User) -> Offer:
    """The organization withdraws its offer (a draft it gives up, or a submitted offer before the decision)."""
    _require_member(offer, actor)
    was = offer.status
    set_offer_status(offer=offer, status=OfferStatus.WITHDRAWN)
    record_audit(actor=actor, action="grants.offer.withdrawn", target=offer, municipality=offer.municipality,
                 data={"from": was})
    return offer


# --- Correction --------------------------------------------------------------------------------------------------


@transaction.atomic
def request_correction(*, offer: Offer, actor: User, note: str, due: datetime) -> Offer:
    """The officer asks the organization to correct a submitted offer by `due` (an aware datetime). The draft
    starts again from the submitted version; the organization is e-mailed. EVALUATION calls this from the
    formal check."""
    if not is_municipal_staff.test(actor, offer):
        raise NotAllowed(_("Only the municipality's officers can ask for a correction of a submitted offer."))
    note = (note or "").strip()
    errors = {}
    if not note:
        errors["note"] = _("Say what the organization should correct.")
    if due is None or timezone.is_naive(due) or due <= timezone.now():
        errors["due"] = _("Give a date and time in the future.")
    if errors:
        raise ValidationError(errors)
    latest = _latest_version(offer)
    set_offer_status(offer=offer, status=OfferStatus.CORRECTION_REQUESTED, expected={OfferStatus.SUBMITTED},
                     correction_note=note, correction_due=due, draft=latest.content if latest else offer.draft)
    record_audit(actor=actor, action="grants.offer.correction_requested", target=offer, municipality=offer.municipality,
                 data={"due": due.isoformat(), "version": latest.number if latest else None})
    offer_id, due_key = offer.pk, due.isoformat()
    transaction.on_commit(lambda: _enqueue_correction_notice(offer_id, due_key))
    return offer


def _enqueue_correction_notice(offer_id: int, due_key: str) -> None:
    from ..tasks.offers import task_send_correction_request

    task_send_correction_request.delay(offer_id, due_key)


@transaction.atomic
def submit_correction(*, offer: Offer, actor: User) -> OfferVersion:
    """The organization sends the corrected offer before `correction_due`: a new version (reason correction),
    the offer back to "submitted", its number and first submission time kept."""
    _require_member(offer, actor)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.status != OfferStatus.CORRECTION_REQUESTED:
        raise TransitionNotAllowed(_("No correction of this offer is requested."))
    if locked.correction_due and timezone.now() >= locked.correction_due:
        raise DeadlinePassed(_("The correction was due by %(due)s.") % {"due": _warsaw(locked.correction_due)})
    content = fixed_parts(locked, offer_content.normalize(locked.draft))
    problems = offer_content.check(content, limits_for(locked)) + attachment_problems(locked)
    if problems:
        raise OfferIncomplete(problems)
    number = (OfferVersion.objects.filter(offer=locked).aggregate(m=Max("number"))["m"] or 0) + 1
    version = OfferVersion(offer=locked, number=number, reason=VersionReason.CORRECTION, content=content,
                           created_by=actor)
    version.full_clean()
    version.save()
    set_offer_status(offer=locked, status=OfferStatus.SUBMITTED, expected={OfferStatus.CORRECTION_REQUESTED},
                     draft=content, **offer_content.summary(content))
    record_audit(actor=actor, action="grants.offer.corrected", target=locked, municipality=locked.municipality,
                 data={"version": number, "checksum": offer_content.checksum(content)})
    offer.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    _after_version(version, notify="corrected")
    return version


@transaction.atomic
def retry_offer_render(*, version: OfferVersion, actor: User) -> OfferVersion:
    """Render a version's PDF again after a failure (the officer's or the organization's button)."""
    locked = OfferVersion.objects.select_for_update().get(pk=version.pk)
    if locked.pdf_status != RenderStatus.FAILED:
        raise TransitionNotAllowed(_("The PDF is ready or still being prepared."))
    locked.pdf_status, locked.pdf_error = RenderStatus.PENDING, ""
    locked.save(update_fields=["pdf_status", "pdf_error"])
    record_audit(actor=actor, action="grants.offer_pdf.retried", target=locked.offer,
                 municipality=locked.offer.municipality, data={"version": locked.number})
    enqueue_render(locked)
    version.pdf_status, version.pdf_error = locked.pdf_status, locked.pdf_error
    return locked


# --- Attachments ----------------------------------------------------------------------------------------------------


def check_offer_file(upload) -> str:
    """The content type of an accepted attachment, decided by the content (not the name or the browser):
    PDF, DOCX, ODT, PNG or JPEG, at most 10 MB."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("The file may be at most 10 MB.")})
    head = upload.read(8)
    upload.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "application/pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "image/jpeg"
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    kind = DOCX
                elif "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                    kind = ODT
        except (zipfile.BadZipFile, KeyError, OSError):
            kind = None
        upload.seek(0)
    if kind is None:
        raise ValidationError({"file": _("Upload a PDF, DOCX or ODT document, or a PNG or JPEG image.")})
    return kind


@transaction.atomic
def add_offer_attachment(*, offer: Offer, actor: User, upload, title: str = "",
                         requirement: RequiredAttachment | None = None) -> OfferAttachment:
    """Attach a document to a draft (or to an offer being corrected). Stored in private storage; served only
    through a permission-checked view."""
    _require_member(offer, actor)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    _guard_editable(locked)
    if requirement is not None and requirement.call_id != locked.call_id:
        raise ValidationError({"requirement": _("Choose an attachment the call asks for.")})
    if OfferAttachment.objects.filter(offer=locked).count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": _("An offer may have at most %(count)d attachments.") % {"count": MAX_ATTACHMENTS}})
    content_type = check_offer_file(upload)
    title = (title or "").strip() or (requirement.name if requirement else "") or upload.name.rsplit(".", 1)[0]
    attachment = OfferAttachment(offer=locked, requirement=requirement, title=title[:300], content_type=content_type,
                                 size=upload.size, uploaded_by=actor)
    stem = slugify(title)[:60] or "zalacznik"
    attachment.file.save(get_valid_filename(f"{stem}.{EXTENSIONS[content_type]}"), upload, save=False)
    attachment.full_clean()
    attachment.save()
    record_audit(actor=actor, action="grants.offer_attachment.added", target=locked, municipality=locked.municipality,
                 data={"attachment": attachment.pk, "title": attachment.title})
    return attachment


@transaction.atomic
def remove_offer_attachment(*, attachment: OfferAttachment, actor: User) -> None:
    """Remove an attachment of a draft. What was submitted stays: during a correction only attachments added
    after the last submitted version can be removed."""
    offer = attachment.offer
    _require_member(offer, actor)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    _guard_editable(locked)
    latest = _latest_version(locked)
    if latest is not None and attachment.uploaded_at <= latest.created_at:
        raise TransitionNotAllowed(_("This attachment was submitted with the offer and stays with it."))
    record_audit(actor=actor, action="grants.offer_attachment.removed", target=locked, municipality=locked.municipality,
                 data={"attachment": attachment.pk, "title": attachment.title})
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
