"""Models of information (imported by consultations/models.py, so their app label is `consultations`).

NGO news and events published on the municipality's NGO page after the officer's approval, and newsletters
to the municipality's NGO base: one Delivery per organization and channel (e-mail and post in parallel), with a
receipt confirmation and a reply through a token link (only its hash is stored), and unsubscribing."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.models import MunicipalScoped, Organization, Sphere

from .enums import Channel, DeliveryStatus, NewsletterAudience, NewsletterStatus, PostKind, PostStatus

__all__ = ["NgoPost", "Newsletter", "Delivery", "NewsletterOptOut"]


class NgoPost(MunicipalScoped):
    """News or an event an organization publishes through the municipality (its NGO page). Public once the
    officer approves it; until then its organization's members and the municipality's officers see it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="ngo_posts",
                                     verbose_name=_("organization"))
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices, default=PostKind.NEWS)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=5000,
                            help_text=_("Plain text; an empty line starts a new paragraph."))
    starts_at = models.DateTimeField(_("date and time of the event"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("link"), blank=True, help_text=_("E.g. the organization's page about it."))
    status = models.CharField(_("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.PENDING)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("NGO news or event")
        verbose_name_plural = _("NGO news and events")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["municipality", "status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("information:post_detail", kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == PostKind.EVENT and self.starts_at is None:
            raise ValidationError({"starts_at": _("Give the date and time of the event.")})

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.replace("\r\n", "\n").split("\n\n") if part.strip()]


class Newsletter(MunicipalScoped):
    """A message from the municipality to its NGO base, by e-mail and by post, as each organization prefers."""

    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"), max_length=20000,
                            help_text=_("Plain text; an empty line starts a new paragraph."))
    attachment_url = models.URLField(_("link to an attachment"), blank=True,
                                     help_text=_("E.g. a document in the BIP. It is sent as a link."))
    audience = models.CharField(_("who receives it"), max_length=10, choices=NewsletterAudience.choices,
                                default=NewsletterAudience.ALL)
    spheres = models.ManyToManyField(Sphere, blank=True, related_name="+",
                                     verbose_name=_("spheres of public benefit activity"))
    reply_to = models.EmailField(_("replies go to"), help_text=_("The officer's address: replies are sent there."))
    status = models.CharField(_("status"), max_length=10, choices=NewsletterStatus.choices,
                              default=NewsletterStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.replace("\r\n", "\n").split("\n\n") if part.strip()]


class Delivery(models.Model):
    """One newsletter to one organization by one channel. The address is copied at sending, so the record
    says where the letter went. An e-mail carries a token link (only its hash is stored) to confirm receipt,
    reply and unsubscribe."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=300)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    token_hash = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True, max_length=3000)
    replied_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(municipality="newsletter__municipality")

    class Meta:
        verbose_name = _("delivery of a newsletter")
        verbose_name_plural = _("deliveries of newsletters")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "organization", "channel"], name="delivery_one_per_channel"),
            models.UniqueConstraint(fields=["token_hash"], condition=~Q(token_hash=""), name="delivery_token_unique"),
        ]
        indexes = [models.Index(fields=["newsletter", "channel", "status"])]

    def __str__(self) -> str:
        return f"{self.newsletter} → {self.name} ({self.get_channel_display()})"

    @property
    def address_lines(self) -> list[str]:
        return [line for line in [self.name, self.street, f"{self.postal_code} {self.city}".strip()] if line]


class NewsletterOptOut(MunicipalScoped):
    """An organization asked not to receive the municipality's newsletters by e-mail (letters by post still go
    to those who chose post). Deleted when it subscribes again."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    delivery = models.ForeignKey(Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("newsletter unsubscription")
        verbose_name_plural = _("newsletter unsubscriptions")
        constraints = [models.UniqueConstraint(fields=["municipality", "organization"], name="newsletter_optout_unique")]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.municipality}"
