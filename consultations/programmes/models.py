"""Models of programmes (imported by consultations/models.py, so their app label is `consultations`).

The cooperation programme (program współpracy, art. 5a of the act; legal.md section 5) with the contents of
art. 5a ust. 4 as sections, its priority public tasks and evaluation indicators, and its annual implementation
report (art. 5a ust. 3), prefilled from the portal's figures (cooperation.features.year_figures)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.documents import RenderedPdf
from cooperation.models import MunicipalScoped, Sphere

from .enums import ProgrammeKind, ProgrammeReportStatus, ProgrammeStatus

__all__ = ["SECTIONS", "Programme", "ProgrammeIndicator", "ProgrammeReport", "ProgrammeSection", "PriorityTask"]

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ProgrammeSection:
    key: str  # the URL's and the form's name of the section; also the model field for text sections
    number: str  # art. 5a ust. 4 pkt …; empty for the Model's optional clauses
    title: str
    help: str = ""
    statutory: bool = True  # required by art. 5a ust. 4 for an annual programme


SECTIONS: tuple[ProgrammeSection, ...] = (
    ProgrammeSection("goals", "1", _("Main and specific goals"),
                     _("The programme's main goal and its specific goals.")),
    ProgrammeSection("principles", "2", _("Principles of cooperation"),
                     _("Subsidiarity, sovereignty of the parties, partnership, efficiency, fair competition and "
                       "transparency (art. 5 ust. 3 of the act).")),
    ProgrammeSection("scope", "3", _("Subject scope")),
    ProgrammeSection("forms", "4", _("Forms of cooperation"),
                     _("The financial and non-financial forms of art. 5 ust. 2 of the act.")),
    ProgrammeSection("tasks", "5", _("Priority public tasks"),
                     _("The spheres of public tasks the municipality will commission first, with planned amounts.")),
    ProgrammeSection("period", "6", _("Period of implementation")),
    ProgrammeSection("implementation", "7", _("Manner of implementation")),
    ProgrammeSection("funds", "8", _("Funds planned for the programme")),
    ProgrammeSection("evaluation", "9", _("Evaluation of the programme"),
                     _("When and how the programme is evaluated, with quantitative and qualitative indicators.")),
    ProgrammeSection("creation", "10", _("How the programme was created and how the consultation went"),
                     _("Filled in from the consultation and the council's opinion when the programme is adopted; "
                       "add anything else here.")),
    ProgrammeSection("committees", "11", _("Appointment and rules of the open call committees")),
    ProgrammeSection("officer_competences", "", _("Competences of the NGO officer"),
                     _("The NGO officer's competences, including looking after the principles of cooperation, "
                       "kept apart from commissioning and controlling tasks (Model P3.A1.T1)."), statutory=False),
    ProgrammeSection("support_centre", "", _("Support centre for NGOs and civic initiatives"),
                     _("Commissioning a centre giving institutional, training and advisory, animation, information "
                       "and promotion, financial and premises support (Model P3.A1.T2)."), statutory=False),
    ProgrammeSection("local_events", "", _("NGOs at local events"),
                     _("How NGOs take part in and co-organise the municipality's local events (Model P3.A2.T3)."),
                     statutory=False),
)
TEXT_SECTIONS = tuple(s.key for s in SECTIONS if s.key not in ("tasks", "funds"))


def money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2,
                               validators=[MinValueValidator(ZERO)], **kwargs)


class Programme(MunicipalScoped, RenderedPdf):
    """An annual or multi-year cooperation programme. Officers write it section by section, send it to a
    public consultation and to the public benefit council, record the council resolution that adopts it and
    publish it (a page and a PDF). A draft is seen by the municipality's officers alone."""

    kind = models.CharField(_("kind"), max_length=12, choices=ProgrammeKind.choices, default=ProgrammeKind.ANNUAL)
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=[MinValueValidator(2000)])
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=[MinValueValidator(2000)])
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=ProgrammeStatus.choices,
                              default=ProgrammeStatus.DRAFT)
    # Art. 5a ust. 4 (sections 5 and 9 also have rows: PriorityTask, ProgrammeIndicator).
    goals = models.TextField(_("main and specific goals"), blank=True)
    principles = models.TextField(_("principles of cooperation"), blank=True)
    scope = models.TextField(_("subject scope"), blank=True)
    forms = models.TextField(_("forms of cooperation"), blank=True)
    tasks = models.TextField(_("priority public tasks: introduction"), blank=True)
    period = models.TextField(_("period of implementation"), blank=True)
    implementation = models.TextField(_("manner of implementation"), blank=True)
    planned_funds = money(_("funds planned (PLN)"), null=True, blank=True)
    funds = models.TextField(_("funds planned: explanation"), blank=True)
    evaluation = models.TextField(_("evaluation of the programme"), blank=True)
    creation = models.TextField(_("how the programme was created"), blank=True)
    committees = models.TextField(_("open call committees"), blank=True)
    # The Model's clauses (P3.A1.T1, P3.A1.T2, P3.A2.T3), optional.
    officer_competences = models.TextField(_("competences of the NGO officer"), blank=True)
    support_centre = models.TextField(_("support centre"), blank=True)
    local_events = models.TextField(_("NGOs at local events"), blank=True)
    # Filled in by the services.
    consultation = models.ForeignKey("consultations.Consultation", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="programmes", verbose_name=_("consultation"))
    opinion_request = models.ForeignKey("consultations.OpinionRequest", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="programmes",
                                        verbose_name=_("request for the council's opinion"))
    consultation_course = models.TextField(_("the consultation and the council's opinion"), blank=True,
                                           help_text="Written from the consultation and the opinion at adoption.")
    resolution_number = models.CharField(_("resolution (number)"), max_length=200, blank=True)
    resolution_date = models.DateField(_("date of the resolution"), null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cooperation programme")
        verbose_name_plural = _("cooperation programmes")
        ordering = ["-first_year", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="programme_years_order"),
            models.CheckConstraint(condition=~Q(kind=ProgrammeKind.ANNUAL) | Q(last_year=models.F("first_year")),
                                   name="programme_annual_one_year"),
        ]
        indexes = [models.Index(fields=["municipality", "status", "-first_year"])]

    def __str__(self) -> str:
        return self.title

    def render_pdf(self) -> tuple[str, str, bytes]:
        from .pdf import render_programme

        return render_programme(self)

    @property
    def years_label(self) -> str:
        return str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}–{self.last_year}"

    @property
    def adoption_due(self) -> date:
        """Art. 5a ust. 1: adopted by 30 November of the year before the programme's period."""
        return date(self.first_year - 1, 11, 30)

    @property
    def adopted_late(self) -> bool:
        """An annual programme whose resolution is dated after 30 November of the previous year."""
        return (self.kind == ProgrammeKind.ANNUAL and self.resolution_date is not None
                and self.resolution_date > self.adoption_due)

    @property
    def is_public(self) -> bool:
        return self.status == ProgrammeStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in (ProgrammeStatus.DRAFT, ProgrammeStatus.IN_CONSULTATION)

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


