"""Deadlines, open tasks and evidence of cooperation's own features (the NGO base, the accessibility declaration,
meetings and trainings), registered with cooperation.features by cooperation/hooks.py. Each provider is a fixed
handful of queries, whatever the data size: they run on the officer dashboard and the public standards tracker."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .enums import OrganizationLinkStatus
from .features import Deadline, Evidence, OpenTask
from .models import AccessibilityDeclaration, Event, EventStatus, OrganizationMunicipality
from .selectors import event_evidence


def _url(name: str, municipality, **kwargs) -> str:
    return reverse(name, kwargs={"municipality_slug": municipality.slug, **kwargs})


# --- Deadlines ------------------------------------------------------------------------------------------------


def event_deadlines(municipality, today: date) -> list[Deadline]:
    """Published events of the municipality that have not started yet. One query."""
    upcoming = Event.objects.filter(municipality=municipality, status=EventStatus.PUBLISHED,
                                    starts_at__gte=timezone.now()).order_by("starts_at", "id")
    return [
        Deadline(due=event.starts_at, title=_("Event: %(title)s") % {"title": event.title},
                 url=_url("cooperation:event_admin", municipality, pk=event.pk), feature="events")
        for event in upcoming
    ]


# --- Open tasks -----------------------------------------------------------------------------------------------


def cooperation_tasks(municipality) -> list[OpenTask]:
    """Organizations awaiting confirmation; held events whose attendance is not recorded. Two queries."""
    pending = OrganizationMunicipality.objects.filter(
        municipality=municipality, status=OrganizationLinkStatus.PENDING).count()
    unrecorded = Event.objects.filter(
        municipality=municipality, status=EventStatus.PUBLISHED, ends_at__lte=timezone.now(),
        attendance_recorded_at__isnull=True,
    ).order_by("-ends_at", "-id").values_list("pk", "title")[:50]
    tasks = [OpenTask(
        title=ngettext("Organization awaiting confirmation", "Organizations awaiting confirmation", pending),
        url=_url("cooperation:link_list", municipality), count=pending, feature="directory",
    )]
    tasks += [
        OpenTask(title=_("Record the attendance: %(title)s") % {"title": title},
                 url=_url("cooperation:event_attendance", municipality, pk=pk), feature="events")
        for pk, title in unrecorded
    ]
    return tasks


# --- Evidence on the portal -----------------------------------------------------------------------------------


def events_evidence(municipality) -> dict[str, list[Evidence]]:
    """Held events with recorded attendance, by the standards they serve (see selectors.event_evidence)."""
    from .models import Standard

    by_id = event_evidence(municipality)
    codes = dict(Standard.objects.filter(pk__in=by_id).values_list("pk", "code")) if by_id else {}
    return {
        codes[standard_id]: [
            Evidence(title=event.title, url=_url("cooperation:event_detail", municipality, pk=event.pk),
                     day=timezone.localdate(event.starts_at))
            for event in events
        ]
        for standard_id, events in by_id.items() if standard_id in codes
    }


def cooperation_evidence(municipality) -> dict[str, list[Evidence]]:
    """The public NGO directory (P1.A2.T1.S1: the address base) and the accessibility declaration (P1.A2.T2.S2).
    Two queries."""
    found: dict[str, list[Evidence]] = {}
    confirmed = OrganizationMunicipality.objects.filter(
        municipality=municipality, status=OrganizationLinkStatus.CONFIRMED).count()
    if confirmed:
        found["P1.A2.T1.S1"] = [Evidence(
            title=ngettext("NGO directory: %(count)d confirmed organization",
                           "NGO directory: %(count)d confirmed organizations", confirmed) % {"count": confirmed},
            url=_url("cooperation:directory", municipality),
        )]
    declaration = AccessibilityDeclaration.objects.filter(municipality=municipality).only(
        "pk", "published_on", "last_update_on").first()
    if declaration is not None:
        found["P1.A2.T2.S2"] = [Evidence(
            title=_("Accessibility declaration"), url=_url("cooperation:accessibility_declaration", municipality),
            day=declaration.last_update_on or declaration.published_on,
        )]
    return found
