"""Reads of information exchange, above all what a person may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cooperation.enums import OrganizationLinkStatus
from cooperation.models import Organization
from cooperation.selectors import address_base, organization_ids_of

from .enums import Channel, DeliveryStatus, NewsletterAudience, NewsletterStatus, PostKind, PostStatus
from .models import Delivery, Newsletter, NewsletterOptOut, NgoPost

# --- NGO news and events ---------------------------------------------------------------------------------


def published_posts(municipality, *, kind: str = "", upcoming: bool = False) -> QuerySet[NgoPost]:
    """The public list: published posts, newest first; `upcoming`: events still ahead, soonest first."""
    qs = NgoPost.objects.filter(municipality=municipality, status=PostStatus.PUBLISHED).select_related(
        "organization", "municipality")
    if upcoming:
        return qs.filter(kind=PostKind.EVENT, starts_at__gte=timezone.now()).order_by("starts_at", "id")
    if kind in PostKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("-published_at", "-id")


def posts_visible_to(user, municipality) -> QuerySet[NgoPost]:
    """Published posts for everyone; unpublished ones for their organization's members and the officers."""
    qs = NgoPost.objects.filter(municipality=municipality)
    if user.has_perm("consultations.manage_information", municipality):
        return qs
    return qs.filter(Q(status=PostStatus.PUBLISHED) | Q(organization_id__in=organization_ids_of(user)))


def my_posts(user, municipality) -> QuerySet[NgoPost]:
    """Every post of the person's organizations in this municipality, whatever its state."""
    return (NgoPost.objects.filter(municipality=municipality, organization_id__in=organization_ids_of(user))
            .select_related("organization").order_by("-created_at", "-id"))


def pending_posts(municipality) -> QuerySet[NgoPost]:
    return (NgoPost.objects.filter(municipality=municipality, status=PostStatus.PENDING)
            .select_related("organization").order_by("created_at", "id"))


def confirmed_organizations_of(user, municipality) -> QuerySet[Organization]:
    """The organizations the person belongs to that the municipality confirmed (they may publish there)."""
    return Organization.objects.filter(
        pk__in=organization_ids_of(user), municipality_links__municipality=municipality,
        municipality_links__status=OrganizationLinkStatus.CONFIRMED,
    ).order_by("name", "pk")


# --- Newsletters -----------------------------------------------------------------------------------------


@dataclass
class Recipients:
    """The newsletter's audience split by channel, as the organizations chose."""

    email_only: list = field(default_factory=list)
    post_only: list = field(default_factory=list)
    both: list = field(default_factory=list)
    unsubscribed: list = field(default_factory=list)  # no e-mail: they unsubscribed (letters still go by post)
    no_channel: list = field(default_factory=list)  # chose neither e-mail nor post

    @property
    def by_email(self) -> list:
        return self.email_only + self.both

    @property
    def by_post(self) -> list:
        return self.post_only + self.both

    @property
    def count(self) -> int:
        return len(self.email_only) + len(self.post_only) + len(self.both)


def opted_out_ids(municipality) -> set[int]:
    return set(NewsletterOptOut.objects.filter(municipality=municipality).values_list("organization_id", flat=True))


def audience(newsletter: Newsletter, spheres=None) -> QuerySet[Organization]:
    """The confirmed organizations the newsletter is for (all, or those of the chosen spheres)."""
    qs = address_base(newsletter.municipality).prefetch_related(None)
    if newsletter.audience == NewsletterAudience.SPHERES:
        spheres = list(newsletter.spheres.all()) if spheres is None else list(spheres)
        qs = qs.filter(spheres__in=spheres).distinct()
    return qs


def recipients(newsletter: Newsletter) -> Recipients:
    """Who receives the newsletter and how: three queries whatever the size of the base."""
    opted_out = opted_out_ids(newsletter.municipality)
    result = Recipients()
    for organization in audience(newsletter):
        email = organization.wants_email and organization.pk not in opted_out
        if organization.wants_email and organization.pk in opted_out:
            result.unsubscribed.append(organization)
        if email and organization.wants_post:
            result.both.append(organization)
        elif email:
            result.email_only.append(organization)
        elif organization.wants_post:
            result.post_only.append(organization)
        elif not organization.wants_email:
            result.no_channel.append(organization)
    return result


STAT_COUNTS = {
    "recipients": Count("deliveries__organization", distinct=True),
    "emails": Count("deliveries", filter=Q(deliveries__channel=Channel.EMAIL), distinct=True),
    "sent": Count("deliveries", filter=Q(deliveries__channel=Channel.EMAIL, deliveries__status=DeliveryStatus.SENT),
                  distinct=True),
    "failed": Count("deliveries", filter=Q(deliveries__channel=Channel.EMAIL,
                                           deliveries__status=DeliveryStatus.FAILED), distinct=True),
    "waiting": Count("deliveries", filter=Q(deliveries__channel=Channel.EMAIL,
                                            deliveries__status=DeliveryStatus.PENDING), distinct=True),
    "confirmed": Count("deliveries", filter=Q(deliveries__confirmed_at__isnull=False), distinct=True),
    "replies": Count("deliveries", filter=Q(deliveries__replied_at__isnull=False), distinct=True),
    "letters": Count("deliveries", filter=Q(deliveries__channel=Channel.POST), distinct=True),
    "letters_sent": Count("deliveries", filter=Q(deliveries__channel=Channel.POST,
                                                 deliveries__status=DeliveryStatus.SENT), distinct=True),
}


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def with_stats(queryset: QuerySet[Newsletter]) -> QuerySet[Newsletter]:
    return queryset.annotate(**STAT_COUNTS)


def newsletters_of(municipality) -> QuerySet[Newsletter]:
    return with_stats(Newsletter.objects.filter(municipality=municipality)).order_by("-created_at", "-id")


def newsletter_stats(newsletter: Newsletter) -> dict:
    """Recipients, e-mails sent, failed and waiting, receipts confirmed (count and percent of the e-mails
    sent), replies and postal letters, in one query."""
    stats = Newsletter.objects.filter(pk=newsletter.pk).aggregate(**STAT_COUNTS)
    stats["confirmed_percent"] = percent(stats["confirmed"], stats["sent"])
    return stats


def deliveries_of(newsletter: Newsletter, channel: str | None = None) -> QuerySet[Delivery]:
    qs = Delivery.objects.filter(newsletter=newsletter).order_by("name", "id")
    return qs.filter(channel=channel) if channel else qs


def find_delivery(token: str) -> Delivery | None:
    """The e-mail delivery a token link belongs to (in the current municipality's scope), or None."""
    from cooperation.services import _hash_token

    if not token:
        return None
    return (Delivery.objects.filter(token_hash=_hash_token(token), channel=Channel.EMAIL)
            .select_related("newsletter__municipality", "organization").first())


def is_unsubscribed(municipality, organization) -> bool:
    return NewsletterOptOut.objects.filter(municipality=municipality, organization=organization).exists()


def sent_newsletters(municipality) -> QuerySet[Newsletter]:
    return Newsletter.objects.filter(municipality=municipality, status=NewsletterStatus.SENT)
