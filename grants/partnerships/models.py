"""Models of partnerships (imported by grants/models.py, so their app label is `grants`).

A `Partnership` of the municipality is a project partnership (P2.A3.T1, e.g. for an EU project) or a local
partnership (P3.A3, e.g. a local action group). Its parties are `Partner`s (the municipality, NGOs — linked to
their portal record when they have one —, businesses, public institutions), each with `Representative`s; the
partnership plans and carries out `Action`s; the agreement sets the rules by which partners assess each
member's engagement every year (`EngagementAssessment`). A partnership is public once active (or ended);
a draft is the municipality's officers' alone."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.models import MunicipalScoped, Organization, private_storage

from .enums import ActionStatus, Appointment, PartnerKind, PartnerRole, PartnershipKind, PartnershipStatus

__all__ = ["Action", "EngagementAssessment", "Partner", "Partnership", "Representative"]

PARTNERSHIP_SCOPE = {"municipality": "partnership__municipality"}
PARTNER_SCOPE = {"municipality": "partner__partnership__municipality"}
PUBLISHED = (PartnershipStatus.ACTIVE, PartnershipStatus.ENDED)


class Partnership(MunicipalScoped):
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind.choices)
    name = models.CharField(_("name"), max_length=300)
    goals = models.TextField(_("goals"), blank=True)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("area"), max_length=300, blank=True,
                            help_text=_("Where the partnership works, e.g. the municipality or a group of villages."))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PartnershipStatus.choices,
                              default=PartnershipStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_file = models.FileField(_("agreement (PDF)"), upload_to="partnerships/%Y/", storage=private_storage,
                                      blank=True)
    assessment_rules = models.TextField(
        _("rules for assessing the partners' engagement"), blank=True,
        help_text=_("As the agreement sets them. Required before the first assessment."))
    results = models.TextField(_("results"), blank=True)
    results_updated_at = models.DateTimeField(_("results updated"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="partnership_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED


class Partner(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partners")
    kind = models.CharField(_("kind of partner"), max_length=30, choices=PartnerKind.choices)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="partnerships", verbose_name=_("organization on the portal"))
    name = models.CharField(_("name"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    website = models.URLField(_("page reporting the partnership"), blank=True,
                              help_text=_("The partner's web page that reports the partnership, its goals and results."))

    objects = ScopedManager(**PARTNERSHIP_SCOPE)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["partnership", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organization"], condition=Q(organization__isnull=False),
                                    name="partner_organization_once"),
            models.UniqueConstraint(fields=["partnership"], condition=Q(role="leader"), name="partner_one_leader"),
            models.CheckConstraint(condition=Q(organization__isnull=True) | Q(kind="ngo"),
                                   name="partner_organization_is_ngo"),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                                   name="partner_leaves_after_joining"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.organization_id:
            return self.organization.name
        return self.name


class Representative(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="representatives")
    full_name = models.CharField(_("name and surname"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    appointment = models.CharField(_("how appointed"), max_length=30, choices=Appointment.choices)
    order_number = models.CharField(_("number of the executive's order"), max_length=100, blank=True)
    selection_method = models.CharField(_("how the NGOs selected the representative"), max_length=300, blank=True,
                                        help_text=_("E.g. a vote at the NGOs' meeting of 12 March."))
    appointed_on = models.DateField(_("date of the order or selection"))
    starts_on = models.DateField(_("represents from"))
    ends_on = models.DateField(_("represents until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(**PARTNER_SCOPE)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["partner", "full_name", "id"]

    def __str__(self) -> str:
        return self.full_name


class Action(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"))
    responsible = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="actions",
                                    verbose_name=_("responsible partner"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(**PARTNERSHIP_SCOPE)

    class Meta:
        verbose_name = _("action of a partnership")
        verbose_name_plural = _("actions of partnerships")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.title


class EngagementAssessment(models.Model):
    """One assessor's score of one partner's engagement in one year, by the agreement's rules. The officer and
    the partnership's coordinator may each give one; the published summary is their average per partner."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.PositiveSmallIntegerField(_("score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    assessed_at = models.DateTimeField(_("assessed at"))

    objects = ScopedManager(**PARTNER_SCOPE)

    class Meta:
        verbose_name = _("engagement assessment")
        verbose_name_plural = _("engagement assessments")
        ordering = ["year", "partner", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="assessment_score_1_to_5"),
            models.UniqueConstraint(fields=["partner", "year", "assessed_by"], name="assessment_once_per_assessor"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.year}: {self.score}"
