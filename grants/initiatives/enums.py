"""Choices of the local initiative (art. 19b-19h of the public benefit act; legal.md section 7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeScope(models.TextChoices):
    """The matters a local initiative may concern (art. 19b ust. 1)."""

    COMMUNITY_DEVELOPMENT = "community", _(
        "Community development, including building, extending or renovating roads, sewers, water supply, buildings "
        "and architecture owned by the municipality")
    CHARITY = "charity", _("Charity")
    TRADITION = "tradition", _("National tradition, Polishness, national, civic and cultural awareness")
    MINORITIES = "minorities", _("National and ethnic minorities and the regional language")
    CULTURE = "culture", _("Culture, art, protection of cultural goods and heritage")
    EDUCATION = "education", _("Science, education and upbringing")
    SPORT_TOURISM = "sport", _("Physical culture and tourism")
    NATURE = "nature", _("Nature protection, including greenery in towns and villages")
    PUBLIC_ORDER = "order", _("Public order and safety")
    REVITALISATION = "revitalisation", _("Revitalisation")


class ApplicantKind(models.TextChoices):
    RESIDENTS = "residents", _("Residents directly")
    ORGANIZATION = "organization", _("Through an organization")


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for completion")
    ASSESSED = "assessed", _("assessed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    AGREEMENT_SIGNED = "agreement_signed", _("agreement signed")
    COMPLETED = "completed", _("completed")


class MunicipalShare(models.TextChoices):
    """What the municipality gives: it never transfers a grant to the applicants (it buys or lends)."""

    BUY = "buy", _("the municipality buys (goods or services)")
    LEND = "lend", _("the municipality lends (property or equipment)")
    WORK = "work", _("the municipality's own work or services")


# Statuses everyone may see: the initiative was accepted (and what came after).
PUBLIC_STATUSES = (InitiativeStatus.ACCEPTED, InitiativeStatus.AGREEMENT_SIGNED, InitiativeStatus.COMPLETED)
# Statuses in which the applicant edits the application.
EDITABLE_STATUSES = (InitiativeStatus.DRAFT, InitiativeStatus.RETURNED)
