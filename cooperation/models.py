"""The shared core: people, municipalities (the tenant), organizations, the Model's reference data,
the standards tracker, accessibility declarations and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import (
    DeclarationMethod,
    DeclarationStatus,
    LegalForm,
    MembershipRole,
    MunicipalityKind,
    OrganizationLinkStatus,
    StandardImplementation,
)
from .validators import validate_krs, validate_nip, validate_postal_code, validate_regon


def private_storage():
    return storages["private"]


class Bilingual:
    """Reference data stored in Polish and English; `name` follows the active language."""

    def _localized(self, field: str) -> str:
        if (get_language() or "pl").startswith("en"):
            return getattr(self, f"{field}_en") or getattr(self, f"{field}_pl")
        return getattr(self, f"{field}_pl")

    @property
    def name(self) -> str:
        return self._localized("name")


# --- People -------------------------------------------------------------------------------------------


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("The e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Platform administrators are superusers; every other role comes from a relation
    (Officer, Membership) so one person can be a resident, an NGO member and an officer at once."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    anonymized_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


# --- Municipalities (the tenant) ----------------------------------------------------------------------


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    teryt = models.CharField(_("TERYT code"), max_length=7, unique=True)
    slug = models.SlugField(_("address in the portal"), max_length=80, unique=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True, validators=[validate_postal_code])
    city = models.CharField(_("town"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    bip_url = models.URLField(_("BIP address"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cooperation:municipality_detail", kwargs={"municipality_slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        from .validators import validate_teryt

        if self.teryt and self.kind:
            try:
                validate_teryt(self.teryt, self.kind)
            except ValidationError as exc:
                raise ValidationError({"teryt": exc.messages}) from exc



class MunicipalScoped(models.Model):
    """Every municipal record belongs to exactly one municipality. The scoped manager raises
    ScopeError for a query made outside `django_scopes.scope(municipality=...)` or `scopes_disabled()`,
    so a forgotten tenant filter fails loudly instead of leaking."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("municipality"))

    objects = ScopedManager(municipality="municipality")

    class Meta:
        abstract = True


class Officer(models.Model):
    """A municipal officer (e.g. the NGO officer, pełnomocnik) who administers the municipality's records."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="officers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_roles")
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_ngo_officer = models.BooleanField(_("NGO officer (pełnomocnik)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("municipal officer")
        verbose_name_plural = _("municipal officers")
        constraints = [models.UniqueConstraint(fields=["municipality", "user"], name="officer_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.municipality})"


# --- The Model as reference data ----------------------------------------------------------------------


class Principle(Bilingual, models.Model):
    code = models.CharField(max_length=10, unique=True)
    name_pl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    description_pl = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def description(self) -> str:
        return self._localized("description")


class Plane(Bilingual, models.Model):
    code = models.CharField(max_length=10, unique=True)
    name_pl = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    short_name_pl = models.CharField(max_length=120)
    short_name_en = models.CharField(max_length=120)
    description_pl = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def short_name(self) -> str:
        return self._localized("short_name")

    @property
    def description(self) -> str:
        return self._localized("description")


class Area(Bilingual, models.Model):
    code = models.CharField(max_length=10, unique=True)
    plane = models.ForeignKey(Plane, on_delete=models.PROTECT, related_name="areas")
    name_pl = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    short_name_pl = models.CharField(max_length=120)
    short_name_en = models.CharField(max_length=120)
    description_pl = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    principles = models.ManyToManyField(Principle, blank=True, related_name="areas")
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def short_name(self) -> str:
        return self._localized("short_name")

    @property
    def description(self) -> str:
        return self._localized("description")


class Tool(Bilingual, models.Model):
    code = models.CharField(max_length=16, unique=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="tools")
    name_pl = models.TextField()
    name_en = models.TextField()
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Standard(models.Model):
    """A minimal standard (wzorzec minimalny) of the Model."""

    code = models.CharField(max_length=20, unique=True)
    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, related_name="standards")
    text_pl = models.TextField()
    text_en = models.TextField()
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        if (get_language() or "pl").startswith("en"):
            return self.text_en or self.text_pl
        return self.text_pl

    @property
    def area(self) -> Area:
        return self.tool.area


class Sphere(Bilingual, models.Model):
    """A sphere of public benefit activity, art. 4 ust. 1 of the public benefit act ("1a", "33")."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name_pl = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]
        verbose_name = _("sphere of public benefit")
        verbose_name_plural = _("spheres of public benefit")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


