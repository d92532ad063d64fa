from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperation.enums import RenderStatus  # noqa: F401 - re-exported: one status for every rendered document


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("preparation")
    OPEN = "open", _("survey open")
    CLOSED = "closed", _("survey closed, assessment meeting")
    PUBLISHED = "published", _("note published")


class Aggregation(models.TextChoices):
    """How the overall index is computed from the assessed areas (model-and-lijw.md section 2.5)."""

    MEAN_OF_AREAS = "areas", _("mean of the areas")
    MEAN_OF_PLANES = "planes", _("mean of the planes")


class Sector(models.TextChoices):
    JST = "jst", _("local government")
    NGO = "ngo", _("non-governmental organizations")


class RespondentGroup(models.TextChoices):
    """Who answered. The questionnaire has an NGO version and a JST version sharing the rated statements."""

    NGO = "ngo", _("NGO representative")
    JST = "jst", _("local government (staff, councillors, council members)")


class JstRole(models.TextChoices):
    STAFF = "staff", _("municipal staff")
    EXECUTIVE = "executive", _("mayor or board member")
    COUNCILLOR = "councillor", _("councillor")
    COUNCIL_MEMBER = "council_member", _("member of the public benefit council")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("statement rated 1-5")
    YES_NO = "yes_no", _("yes or no")
    OPEN = "open", _("open answer")


class Channel(models.TextChoices):
    PERSONAL = "personal", _("personal link")
    OPEN = "open", _("open link")
    PAPER = "paper", _("paper, typed in by the officer")


class ChecklistAnswer(models.TextChoices):
    YES = "yes", _("yes")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")
    NOT_APPLICABLE = "n_a", _("not applicable")


class RecommendationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_DONE = "not_done", _("not done")
