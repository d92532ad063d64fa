"""Public consultations of drafts (Model areas P1.A3 and P1.A4): the document in typed versions with
numbered paragraphs, comments on the whole document or on one paragraph, answers to every comment."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.documents import RenderedPdf
from cooperation.models import Municipality, MunicipalScoped, Organization, private_storage

from .enums import Addressees, CommentChannel, ConsultationStatus, Decision, Subject, VersionKind

CONSULTATION_SCOPE = {"municipality": "consultation__municipality"}


class ConsultationRules(models.Model):
    """The municipality's own rules, set by its council's resolution (art. 5 ust. 5 of the act)."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="consultation_rules")
    min_days = models.PositiveSmallIntegerField(_("shortest consultation (days)"), default=7,
                                                validators=[MinValueValidator(1)])
    report_days = models.PositiveSmallIntegerField(_("report due (days after the close)"), default=14,
                                                   validators=[MinValueValidator(1)])
    comments_public_at_once = models.BooleanField(_("comments are public as soon as they are made"), default=False)
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
