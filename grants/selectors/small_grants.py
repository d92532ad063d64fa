"""What may be seen of small grant offers (art. 19a). Drafts belong to their organization; officers see
what was submitted; everyone sees what was published for comments."""

from django.db.models import Count, QuerySet

from cooperation.selectors import organization_ids_of

from ..enums import OfferKind, OfferStatus
from ..models import Offer, SmallGrantComment


def small_grants(municipality) -> QuerySet[Offer]:
    return Offer.objects.filter(municipality=municipality, kind=OfferKind.SMALL_GRANT)


def small_grants_for_officer(municipality) -> QuerySet[Offer]:
    return (small_grants(municipality).exclude(status=OfferStatus.DRAFT).select_related("organization")
            .annotate(comment_count=Count("public_comments")).order_by("-submitted_at", "-id"))


def public_small_grants(municipality) -> QuerySet[Offer]:
    return (small_grants(municipality).filter(published_at__isnull=False).select_related("organization")
            .annotate(comment_count=Count("public_comments")).order_by("-published_at", "-id"))


def own_small_grants(user, municipality) -> QuerySet[Offer]:
    return (small_grants(municipality).filter(organization_id__in=organization_ids_of(user))
            .select_related("organization").order_by("-created_at", "-id"))


def comments_visible_to(user, offer) -> QuerySet[SmallGrantComment]:
    """The municipality's officers (who consider the comments) and the offering organization read them;
    the public sees how many there are (a comment may carry a private person's name)."""
    qs = SmallGrantComment.objects.filter(offer=offer).order_by("created_at", "id")
    if user.has_perm("grants.manage_small_grants", offer.municipality) or (
            offer.organization_id in organization_ids_of(user)):
        return qs
    return qs.none()
