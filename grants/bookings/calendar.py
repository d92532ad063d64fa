"""A month of days for the calendar pages: weeks of seven days (Monday first), each with what falls on it."""

from __future__ import annotations

import calendar as std_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass
class Day:
    day: date
    in_month: bool
    items: list = field(default_factory=list)
    closed: bool = False


@dataclass
class Month:
    first: date
    weeks: list[list[Day]]

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=32)).replace(day=1)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.weeks[0][0].day, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.weeks[-1][-1].day + timedelta(days=1), time.min))

    @property
    def month_start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def month_end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.next, time.min))


def parse_month(value: str | None, today: date | None = None) -> date:
    """"2027-03" → 1 March 2027; anything else → the current month."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-", 1))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def month_grid(first: date, items=(), *, open_weekdays=None, blackouts=()) -> Month:
    """The weeks of the month with `items` (anything with aware starts_at/ends_at) placed on each local day they
    touch; days the resource is closed (not an open weekday, or in a blackout) are marked."""
    weeks = [[Day(day=d, in_month=d.month == first.month) for d in week]
             for week in std_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)]
    by_day = {d.day: d for week in weeks for d in week}
    for item in items:
        start = timezone.localtime(item.starts_at).date()
        end = timezone.localtime(item.ends_at - timedelta(microseconds=1)).date()
        current = start
        while current <= end:
            if current in by_day:
                by_day[current].items.append(item)
            current += timedelta(days=1)
    for day in by_day.values():
        if open_weekdays is not None and day.day.weekday() not in open_weekdays:
            day.closed = True
        if any(b.starts_on <= day.day <= b.ends_on for b in blackouts):
            day.closed = True
    return Month(first=first, weeks=weeks)
