"""Every write of the consultations app. Guard → mutate → full_clean → save → audit → on_commit."""

from __future__ import annotations

from datetime import datetime, timedelta

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.models import Municipality, Organization, User
from cooperation.selectors import organization_ids_of
from cooperation.services import record_audit
from cooperation.uploads import check_document

from .documents import parse
from .enums import CommentChannel, ConsultationForm, ConsultationStatus, Decision, VersionKind
from .exceptions import ConsultationClosed, TransitionNotAllowed
from .models import (
    Attachment,
    Comment,
    Consultation,
    ConsultationRules,
    DocumentVersion,
    Follow,
    Paragraph,
    Report,
)
from .search import document_for


def rules_for(municipality: Municipality) -> ConsultationRules:
    """The municipality's consultation rules (created with the defaults on first use)."""
    rules, _created = ConsultationRules.objects.get_or_create(municipality=municipality)
    return rules


RULE_FIELDS = frozenset({"min_days", "report_days", "comments_public_at_once", "allowed_forms", "resolution"})


@transaction.atomic
def update_consultation_rules(*, municipality: Municipality, actor: User, **fields) -> ConsultationRules:
    """The municipality's rules as its council's resolution sets them (art. 5 ust. 5 of the act). They apply
    to consultations created or changed from now on."""
    unknown = set(fields) - RULE_FIELDS
    if unknown:
        raise TypeError(f"update_consultation_rules() got unexpected fields: {sorted(unknown)}")
    rules = rules_for(municipality)
    rules = ConsultationRules.objects.select_for_update().get(pk=rules.pk)
    if "allowed_forms" in fields:
        allowed = [form for form in ConsultationForm.values if form in (fields["allowed_forms"] or [])]
        if not allowed or len(allowed) != len(set(fields["allowed_forms"])):
            raise ValidationError({"allowed_forms": _("Choose at least one form from the list.")})
        fields["allowed_forms"] = allowed
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    record_audit(actor=actor, action="consultations.rules.updated", target=rules, municipality=municipality,
                 data={"fields": sorted(fields)})
    return rules


def _checked_forms(municipality: Municipality, forms) -> list[str]:
    forms = list(forms or [ConsultationForm.ONLINE])
    if any(form not in ConsultationForm.values for form in forms):
        raise ValidationError({"forms": _("Choose forms from the list.")})
    allowed = rules_for(municipality).allowed_forms
    refused = [ConsultationForm(form).label for form in forms if form not in allowed]
    if refused:
        raise ValidationError({"forms": _("The municipality's consultation rules do not provide for: %(forms)s.")
                               % {"forms": ", ".join(str(label) for label in refused)}})
    return forms


def period_warnings(closes_at: datetime) -> list[str]:
    """Warnings (not errors) about the closing day: a weekend or a Polish public holiday."""
    day = timezone.localtime(closes_at).date()
    warnings = []
    if day.weekday() >= 5:
        warnings.append(_("The consultation closes on a weekend."))
    holiday = holidays.Poland(years=day.year).get(day)
    if holiday:
        warnings.append(_("The consultation closes on a public holiday (%(name)s).") % {"name": holiday})
    return warnings


def check_period(*, municipality: Municipality, opens_at: datetime, closes_at: datetime) -> None:
    """The server refuses a period shorter than the municipality's minimum (counted in whole days)."""
    rules = rules_for(municipality)
    if closes_at - opens_at < timedelta(days=rules.min_days):
        raise ValidationError(
            {"closes_at": _("A consultation lasts at least %(days)d days in this municipality.") % {"days": rules.min_days}}
        )


@transaction.atomic
def create_consultation(*, municipality: Municipality, actor: User, source: str = "",
                        version_kind: str = VersionKind.DRAFT, **fields) -> Consultation:
    fields["forms"] = _checked_forms(municipality, fields.get("forms"))
    check_period(municipality=municipality, opens_at=fields["opens_at"], closes_at=fields["closes_at"])
    consultation = Consultation(municipality=municipality, created_by=actor, **fields)
    consultation.full_clean()
    consultation.save()
    record_audit(actor=actor, action="consultations.consultation.created", target=consultation,
                 municipality=municipality)
    if source.strip():
        add_version(consultation=consultation, actor=actor, kind=version_kind, source=source)
    else:
        _refresh_search_document(consultation)
    return consultation


