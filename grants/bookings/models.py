"""Models of bookings (imported by grants/models.py, so their app label is `grants`).

A `Resource` is something the municipality lends to NGOs for public tasks (P2.A2.T1): a room, equipment, a public
space, a vehicle. Its availability is its open weekdays and hours and its blackout periods; its rules of use and
the municipality's procedure document make the Model's minimal standard. A `BookingRequest` is an NGO's request for
a time; an approved request is a booking. A booking takes the whole resource (the quantity says what is lent
together), so two approved bookings of one resource never overlap: `grants.bookings.services.approve_booking`
checks it under a lock of the resource's row."""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from cooperation.models import MunicipalScoped, Organization

from .enums import BookingStatus, ResourceKind

__all__ = ["BookingRequest", "Resource", "ResourceBlackout"]


class Resource(MunicipalScoped):
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices, default=ResourceKind.ROOM)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address or location"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True,
                                           help_text=_("Leave empty where people are not counted (equipment)."))
    quantity = models.PositiveIntegerField(_("quantity (items lent together)"), null=True, blank=True)
    accessibility = models.TextField(_("accessibility information"), blank=True,
                                     help_text=_("Step-free access, toilets, induction loop, parking, what is missing."))
    rules = models.TextField(_("rules of use"),
                             help_text=_("What the organization undertakes: keys, cleaning, insurance, fees."))
    procedure_url = models.URLField(_("the municipality's procedure document"), blank=True,
                                    help_text=_("A link to the ordinance or regulations on the use of municipal property "
                                                "(e.g. in the BIP)."))
    open_weekdays = models.CharField(_("open on"), max_length=7, default="01234",
                                     help_text="Digits of ISO weekdays minus one: 0 Monday … 6 Sunday.")
    opens_at = models.TimeField(_("opens at"), default=time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=time(20, 0))
    min_notice_days = models.PositiveSmallIntegerField(_("minimum notice (days)"), default=3)
    max_booking_hours = models.PositiveIntegerField(_("longest booking (hours)"), default=8)
    free_for_ngos = models.BooleanField(_("free of charge for NGOs"), default=True)
    fee_note = models.CharField(_("fees"), max_length=300, blank=True,
                                help_text=_("Where NGOs pay: how much and on what basis."))
    is_published = models.BooleanField(_("published in the catalogue"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("municipal resource")
        verbose_name_plural = _("municipal resources")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="resource_opens_before_closing"),
            models.CheckConstraint(condition=Q(max_booking_hours__gte=1), name="resource_longest_booking_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weekday_numbers(self) -> list[int]:
        return sorted({int(d) for d in self.open_weekdays if d.isdigit() and int(d) < 7})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("bookings:resource_detail", kwargs={"municipality_slug": self.municipality.slug, "pk": self.pk})


class ResourceBlackout(models.Model):
    """Days (inclusive) the resource is not lent: holidays, repairs, the municipality's own events."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="blackouts")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = ScopedManager(municipality="resource__municipality")

    class Meta:
        verbose_name = _("blackout period")
        verbose_name_plural = _("blackout periods")
        ordering = ["starts_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="blackout_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.resource}: {self.starts_on}–{self.ends_on}"


class BookingRequest(MunicipalScoped):
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="requests",
                                 verbose_name=_("resource"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="booking_requests",
                                     verbose_name=_("organization"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    public_task = models.TextField(_("public task it serves"))
    contract = models.ForeignKey("grants.Contract", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="booking_requests", verbose_name=_("grant contract"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    participants = models.PositiveIntegerField(_("expected participants"), null=True, blank=True)
    needs = models.TextField(_("needs"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices,
                              default=BookingStatus.REQUESTED)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decision_note = models.TextField(_("note or reason"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    notified_status = models.CharField(max_length=12, blank=True,
                                       help_text="The status the requester was last e-mailed about.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking request")
        verbose_name_plural = _("booking requests")
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start")]
        indexes = [models.Index(fields=["resource", "status", "starts_at"]),
                   models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.resource} – {self.organization}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600
