"""Every write of the self-assessment (LIJW). Guard → mutate → full_clean → save → audit → on_commit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperation import selectors as cooperation_selectors
from cooperation.enums import StandardImplementation
from cooperation.models import Area, Municipality, Standard, StandardStatus, User
from cooperation.services import record_audit

from . import templates_data
from .enums import (
    Channel,
    ChecklistAnswer,
    EditionStatus,
    JstRole,
    QuestionKind,
    RecommendationStatus,
    RenderStatus,
    RespondentGroup,
    Sector,
)
from .exceptions import InvalidAnswers, QuestionnaireFrozen, SurveyNotOpen, TokenUsed, TransitionNotAllowed
from .models import (
    AgendaItem,
    Answer,
    AreaAssessment,
    ChecklistItem,
    Edition,
    NoteDraft,
    NoteRevision,
    Participant,
    Question,
    Recommendation,
    Response,
    SurveyDraft,
    SurveyToken,
)

TRACKER_TO_CHECKLIST = {
    StandardImplementation.IMPLEMENTED: ChecklistAnswer.YES,
    StandardImplementation.IN_PROGRESS: ChecklistAnswer.PARTLY,
    StandardImplementation.NOT_STARTED: ChecklistAnswer.NO,
}


STATUS_ACTIONS = {
    EditionStatus.OPEN: "self_assessment.edition.opened",
    EditionStatus.CLOSED: "self_assessment.edition.closed",
}


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def default_period(today: date | None = None) -> tuple[date, date]:
    """The previous calendar year."""
    today = today or timezone.localdate()
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def _language_index(language: str | None) -> int:
    """0 for Polish texts of the templates, 1 for English."""
    return 1 if (language or "pl").startswith("en") else 0


# --- Edition ------------------------------------------------------------------------------------------


@transaction.atomic
def create_edition(
    *,
    municipality: Municipality,
    actor: User,
    title: str,
    period_start: date,
    period_end: date,
    survey_opens_at: datetime,
    survey_closes_at: datetime,
    areas=None,
    meeting_at: datetime | None = None,
    meeting_place: str = "",
    moderator: str = "",
    aggregation: str | None = None,
    min_group_size: int = 3,
    language: str | None = None,
) -> Edition:
    """Create an edition with our default questionnaire, discussion scenario, checklist (prefilled from the
    standards tracker) and summary table for the chosen areas (default: all twelve)."""
    areas = list(areas) if areas is not None else list(Area.objects.order_by("order"))
    if not areas:
        raise TransitionNotAllowed(_("Choose at least one area of the Model to assess."))
    edition = Edition(
        municipality=municipality, title=title, period_start=period_start, period_end=period_end,
        survey_opens_at=survey_opens_at, survey_closes_at=survey_closes_at, meeting_at=meeting_at,
        meeting_place=meeting_place, moderator=moderator, min_group_size=min_group_size,
        open_link_key=secrets.token_urlsafe(16)[:22], created_by=actor,
    )
    if aggregation:
        edition.aggregation = aggregation
    edition.full_clean()
    edition.save()
    edition.areas.set(areas)
    lang = _language_index(language or translation.get_language())
    _copy_questionnaire(edition, areas, lang)
    AgendaItem.objects.bulk_create(
        AgendaItem(edition=edition, order=i, title=texts[lang][0], minutes=texts[lang][1],
                   guiding_questions=texts[lang][2])
        for i, texts in enumerate(templates_data.AGENDA, start=1)
    )
    _prefill_checklist(edition, areas)
    AreaAssessment.objects.bulk_create(AreaAssessment(edition=edition, area=area) for area in areas)
    NoteDraft.objects.create(edition=edition)
    record_audit(actor=actor, action="self_assessment.edition.created", target=edition, municipality=municipality)
    return edition


def _copy_questionnaire(edition: Edition, areas, lang: int) -> None:
    codes = {a.code: a for a in areas}
    questions = []
    order = 0

    def add(kind, texts, area=None, required=False):
        nonlocal order
        order += 1
        questions.append(Question(edition=edition, order=order, kind=kind, area=area,
                                  text_ngo=texts[0], text_jst=texts[1], required=required))

    add(QuestionKind.YES_NO, templates_data.COOPERATED[lang], required=True)
    add(QuestionKind.OPEN, templates_data.HOW[lang])
    for area_code, polish, english in templates_data.RATED:
        if area_code in codes:
            add(QuestionKind.RATING, (polish, english)[lang], area=codes[area_code])
    for polish, english in templates_data.OVERALL:
        add(QuestionKind.RATING, (polish, english)[lang])
    for polish, english in templates_data.OPEN:
        add(QuestionKind.OPEN, (polish, english)[lang])
    Question.objects.bulk_create(questions)


def _prefill_checklist(edition: Edition, areas) -> None:
    statuses = {
        s.standard_id: s for s in StandardStatus.objects.filter(municipality=edition.municipality)
    }
    items = []
    for standard in Standard.objects.filter(tool__area__in=areas).order_by("order"):
        status = statuses.get(standard.id)
        evidence = ""
        if status:
            evidence = "\n".join(p for p in [status.evidence_url, status.note] if p)
        items.append(
            ChecklistItem(
                edition=edition, standard=standard,
                answer=TRACKER_TO_CHECKLIST.get(status.status, "") if status else "",
                evidence=evidence,
            )
        )
    ChecklistItem.objects.bulk_create(items)


@transaction.atomic
def update_edition(*, edition: Edition, actor: User, areas=None, **fields) -> Edition:
    if edition.status == EditionStatus.PUBLISHED and areas is not None:
        raise TransitionNotAllowed(_("The areas of a published edition cannot change."))
    for key, value in fields.items():
        setattr(edition, key, value)
    edition.full_clean()
    edition.save()
    if areas is not None:
        areas = list(areas)
        edition.areas.set(areas)
        existing = set(edition.area_assessments.values_list("area_id", flat=True))
        AreaAssessment.objects.bulk_create(
            AreaAssessment(edition=edition, area=a) for a in areas if a.id not in existing
        )
        edition.area_assessments.exclude(area__in=areas).delete()
    record_audit(actor=actor, action="self_assessment.edition.updated", target=edition,
                 data={"fields": sorted(fields)})
    return edition


@transaction.atomic
def set_edition_status(*, edition: Edition, actor: User, status: str) -> Edition:
    """The one place where an edition's status changes (publishing goes through publish_note)."""
    allowed = {
        EditionStatus.DRAFT: {EditionStatus.OPEN},
        EditionStatus.OPEN: {EditionStatus.CLOSED},
        EditionStatus.CLOSED: {EditionStatus.OPEN},
        EditionStatus.PUBLISHED: set(),
    }
    current = Edition.objects.select_for_update().get(pk=edition.pk)
    if status not in allowed[current.status]:
        raise TransitionNotAllowed(
            _("The edition is already in the state “%(status)s”.") % {"status": current.get_status_display()}
        )
    if status == EditionStatus.OPEN and not current.questions.filter(kind=QuestionKind.RATING).exists():
        raise TransitionNotAllowed(_("Add at least one rated statement before opening the survey."))
    before = current.status
    current.status = status
    current.save(update_fields=["status"])
    record_audit(actor=actor, action=STATUS_ACTIONS[status], target=current, data={"from": before, "to": status})
    edition.status = current.status
    return current


