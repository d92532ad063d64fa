"""Statuses and choices of information exchange (P1.A2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PostKind(models.TextChoices):
    NEWS = "news", _("news")
    EVENT = "event", _("event")


class PostStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    PUBLISHED = "published", _("published")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class NewsletterAudience(models.TextChoices):
    ALL = "all", _("all confirmed organizations")
    SPHERES = "spheres", _("organizations of the chosen spheres")


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", pgettext_lazy("newsletter status", "sent")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    POST = "post", _("post")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENT = "sent", pgettext_lazy("delivery status", "sent")
    FAILED = "failed", _("failed")
