"""Models of the local initiative (imported by grants/models.py, so their app label is `grants`).

The council's resolution sets the mode and the criteria (InitiativeRules, InitiativeCriterion); residents apply
directly or through an organization (InitiativeApplication); the officer scores each criterion
(InitiativeScore), the executive decides, and an agreement (InitiativeAgreement) sets each side's contributions.
The municipality never transfers money to the applicants: its share is what it buys or lends.

Money is Decimal PLN. Rows (schedule, in-kind items, the municipality's share) are JSON lists whose amounts are
strings, read back as Decimal (`rows_total`); the totals used in lists and year figures are stored columns
that the services recompute on every write.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.documents import RenderedPdf
from cooperation.models import MunicipalScoped, Organization

from .enums import ApplicantKind, InitiativeScope, InitiativeStatus

__all__ = ["InitiativeRules", "InitiativeCriterion", "InitiativeApplication", "InitiativeScore",
           "InitiativeAgreement"]

ZERO = Decimal("0.00")
SCORE_MAX = 10  # each criterion is scored 0..10; the weighted score is points × weight


def pln(verbose_name, **options):
    options.setdefault("validators", [MinValueValidator(ZERO)])
    options.setdefault("default", ZERO)
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **options)


def decimal_or_zero(value) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else ZERO
    except (InvalidOperation, ValueError):
        return ZERO


def rows_total(rows, key: str = "value") -> Decimal:
    return sum((decimal_or_zero(row.get(key)) for row in rows or []), ZERO)


class InitiativeRules(MunicipalScoped):
    """The council's resolution on the mode and the detailed criteria of assessing applications (art. 19c
    ust. 1), and the value of one hour of the residents' social work used to value their contribution."""

    resolution_number = models.CharField(_("resolution number"), max_length=100)
    resolution_date = models.DateField(_("resolution date"))
    resolution_url = models.URLField(_("link to the resolution"), blank=True)
    mode = models.TextField(_("the mode of applying and assessing"), blank=True,
                            help_text=_("In short, as the resolution says: where and how to apply, who assesses."))
    hour_value = pln(_("value of one hour of social work (zł)"), default=Decimal("30.00"),
                     validators=[MinValueValidator(Decimal("0.01"))])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("local initiative rules")
        verbose_name_plural = _("local initiative rules")
        constraints = [models.UniqueConstraint(fields=["municipality"], name="initiative_rules_one_per_municipality")]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.resolution_number}"