class PriorityTask(models.Model):
    """Art. 5a ust. 4 pkt 5: a priority public task in a sphere of art. 4 ust. 1, with a planned amount."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="priority_tasks")
    sphere = models.ForeignKey(Sphere, on_delete=models.PROTECT, related_name="+", verbose_name=_("sphere"))
    description = models.TextField(_("task"))
    planned_amount = money(_("planned amount (PLN)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(municipality="programme__municipality")

    class Meta:
        verbose_name = _("priority public task")
        verbose_name_plural = _("priority public tasks")
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class ProgrammeIndicator(models.Model):
    """Art. 5a ust. 4 pkt 9 and Model P1.A6.T1: an indicator the programme is evaluated by."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    target = models.CharField(_("target value"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(municipality="programme__municipality")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProgrammeReport(MunicipalScoped, RenderedPdf):
    """The report on a year's implementation of the programme (art. 5a ust. 3: submitted to the council and
    published by 31 May of the next year). `figures` is a snapshot of what the portal recorded that year,
    taken when the report is created (refreshed on request while a draft). Published revisions never change:
    a correction is a new revision with a note; earlier ones and their PDFs stay."""

    programme = models.ForeignKey(Programme, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="reports", verbose_name=_("programme"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(_("status"), max_length=10, choices=ProgrammeReportStatus.choices,
                              default=ProgrammeReportStatus.DRAFT)
    figures = models.JSONField(default=list, blank=True)
    figures_taken_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    indicator_values = models.JSONField(default=list, blank=True,
                                        help_text="[{name, unit, target, value}] against the programme's indicators.")
    conclusions = models.TextField(_("conclusions"), blank=True)
    correction_note = models.CharField(_("what was corrected"), max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("programme implementation report")
        verbose_name_plural = _("programme implementation reports")
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "number"], name="programme_report_number_unique"),
            models.UniqueConstraint(fields=["municipality", "year"], condition=Q(status="draft"),
                                    name="programme_report_one_draft"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} #{self.number}"

    def render_pdf(self) -> tuple[str, str, bytes]:
        from .pdf import render_report

        return render_report(self)

    @property
    def is_published(self) -> bool:
        return self.status == ProgrammeReportStatus.PUBLISHED

    @property
    def due_on(self) -> date:
        """Art. 5a ust. 3: by 31 May of the following year."""
        return date(self.year + 1, 5, 31)
