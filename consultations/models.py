"""Public consultations of drafts (Model areas P1.A3 and P1.A4): the document in typed versions with
numbered paragraphs, comments on the whole document or on one paragraph, answers to every comment."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.documents import RenderedPdf
from cooperation.models import Municipality, MunicipalScoped, Organization, private_storage

from .enums import (
    Addressees,
    CommentChannel,
    ConsultationForm,
    ConsultationStatus,
    Decision,
    Subject,
    VersionKind,
)

CONSULTATION_SCOPE = {"municipality": "consultation__municipality"}


def all_forms() -> list[str]:
    return list(ConsultationForm.values)


class ConsultationRules(models.Model):
    """The municipality's own rules, set by its council's resolution (art. 5 ust. 5 of the act)."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="consultation_rules")
    min_days = models.PositiveSmallIntegerField(_("shortest consultation (days)"), default=7,
                                                validators=[MinValueValidator(1)])
    report_days = models.PositiveSmallIntegerField(_("report due (days after the close)"), default=14,
                                                   validators=[MinValueValidator(1)])
    comments_public_at_once = models.BooleanField(_("comments are public as soon as they are made"), default=False)
    allowed_forms = models.JSONField(_("forms of consultation the resolution allows"), default=all_forms)
    resolution = models.CharField(_("resolution that sets these rules"), max_length=300, blank=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("consultation rules")
        verbose_name_plural = _("consultation rules")

    def __str__(self) -> str:
        return str(self.municipality)


class Consultation(MunicipalScoped):
    title = models.CharField(_("title"), max_length=300)
    subject = models.CharField(_("subject"), max_length=30, choices=Subject.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    addressees = models.CharField(_("addressees"), max_length=10, choices=Addressees.choices)
    forms = models.JSONField(_("forms of consultation"), default=list)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    contact_person = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    ngo_base_notified_at = models.DateTimeField(null=True, blank=True)
    # The title and the current version's text, normalised by consultations.search.normalise (no diacritics,
    # case-folded). Kept up to date by the services that change either; searched through a trigram index.
    search_document = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_period_order"),
        ]
        # A trigram GIN index on search_document exists on PostgreSQL only (migration 0005).
        indexes = [models.Index(fields=["municipality", "status", "-opens_at"])]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """An open meeting or a focus group of a consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=300)
    description = models.CharField(_("description"), max_length=500, blank=True)

    objects = ScopedManager(**CONSULTATION_SCOPE)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d} {self.place}"


class DocumentVersion(models.Model):
    """One version of the consulted document. Versions are never edited: a change is a new version."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=12, choices=VersionKind.choices)
    source = models.TextField(_("text (Markdown)"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = ScopedManager(**CONSULTATION_SCOPE)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="version_number_unique")]

    def __str__(self) -> str:
        return f"{self.consultation} v{self.number}"


class Paragraph(models.Model):
    """A numbered paragraph of a version, the unit people comment on."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="paragraphs")
    order = models.PositiveIntegerField()
    section = models.CharField(max_length=300, blank=True)
    label = models.CharField(max_length=40, blank=True, help_text="The document's own number, e.g. “§ 3”.")
    text = models.TextField()

    objects = ScopedManager(municipality="version__consultation__municipality")

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="paragraph_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:60]}"


class Attachment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(upload_to="consultations/%Y/", storage=private_storage)
    kind = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(**CONSULTATION_SCOPE)

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """A comment on the whole document (paragraph empty) or on one paragraph, with the officer's answer."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, null=True, blank=True, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="consultation_comments")
    author_name = models.CharField(_("author"), max_length=300, blank=True,
                                   help_text=_("For comments sent by e-mail or post and typed in by the officer."))
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("on behalf of"))
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    justification = models.TextField(_("justification"))
    channel = models.CharField(max_length=10, choices=CommentChannel.choices, default=CommentChannel.ONLINE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decision = models.CharField(_("decision"), max_length=15, choices=Decision.choices, blank=True)
    answer = models.TextField(_("answer with justification"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    objects = ScopedManager(**CONSULTATION_SCOPE)

    class Meta:
        ordering = ["consultation", "created_at", "id"]
        indexes = [models.Index(fields=["consultation", "paragraph"])]

    def __str__(self) -> str:
        return f"{self.consultation}: {self.justification[:60]}"

    @property
    def signature(self) -> str:
        """Who the comment is from, as published: the organization's name when made on its behalf."""
        if self.organization_id:
            return self.organization.name
        if self.author_name:
            return self.author_name
        return self.author.get_full_name() if self.author else ""


class Follow(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(**CONSULTATION_SCOPE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "user"], name="follow_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.consultation}"


class Report(RenderedPdf):
    """The consultation report: who took part, every comment with its answer, what changed, the final
    version. Never edited: a correction is a new revision; earlier ones and their PDFs stay."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="reports")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField(help_text="Snapshot of everything the report shows, frozen at publication.")
    correction_note = models.CharField(_("what was corrected"), max_length=500, blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    followers_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(**CONSULTATION_SCOPE)

    class Meta:
        ordering = ["consultation", "-number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="report_number_unique")]

    def __str__(self) -> str:
        return f"{self.consultation} – report {self.number}"

    def render_pdf(self) -> tuple[str, str, bytes]:
        from .pdf import render_report

        return render_report(self)


# --- The public benefit council (issue #7; legal.md section 6: art. 41e–41i of the act) ---------------------
# Its choices live here rather than in enums.py, next to the only models that use them.


class CouncilRequestStatus(models.TextChoices):
    COLLECTING = "collecting", _("collecting signatures")
    FILED = "filed", _("filed")
    FULFILLED = "fulfilled", _("council created")


class CouncilTermStatus(models.TextChoices):
    DRAFT = "draft", _("composition being prepared")
    PUBLISHED = "published", _("composition complete and published")


class CouncilSide(models.TextChoices):
    """Art. 41f: representatives of the municipal council, of the executive and of NGOs (at least half)."""

    MUNICIPAL_COUNCIL = "municipal_council", _("the municipal council (organ stanowiący)")
    EXECUTIVE = "executive", _("the executive (organ wykonawczy)")
    NGOS = "ngos", _("NGOs and entities of art. 3 ust. 3")


class DismissalReason(models.TextChoices):
    """Art. 41g ust. 2: the grounds on which the executive dismisses a member before the end of the term."""

    OWN_REQUEST = "own_request", _("at the member's own request")
    BODY_REQUEST = "body_request", _("at the request of the body the member represents")
    CONVICTION = "conviction", _("final conviction for an intentional offence")
    INCAPACITY = "incapacity", _("permanent incapacity to perform the function")
    ABSENCES = "absences", _("unexcused absence from 3 consecutive meetings")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("absent, excused")
    UNEXCUSED = "unexcused", _("absent, unexcused")


class CouncilRequest(MunicipalScoped):
    """The joint request of NGOs active in the municipality to create its council (art. 41e ust. 1). It is
    filed when the fifth organization signs; the executive then has 2 months to create the council."""

    status = models.CharField(_("status"), max_length=12, choices=CouncilRequestStatus.choices,
                              default=CouncilRequestStatus.COLLECTING)
    justification = models.TextField(_("justification"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    deadline = models.DateField(_("the council must be created by"), null=True, blank=True)
    officers_notified_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    fulfilled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    term = models.ForeignKey("CouncilTerm", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("request to create the public benefit council")
        verbose_name_plural = _("requests to create the public benefit council")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], name="council_request_one_open",
                condition=Q(status__in=[CouncilRequestStatus.COLLECTING, CouncilRequestStatus.FILED]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.created_at:%Y-%m-%d}"


class CouncilRequestSignature(models.Model):
    request = models.ForeignKey(CouncilRequest, on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(municipality="request__municipality")

    class Meta:
        ordering = ["request", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "organization"], name="council_signature_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.request}"


class CouncilTerm(MunicipalScoped):
    """One term (kadencja) of the municipality's public benefit council: 3 years by default (art. 41e
    ust. 3; settings.COUNCIL_TERM_YEARS). Public once its composition is complete and published."""

    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    resolution_number = models.CharField(_("appointing act (number)"), max_length=200, blank=True,
                                         help_text=_("E.g. “Zarządzenie nr 123/2026 Prezydenta Miasta”."))
    resolution_date = models.DateField(_("date of the appointing act"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CouncilTermStatus.choices,
                              default=CouncilTermStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("term of the public benefit council")
        verbose_name_plural = _("terms of the public benefit council")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="council_term_order"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"

    @property
    def is_published(self) -> bool:
        return self.status == CouncilTermStatus.PUBLISHED


class CouncilMember(models.Model):
    term = models.ForeignKey(CouncilTerm, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200)
    side = models.CharField(_("represents"), max_length=20, choices=CouncilSide.choices)
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("organization represented"))
    function = models.CharField(_("function in the council"), max_length=100, blank=True,
                                help_text=_("E.g. chair, deputy chair, secretary. Leave empty for a member."))
    email = models.EmailField(_("e-mail"), blank=True,
                              help_text=_("Not published. Used to send requests for the council's opinion."))
    appointed_on = models.DateField(_("appointed"))
    dismissed_on = models.DateField(_("dismissed"), null=True, blank=True)
    dismissal_reason = models.CharField(_("ground for dismissal"), max_length=15, choices=DismissalReason.choices,
                                        blank=True)
    dismissal_note = models.CharField(_("dismissal: act and note"), max_length=300, blank=True)

    objects = ScopedManager(municipality="term__municipality")

    class Meta:
        verbose_name = _("member of the public benefit council")
        verbose_name_plural = _("members of the public benefit council")
        ordering = ["term", "side", "full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(dismissed_on__isnull=True, dismissal_reason="")
                           | (Q(dismissed_on__isnull=False) & ~Q(dismissal_reason=""))),
                name="council_member_dismissal_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.dismissed_on is None


class CouncilMeeting(models.Model):
    """A meeting (posiedzenie) of the council: its agenda is public with the term; its minutes once published."""

    term = models.ForeignKey(CouncilTerm, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    agenda = models.TextField(_("agenda"))
    minutes_text = models.TextField(_("minutes (text)"), blank=True)
    minutes_file = models.FileField(_("minutes (PDF)"), upload_to="council/minutes/%Y/", storage=private_storage,
                                    blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                             blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(municipality="term__municipality")

    class Meta:
        verbose_name = _("meeting of the public benefit council")
        verbose_name_plural = _("meetings of the public benefit council")
        ordering = ["term", "starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="council_meeting_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.starts_at:%Y-%m-%d}"

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None

    @property
    def has_minutes(self) -> bool:
        return bool(self.minutes_text.strip() or self.minutes_file)


class Attendance(models.Model):
    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)

    objects = ScopedManager(municipality="meeting__term__municipality")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="council_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.member} @ {self.meeting}: {self.status}"


class OpinionRequest(MunicipalScoped):
    """A draft sent to the council for its opinion (art. 41i): of a consultation or of any other draft. The
    council answers within 14 days of delivery (settings.COUNCIL_OPINION_DAYS); no opinion in time is a
    waiver (art. 41i ust. 2). The request, its deadline and the opinion are public."""

    term = models.ForeignKey(CouncilTerm, on_delete=models.PROTECT, related_name="opinion_requests")
    consultation = models.ForeignKey(Consultation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="council_opinions", verbose_name=_("consultation"))
    subject = models.CharField(_("draft to give an opinion on"), max_length=300)
    description = models.TextField(_("what the council is asked"), blank=True)
    sent_at = models.DateTimeField(_("delivered to the council"))
    due_on = models.DateField(_("opinion due"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    members_notified_at = models.DateTimeField(null=True, blank=True)
    opinion_text = models.TextField(_("the opinion (text)"), blank=True)
    opinion_file = models.FileField(_("the opinion (PDF)"), upload_to="council/opinions/%Y/",
                                    storage=private_storage, blank=True)
    received_at = models.DateTimeField(_("opinion received"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("request for the council's opinion")
        verbose_name_plural = _("requests for the council's opinion")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation"], condition=Q(consultation__isnull=False),
                                    name="council_opinion_one_per_consultation"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def has_opinion(self) -> bool:
        return self.received_at is not None

    def state(self, today=None) -> str:
        """given (in time), late (received after the due day), waived (none and the due day is over) or
        awaiting. Days are Europe/Warsaw days: the due day lasts until its midnight."""
        if self.received_at is not None:
            return "given" if timezone.localdate(self.received_at) <= self.due_on else "late"
        today = today or timezone.localdate()
        return "waived" if today > self.due_on else "awaiting"


# Features of plane I kept in their own packages (issue #7); importing them here gives them this app's label.
from .diagnosis.models import *  # noqa: E402,F401,F403
from .information.models import *  # noqa: E402,F401,F403
from .programmes.models import *  # noqa: E402,F401,F403
