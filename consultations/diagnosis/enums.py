"""Choices of the local diagnosis: the Model's eight groups of indicators (P1.A1.T1.S1) and which way is better."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorGroup(models.TextChoices):
    """The groups the Model's minimal standard names, in its order."""

    LIVING_CONDITIONS = "living_conditions", _("Material living conditions")
    HOUSING = "housing", _("Housing")
    ECONOMY = "economy", _("Economic development and jobs")
    EDUCATION = "education", _("Education and culture")
    CIVIC = "civic", _("Civic activity")
    HEALTH = "health", _("Public health")
    ENVIRONMENT = "environment", _("Natural environment")
    INEQUALITIES = "inequalities", _("Social inequalities")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")
    NEUTRAL = "neutral", _("Neither higher nor lower is better")