def is_accepting_answers(edition: Edition, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return edition.status == EditionStatus.OPEN and edition.survey_opens_at <= now < edition.survey_closes_at


# --- Team ---------------------------------------------------------------------------------------------


def add_participant(*, edition: Edition, actor: User, **fields) -> Participant:
    participant = Participant(edition=edition, **fields)
    participant.full_clean()
    participant.save()
    record_audit(actor=actor, action="self_assessment.participant.added", target=edition,
                 municipality=edition.municipality, data={"name": participant.name, "sector": participant.sector})
    return participant


def remove_participant(*, participant: Participant, actor: User) -> None:
    edition = participant.edition
    participant.delete()
    record_audit(actor=actor, action="self_assessment.participant.removed", target=edition,
                 municipality=edition.municipality, data={"name": participant.name})


@transaction.atomic
def send_preread_links(*, edition: Edition, actor: User) -> int:
    """E-mail every team member with an address a private link to the agenda and the results (a pre-read
    before the meeting). Sending again replaces the earlier links."""
    pairs = []
    for participant in edition.participants.exclude(email=""):
        raw = secrets.token_urlsafe(24)
        participant.preread_token_hash = hash_key(raw)
        participant.save(update_fields=["preread_token_hash"])
        pairs.append((participant.pk, raw))
    record_audit(actor=actor, action="self_assessment.preread.sent", target=edition,
                 municipality=edition.municipality, data={"count": len(pairs)})
    transaction.on_commit(lambda: _send_preread(edition.pk, pairs))
    return len(pairs)


def _send_preread(edition_id: int, pairs: list[tuple[int, str]]) -> None:
    from django_scopes import scopes_disabled

    with scopes_disabled():
        edition = Edition.objects.select_related("municipality").get(pk=edition_id)
        people = {p.pk: p for p in Participant.objects.filter(pk__in=[pk for pk, _raw in pairs])}
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Materials for the assessment meeting: %(title)s") % {"title": edition.title}
        for pk, raw in pairs:
            path = reverse("self_assessment:preread", kwargs={"municipality_slug": edition.municipality.slug,
                                                              "pk": edition.pk, "token": raw})
            body = render_to_string("self_assessment/email/preread.txt",
                                    {"edition": edition, "participant": people[pk],
                                     "url": f"{settings.PORTAL_BASE_URL}{path}"})
            messages.append((subject, body, None, [people[pk].email]))
    send_mass_mail(messages, fail_silently=False)


# --- Questionnaire ------------------------------------------------------------------------------------


def ensure_questionnaire_editable(edition: Edition) -> None:
    if Response.objects.filter(edition=edition).exists():
        raise QuestionnaireFrozen()


@transaction.atomic
def save_question(*, edition: Edition, actor: User, question: Question | None = None, **fields) -> Question:
    Edition.objects.select_for_update().get(pk=edition.pk)
    ensure_questionnaire_editable(edition)
    if question is None:
        last = edition.questions.aggregate(m=Max("order"))["m"] or 0
        question = Question(edition=edition, order=last + 1)
    for key, value in fields.items():
        setattr(question, key, value)
    if question.kind != QuestionKind.RATING:
        question.area = None
    question.full_clean()
    question.save()
    record_audit(actor=actor, action="self_assessment.question.saved", target=edition,
                 municipality=edition.municipality, data={"question": question.pk})
    return question


@transaction.atomic
def delete_question(*, question: Question, actor: User) -> None:
    edition = question.edition
    Edition.objects.select_for_update().get(pk=edition.pk)
    ensure_questionnaire_editable(edition)
    question.delete()
    record_audit(actor=actor, action="self_assessment.question.deleted", target=edition,
                 municipality=edition.municipality)


@transaction.atomic
def move_question(*, question: Question, actor: User, offset: int) -> None:
    """Swap a question with its neighbour above (offset -1) or below (+1)."""
    edition = question.edition
    Edition.objects.select_for_update().get(pk=edition.pk)
    ensure_questionnaire_editable(edition)
    ordered = list(edition.questions.order_by("order", "id"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.order = position
    Question.objects.bulk_update(ordered, ["order"])


# --- Distribution -------------------------------------------------------------------------------------


@transaction.atomic
def create_tokens(*, edition: Edition, actor: User, group: str, recipients) -> list[tuple[SurveyToken, str]]:
    """Personal one-time links for (email, organization or None) pairs. Addresses that already have a link
    are skipped. The e-mails go out after the transaction commits."""
    existing = set(SurveyToken.objects.filter(edition=edition).values_list("email", flat=True))
    created = []
    for email, organization in recipients:
        email = email.strip().lower()
        if not email or email in existing:
            continue
        existing.add(email)
        raw = secrets.token_urlsafe(24)
        token = SurveyToken(edition=edition, group=group, email=email, organization=organization,
                            token_hash=hash_key(raw))
        token.full_clean()
        token.save()
        created.append((token, raw))
    record_audit(actor=actor, action="self_assessment.invitations.created", target=edition,
                 municipality=edition.municipality, data={"group": group, "count": len(created)})
    pairs = [(token.pk, raw) for token, raw in created]
    transaction.on_commit(lambda: _send_invitations(edition.pk, pairs, reminder=False))
    return created


def invite_ngo_base(*, edition: Edition, actor: User) -> int:
    """Invite every organization of the municipality's address base that accepts e-mail."""
    organizations = cooperation_selectors.address_base(edition.municipality).filter(wants_email=True)
    return len(create_tokens(edition=edition, actor=actor, group=RespondentGroup.NGO,
                             recipients=[(o.email, o) for o in organizations]))


def personal_link(edition: Edition, raw_token: str) -> str:
    path = reverse("self_assessment:survey_personal", kwargs={"municipality_slug": edition.municipality.slug,
                                                               "token": raw_token})
    return f"{settings.PORTAL_BASE_URL}{path}"


def _send_invitations(edition_id: int, pairs: list[tuple[int, str]], *, reminder: bool) -> None:
    from django_scopes import scopes_disabled

    with scopes_disabled():
        edition = Edition.objects.select_related("municipality").get(pk=edition_id)
        tokens = {t.pk: t for t in SurveyToken.objects.filter(pk__in=[pk for pk, _raw in pairs])}
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = (_("Reminder: assessment of cooperation in %(name)s") if reminder
                   else _("Assessment of cooperation in %(name)s: your survey")) % {"name": edition.municipality.name}
        for pk, raw in pairs:
            token = tokens[pk]
            body = render_to_string(
                "self_assessment/email/invitation.txt",
                {"edition": edition, "url": personal_link(edition, raw), "reminder": reminder, "group": token.group},
            )
            messages.append((subject, body, None, [token.email]))
    send_mass_mail(messages, fail_silently=False)


@transaction.atomic
def send_reminders(*, edition: Edition, actor: User) -> int:
    """Remind everyone whose link is still unused. Only token hashes are stored, so a reminder carries a
    fresh link: the old one stops working and a saved draft moves to the new one."""
    today = timezone.localdate()
    pending = list(SurveyToken.objects.filter(edition=edition, used=False).exclude(reminded_on=today))
    pairs = []
    for token in pending:
        raw = secrets.token_urlsafe(24)
        old_hash = token.token_hash
        token.token_hash = hash_key(raw)
        token.reminded_on = today
        token.save(update_fields=["token_hash", "reminded_on"])
        # Keep a saved draft reachable through the new link.
        SurveyDraft.objects.filter(edition=edition, key_hash=hash_key("personal:" + old_hash)).update(
            key_hash=hash_key("personal:" + token.token_hash)
        )
        pairs.append((token.pk, raw))
    record_audit(actor=actor, action="self_assessment.reminders.sent", target=edition,
                 municipality=edition.municipality, data={"count": len(pairs)})
    transaction.on_commit(lambda: _send_invitations(edition.pk, pairs, reminder=True))
    return len(pairs)


def find_token(edition: Edition, raw: str) -> SurveyToken | None:
    return SurveyToken.objects.filter(edition=edition, token_hash=hash_key(raw)).first()


# --- Answering ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """How a respondent reached the survey. `key` is the personal token's hash or an open-link session key;
    it only ever keys a draft, never a submitted response."""

    channel: str
    key: str

    @property
    def draft_key(self) -> str:
        return hash_key(f"{self.channel}:{self.key}")


def clean_answers(edition: Edition, group: str, raw: dict, *, partial: bool) -> dict[int, dict]:
    """Validate raw answers {question_id: value} for one group. Ratings: "1".."5" or "dk"; yes/no: "yes"/"no";
    open: text (at most 2,000 characters). Raises InvalidAnswers with per-question messages."""
    questions = [q for q in Question.objects.filter(edition=edition).order_by("order") if q.text_for(group)]
    errors, cleaned = {}, {}
    for question in questions:
        value = raw.get(question.pk, raw.get(str(question.pk), ""))
        value = value.strip() if isinstance(value, str) else value
        if value in ("", None):
            if question.required and not partial:
                errors[question.pk] = _("This question requires an answer.")
            continue
        if question.kind == QuestionKind.RATING:
            if value == "dk":
                cleaned[question.pk] = {"dont_know": True}
            elif str(value) in {"1", "2", "3", "4", "5"}:
                cleaned[question.pk] = {"rating": int(value)}
            else:
                errors[question.pk] = _("Choose a rating from 1 to 5 or “don't know”.")
        elif question.kind == QuestionKind.YES_NO:
            if value not in ("yes", "no"):
                errors[question.pk] = _("Choose yes or no.")
            else:
                cleaned[question.pk] = {"yes": value == "yes"}
        else:
            if len(str(value)) > 2000:
                errors[question.pk] = _("Write at most 2,000 characters.")
            else:
                cleaned[question.pk] = {"text": str(value)}
    if errors:
        raise InvalidAnswers(errors)
    return cleaned


def load_draft(edition: Edition, access: Access) -> SurveyDraft | None:
    return SurveyDraft.objects.filter(edition=edition, key_hash=access.draft_key).first()


@transaction.atomic
def save_draft(*, edition: Edition, access: Access, group: str, jst_role: str, raw: dict) -> SurveyDraft:
    """Save answers so far. Invalid values are kept out of the draft but do not block saving."""
    if not is_accepting_answers(edition):
        raise SurveyNotOpen()
    _ensure_token_unused(edition, access)
    try:
        cleaned = clean_answers(edition, group, raw, partial=True)
    except InvalidAnswers as error:
        good = {k: v for k, v in raw.items() if int(k) not in error.errors}
        cleaned = clean_answers(edition, group, good, partial=True)
    draft, _created = SurveyDraft.objects.update_or_create(
        edition=edition, key_hash=access.draft_key,
        defaults={"group": group, "jst_role": jst_role if group == RespondentGroup.JST else "",
                  "data": {str(k): v for k, v in cleaned.items()}},
    )
    return draft


def _ensure_token_unused(edition: Edition, access: Access, *, lock: bool = False) -> SurveyToken | None:
    if access.channel != Channel.PERSONAL:
        return None
    qs = SurveyToken.objects.filter(edition=edition, token_hash=access.key)
    if lock:
        qs = qs.select_for_update()
    token = qs.first()
    if token is None:
        raise TokenUsed(_("This personal link is not valid."))
    if token.used:
        raise TokenUsed()
    return token


@transaction.atomic
def submit_response(*, edition: Edition, access: Access, group: str, jst_role: str, raw: dict) -> None:
    """Store one anonymous response. Deadline and token are checked here, on the server, under a lock, so a
    double click gets "already used" and an answer after the close is refused. Returns nothing on purpose:
    no identifier of the stored response leaves this function."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if not is_accepting_answers(locked):
        raise SurveyNotOpen()
    token = _ensure_token_unused(edition, access, lock=True)
    if access.channel == Channel.PERSONAL:
        group = token.group
    if group not in RespondentGroup.values:
        raise InvalidAnswers({}, _("Choose whether you answer for an NGO or for local government."))
    if jst_role and jst_role not in JstRole.values:
        raise InvalidAnswers({}, _("Choose your role."))
    cleaned = clean_answers(edition, group, raw, partial=False)
    _store_response(edition, group, jst_role if group == RespondentGroup.JST else "", access.channel, cleaned)
    if token is not None:
        token.used = True
        token.save(update_fields=["used"])
    SurveyDraft.objects.filter(edition=edition, key_hash=access.draft_key).delete()


def _store_response(edition, group, jst_role, channel, cleaned) -> None:
    response = Response(edition=edition, group=group, jst_role=jst_role, channel=channel,
                        submitted_on=timezone.localdate())
    response.full_clean()
    response.save()
    Answer.objects.bulk_create(
        Answer(response=response, edition=edition, group=group, question_id=qid, **value)
        for qid, value in cleaned.items()
    )


@transaction.atomic
def enter_paper_response(*, edition: Edition, actor: User, group: str, jst_role: str, raw: dict) -> None:
    """The officer types in a paper questionnaire. Allowed while the survey is open or closed (paper forms
    arrive late), never after publication."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.status not in (EditionStatus.OPEN, EditionStatus.CLOSED):
        raise SurveyNotOpen(_("Paper answers can be entered while the survey is open or before the note is published."))
    cleaned = clean_answers(edition, group, raw, partial=False)
    _store_response(edition, group, jst_role if group == RespondentGroup.JST else "", Channel.PAPER, cleaned)
    record_audit(actor=actor, action="self_assessment.paper_response.entered", target=edition,
                 municipality=edition.municipality, data={"group": group})


# --- Meeting ------------------------------------------------------------------------------------------


def save_agenda_item(*, edition: Edition, actor: User, item: AgendaItem | None = None, **fields) -> AgendaItem:
    if item is None:
        last = edition.agenda.aggregate(m=Max("order"))["m"] or 0
        item = AgendaItem(edition=edition, order=last + 1)
    for key, value in fields.items():
        setattr(item, key, value)
    item.full_clean()
    item.save()
    record_audit(actor=actor, action="self_assessment.agenda.saved", target=edition, municipality=edition.municipality)
    return item


def save_checklist_item(*, item: ChecklistItem, actor: User, answer: str, evidence: str) -> ChecklistItem:
    item.answer = answer
    item.evidence = evidence
    item.full_clean()
    item.save(update_fields=["answer", "evidence"])
    record_audit(actor=actor, action="self_assessment.checklist.saved", target=item.edition,
                 municipality=item.edition.municipality, data={"standard": item.standard.code, "answer": answer})
    return item


def save_area_assessment(*, assessment: AreaAssessment, actor: User, **fields) -> AreaAssessment:
    for key, value in fields.items():
        setattr(assessment, key, value)
    assessment.full_clean()
    assessment.save()
    record_audit(actor=actor, action="self_assessment.area_assessment.saved", target=assessment.edition,
                 municipality=assessment.edition.municipality,
                 data={"area": assessment.area.code, "score": str(assessment.agreed_score)})
    return assessment


def save_recommendation(*, edition: Edition, actor: User, recommendation: Recommendation | None = None,
                        **fields) -> Recommendation:
    recommendation = recommendation or Recommendation(edition=edition)
    for key, value in fields.items():
        setattr(recommendation, key, value)
    recommendation.full_clean()
    recommendation.save()
    record_audit(actor=actor, action="self_assessment.recommendation.saved", target=edition,
                 municipality=edition.municipality, data={"recommendation": recommendation.pk})
    return recommendation


@transaction.atomic
def set_recommendation_status(*, recommendation: Recommendation, actor: User, status: str, note: str = "") -> Recommendation:
    """Officers report progress on recommendations; the public page shows it."""
    if status not in RecommendationStatus.values:
        raise TransitionNotAllowed()
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    before = current.status
    current.status = status
    current.status_note = note
    current.full_clean()
    current.save(update_fields=["status", "status_note"])
    record_audit(actor=actor, action="self_assessment.recommendation.status_changed", target=current.edition,
                 municipality=current.edition.municipality, data={"from": before, "to": status})
    return current


# --- Note ---------------------------------------------------------------------------------------------


def save_note_draft(*, edition: Edition, actor: User, **fields) -> NoteDraft:
    draft, _created = NoteDraft.objects.get_or_create(edition=edition)
    for key, value in fields.items():
        setattr(draft, key, value)
    draft.full_clean()
    draft.save()
    record_audit(actor=actor, action="self_assessment.note_draft.saved", target=edition, municipality=edition.municipality)
    return draft


@transaction.atomic
def publish_note(*, edition: Edition, actor: User, correction_note: str = "") -> NoteRevision:
    """Publish the note: the HTML page is public at once; the PDF is rendered by a task after the commit.
    Publishing again makes a new revision; earlier ones stay reachable."""
    from .notes import build_note_content

    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.status not in (EditionStatus.CLOSED, EditionStatus.PUBLISHED):
        raise TransitionNotAllowed(_("Close the survey before publishing the note."))
    sectors = set(locked.participants.values_list("sector", flat=True))
    if not {Sector.JST, Sector.NGO} <= sectors:
        raise TransitionNotAllowed(_("The assessment must be joint: add team members from local government and "
                                     "from NGOs before publishing the note."))
    last = locked.revisions.aggregate(m=Max("number"))["m"] or 0
    if last and not correction_note.strip():
        raise TransitionNotAllowed(_("Say what the correction changes: it is shown with the new revision."))
    revision = NoteRevision(
        edition=locked, number=last + 1, content=build_note_content(locked), correction_note=correction_note,
        published_at=timezone.now(), published_by=actor, pdf_status=RenderStatus.PENDING,
    )
    revision.full_clean()
    revision.save()
    if locked.status != EditionStatus.PUBLISHED:
        locked.status = EditionStatus.PUBLISHED
        locked.save(update_fields=["status"])
        edition.status = locked.status
    record_audit(actor=actor, action="self_assessment.note.published", target=locked,
                 municipality=locked.municipality, data={"revision": revision.number})
    _enqueue_render(revision.pk)
    return revision


def _enqueue_render(revision_id: int) -> None:
    from cooperation.documents import enqueue_render

    enqueue_render(NoteRevision(pk=revision_id))


@transaction.atomic
def retry_note_render(*, revision: NoteRevision, actor: User) -> NoteRevision:
    current = NoteRevision.objects.select_for_update().get(pk=revision.pk)
    if current.pdf_status == RenderStatus.READY:
        raise TransitionNotAllowed(_("The PDF is already ready."))
    current.pdf_status = RenderStatus.PENDING
    current.pdf_error = ""
    current.save(update_fields=["pdf_status", "pdf_error"])
    record_audit(actor=actor, action="self_assessment.note_pdf.retried", target=current.edition,
                 municipality=current.edition.municipality, data={"revision": current.number})
    _enqueue_render(current.pk)
    return current