class InitiativeCriterion(models.Model):
    """One criterion of the resolution. Its weight multiplies the officer's 0..10 points."""

    rules = models.ForeignKey(InitiativeRules, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    is_social_work = models.BooleanField(_("the residents' social work"), default=False)

    objects = ScopedManager(municipality="rules__municipality")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        constraints = [
            models.UniqueConstraint(fields=["rules"], condition=Q(is_social_work=True),
                                    name="initiative_one_social_work_criterion"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="initiative_criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class InitiativeApplication(MunicipalScoped):
    """An application for a local initiative (art. 19b), from residents or through an organization."""

    number = models.CharField(_("number"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=InitiativeStatus.choices,
                              default=InitiativeStatus.DRAFT)
    applicant_kind = models.CharField(_("who applies"), max_length=12, choices=ApplicantKind.choices,
                                      default=ApplicantKind.RESIDENTS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="initiative_applications")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="initiative_applications", verbose_name=_("organization"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    residents_count = models.PositiveIntegerField(_("number of residents involved"), default=1,
                                                  validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=300)
    scope = models.CharField(_("scope (art. 19b)"), max_length=20, choices=InitiativeScope.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place in the municipality"), max_length=300, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    schedule = models.JSONField(_("schedule"), default=list, blank=True)
    social_work_people = models.PositiveIntegerField(_("people doing social work"), default=0)
    social_work_hours = models.DecimalField(_("hours of social work"), max_digits=8, decimal_places=1,
                                            default=Decimal("0.0"), validators=[MinValueValidator(Decimal("0"))])
    social_work_description = models.TextField(_("what work the residents do"), blank=True)
    hour_value = pln(_("value of one hour of social work (zł)"))
    social_work_value = pln(_("value of the social work"))
    money_contribution = pln(_("money from the residents (zł)"))
    in_kind = models.JSONField(_("contribution in kind"), default=list, blank=True)
    in_kind_total = pln(_("contribution in kind, in total"))
    municipal_items = models.JSONField(_("what the municipality should buy or lend"), default=list, blank=True)
    municipal_total = pln(_("the municipality's contribution, estimated"))
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField(_("what to complete"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    need_justification = models.TextField(_("purposefulness for local needs"), blank=True)
    score_total = models.DecimalField(_("weighted score"), max_digits=8, decimal_places=2, null=True, blank=True)
    score_max = models.DecimalField(_("highest possible score"), max_digits=8, decimal_places=2, null=True, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    actual_hours = models.DecimalField(_("hours of social work actually done"), max_digits=8, decimal_places=1,
                                       null=True, blank=True, validators=[MinValueValidator(Decimal("0"))])
    actual_money = pln(_("money actually contributed (zł)"), null=True, blank=True, default=None)
    actual_in_kind = pln(_("in kind actually contributed (zł)"), null=True, blank=True, default=None)
    actual_municipal = pln(_("the municipality actually spent (zł)"), null=True, blank=True, default=None)
    result = models.TextField(_("the result"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("local initiative application")
        verbose_name_plural = _("local initiative applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="initiative_app_status_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                                   name="initiative_app_end_after_start"),
            models.CheckConstraint(
                condition=Q(applicant_kind="residents") | Q(organization__isnull=False),
                name="initiative_app_organization_given"),
        ]

    def __str__(self) -> str:
        return self.title or str(_("(untitled)"))

    @property
    def residents_total(self) -> Decimal:
        """The residents' contribution in PLN: social work valued at the rate, money and in kind."""
        return self.social_work_value + self.money_contribution + self.in_kind_total

    @property
    def actual_social_work_value(self) -> Decimal | None:
        if self.actual_hours is None:
            return None
        return (self.actual_hours * self.hour_value).quantize(Decimal("0.01"))

    @property
    def applicant_public_name(self) -> str:
        """What the public pages show: the organization, or only how many residents (no private data)."""
        if self.organization_id:
            return self.organization.name
        return str(_("A group of residents (%(count)d)") % {"count": self.residents_count})


class InitiativeScore(models.Model):
    """The officer's points on one criterion. The criterion's name and weight are copied, so the assessment
    stays as it was made when the council changes the rules later."""

    application = models.ForeignKey(InitiativeApplication, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(InitiativeCriterion, on_delete=models.SET_NULL, null=True, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=200)
    is_social_work = models.BooleanField(default=False)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    points = models.PositiveSmallIntegerField(_("points"), validators=[MaxValueValidator(SCORE_MAX)])
    weighted = models.DecimalField(_("weighted points"), max_digits=8, decimal_places=2)

    objects = ScopedManager(municipality="application__municipality")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(points__lte=SCORE_MAX), name="initiative_score_points_max")]

    def __str__(self) -> str:
        return f"{self.name}: {self.points}"


class InitiativeAgreement(MunicipalScoped, RenderedPdf):
    """The agreement on carrying out a local initiative (umowa o wykonanie inicjatywy lokalnej): a fixed term,
    each side's contributions, the schedule. Prepared after acceptance; signed once."""

    application = models.OneToOneField(InitiativeApplication, on_delete=models.CASCADE, related_name="agreement")
    number = models.CharField(_("agreement number"), max_length=60)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    municipality_represented_by = models.CharField(_("the municipality is represented by"), max_length=300, blank=True)
    applicant_represented_by = models.CharField(_("the applicants are represented by"), max_length=300, blank=True)
    social_work_hours = models.DecimalField(_("hours of social work"), max_digits=8, decimal_places=1,
                                            default=Decimal("0.0"), validators=[MinValueValidator(Decimal("0"))])
    social_work_description = models.TextField(_("what work the residents do"), blank=True)
    hour_value = pln(_("value of one hour of social work (zł)"))
    social_work_value = pln(_("value of the social work"))
    money_contribution = pln(_("money from the residents (zł)"))
    in_kind = models.JSONField(_("contribution in kind"), default=list, blank=True)
    in_kind_total = pln(_("contribution in kind, in total"))
    municipal_items = models.JSONField(_("what the municipality buys or lends"), default=list, blank=True)
    municipal_total = pln(_("the municipality's contribution"))
    schedule = models.JSONField(_("schedule"), default=list, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("local initiative agreement")
        verbose_name_plural = _("local initiative agreements")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="initiative_agreement_end_after_start"),
            models.UniqueConstraint(fields=["municipality", "number"], name="initiative_agreement_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.application.title}"

    @property
    def residents_total(self) -> Decimal:
        return self.social_work_value + self.money_contribution + self.in_kind_total

    def render_pdf(self) -> tuple[str, str, bytes]:
        from .pdf import render_agreement

        return render_agreement(self)
