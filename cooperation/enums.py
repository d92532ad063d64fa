from django.db import models
from django.utils.translation import gettext_lazy as _


class MunicipalityKind(models.TextChoices):
    GMINA = "gmina", _("gmina (municipality)")
    POWIAT = "powiat", _("powiat (county)")
    WOJEWODZTWO = "wojewodztwo", _("województwo (voivodeship)")


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("association")
    ORDINARY_ASSOCIATION = "ordinary_association", _("ordinary association (stowarzyszenie zwykłe)")
    FOUNDATION = "foundation", _("foundation")
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    RURAL_HOUSEWIVES = "rural_housewives", _("rural housewives' circle (KGW)")
    SPORTS_CLUB = "sports_club", _("sports club")
    INFORMAL_GROUP = "informal_group", _("informal group")
    CHURCH_ENTITY = "church_entity", _("church legal person or organisational unit (art. 3 ust. 3)")
    OTHER = "other", _("other entity of art. 3 ust. 3")

    @classmethod
    def krs_required(cls) -> set[str]:
        """Forms that exist only once entered in the National Court Register."""
        return {cls.ASSOCIATION, cls.FOUNDATION, cls.SOCIAL_COOPERATIVE}


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("owner")
    EDITOR = "editor", _("editor")


class OrganizationLinkStatus(models.TextChoices):
    PENDING = "pending", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("not confirmed")


class StandardImplementation(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    IMPLEMENTED = "implemented", _("implemented")


class DeclarationStatus(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class DeclarationMethod(models.TextChoices):
    SELF = "self", _("self-assessment")
    AUDIT = "audit", _("external audit")


class RenderStatus(models.TextChoices):
    """Where the PDF of a published document is (cooperation.documents.RenderedPdf)."""

    PENDING = "pending", _("PDF being prepared")
    READY = "ready", _("PDF ready")
    FAILED = "failed", _("PDF failed")
