"""Plane II, area P2.A1: open calls for offers and small grants (art. 11-19a of the public benefit act).

An offer's content follows the 2018 offer template (legal.md section 2.1). The NGO edits it as a draft
(`Offer.draft`, a JSON document whose shape and arithmetic live in grants/offer_content.py); submitting freezes
it into an `OfferVersion`, which is never changed again. A correction the officer asks for, or the budget
updated after a lower grant, makes a new version. The summary columns on `Offer` (title, dates, amounts)
are copied from the latest version so lists, rankings and caps are computed in the database.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.documents import RenderedPdf
from cooperation.models import Municipality, MunicipalScoped, Organization, Sphere, private_storage

from .enums import (
    CallStatus,
    CommitteeRole,
    ContractStatus,
    ExclusionReason,
    OfferKind,
    OfferStatus,
    ReportKind,
    ReportStatus,
    StatutoryCriterion,
    TaskForm,
    VersionReason,
)

ZERO = Decimal("0.00")
CALL_SCOPE = {"municipality": "call__municipality"}
OFFER_SCOPE = {"municipality": "offer__municipality"}


def money(verbose_name, **options):
    """An amount in PLN, exact to the grosz."""
    options.setdefault("validators", [MinValueValidator(ZERO)])
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **options)


def percent(verbose_name, **options):
    options.setdefault("validators", [MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))])
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, **options)


class GrantRules(models.Model):
    """Values the law fixes today but that were marked unverified (legal.md [UNV]) or that a municipality sets
    itself: settings per municipality with the statutory defaults, never constants in code."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="grant_rules")
    min_offer_days = models.PositiveSmallIntegerField(
        _("days between the last announcement and the offer deadline"), default=21, validators=[MinValueValidator(1)])
    report_days = models.PositiveSmallIntegerField(_("final report due (days after the task ends)"), default=30)
    small_grant_max_amount = money(_("small grant: largest amount"), default=Decimal("10000.00"))
    small_grant_max_days = models.PositiveSmallIntegerField(_("small grant: longest task (days)"), default=90)
    small_grant_publish_working_days = models.PositiveSmallIntegerField(
        _("small grant: publish within (working days)"), default=7)
    small_grant_comment_days = models.PositiveSmallIntegerField(_("small grant: days for comments"), default=7)
    small_grant_yearly_cap = money(_("small grants to one organization in a year: at most"),
                                   default=Decimal("20000.00"))
    small_grant_share_cap = percent(_("small grants: share of the year's planned grants, at most (%)"),
                                    default=Decimal("20.00"))

    objects = ScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("grant rules")
        verbose_name_plural = _("grant rules")

    def __str__(self) -> str:
        return str(self.municipality)


