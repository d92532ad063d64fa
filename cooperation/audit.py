"""Readable names of audit-log actions. Entries store a stable code (`<app>.<noun>.<past_tense>`); the
history page shows the name in the reader's language. Each app registers its own in AppConfig.ready()."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str] = {}


def register_action_labels(labels: dict) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


COOPERATION_LABELS = {
    "cooperation.accessibility_declaration.saved": _("accessibility declaration saved"),
    "cooperation.invitation.sent": _("invitation to an organization sent"),
    "cooperation.membership.created": _("member joined an organization"),
    "cooperation.membership.promoted": _("member became an owner"),
    "cooperation.membership.removed": _("member removed from an organization"),
    "cooperation.municipality.created": _("municipality added"),
    "cooperation.officer.added": _("officer appointed"),
    "cooperation.officer.removed": _("officer role removed"),
    "cooperation.organization.imported": _("organization imported"),
    "cooperation.organization.registered": _("organization registered"),
    "cooperation.organization.updated": _("organization updated"),
    "cooperation.organization_base.exported": _("NGO base exported"),
    "cooperation.organization_import.confirmed": _("import of the NGO base confirmed"),
    "cooperation.organization_import.uploaded": _("NGO base file uploaded for checking"),
    "cooperation.organization_link.confirmed": _("organization confirmed in the municipality"),
    "cooperation.organization_link.rejected": _("organization not confirmed"),
    "cooperation.organization_link.requested": _("organization asked to be confirmed"),
    "cooperation.standard_status.updated": _("standard status updated"),
    "cooperation.user.anonymised": _("account deleted and anonymised"),
    # Meetings and trainings (cooperation/events.py).
    "cooperation.event.created": _("event created"),
    "cooperation.event.updated": _("event changed"),
    "cooperation.event.published": _("event published"),
    "cooperation.event.cancelled": _("event cancelled"),
    "cooperation.event_registration.created": _("registration for an event"),
    "cooperation.event_registration.cancelled": _("registration for an event cancelled"),
    "cooperation.event_registration.promoted": _("place given from the waiting list"),
    "cooperation.event_registrations.exported": _("list of registrations exported"),
    "cooperation.event_attendance.recorded": _("attendance at an event recorded"),
    "cooperation.event_material.added": _("event material added"),
    "cooperation.event_material.removed": _("event material removed"),
}
