from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    LOCAL_LAW = "local_law", _("draft local law act")
    STRATEGY = "strategy", _("strategy")
    PROGRAMME = "programme", _("programme")
    COOPERATION_PROGRAMME = "cooperation_programme", _("cooperation programme with NGOs")
    OTHER = "other", _("other")


class Addressees(models.TextChoices):
    NGOS = "ngos", _("NGOs and the public benefit council")
    RESIDENTS = "residents", _("residents")
    BOTH = "both", _("NGOs, the council and residents")


class ConsultationForm(models.TextChoices):
    ONLINE = "online", _("comments on the portal")
    WRITTEN = "written", _("comments by e-mail or post")
    OPEN_MEETING = "open_meeting", _("open meeting")
    FOCUS_GROUP = "focus_group", _("focus group")
    SURVEY = "survey", _("survey questions")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    REPORT_PUBLISHED = "report_published", _("report published")


class VersionKind(models.TextChoices):
    """The stages the Model asks to publish (P1.A3 T2): assumptions, analyses, drafts, the final version."""

    ASSUMPTIONS = "assumptions", _("assumptions")
    ANALYSES = "analyses", _("analyses")
    DRAFT = "draft", _("draft")
    FINAL = "final", _("final version")


class CommentChannel(models.TextChoices):
    ONLINE = "online", _("on the portal")
    EMAIL = "email", _("by e-mail")
    POST = "post", _("by post")
    MEETING = "meeting", _("at a meeting")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("rejected")
    NOT_APPLICABLE = "not_applicable", _("not applicable")
