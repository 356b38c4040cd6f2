"""The REST API of events (forum meetings, matchmaking sessions, labs, …) and forum series.

Anyone may read events, as on the pages; the boards in an event are listed only to those who
may see boards (signed-in people), and its organisers' names likewise. Writes go through
`events.services` (`event_create`, `event_update`, `forum_series_create`), which decide who
may and what is valid: facilitators and administrators set events up, an event's organisers
may change it. A board joins an event when it is created (`POST /boards/` with `event`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import (
    CharField,
    IdField,
    IntegerField,
    Pagination,
    PrimaryKeyRelatedField,
    enum_field,
    error_responses,
    parse_body,
    parse_query,
)
from events import permissions
from events.calendar import absolute_url
from events.models import Event, EventKind, ForumSeries
from events.selectors import EventFilters, event_detail, event_list, forum_series_list
from events.services import EventInput, event_create, event_update, forum_series_create
from hub.api import FocusAreaField, FocusAreaRefOut, ShownNameField, signed_in
from hub.models import User
from hub.selectors import focus_area_list

EventKindField = enum_field(EventKind, "EventKind")
EVENT_INPUT_FIELDS = frozenset(field.name for field in dataclasses.fields(EventInput))


# --- Output ----------------------------------------------------------------------------------


class ForumSeriesRefOut(serializers.Serializer):
    id = IdField()
    title = CharField()


class ForumSeriesOut(ForumSeriesRefOut):
    description = CharField()
    focus_area = FocusAreaRefOut(allow_null=True)
    meeting_count = IntegerField(help_text="Its forum meetings (events).")
    calendar_url = serializers.SerializerMethodField(
        help_text="Every meeting of the series as one iCalendar (.ics) file; no sign-in needed."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar_url(self, series: ForumSeries) -> str:
        return absolute_url(reverse("frontend:forum-series-calendar", args=[series.pk]))


class EventSummaryOut(serializers.Serializer):
    id = IdField()
    kind = EventKindField()
    kind_label = CharField(source="get_kind_display")
    title = CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = CharField(help_text="Free text: an address, a room, or “Digitalt”.")
    focus_area = FocusAreaRefOut(allow_null=True)
    series = ForumSeriesRefOut(allow_null=True, help_text="Forum meetings only.")
    series_number = IntegerField(allow_null=True, help_text="The meeting's number in its series.")
    calendar_url = serializers.SerializerMethodField(
        help_text="The event as an iCalendar (.ics) file; no sign-in needed."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar_url(self, event: Event) -> str:
        return absolute_url(reverse("frontend:event-calendar", args=[event.pk]))


class MeetingOut(serializers.Serializer):
    id = IdField()
    title = CharField()
    series_number = IntegerField(allow_null=True)
    starts_at = serializers.DateTimeField()


class EventBoardOut(serializers.Serializer):
    id = IdField()
    title = CharField()


class OrganiserOut(serializers.Serializer):
    id = IdField()
    display_name = ShownNameField(source="*")


class EventDetailOut(EventSummaryOut):
    description = CharField(help_text="Markdown, as written.")
    description_html = CharField(help_text="Rendered and sanitised.")
    boards = EventBoardOut(
        many=True,
        help_text="The event's idea boards, newest first; empty unless you are signed in.",
    )
    organisers = serializers.SerializerMethodField(
        help_text="Who runs the event; null unless you are signed in."
    )
    meetings = serializers.SerializerMethodField(
        help_text="For a forum meeting, every meeting of its series (this one included), in "
        "order; otherwise empty."
    )

    @extend_schema_field(OrganiserOut(many=True, allow_null=True))
    def get_organisers(self, event: Event) -> Any:
        if not permissions.can_see_organisers(self.context["request"].user):
            return None
        return OrganiserOut(event.organisers.all(), many=True, context=self.context).data

    @extend_schema_field(MeetingOut(many=True))
    def get_meetings(self, event: Event) -> Any:
        if event.series is None:
            return []
        return MeetingOut(event.series.meetings.all(), many=True).data


# --- Input -----------------------------------------------------------------------------------


class EventIn(serializers.Serializer):
    """An event. Relations by id. On PATCH every field is optional and keeps its value."""

    title = CharField()
    kind = EventKindField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(help_text="After `starts_at`.")
    place = CharField(allow_blank=True, required=False)
    description = CharField(
        allow_blank=True, required=False, help_text="Markdown: **bold**, lists and links."
    )
    focus_area = PrimaryKeyRelatedField(
        queryset=focus_area_list(),
        allow_null=True,
        required=False,
        help_text="Left out in a series: the series' focus area.",
    )
    series = PrimaryKeyRelatedField(
        queryset=forum_series_list(),
        allow_null=True,
        required=False,
        help_text="A forum series (`kind` must be `forum_meeting`).",
    )
    series_number = IntegerField(
        min_value=1,
        max_value=99,
        allow_null=True,
        required=False,
        help_text="The meeting's number in the series; left out: the next free one.",
    )
    organisers = PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="People's ids. They may change the event and run boards in it.",
    )


class ForumSeriesIn(serializers.Serializer):
    title = CharField()
    description = CharField(allow_blank=True, required=False, default="")
    focus_area = PrimaryKeyRelatedField(
        queryset=focus_area_list(), allow_null=True, required=False, default=None
    )


class EventQuery(serializers.Serializer):
    kind = EventKindField(required=False)
    focus_area = FocusAreaField(required=False, help_text="A focus area's slug or id.")
    series = IdField(required=False, help_text="A forum series' id.")
    when = serializers.ChoiceField(
        choices=["upcoming", "past"],
        required=False,
        help_text="`upcoming`: not yet over (ongoing included); `past`: over.",
    )


# --- Translation helpers ---------------------------------------------------------------------


def _event_input(data: dict[str, Any], current: Event | None = None) -> EventInput:
    """The service's input: what was sent, over the current values when editing."""
    if current is None:
        return EventInput.from_fields(data)
    sent = {key: value for key, value in data.items() if key in EVENT_INPUT_FIELDS}
    if "series_number" not in sent and sent.get("series", current.series) != current.series:
        sent["series_number"] = None  # another series: the next free number there
    return dataclasses.replace(EventInput.of(current), **sent)


