"""Template helpers for the event pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.simple_tag
def event_when(event: Any) -> str:
    """When an event is, in the page's language and local time: one day with its hours
    ("14 februari 2027, 13:00–16:00"), or from one day and hour to another."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    start_day, start_time = date_format(starts, "DATE_FORMAT"), date_format(starts, "TIME_FORMAT")
    end_day, end_time = date_format(ends, "DATE_FORMAT"), date_format(ends, "TIME_FORMAT")
    if starts.date() == ends.date():
        return f"{start_day}, {start_time}–{end_time}"
    return f"{start_day} {start_time} – {end_day} {end_time}"
