"""The person's coming events on their desk (templates/cooperation/dashboard.html)."""

from django import template

from ..selectors import my_event_registrations

register = template.Library()

DESK_LIMIT = 5


@register.inclusion_tag("cooperation/events/includes/desk_events.html", takes_context=True)
def my_upcoming_events(context):
    user = context["request"].user
    return {"registrations": my_event_registrations(user, upcoming=True, limit=DESK_LIMIT)}