class GrantBudget(MunicipalScoped):
    """Grants for public tasks by NGOs planned in the municipality's budget for a year (art. 19a ust. 7 cap)."""

    year = models.PositiveSmallIntegerField(_("year"))
    planned_grants = money(_("grants to organizations planned in the budget"))

    class Meta:
        verbose_name = _("planned grants of a year")
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="grant_budget_year_unique")]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class Call(MunicipalScoped):
    """An open call for offers (otwarty konkurs ofert) with the contents art. 13 ust. 2 requires."""

    number = models.CharField(_("number"), max_length=40, blank=True, help_text=_("For example 3/2027."))
    title = models.CharField(_("title"), max_length=300)
    task_type = models.TextField(_("type of public task"))
    spheres = models.ManyToManyField(Sphere, verbose_name=_("spheres of public tasks"), related_name="calls")
    form = models.CharField(_("form of commissioning"), max_length=12, choices=TaskForm.choices)
    total_funds = money(_("public funds for the call"))
    min_grant = money(_("smallest grant"), null=True, blank=True)
    max_grant = money(_("largest grant"), null=True, blank=True)
    min_own_financial_percent = percent(_("own financial contribution, at least (percent of all costs)"), default=ZERO)
    min_own_total_percent = percent(_("own contribution in total, at least (percent of all costs)"), default=ZERO)
    admin_costs_cap_percent = percent(_("administrative costs, at most (percent of all costs)"), null=True, blank=True)
    task_start_earliest = models.DateField(_("tasks start no earlier than"))
    task_end_latest = models.DateField(_("tasks end no later than"))
    grant_rules_text = models.TextField(_("rules for awarding grants"), blank=True)
    task_conditions_text = models.TextField(_("dates and conditions of carrying out the task"), blank=True)
    selection_text = models.TextField(_("procedure and criteria of choosing offers"), blank=True)
    deadline = models.DateTimeField(_("offers accepted until"))
    selection_by = models.DateField(_("offers will be chosen by"))
    published_bip_on = models.DateField(_("announced in the Public Information Bulletin (BIP) on"), null=True,
                                        blank=True)
    published_board_on = models.DateField(_("announced on the notice board on"), null=True, blank=True)
    published_website_on = models.DateField(_("announced on the website on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CallStatus.choices, default=CallStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    decision_reference = models.CharField(_("executive's decision (number and date)"), max_length=300, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    results_bip_on = models.DateField(_("results in the BIP on"), null=True, blank=True)
    results_board_on = models.DateField(_("results on the notice board on"), null=True, blank=True)
    results_website_on = models.DateField(_("results on the website on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_notice = models.TextField(_("cancellation notice"), blank=True)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")
        ordering = ["-deadline", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(task_end_latest__gte=models.F("task_start_earliest")),
                                   name="call_task_dates_order"),
            models.CheckConstraint(
                condition=Q(min_grant__isnull=True) | Q(max_grant__isnull=True) | Q(max_grant__gte=models.F("min_grant")),
                name="call_grant_limits_order"),
        ]
        indexes = [models.Index(fields=["municipality", "status", "-deadline"])]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """A selection criterion with its maximum points. The statutory ones (art. 15 ust. 1) are always there;
    a call may add its own, tied to a priority of the cooperation programme."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    statutory = models.CharField(max_length=12, choices=StatutoryCriterion.choices, blank=True)
    name = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("what earns points"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), validators=[MinValueValidator(1)])
    programme_priority = models.CharField(_("priority of the cooperation programme"), max_length=300, blank=True)

    objects = ScopedManager(**CALL_SCOPE)

    class Meta:
        ordering = ["call", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "statutory"], condition=~Q(statutory=""),
                                    name="criterion_statutory_once"),
        ]

    def __str__(self) -> str:
        return self.name


class FormalRequirement(models.Model):
    """One line of the call's formal checklist."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="formal_requirements")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("requirement"), max_length=500)

    objects = ScopedManager(**CALL_SCOPE)

    class Meta:
        ordering = ["call", "order", "id"]

    def __str__(self) -> str:
        return self.text


class RequiredAttachment(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_attachments")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("attachment"), max_length=300)
    mandatory = models.BooleanField(_("mandatory"), default=True)

    objects = ScopedManager(**CALL_SCOPE)

    class Meta:
        ordering = ["call", "order", "id"]

    def __str__(self) -> str:
        return self.name


class PreviousTask(models.Model):
    """Tasks of the same kind the municipality carried out in the announcement year and the year before,
    with their cost and the grants given to organizations (art. 13 ust. 2 pkt 7)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="previous_tasks")
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("task"), max_length=300)
    amount = money(_("amount"))
    organization_name = models.CharField(_("carried out by"), max_length=300, blank=True)

    objects = ScopedManager(**CALL_SCOPE)

    class Meta:
        ordering = ["call", "-year", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class Offer(MunicipalScoped):
    """An organization's offer in a call, or a small grant offer outside a call (art. 19a: `call` is empty)."""

    kind = models.CharField(max_length=6, choices=OfferKind.choices, default=OfferKind.OPEN_CALL)
    call = models.ForeignKey(Call, on_delete=models.PROTECT, null=True, blank=True, related_name="offers")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="offers",
                                     verbose_name=_("organization"))
    status = models.CharField(_("status"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    number = models.CharField(_("submission number"), max_length=40, blank=True)
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Copied from the latest version (grants.offer_content.summary) for lists, rankings and caps.
    title = models.CharField(_("title of the task"), max_length=300, blank=True)
    task_start = models.DateField(_("task starts"), null=True, blank=True)
    task_end = models.DateField(_("task ends"), null=True, blank=True)
    total_cost = money(_("all costs"), default=ZERO)
    requested_grant = money(_("grant requested"), default=ZERO)
    own_financial = money(_("own financial contribution"), default=ZERO)
    own_non_financial = money(_("own non-financial contribution"), default=ZERO)
    beneficiary_fees = money(_("fees from beneficiaries"), default=ZERO)
    # Formal check and correction.
    correction_note = models.TextField(_("what to correct"), blank=True)
    correction_due = models.DateTimeField(_("correct by"), null=True, blank=True)
    formal_note = models.TextField(_("result of the formal check"), blank=True)
    # Evaluation and decision.
    proposed_amount = money(_("amount proposed"), null=True, blank=True)
    awarded_amount = money(_("grant awarded"), null=True, blank=True)
    decision_note = models.TextField(_("justification"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Small grants (art. 19a): publication for comments, on the portal (published_at) and, as art. 19a ust. 3
    # requires too, in the BIP and on the notice board (dates recorded by the officer).
    published_at = models.DateTimeField(null=True, blank=True)
    comments_until = models.DateTimeField(null=True, blank=True)
    published_bip_on = models.DateField(_("published in the Public Information Bulletin (BIP) on"), null=True,
                                        blank=True)
    published_board_on = models.DateField(_("published on the notice board on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], condition=~Q(number=""),
                                    name="offer_number_unique"),
            models.CheckConstraint(
                condition=(Q(kind=OfferKind.OPEN_CALL, call__isnull=False) | Q(kind=OfferKind.SMALL_GRANT, call__isnull=True)),
                name="offer_kind_matches_call"),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["municipality", "kind", "status"]),
        ]

    def __str__(self) -> str:
        return self.title or self.number or f"#{self.pk}"


class OfferVersion(RenderedPdf):
    """A frozen copy of the offer's content: never edited. Its PDF is the official offer."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=12, choices=VersionReason.choices)
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = ScopedManager(**OFFER_SCOPE)

    class Meta:
        ordering = ["offer", "number"]
        constraints = [models.UniqueConstraint(fields=["offer", "number"], name="offer_version_unique")]

    def __str__(self) -> str:
        return f"{self.offer} v{self.number}"

    def render_pdf(self) -> tuple[str, str, bytes]:
        from .pdf import render_offer

        return render_offer(self)


class OfferAttachment(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="attachments")
    requirement = models.ForeignKey(RequiredAttachment, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(upload_to="offers/%Y/", storage=private_storage)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    objects = ScopedManager(**OFFER_SCOPE)

    class Meta:
        ordering = ["offer", "id"]

    def __str__(self) -> str:
        return self.title


class FormalCheckResult(models.Model):
    """The officer's answer to one line of the call's formal checklist for one offer."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="formal_results")
    requirement = models.ForeignKey(FormalRequirement, on_delete=models.CASCADE, related_name="results")
    met = models.BooleanField(_("met"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    checked_at = models.DateTimeField(auto_now=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = ScopedManager(**OFFER_SCOPE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["offer", "requirement"], name="formal_result_unique")]

    def __str__(self) -> str:
        return f"{self.offer}: {self.requirement}"


class CommitteeMember(models.Model):
    """A member of the call's committee (art. 15 ust. 2a-2f). Experts advise and do not vote."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_seats")
    role = models.CharField(_("role"), max_length=10, choices=CommitteeRole.choices)
    nominated_by = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("nominated by"))
    is_chair = models.BooleanField(_("chairs the committee"), default=False)
    declaration_signed_at = models.DateTimeField(_("conflict-of-interest declaration signed"), null=True, blank=True)
    declaration_text = models.TextField(blank=True, help_text="The declaration as the member signed it.")
    appointed_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(**CALL_SCOPE)

    class Meta:
        ordering = ["call", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="committee_member_unique")]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def votes(self) -> bool:
        return self.role != CommitteeRole.EXPERT


class Exclusion(models.Model):
    """A member may not score this offer: found automatically (membership) or declared by the member."""

    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="exclusions")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="exclusions")
    reason = models.CharField(max_length=12, choices=ExclusionReason.choices)
    note = models.CharField(max_length=500, blank=True)

    objects = ScopedManager(**OFFER_SCOPE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "offer"], name="exclusion_unique")]

    def __str__(self) -> str:
        return f"{self.member} × {self.offer}"


class ScoreSheet(models.Model):
    """One member's scores of one offer; others' scores are shown to a member only after `submitted_at`."""

    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="sheets")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sheets")
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(**OFFER_SCOPE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "offer"], name="score_sheet_unique")]

    def __str__(self) -> str:
        return f"{self.member} × {self.offer}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, validators=[MinValueValidator(ZERO)])
    comment = models.TextField(_("justification"), blank=True)

    objects = ScopedManager(municipality="sheet__offer__municipality")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class SmallGrantComment(models.Model):
    """Anyone may comment on a published small grant offer for 7 days (art. 19a ust. 4)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="public_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    author_name = models.CharField(_("name"), max_length=200)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(**OFFER_SCOPE)

    class Meta:
        ordering = ["offer", "created_at"]

    def __str__(self) -> str:
        return self.author_name


class Contract(MunicipalScoped, RenderedPdf):
    """The contract (umowa o wsparcie / o powierzenie) generated from the framework template."""

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="contract")
    version = models.ForeignKey(OfferVersion, on_delete=models.PROTECT, related_name="+",
                                help_text="The offer version (with the updated budget) attached to the contract.")
    number = models.CharField(_("contract number"), max_length=60)
    status = models.CharField(_("status"), max_length=12, choices=ContractStatus.choices,
                              default=ContractStatus.DRAFT)
    grant_amount = money(_("grant"))
    task_start = models.DateField(_("task starts"))
    task_end = models.DateField(_("task ends"))
    bank_account = models.CharField(_("bank account (IBAN)"), max_length=34, blank=True)
    cost_shift_percent = percent(_("a cost line may grow by at most (%)"), default=Decimal("10.00"))
    municipality_represented_by = models.CharField(_("the municipality is represented by"), max_length=300,
                                                   blank=True)
    organization_represented_by = models.CharField(_("the organization is represented by"), max_length=300,
                                                   blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("contract")
        constraints = [models.UniqueConstraint(fields=["municipality", "number"], name="contract_number_unique")]

    def __str__(self) -> str:
        return self.number

    def render_pdf(self) -> tuple[str, str, bytes]:
        from .pdf import render_contract

        return render_contract(self)


class Tranche(models.Model):
    """A yearly (or other) instalment of a contract's grant."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="tranches")
    year = models.PositiveSmallIntegerField(_("budget year"))
    amount = money(_("amount"))
    due_on = models.DateField(_("paid by"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    objects = ScopedManager(municipality="contract__municipality")

    class Meta:
        ordering = ["contract", "due_on"]

    def __str__(self) -> str:
        return f"{self.contract} {self.year}"


class TaskReport(RenderedPdf):
    """A partial or final report (legal.md section 2.3): results against targets, costs planned against
    incurred. `content` is edited while a draft or returned; it freezes when submitted."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=8, choices=ReportKind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    content = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    officer_note = models.TextField(_("officer's note"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True,
                              help_text="Partial reports the officer asked for: at least 30 days after the request.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(municipality="contract__municipality")

    class Meta:
        ordering = ["contract", "period_end", "id"]

    def __str__(self) -> str:
        return f"{self.contract} {self.get_kind_display()}"

    def render_pdf(self) -> tuple[str, str, bytes]:
        from .pdf import render_report

        return render_report(self)



# Features of plane II kept in their own packages (issue #7); importing them here gives them this app's label.
from .bookings.models import *  # noqa: E402,F401,F403
from .initiatives.models import *  # noqa: E402,F401,F403
from .partnerships.models import *  # noqa: E402,F401,F403