def _refresh_search_document(consultation: Consultation) -> None:
    version = current_version(consultation)
    consultation.search_document = document_for(consultation.title, version.source if version else "")
    Consultation.objects.filter(pk=consultation.pk).update(search_document=consultation.search_document)


@transaction.atomic
def add_version(*, consultation: Consultation, actor: User, kind: str, source: str, note: str = "") -> DocumentVersion:
    """A new version of the document; its paragraphs are detected and numbered. Earlier versions stay."""
    Consultation.objects.select_for_update().get(pk=consultation.pk)
    parsed = parse(source)
    if not parsed:
        raise ValidationError({"source": _("The document has no text.")})
    number = (consultation.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = DocumentVersion(consultation=consultation, number=number, kind=kind, source=source, note=note,
                              created_by=actor)
    version.full_clean()
    version.save()
    Paragraph.objects.bulk_create(
        Paragraph(version=version, order=p.order, section=p.section[:300], label=p.label[:40], text=p.text)
        for p in parsed
    )
    record_audit(actor=actor, action="consultations.version.added", target=consultation,
                 municipality=consultation.municipality, data={"version": number, "kind": kind})
    _refresh_search_document(consultation)
    return version


def current_version(consultation: Consultation) -> DocumentVersion | None:
    return consultation.versions.order_by("-number").first()


@transaction.atomic
def publish_consultation(*, consultation: Consultation, actor: User) -> Consultation:
    """The one place a consultation leaves the draft state: it appears on the public list."""
    current = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if current.status != ConsultationStatus.DRAFT:
        raise TransitionNotAllowed(_("This consultation is already published."))
    if not current.versions.exists():
        raise TransitionNotAllowed(_("Add the document before publishing the consultation."))
    check_period(municipality=current.municipality, opens_at=current.opens_at, closes_at=current.closes_at)
    current.status = ConsultationStatus.PUBLISHED
    current.published_at = timezone.now()
    current.save(update_fields=["status", "published_at"])
    _refresh_search_document(current)
    record_audit(actor=actor, action="consultations.consultation.published", target=current,
                 municipality=current.municipality)
    consultation.status, consultation.published_at = current.status, current.published_at
    transaction.on_commit(lambda: _enqueue_ngo_notice(current.pk))
    return current


def _enqueue_ngo_notice(consultation_id: int) -> None:
    from .tasks import task_notify_ngo_base

    task_notify_ngo_base.delay(consultation_id)


def is_open(consultation: Consultation, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return consultation.status == ConsultationStatus.PUBLISHED and consultation.opens_at <= now < consultation.closes_at


def _guard_open(consultation: Consultation) -> None:
    if not is_open(consultation):
        raise ConsultationClosed()


@transaction.atomic
def add_comment(*, consultation: Consultation, author: User, justification: str, proposed_wording: str = "",
                paragraph: Paragraph | None = None, organization: Organization | None = None) -> Comment:
    """A registered user comments, as themselves or on behalf of an NGO they belong to. Refused outside the
    consultation's period, checked here on the server."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _guard_open(locked)
    if paragraph is not None and paragraph.version.consultation_id != consultation.pk:
        raise ValidationError({"paragraph": _("This paragraph belongs to another consultation.")})
    if organization is not None and organization.pk not in organization_ids_of(author):
        raise ValidationError({"organization": _("You can comment only on behalf of an organization you belong to.")})
    comment = Comment(consultation=consultation, paragraph=paragraph, author=author, organization=organization,
                      justification=justification, proposed_wording=proposed_wording, channel=CommentChannel.ONLINE)
    comment.full_clean()
    comment.save()
    record_audit(actor=author, action="consultations.comment.added", target=consultation,
                 municipality=consultation.municipality, data={"comment": comment.pk})
    return comment


@transaction.atomic
def update_comment(*, comment: Comment, actor: User, justification: str, proposed_wording: str = "") -> Comment:
    """Authors may edit their comment until the consultation closes."""
    locked = Consultation.objects.select_for_update().get(pk=comment.consultation_id)
    _guard_open(locked)
    if comment.author_id != actor.pk or comment.channel != CommentChannel.ONLINE:
        raise TransitionNotAllowed(_("Only the author can change this comment."))
    comment.justification = justification
    comment.proposed_wording = proposed_wording
    comment.full_clean()
    comment.save(update_fields=["justification", "proposed_wording", "updated_at"])
    record_audit(actor=actor, action="consultations.comment.updated", target=locked,
                 municipality=locked.municipality, data={"comment": comment.pk})
    return comment


@transaction.atomic
def enter_comment(*, consultation: Consultation, actor: User, channel: str, author_name: str, justification: str,
                  proposed_wording: str = "", paragraph: Paragraph | None = None) -> Comment:
    """The officer types in a comment that came by e-mail, post or at a meeting (allowed until the report)."""
    if channel == CommentChannel.ONLINE or channel not in CommentChannel.values:
        raise ValidationError({"channel": _("Choose how the comment arrived.")})
    if consultation.status != ConsultationStatus.PUBLISHED:
        raise TransitionNotAllowed(_("Comments can be entered only for a published consultation before its report."))
    comment = Comment(consultation=consultation, paragraph=paragraph, author_name=author_name, channel=channel,
                      justification=justification, proposed_wording=proposed_wording)
    comment.full_clean()
    comment.save()
    record_audit(actor=actor, action="consultations.comment.entered", target=consultation,
                 municipality=consultation.municipality, data={"comment": comment.pk, "channel": channel})
    return comment


@transaction.atomic
def answer_comment(*, comment: Comment, actor: User, decision: str, answer: str) -> Comment:
    """The officer's answer to a comment, after the close: every comment gets one, with a justification."""
    locked = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    if timezone.now() < locked.consultation.closes_at:
        raise TransitionNotAllowed(_("Comments are answered after the consultation closes."))
    if locked.consultation.status == ConsultationStatus.REPORT_PUBLISHED:
        raise TransitionNotAllowed(_("The report is published: its answers no longer change."))
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Justify the decision.")})
    locked.decision, locked.answer = decision, answer
    locked.answered_at, locked.answered_by = timezone.now(), actor
    locked.full_clean()
    locked.save(update_fields=["decision", "answer", "answered_at", "answered_by"])
    record_audit(actor=actor, action="consultations.comment.answered", target=locked.consultation,
                 municipality=locked.consultation.municipality, data={"comment": locked.pk, "decision": decision})
    return locked


def follow(*, consultation: Consultation, user: User) -> Follow:
    following, _created = Follow.objects.get_or_create(consultation=consultation, user=user)
    return following


def unfollow(*, consultation: Consultation, user: User) -> None:
    Follow.objects.filter(consultation=consultation, user=user).delete()


# --- Officer's edits (issue #5, officer pages) -------------------------------------------------------------

EDITABLE_FIELDS = frozenset({
    "title", "subject", "legal_basis", "addressees", "forms", "opens_at", "closes_at",
    "contact_person", "contact_email", "contact_phone",
})
ATTACHMENT_EXTENSIONS = {"application/pdf": {"pdf"}, "application/zip": {"docx", "odt"}}


@transaction.atomic
def update_consultation(*, consultation: Consultation, actor: User, **fields) -> Consultation:
    """Change a draft's metadata; a published consultation keeps its terms (changes go into new versions)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_consultation() got unexpected fields: {sorted(unknown)}")
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status != ConsultationStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft consultation can be edited."))
    if "forms" in fields:
        fields["forms"] = _checked_forms(locked.municipality, fields["forms"])
    for name, value in fields.items():
        setattr(locked, name, value)
    check_period(municipality=locked.municipality, opens_at=locked.opens_at, closes_at=locked.closes_at)
    locked.full_clean()
    locked.save()
    record_audit(actor=actor, action="consultations.consultation.updated", target=locked,
                 municipality=locked.municipality, data={"fields": sorted(fields)})
    if "title" in fields:
        _refresh_search_document(locked)
    for name in fields:
        setattr(consultation, name, getattr(locked, name))
    return locked


@transaction.atomic
def add_attachment(*, consultation: Consultation, actor: User, title: str, upload) -> Attachment:
    """A PDF, DOCX or ODT attachment (up to 10 MB), recognised by its content; its kind is the format."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status == ConsultationStatus.REPORT_PUBLISHED:
        raise TransitionNotAllowed(_("The report is published: attachments no longer change."))
    try:
        detected = check_document(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    extension = (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    if extension not in ATTACHMENT_EXTENSIONS.get(detected, set()):
        raise ValidationError({"file": _("Upload a PDF, DOCX or ODT document.")})
    attachment = Attachment(consultation=locked, title=title, file=upload, kind=extension)
    attachment.full_clean()
    attachment.save()
    record_audit(actor=actor, action="consultations.attachment.added", target=locked,
                 municipality=locked.municipality, data={"attachment": attachment.pk, "kind": extension})
    return attachment


@transaction.atomic
def publish_report(*, consultation: Consultation, actor: User, summary: str, correction_note: str = "") -> Report:
    """Publish the report after the close, once every comment has an answer. The page is public at once;
    the PDF is rendered by a task; followers are e-mailed. A correction is a new revision."""
    from cooperation.documents import enqueue_render

    from .reports import build_report_content

    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status == ConsultationStatus.DRAFT or timezone.now() < locked.closes_at:
        raise TransitionNotAllowed(_("The report is published after the consultation closes."))
    unanswered = locked.comments.filter(decision="").count()
    if unanswered:
        raise TransitionNotAllowed(
            _("Answer every comment before publishing the report (%(n)d without an answer).") % {"n": unanswered}
        )
    if not summary.strip():
        raise ValidationError({"summary": _("Write a summary of the consultation.")})
    last = locked.reports.aggregate(m=Max("number"))["m"] or 0
    if last and not correction_note.strip():
        raise ValidationError({"correction_note": _("Say what the correction changes: it is shown with the new revision.")})
    report = Report(consultation=locked, number=last + 1, content=build_report_content(locked, summary),
                    correction_note=correction_note, published_at=timezone.now(), published_by=actor)
    report.full_clean()
    report.save()
    if locked.status != ConsultationStatus.REPORT_PUBLISHED:
        locked.status = ConsultationStatus.REPORT_PUBLISHED
        locked.save(update_fields=["status"])
        consultation.status = locked.status
    record_audit(actor=actor, action="consultations.report.published", target=locked,
                 municipality=locked.municipality, data={"report": report.number})
    enqueue_render(report)
    report_id = report.pk
    transaction.on_commit(lambda: _enqueue_follower_notice(report_id))
    return report


def _enqueue_follower_notice(report_id: int) -> None:
    from .tasks import task_notify_followers

    task_notify_followers.delay(report_id)


@transaction.atomic
def retry_report_render(*, report: Report, actor: User) -> Report:
    from cooperation.documents import enqueue_render
    from cooperation.enums import RenderStatus

    current = Report.objects.select_for_update().get(pk=report.pk)
    if current.pdf_status == RenderStatus.READY:
        raise TransitionNotAllowed(_("The PDF is already ready."))
    current.pdf_status, current.pdf_error = RenderStatus.PENDING, ""
    current.save(update_fields=["pdf_status", "pdf_error"])
    record_audit(actor=actor, action="consultations.report_pdf.retried", target=current.consultation,
                 municipality=current.consultation.municipality, data={"report": current.number})
    enqueue_render(current)
    return current
