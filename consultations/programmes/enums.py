from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    """Art. 5a ust. 1 (annual) and ust. 2 (multi-year) of the act."""

    ANNUAL = "annual", _("annual")
    MULTI_YEAR = "multi_year", _("multi-year")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_CONSULTATION = "consultation", _("in consultation")
    ADOPTED = "adopted", _("adopted")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ProgrammeReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
