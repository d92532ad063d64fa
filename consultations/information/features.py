"""What information exchange tells cooperation.features: open tasks (posts awaiting approval), evidence for the
standards tracker and the year's figures. A handful of queries each, whatever the data size."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from cooperation.features import Evidence, OpenTask, YearFigure

from .enums import Channel, DeliveryStatus, NewsletterStatus, PostStatus
from .models import Delivery, Newsletter, NgoPost
from .selectors import percent

EVIDENCE_ITEMS = 3


def open_tasks(municipality) -> list[OpenTask]:
    with scopes_disabled():
        count = NgoPost.objects.filter(municipality=municipality, status=PostStatus.PENDING).count()
    url = reverse("information:panel", kwargs={"municipality_slug": municipality.slug})
    return [OpenTask(title=_("NGO posts awaiting approval"), url=f"{url}#pending", count=count, feature="information")]


def evidence(municipality) -> dict[str, list[Evidence]]:
    """P1.A2.T1.S1: newsletters sent whose receipt someone confirmed; P1.A2.T2.S1: NGO posts published."""
    slug = municipality.slug
    with scopes_disabled():
        newsletters = list(
            Newsletter.objects.filter(municipality=municipality, status=NewsletterStatus.SENT)
            .annotate(confirmed=Count("deliveries", filter=Q(deliveries__confirmed_at__isnull=False)))
            .filter(confirmed__gt=0).order_by("-sent_at", "-id")[:EVIDENCE_ITEMS])
        posts = list(NgoPost.objects.filter(municipality=municipality, status=PostStatus.PUBLISHED)
                     .order_by("-published_at", "-id")[:EVIDENCE_ITEMS])
    found = {}
    if newsletters:
        found["P1.A2.T1.S1"] = [
            Evidence(title=_("Newsletter “%(subject)s”: %(n)d confirmations of receipt")
                     % {"subject": n.subject, "n": n.confirmed},
                     url="",  # the statistics are the officers'; the tracker is public and shows the fact only
                     day=timezone.localdate(n.sent_at))
            for n in newsletters]
    if posts:
        found["P1.A2.T2.S1"] = [
            Evidence(title=post.title, url=reverse("information:post_detail", kwargs={"municipality_slug": slug,
                                                                                      "pk": post.pk}),
                     day=timezone.localdate(post.published_at))
            for post in posts]
    return found


def year_figures(municipality, year: int) -> list[YearFigure]:
    with scopes_disabled():
        sent = Newsletter.objects.filter(municipality=municipality, status=NewsletterStatus.SENT, sent_at__year=year)
        emails = Delivery.objects.filter(newsletter__in=sent, channel=Channel.EMAIL).aggregate(
            sent=Count("id", filter=Q(status=DeliveryStatus.SENT)),
            confirmed=Count("id", filter=Q(status=DeliveryStatus.SENT, confirmed_at__isnull=False)))
        newsletters = sent.count()
        posts = NgoPost.objects.filter(municipality=municipality, status=PostStatus.PUBLISHED,
                                       published_at__year=year).count()
    rate = _("%(n)d percent") % {"n": percent(emails["confirmed"], emails["sent"])}
    return [
        YearFigure(feature="information", label=_("Newsletters sent to NGOs"), value=newsletters, order=40),
        YearFigure(feature="information", label=_("Newsletter e-mails whose receipt was confirmed"), value=rate,
                   order=41),
        YearFigure(feature="information", label=_("NGO news and events published through the municipality"),
                   value=posts, order=42),
    ]
