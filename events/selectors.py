"""Reads of events: the list with its filters, one event with its boards and its series, the
events someone may run boards in, and forum series.

Events are public (`permissions.can_view_event`); the boards in them are listed only to
those who may see boards at all (signed-in people).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    F,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from common.errors import ErrorCode, ServiceError
from common.ids import lookup_id
from events.models import Event, ForumSeries
from hub.models import User
from hub.permissions import can_moderate, is_authenticated


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    focus_area: str = ""  # slug
    series: int | None = None
    when: str = ""  # "upcoming" (not yet over), "past", or "" for both


def _upcoming_first(events: QuerySet[Event], now: datetime) -> QuerySet[Event]:
    """Events not yet over, soonest first; then those that are over, the latest first.

    `is_past` tells the two apart on each row.
    """
    upcoming_start = Case(When(ends_at__gte=now, then=F("starts_at")), output_field=DateTimeField())
    return events.annotate(
        is_past=Case(
            When(ends_at__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("is_past", upcoming_start.asc(), F("starts_at").desc(), "pk")


def event_list(
    *, filters: EventFilters | None = None, now: datetime | None = None
) -> QuerySet[Event]:
    """Every event (they are public), upcoming first, with the number of boards in each."""
    filters = filters or EventFilters()
    now = now or timezone.now()
    events = Event.objects.select_related("focus_area", "series").annotate(
        board_count=Count("boards", distinct=True)
    )
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.focus_area:
        events = events.filter(focus_area__slug=filters.focus_area)
    if filters.series:
        events = events.filter(series_id=filters.series)
    if filters.when == "upcoming":
        events = events.filter(ends_at__gte=now)
    elif filters.when == "past":
        events = events.filter(ends_at__lt=now)
    return _upcoming_first(events, now)


def event_detail(*, viewer: Any, pk: Any, boards: QuerySet[Any] | None = None) -> Event:
    """One event with what its page shows: its organisers, the boards in it that `viewer` may
    see, and for a forum meeting the meetings of its series (this one included), in order.
    Four queries however many boards, organisers and meetings there are.

    `boards`: the boards `viewer` may see, as the boards app lists them (with what a page
    shows of each); left out, the event's boards as they are, to signed-in people only.
    """
    meetings = Event.objects.order_by("series_number", "starts_at", "pk")
    organisers = User.objects.select_related("organisation").order_by("display_name", "pk")
    if boards is None:
        boards = _boards_of_events(viewer)
    try:
        return (
            Event.objects.select_related("focus_area", "series", "series__focus_area")
            .prefetch_related(
                Prefetch("organisers", queryset=organisers),
                Prefetch("boards", queryset=boards),
                Prefetch("series__meetings", queryset=meetings),
            )
            .get(pk=lookup_id(pk))
        )
    except (Event.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def _boards_of_events(viewer: Any) -> QuerySet[Any]:
    """Boards are for signed-in people. Events know them only through their relation
    (`Board.event`, related name `boards`), newest first as boards are ordered."""
    board_model = Event._meta.get_field("boards").related_model
    boards = board_model._default_manager.all()
    return boards if is_authenticated(viewer) else boards.none()


def events_for_boards(*, viewer: Any) -> QuerySet[Event]:
    """The events `viewer` may run boards in, upcoming first. Mirrors
    `permissions.can_add_board_to_event`: facilitators and administrators any event,
    others the events they organise."""
    if not is_authenticated(viewer):
        return Event.objects.none()
    events = Event.objects.all() if can_moderate(viewer) else viewer.events_organised.all()
    return _upcoming_first(events, timezone.now())


def forum_series_list() -> QuerySet[ForumSeries]:
    return (
        ForumSeries.objects.select_related("focus_area")
        .annotate(meeting_count=Count("meetings"))
        .order_by("-created_at", "-pk")
    )


def forum_series_get(*, pk: Any) -> ForumSeries:
    try:
        return forum_series_list().get(pk=lookup_id(pk))
    except (ForumSeries.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def forum_series_meetings(*, pk: Any) -> tuple[ForumSeries, list[Event]]:
    """A forum series and its meetings in order (two queries however many meetings)."""
    series = forum_series_get(pk=pk)
    meetings = Event.objects.filter(series=series).order_by("series_number", "starts_at", "pk")
    return series, list(meetings)


def event_get(*, pk: Any) -> Event:
    """One event on its own (one query), e.g. for its calendar file."""
    try:
        return Event.objects.get(pk=lookup_id(pk))
    except (Event.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None
