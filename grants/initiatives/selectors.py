"""Reads of the local initiative: what each person may see, and the lists."""

from django.db.models import Q, QuerySet

from cooperation.selectors import organization_ids_of

from .enums import PUBLIC_STATUSES, InitiativeStatus
from .models import InitiativeApplication

OFFICER_QUEUE = (InitiativeStatus.SUBMITTED, InitiativeStatus.ASSESSED)


def public_initiatives(municipality) -> QuerySet:
    """Accepted initiatives and what came after: for everyone (the template shows no contact data)."""
    return (InitiativeApplication.objects.filter(municipality=municipality, status__in=PUBLIC_STATUSES)
            .select_related("organization", "agreement").order_by("-decided_at", "-pk"))


def own_applications(user, municipality) -> QuerySet:
    """The applications `user` made, or made through one of their organizations."""
    if not user.is_authenticated:
        return InitiativeApplication.objects.none()
    return (InitiativeApplication.objects.filter(municipality=municipality)
            .filter(Q(created_by=user) | Q(organization_id__in=organization_ids_of(user)))
            .select_related("organization").order_by("-created_at", "-pk"))


def applications_for_officer(municipality) -> QuerySet:
    """Everything submitted in the municipality (drafts are the applicants' alone)."""
    return (InitiativeApplication.objects.filter(municipality=municipality).exclude(status=InitiativeStatus.DRAFT)
            .select_related("organization").order_by("status", "-submitted_at", "-pk"))
