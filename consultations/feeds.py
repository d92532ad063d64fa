"""What consultations publish for other programs: the Atom feed of new consultations and the iCalendar
(RFC 5545) file of one consultation's dates."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation import ics

from . import selectors
from .models import Consultation

FEED_SIZE = 30
# A meeting has a start only; calendars show it as lasting this long.
MEETING_LENGTH = timedelta(hours=2)


def detail_path(consultation: Consultation) -> str:
    return reverse("consultations:detail",
                   kwargs={"municipality_slug": consultation.municipality.slug, "pk": consultation.pk})


class NewConsultationsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("New public consultations")
    subtitle = gettext_lazy("The newest published consultations of all municipalities.")

    def link(self):
        return reverse("consultations_portal:search")

    def items(self):
        return selectors.newest_published_consultations(FEED_SIZE)

    def item_title(self, item: Consultation) -> str:
        return item.title

    def item_link(self, item: Consultation) -> str:
        return detail_path(item)

    def item_pubdate(self, item: Consultation):
        return item.published_at

    def item_updateddate(self, item: Consultation):
        return item.published_at

    def item_author_name(self, item: Consultation) -> str:
        return item.municipality.name

    def item_description(self, item: Consultation) -> str:
        return _("%(municipality)s · %(subject)s · open from %(opens)s until %(closes)s") % {
            "municipality": item.municipality.name,
            "subject": item.get_subject_display(),
            "opens": date_format(timezone.localtime(item.opens_at), "DATETIME_FORMAT"),
            "closes": date_format(timezone.localtime(item.closes_at), "DATETIME_FORMAT"),
        }


# --- iCalendar ---







def consultation_calendar(consultation: Consultation, meetings, *, url: str, host: str) -> str:
    """VCALENDAR with one VEVENT for the consultation period and one per meeting; CRLF line endings."""
    stamp = ics.utc(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wspolpraca//Consultations//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]

    def event(uid: str, start: datetime, end: datetime, summary: str, description: str = "", location: str = ""):
        lines.extend(["BEGIN:VEVENT", f"UID:{uid}@{host}", f"DTSTAMP:{stamp}", f"DTSTART:{ics.utc(start)}",
                      f"DTEND:{ics.utc(end)}", f"SUMMARY:{ics.escape(summary)}"])
        if description:
            lines.append(f"DESCRIPTION:{ics.escape(description)}")
        if location:
            lines.append(f"LOCATION:{ics.escape(location)}")
        lines.extend([f"URL:{url}", "END:VEVENT"])

    event(f"consultation-{consultation.pk}", consultation.opens_at, consultation.closes_at,
          _("Consultation: %(title)s") % {"title": consultation.title},
          _("%(municipality)s. Contact: %(person)s, %(email)s") % {
              "municipality": consultation.municipality.name, "person": consultation.contact_person,
              "email": consultation.contact_email})
    for meeting in meetings:
        event(f"consultation-{consultation.pk}-meeting-{meeting.pk}", meeting.starts_at,
              meeting.starts_at + MEETING_LENGTH,
              _("Consultation meeting: %(title)s") % {"title": consultation.title},
              meeting.description, meeting.place)
    lines.append("END:VCALENDAR")
    return "".join(ics.fold(line) + "\r\n" for line in lines)
