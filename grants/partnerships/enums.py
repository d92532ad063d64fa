"""Choices of partnerships (P2.A3, P3.A3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnershipKind(models.TextChoices):
    PROJECT = "project", _("project partnership")
    LOCAL = "local", _("local partnership")


class PartnershipStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


class PartnerKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    NGO = "ngo", _("non-governmental organization")
    BUSINESS = "business", _("business")
    PUBLIC_INSTITUTION = "public_institution", _("public institution")
    OTHER = "other", _("other")


class PartnerRole(models.TextChoices):
    LEADER = "leader", _("leader")
    PARTNER = "partner", _("partner")


class Appointment(models.TextChoices):
    """How a representative got the seat: the municipality's by the executive's order, the NGOs' chosen by the
    NGOs themselves, anyone else's designated by the partner."""

    EXECUTIVE_ORDER = "executive_order", _("appointed by the executive's order")
    NGO_SELECTION = "ngo_selection", _("selected by the NGOs")
    DESIGNATION = "designation", _("designated by the partner")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
