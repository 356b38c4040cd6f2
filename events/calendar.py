"""Events as iCalendar (RFC 5545): one event, a forum series' meetings, or any set of events.

Calendars read these files once (a download) or again and again (a subscribed feed), so each
event keeps one UID for ever, derived from its id and the hub's address: a changed time
replaces the entry in people's calendars instead of adding a second one. Times are written
in UTC, which every calendar understands without a time-zone table.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEntry

from events.models import Event

PRODUCT_ID = "-//Samhällshubben//Samhällshubben//SV"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def absolute_url(path: str) -> str:
    """`path` on the hub's public address (SITE_URL)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def event_uid(event: Event) -> str:
    """The event's identity in every calendar that holds it: stable across edits."""
    host = urlsplit(settings.SITE_URL).hostname or "samhallshubben"
    return f"event-{event.pk}@{host}"


def _entry(event: Event, *, stamp: datetime) -> CalendarEntry:
    url = absolute_url(event.get_absolute_url())
    entry = CalendarEntry()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("last-modified", event.updated_at.astimezone(UTC))
    entry.add("summary", event.title)
    # The description as its author wrote it (Markdown reads well as plain text), then the
    # page where the rest lives: boards, registration, feedback.
    description = "\n\n".join(part for part in (event.description.strip(), url) if part)
    entry.add("description", description)
    if event.place:
        entry.add("location", event.place)
    entry.add("url", url)
    entry.add("categories", [event.get_kind_display()])
    entry.add("status", "CONFIRMED")
    entry.add("transp", "OPAQUE")
    return entry


def calendar_file(*, events: Iterable[Event], name: str) -> bytes:
    """An iCalendar file holding `events`, named `name` in the calendars that show names."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_entry(event, stamp=stamp))
    return calendar.to_ical()
