from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskForm(models.TextChoices):
    """Art. 5 ust. 4 / art. 11 ust. 1 of the act: the grant co-funds (wsparcie) or fully funds (powierzenie)."""

    SUPPORT = "support", _("support (co-funding)")
    ENTRUSTING = "entrusting", _("entrusting (full funding)")


class CallStatus(models.TextChoices):
    """Whether offers are still accepted is not a status: it follows from `Call.deadline`."""

    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("announced")
    RESULTS_PUBLISHED = "results", _("results published")
    CANCELLED = "cancelled", _("cancelled")


class StatutoryCriterion(models.TextChoices):
    """Art. 15 ust. 1 pkt 1-6: every call scores these; OWN_FUNDS only where the form is support."""

    ABILITY = "ability", _("ability of the organization to carry out the task")
    COSTS = "costs", _("cost calculation, also relative to the scope of the task")
    QUALITY = "quality", _("quality of the task and qualifications of the people involved")
    OWN_FUNDS = "own_funds", _("own or other financial contribution")
    IN_KIND = "in_kind", _("in-kind and personal contribution, including volunteers and members' work")
    PAST_PERFORMANCE = "past", _("reliability, timeliness and settlement of grants in previous years")


class OfferKind(models.TextChoices):
    OPEN_CALL = "call", _("offer in an open call")
    SMALL_GRANT = "small", _("small grant offer (art. 19a)")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CORRECTION_REQUESTED = "correction", _("correction requested")
    FORMALLY_REJECTED = "rejected_formal", _("rejected on formal grounds")
    FORMALLY_ACCEPTED = "accepted_formal", _("formally correct, under evaluation")
    AWARDED = "awarded", _("grant awarded")
    NOT_AWARDED = "not_awarded", _("not awarded")
    WITHDRAWN = "withdrawn", _("withdrawn")


class VersionReason(models.TextChoices):
    SUBMISSION = "submission", _("submitted")
    CORRECTION = "correction", _("corrected at the officer's request")
    BUDGET_UPDATE = "budget", _("budget updated after a lower grant")


class CostCategory(models.TextChoices):
    ACTIVITY = "activity", _("costs of carrying out the activities")
    ADMINISTRATIVE = "administrative", _("administrative costs")


class CommitteeRole(models.TextChoices):
    OFFICIAL = "official", _("representative of the executive")
    NGO_NOMINEE = "ngo", _("person nominated by organizations")
    EXPERT = "expert", _("expert (advisory vote)")


class ExclusionReason(models.TextChoices):
    MEMBERSHIP = "membership", _("member of an organization that made the offer")
    DECLARED = "declared", _("conflict of interest declared")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    SIGNED = "signed", _("signed")
    SETTLED = "settled", _("settled")
    TERMINATED = "terminated", _("terminated")


class ReportKind(models.TextChoices):
    PARTIAL = "partial", _("partial report")
    FINAL = "final", _("final report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for correction")
    ACCEPTED = "accepted", _("accepted")
