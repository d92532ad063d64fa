"""Kinds of municipal resources and the statuses of a booking request."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Room or building")
    EQUIPMENT = "equipment", _("Equipment")
    PUBLIC_SPACE = "public_space", _("Public space")
    OTHER = "other", _("Vehicle or other")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled by the organization")
    WITHDRAWN = "withdrawn", _("Withdrawn by the municipality")


# The states that hold (or may come to hold) the resource: shown as conflicts.
ACTIVE_STATUSES = (BookingStatus.REQUESTED, BookingStatus.APPROVED)

WEEKDAYS = [
    ("0", _("Monday")), ("1", _("Tuesday")), ("2", _("Wednesday")), ("3", _("Thursday")), ("4", _("Friday")),
    ("5", _("Saturday")), ("6", _("Sunday")),
]
