"""Events as iCalendar files: one event, and every meeting of a forum series. Each file is
parsed back with a real iCalendar library, as a calendar would read it."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.calendar import event_uid
from tests.events.factories import EventFactory, ForumMeetingFactory, ForumSeriesFactory

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return Calendar.from_ical(response.content)


def test_an_event_as_a_calendar_file(client: Client):
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    event = EventFactory(
        title="Forumträff 2: Måltider och möten; mat, gemenskap",
        description="Vi *ses* i aulan.\nTa med en idé.",
        place="Campus Västerås, sal U2-024",
        starts_at=start,
        ends_at=start + timedelta(hours=2, minutes=30),
    )

    calendar = parse(client.get(reverse("frontend:event-calendar", args=[event.pk])))

    assert calendar["VERSION"] == "2.0"
    assert calendar["X-WR-CALNAME"] == event.title
    [entry] = calendar.walk("VEVENT")
    assert str(entry["UID"]) == event_uid(event)
    # Special characters of iCalendar (;,) and line breaks survive the round trip.
    assert str(entry["SUMMARY"]) == event.title
    assert str(entry["LOCATION"]) == "Campus Västerås, sal U2-024"
    assert entry.decoded("DTSTART") == start.astimezone(UTC)
    assert entry.decoded("DTEND") == start.astimezone(UTC) + timedelta(hours=2, minutes=30)
    description = str(entry["DESCRIPTION"])
    assert description.startswith("Vi *ses* i aulan.\nTa med en idé.")
    assert description.endswith(f"http://127.0.0.1:8000/evenemang/{event.pk}/")
    assert str(entry["URL"]) == f"http://127.0.0.1:8000/evenemang/{event.pk}/"
    assert "DTSTAMP" in entry


def test_the_uid_stays_when_the_event_changes(client: Client):
    event = EventFactory()
    url = reverse("frontend:event-calendar", args=[event.pk])
    before = parse(client.get(url)).walk("VEVENT")[0]
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    event.save()
    after = parse(client.get(url)).walk("VEVENT")[0]
    assert after["UID"] == before["UID"]
    assert after.decoded("DTSTART") == before.decoded("DTSTART") + timedelta(days=1)


def test_a_forum_series_with_every_meeting_in_order(client: Client):
    series = ForumSeriesFactory(title="Forumserie Välmående och självständiga äldre")
    soon = timezone.now() + timedelta(days=10)
    third = ForumMeetingFactory(series=series, series_number=3, starts_at=soon + timedelta(60))
    first = ForumMeetingFactory(series=series, series_number=1, starts_at=soon)
    second = ForumMeetingFactory(series=series, series_number=2, starts_at=soon + timedelta(30))
    ForumMeetingFactory()  # another series' meeting stays out
    EventFactory()  # and so does an event in no series

    calendar = parse(client.get(reverse("frontend:forum-series-calendar", args=[series.pk])))

    assert calendar["X-WR-CALNAME"] == series.title
    assert [str(entry["UID"]) for entry in calendar.walk("VEVENT")] == [
        event_uid(first),
        event_uid(second),
        event_uid(third),
    ]


def test_a_series_with_no_meetings_yet_is_an_empty_calendar(client: Client):
    series = ForumSeriesFactory()
    calendar = parse(client.get(reverse("frontend:forum-series-calendar", args=[series.pk])))
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize("route", ["frontend:event-calendar", "frontend:forum-series-calendar"])
def test_unknown_ids_are_not_found(client: Client, route: str):
    assert client.get(reverse(route, args=[999_999])).status_code == 404
    assert client.get(reverse(route, args=[2**63])).status_code == 404


def test_only_get(client: Client):
    event = EventFactory()
    response = client.post(reverse("frontend:event-calendar", args=[event.pk]))
    assert response.status_code == 405


def test_the_query_count_does_not_grow_with_meetings(client: Client, django_assert_num_queries):
    series = ForumSeriesFactory()
    for number in range(1, 6):
        ForumMeetingFactory(series=series, series_number=number)
    url = reverse("frontend:forum-series-calendar", args=[series.pk])
    with django_assert_num_queries(2):
        client.get(url)


def test_pages_and_api_link_the_files(client: Client):
    meeting = ForumMeetingFactory()
    event_ics = reverse("frontend:event-calendar", args=[meeting.pk])
    series_ics = reverse("frontend:forum-series-calendar", args=[meeting.series.pk])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{event_ics}"' in html
    assert f'href="{series_ics}"' in html

    detail = client.get(f"/api/v1/events/{meeting.pk}/").json()
    assert detail["calendar_url"] == f"http://127.0.0.1:8000{event_ics}"
    listed = client.get("/api/v1/events/").json()["results"]
    assert listed[0]["calendar_url"] == f"http://127.0.0.1:8000{event_ics}"
    series = client.get("/api/v1/events/series/").json()["results"]
    assert series[0]["calendar_url"] == f"http://127.0.0.1:8000{series_ics}"