def _event_response(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    """An event as the viewer sees it now, re-read so its boards and series are current."""
    event = event_detail(viewer=request.user, pk=pk)
    return Response(EventDetailOut(event, context={"request": request}).data, status=code)


# --- Views -----------------------------------------------------------------------------------


class EventListCreateApi(GenericAPIView):
    pagination_class = Pagination
    filter_backends = []
    serializer_class = EventSummaryOut

    @extend_schema(
        tags=["events"],
        summary="Events: upcoming first (soonest first), then past ones (latest first)",
        description="Public: no sign-in needed.",
        parameters=[EventQuery],
        responses={200: EventSummaryOut(many=True), **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        query = parse_query(EventQuery, request)
        focus_area = query.get("focus_area")
        filters = EventFilters(
            kind=query.get("kind", ""),
            focus_area=focus_area.slug if focus_area else "",
            series=query.get("series"),
            when=query.get("when", ""),
        )
        page = self.paginate_queryset(event_list(filters=filters, now=timezone.now()))
        return self.get_paginated_response(EventSummaryOut(page, many=True).data)

    @extend_schema(
        tags=["events"],
        summary="Set up an event",
        description="Facilitators and administrators.",
        request=EventIn,
        responses={201: EventDetailOut, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        data = parse_body(EventIn, request)
        event = event_create(actor=signed_in(request), data=_event_input(data))
        return _event_response(request, event.pk, status.HTTP_201_CREATED)


class EventDetailApi(APIView):
    @extend_schema(
        tags=["events"],
        summary="An event, with its boards and its series' meetings",
        responses={200: EventDetailOut, **error_responses(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _event_response(request, pk)

    @extend_schema(
        tags=["events"],
        summary="Change an event",
        description="Facilitators, administrators and the event's organisers. Fields left "
        "out keep their value; `organisers` replaces the whole list.",
        request=EventIn(partial=True),
        responses={200: EventDetailOut, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        event = event_detail(viewer=request.user, pk=pk)
        data = parse_body(EventIn, request, partial=True)
        event_update(actor=signed_in(request), event=event, data=_event_input(data, event))
        return _event_response(request, pk)


class ForumSeriesListCreateApi(GenericAPIView):
    pagination_class = Pagination
    filter_backends = []
    serializer_class = ForumSeriesOut

    @extend_schema(
        tags=["events"],
        summary="Forum series, newest first",
        description="Their meetings: `GET /events/?series={id}`.",
        responses={200: ForumSeriesOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(forum_series_list())
        return self.get_paginated_response(ForumSeriesOut(page, many=True).data)

    @extend_schema(
        tags=["events"],
        summary="Start a forum series",
        description="Facilitators and administrators. Add its meetings as events of kind "
        "`forum_meeting` with `series`.",
        request=ForumSeriesIn,
        responses={201: ForumSeriesOut, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        data = parse_body(ForumSeriesIn, request)
        series: ForumSeries = forum_series_create(actor=signed_in(request), **data)
        series = forum_series_list().get(pk=series.pk)
        return Response(ForumSeriesOut(series).data, status=status.HTTP_201_CREATED)
