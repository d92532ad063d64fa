"""The Local Cooperation Quality Index (LIJW): one edition per municipality and period, from the survey
through the moderated meeting to a published note.

Anonymity follows LimeSurvey's anonymised mode: a personal token is only marked used; a Response has a
random UUID key, no link to the token, the invitee or the session, and only the day it was submitted.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.documents import RenderedPdf
from cooperation.models import Area, MunicipalScoped, Organization, Standard

from .enums import (
    Aggregation,
    Channel,
    ChecklistAnswer,
    EditionStatus,
    JstRole,
    QuestionKind,
    RecommendationStatus,
    RespondentGroup,
    Sector,
)

EDITION_SCOPE = {"municipality": "edition__municipality"}


class Edition(MunicipalScoped):
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period assessed: from"))
    period_end = models.DateField(_("period assessed: to"))
    survey_opens_at = models.DateTimeField(_("survey opens"))
    survey_closes_at = models.DateTimeField(_("survey closes"))
    meeting_at = models.DateTimeField(_("assessment meeting"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=300, blank=True)
    moderator = models.CharField(_("moderator"), max_length=200, blank=True)
    areas = models.ManyToManyField(Area, verbose_name=_("areas assessed"), related_name="+")
    aggregation = models.CharField(
        _("overall index computed as"), max_length=10, choices=Aggregation.choices, default=Aggregation.MEAN_OF_AREAS
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"), default=3, validators=[MinValueValidator(2)],
        help_text=_("Results of a group with fewer answers are not shown, to protect anonymity."),
    )
    status = models.CharField(_("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    open_link_key = models.CharField(max_length=32, unique=True)
    open_link_enabled = models.BooleanField(_("open link active"), default=False)
    open_link_code = models.CharField(
        _("shared code for the open link"), max_length=40, blank=True,
        help_text=_("Optional. Respondents using the open link must type this code."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("assessment edition")
        verbose_name_plural = _("assessment editions")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="edition_period_order"),
            models.CheckConstraint(
                condition=Q(survey_closes_at__gt=models.F("survey_opens_at")), name="edition_survey_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A member of the joint team (JST and NGO people, the moderator)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=5, choices=Sector.choices)
    affiliation = models.CharField(_("institution or organization"), max_length=300, blank=True)
    role = models.CharField(_("role in the team"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_moderator = models.BooleanField(_("moderator"), default=False)
    preread_token_hash = models.CharField(max_length=64, blank=True)

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """One question of an edition's questionnaire. Rated statements belong to an area and usually have both
    an NGO and a JST wording, so the two groups can be compared; an empty wording hides it from that group."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("area"))
    text_ngo = models.TextField(_("wording for NGOs"), blank=True)
    text_jst = models.TextField(_("wording for local government"), blank=True)
    required = models.BooleanField(_("answer required"), default=False)

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text_ngo="") | ~Q(text_jst=""), name="question_has_wording"),
        ]

    def __str__(self) -> str:
        return self.text_ngo or self.text_jst

    def text_for(self, group: str) -> str:
        return self.text_ngo if group == RespondentGroup.NGO else self.text_jst


class SurveyToken(models.Model):
    """A personal one-time link. Only its hash is stored; once used it is marked so and nothing more:
    the answer it produced cannot be traced back to it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="tokens")
    group = models.CharField(_("group"), max_length=5, choices=RespondentGroup.choices)
    email = models.EmailField(_("e-mail"))
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    used = models.BooleanField(default=False)

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        verbose_name = _("personal survey link")
        verbose_name_plural = _("personal survey links")
        constraints = [models.UniqueConstraint(fields=["edition", "email"], name="survey_token_one_per_email")]

    def __str__(self) -> str:
        return self.email


class SurveyDraft(models.Model):
    """Answers saved before submission ("save and resume"). Keyed by the hash of the personal token or of
    the open-link session, and deleted the moment the response is submitted."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="drafts")
    key_hash = models.CharField(max_length=64, unique=True)
    group = models.CharField(max_length=5, choices=RespondentGroup.choices)
    jst_role = models.CharField(max_length=20, choices=JstRole.choices, blank=True)
    data = models.JSONField(default=dict)
    updated_on = models.DateField(auto_now=True)

    objects = ScopedManager(**EDITION_SCOPE)

    def __str__(self) -> str:
        return f"draft {self.pk}"


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="responses")
    group = models.CharField(_("group"), max_length=5, choices=RespondentGroup.choices)
    jst_role = models.CharField(_("role"), max_length=20, choices=JstRole.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    submitted_on = models.DateField(_("submitted on"))

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["edition", "group"])]

    def __str__(self) -> str:
        return f"{self.get_group_display()} {self.submitted_on}"


class Answer(models.Model):
    """One answer. `edition` and `group` repeat the response's, so that results aggregate over this one
    table (an index-only scan) instead of joining 600,000 answers to their responses."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=5, choices=RespondentGroup.choices)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    dont_know = models.BooleanField(default=False)
    yes = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True)

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)), name="answer_rating_range"
            ),
        ]
        indexes = [models.Index(fields=["question", "group", "rating", "dont_know"], name="answer_aggregation")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.rating or self.yes or self.text[:20]}"


class AgendaItem(models.Model):
    """A step of the discussion scenario the moderator walks through."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("step"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("suggested time (minutes)"), default=15)
    guiding_questions = models.TextField(_("guiding questions"), blank=True)

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("agenda step")
        verbose_name_plural = _("agenda steps")

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """One minimal standard of the Model on the meeting's checklist, prefilled from the standards tracker."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="checklist")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("in place?"), max_length=6, choices=ChecklistAnswer.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        ordering = ["standard__order"]
        constraints = [models.UniqueConstraint(fields=["edition", "standard"], name="checklist_one_per_standard")]

    def __str__(self) -> str:
        return self.standard.code


class AreaAssessment(models.Model):
    """A row of the summary table: what the team agreed about one area."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="area_assessments")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    agreed_score = models.DecimalField(
        _("agreed score (1-5)"), max_digits=2, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    justification = models.TextField(_("justification"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    dissent = models.TextField(_("dissenting opinions"), blank=True)

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        ordering = ["area__order"]
        constraints = [models.UniqueConstraint(fields=["edition", "area"], name="area_assessment_unique")]

    def __str__(self) -> str:
        return self.area.code


class Recommendation(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="recommendations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("area"))
    text = models.TextField(_("recommendation"))
    owner = models.CharField(_("who is responsible"), max_length=200)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.PLANNED
    )
    status_note = models.CharField(_("status note"), max_length=500, blank=True)

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        ordering = ["area__order", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]


class NoteDraft(models.Model):
    """The officer's editable text of the note; the tables come from the edition's data."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="note_draft")
    introduction = models.TextField(_("introduction"), blank=True)
    course = models.TextField(_("how the assessment went"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    publication_channels = models.TextField(_("where the note is published"), blank=True)

    objects = ScopedManager(**EDITION_SCOPE)

    def __str__(self) -> str:
        return str(self.edition)


class NoteRevision(RenderedPdf):
    """A published note. Never edited: a correction is a new revision; earlier ones and their PDFs stay."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField(help_text="Snapshot of everything the note shows, frozen at publication.")
    correction_note = models.CharField(_("what was corrected"), max_length=500, blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = ScopedManager(**EDITION_SCOPE)

    class Meta:
        ordering = ["edition", "-number"]
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="note_revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.edition} #{self.number}"

    def render_pdf(self) -> tuple[str, str, bytes]:
        from .pdf import render_note

        return render_note(self)
