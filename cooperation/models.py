"""The shared core: people, municipalities (the tenant), organizations, the Model's reference data,
the standards tracker, accessibility declarations and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
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