# --- Organizations (NGO registry) ---------------------------------------------------------------------


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=300)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    krs = models.CharField(
        _("KRS number"), max_length=10, blank=True, validators=[validate_krs],
        help_text=_("10 digits; shorter numbers are padded with zeros."),
    )
    other_register = models.CharField(
        _("other register and number"), max_length=200, blank=True,
        help_text=_("For organizations outside the KRS, e.g. the starost's register of student sports clubs."),
    )
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[validate_nip])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    city = models.CharField(_("town"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(
        _("phone"), max_length=40, blank=True,
        validators=[RegexValidator(r"^\+?[\d\s()-]{6,}$", _("Enter a phone number of digits, spaces and dashes."))],
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    spheres = models.ManyToManyField(Sphere, verbose_name=_("spheres of public benefit activity"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, through="OrganizationMunicipality", related_name="organizations", blank=True
    )
    wants_email = models.BooleanField(_("send us information by e-mail"), default=True)
    wants_post = models.BooleanField(_("send us information by post"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["krs"], condition=~Q(krs=""), name="organization_krs_unique"),
            models.UniqueConstraint(fields=["nip"], condition=~Q(nip=""), name="organization_nip_unique"),
            models.UniqueConstraint(fields=["regon"], condition=~Q(regon=""), name="organization_regon_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cooperation:organization_detail", kwargs={"pk": self.pk})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.legal_form in LegalForm.krs_required() and not self.krs:
            raise ValidationError({"krs": _("Organizations of this legal form are registered in the KRS: enter the number.")})

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"


class Membership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization member")
        verbose_name_plural = _("organization members")
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"


class Invitation(models.Model):
    """An e-mailed invitation to join an organization. Only a hash of the token is stored."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"


class OrganizationMunicipality(MunicipalScoped):
    """An organization's statement that it works in a municipality, confirmed (or not) by an officer.
    Only confirmed organizations appear in the municipality's public directory and address base."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="municipality_links")
    status = models.CharField(
        _("status"), max_length=10, choices=OrganizationLinkStatus.choices, default=OrganizationLinkStatus.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("organization in a municipality")
        verbose_name_plural = _("organizations in municipalities")
        constraints = [
            models.UniqueConstraint(fields=["organization", "municipality"], name="organization_municipality_unique")
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.municipality}"


class OrganizationImport(MunicipalScoped):
    """An officer's upload of an existing NGO base. Checked in a dry run; written only on confirmation."""

    file = models.FileField(upload_to="imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("organization import")
        verbose_name_plural = _("organization imports")

    def __str__(self) -> str:
        return self.original_name


# --- Standards tracker --------------------------------------------------------------------------------


class StandardStatus(MunicipalScoped):
    """Where a municipality stands with one minimal standard of the Model. Public."""

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(
        _("status"), max_length=15, choices=StandardImplementation.choices, default=StandardImplementation.NOT_STARTED
    )
    evidence_url = models.URLField(_("evidence (link)"), blank=True)
    evidence_file = models.FileField(
        _("evidence (document)"), upload_to="evidence/%Y/", storage=private_storage, blank=True
    )
    adopted_on = models.DateField(_("date adopted"), null=True, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("standard status")
        verbose_name_plural = _("standard statuses")
        constraints = [models.UniqueConstraint(fields=["municipality", "standard"], name="standard_status_unique")]

    def __str__(self) -> str:
        return f"{self.standard.code} @ {self.municipality}: {self.get_status_display()}"


# --- Accessibility declaration ------------------------------------------------------------------------


class AccessibilityDeclaration(MunicipalScoped):
    """The municipality's declaration (deklaracja dostępności) for its pages on the portal."""

    status = models.CharField(
        _("compliance status"), max_length=10, choices=DeclarationStatus.choices, default=DeclarationStatus.PARTIAL
    )
    published_on = models.DateField(_("date the pages were published"))
    last_update_on = models.DateField(_("date of the last significant update"))
    prepared_on = models.DateField(_("date the declaration was prepared"))
    reviewed_on = models.DateField(_("date of the last review"))
    method = models.CharField(
        _("how it was prepared"), max_length=10, choices=DeclarationMethod.choices, default=DeclarationMethod.SELF
    )
    audit_url = models.URLField(_("audit report"), blank=True)
    inaccessible_content = models.TextField(_("content that is not accessible, why, and alternatives"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40)
    additional_info = models.TextField(_("architectural accessibility and other information"), blank=True)

    class Meta:
        verbose_name = _("accessibility declaration")
        verbose_name_plural = _("accessibility declarations")
        constraints = [models.UniqueConstraint(fields=["municipality"], name="declaration_one_per_municipality")]

    def __str__(self) -> str:
        return f"{self.municipality}"


# --- Audit log ----------------------------------------------------------------------------------------


class AuditEntry(models.Model):
    """Who did what, when. Written by services, never edited. Municipal entries are scoped."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_repr = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    @property
    def label(self) -> str:
        """The action's name in the reader's language (the stored code stays stable)."""
        from .audit import action_label

        return action_label(self.action)


# --- Meetings and trainings (P2.A2, P3.A2) --------------------------------------------------------------


class EventKind(models.TextChoices):
    SECTOR_MEETING = "sector_meeting", _("sector meeting with NGOs")
    NGO_TRAINING = "ngo_training", _("training or workshop for NGOs")
    ACCOUNTING_INFO = "accounting_info", _("information meeting on accounting for a public task")
    EQUALITY_TRAINING = "equality_training", _("equal-opportunities training")
    LOCAL_EVENT = "local_event", _("joint local event")
    OTHER = "other", _("other event")

    @classmethod
    def standard_codes(cls) -> dict[str, list[str]]:
        """The minimal standards of the Model an event of each kind serves unless the officer chooses others."""
        return {
            cls.SECTOR_MEETING: ["P3.A2.T1.S1"],
            cls.NGO_TRAINING: ["P3.A2.T2.S1"],
            cls.ACCOUNTING_INFO: ["P2.A2.T2.S1"],
            cls.EQUALITY_TRAINING: ["P2.A2.T2.S2"],
            cls.LOCAL_EVENT: ["P3.A2.T3.S1"],
            cls.OTHER: [],
        }


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "cancelled")


class EventAudience(models.TextChoices):
    SIGNED_IN = "signed_in", _("anyone signed in")
    NGO_REPRESENTATIVES = "ngo_representatives", _("NGO representatives only")


class EventAttendance(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")


class Event(MunicipalScoped):
    """A meeting, training or local event the municipality organizes, with registration, a capacity and a
    waiting list, attendance recorded afterwards and materials. A draft is seen by the municipality's officers
    alone; a published or cancelled event is public."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    standards = models.ManyToManyField(
        Standard, blank=True, related_name="events", verbose_name=_("minimal standards of the Model it serves"),
    )
    description = models.TextField(_("description"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True,
                             help_text=_("The address and the room, e.g. “ul. Rynek Staromiejski 6-7, room 12”."))
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    capacity = models.PositiveIntegerField(
        _("number of places"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. When every place is taken, people join a waiting list."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Leave empty to open it on publication."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Leave empty to close it when the event starts."),
    )
    audience = models.CharField(_("who may register"), max_length=20, choices=EventAudience.choices,
                                default=EventAudience.SIGNED_IN)
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    sign_language_on_request = models.BooleanField(_("Polish sign language interpreter on request"), default=False)
    accessibility_notes = models.TextField(
        _("other accessibility information"), blank=True,
        help_text=_("E.g. parking for people with disabilities, materials in large print, how to ask for help."),
    )
    contact_person = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    registrants_notified_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start",
                                   violation_error_message=_("The event must end after it starts.")),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                                   name="event_capacity_positive",
                                   violation_error_message=_("An event has at least one place, or no limit.")),
        ]
        indexes = [models.Index(fields=["municipality", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cooperation:event_detail", kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk})

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if not self.place.strip() and not self.online_url:
            errors["place"] = _("Give the place or the link to the online meeting.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if self.registration_opens_at and self.registration_closes_at \
                and self.registration_closes_at <= self.registration_opens_at:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if self.registration_closes_at and self.ends_at and self.registration_closes_at > self.ends_at:
            errors["registration_closes_at"] = _("Registration must close by the end of the event.")
        if errors:
            raise ValidationError(errors)

    @property
    def registration_opens(self):
        """When registration opens: the set moment, or publication."""
        return self.registration_opens_at or self.published_at

    @property
    def registration_closes(self):
        """When registration closes: the set moment, or the start of the event."""
        return self.registration_closes_at or self.starts_at

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()


class EventRegistration(models.Model):
    """A person's place at an event, on their own or on behalf of an NGO they belong to; `waitlisted` while
    every place is taken (promoted in order when a place frees up). Cancelling keeps the row, stamped."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("on behalf of"))
    needs = models.TextField(
        _("accessibility needs"), blank=True,
        help_text=_("E.g. a sign language interpreter, an induction loop, step-free access, large print. Only the "
                    "organizers see it."),
    )
    waitlisted = models.BooleanField(_("on the waiting list"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    promotion_notified_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(_("attendance"), max_length=10, choices=EventAttendance.choices, blank=True)

    objects = ScopedManager(municipality="event__municipality")

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], condition=Q(cancelled_at__isnull=True),
                                    name="event_registration_one_active"),
        ]
        indexes = [models.Index(fields=["event", "cancelled_at", "waitlisted"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class EventMaterial(models.Model):
    """A presentation, handout or recording of an event: a document checked by its content, or a link.
    Public when flagged; otherwise for the registrants and the officers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="events/%Y/", storage=private_storage, blank=True)
    kind = models.CharField(max_length=10, blank=True)
    url = models.URLField(_("link"), blank=True)
    is_public = models.BooleanField(_("public"), default=False,
                                    help_text=_("Anyone may read it; otherwise only the registrants."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = ScopedManager(municipality="event__municipality")

    class Meta:
        verbose_name = _("event material")
        verbose_name_plural = _("event materials")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.file and self.url:
            raise ValidationError({"file": _("Upload a file or give a link, not both.")})
        if not self.file and not self.url:
            raise ValidationError({"file": _("Upload a file or give a link.")})
