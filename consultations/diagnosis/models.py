"""Models of diagnosis (imported by consultations/models.py, so their app label is `consultations`).

An `Indicator` is one measure of the municipality's agreed set (P1.A1.T1.S1), in one of the eight groups; an
`IndicatorValue` is its value for one calendar year, always with the source it comes from."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.models import MunicipalScoped

from .enums import Direction, IndicatorGroup

__all__ = ["Indicator", "IndicatorValue"]

# The earliest year a value may be recorded for (GUS Local Data Bank series start in 1995).
FIRST_YEAR = 1990


class Indicator(MunicipalScoped):
    group = models.CharField(_("group"), max_length=30, choices=IndicatorGroup.choices)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60,
                            help_text=_("E.g. “percent”, “per 1000 residents”, “PLN”."))
    definition = models.TextField(_("definition"), blank=True,
                                  help_text=_("What is measured and how it is calculated."))
    direction = models.CharField(_("which way is better"), max_length=10, choices=Direction.choices,
                                 default=Direction.NEUTRAL)
    order = models.PositiveSmallIntegerField(_("order in the group"), default=100)
    is_published = models.BooleanField(_("published"), default=False)
    # The starter-set entry it was added from (services.STARTER_SET), so a second click adds no duplicate.
    starter_key = models.CharField(max_length=50, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["group", "order", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="diagnosis_indicator_name_unique"),
            models.UniqueConstraint(fields=["municipality", "starter_key"], condition=~models.Q(starter_key=""),
                                    name="diagnosis_indicator_starter_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indicator"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=15, decimal_places=3,
                                error_messages={"null": _("Enter the value.")})
    source = models.CharField(_("source"), max_length=300, help_text=_("E.g. “GUS BDL, tablica P2392”."),
                              error_messages={"blank": _("Name the source of the value.")})
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ScopedManager(municipality="indicator__municipality")

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="diagnosis_value_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value}"

    @property
    def value_text(self) -> str:
        """The value in the reader's number format, without trailing zeros: 4,7 (pl) or 4.7 (en)."""
        return number_format(Decimal(format(self.value.normalize(), "f")))

    def clean(self) -> None:
        super().clean()
        errors = {}
        this_year = timezone.localdate().year
        if self.year is not None and not FIRST_YEAR <= self.year <= this_year:
            errors["year"] = _("Enter a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": this_year}
        if errors:
            raise ValidationError(errors)
