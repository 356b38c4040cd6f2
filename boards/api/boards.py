"""Boards: the list, a new board, one board as the viewer sees it (its snapshot), and the
events after a sequence number."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards import stream
from boards.api.common import (
    GUEST_403,
    GUEST_404,
    BoardPhaseField,
    BoardSnapshotOut,
    BoardTemplateField,
    participant_of_request,
)
from boards.models import BoardTemplate
from boards.selectors import board_list, board_snapshot
from boards.services import (
    board_create,
    participant_for_user,
)
from common.api import (
    BigIntegerField,
    CharField,
    IdField,
    IntegerField,
    Pagination,
    PrimaryKeyRelatedField,
    error_responses,
    parse_body,
    parse_query,
)
from events.models import Event
from hub.api import ShownNameField, signed_in
from realtime import log as stream_log


class BoardSummaryOut(serializers.Serializer):
    id = IdField()
    title = CharField()
    purpose = CharField()
    template = BoardTemplateField()
    template_label = CharField(source="get_template_display")
    phase = BoardPhaseField()
    phase_label = CharField(source="get_phase_display")
    locked = serializers.BooleanField(source="is_locked")
    anonymous_cards = serializers.BooleanField()
    votes_per_participant = IntegerField()
    card_count = IntegerField(
        help_text="Cards everyone can see; cards hidden in silent writing are not counted."
    )
    created_by_name = ShownNameField(source="created_by")
    created_at = serializers.DateTimeField()
    event = IntegerField(
        source="event_id", allow_null=True, help_text="The event it belongs to; null: standalone."
    )


class EventOut(serializers.Serializer):
    type = CharField(help_text="Always `event`, as on the socket.")
    event = CharField(help_text="e.g. `card.added`; see docs/realtime-protocol.md.")
    seq = IntegerField()
    data = serializers.DictField(  # type: ignore[assignment]
        help_text="The event's data as you may see it."
    )


class EventsOut(serializers.Serializer):
    events = EventOut(many=True)
    seq = IntegerField(help_text="The board's last sequence number.")
    snapshot_needed = serializers.BooleanField(
        help_text="Too far behind (or ahead): `events` is empty, fetch the board instead."
    )


# --- Input -----------------------------------------------------------------------------


class BoardCreateIn(serializers.Serializer):
    title = CharField()
    purpose = CharField(allow_blank=True, required=False, default="")
    template = BoardTemplateField(
        required=False, default=BoardTemplate.BRAINSTORM, help_text="Decides the sections."
    )
    votes_per_participant = IntegerField(min_value=1, max_value=20, required=False, default=3)
    anonymous_cards = serializers.BooleanField(
        required=False, default=False, help_text="Show cards without their authors' names."
    )
    event = PrimaryKeyRelatedField(
        queryset=Event.objects.all(),
        allow_null=True,
        required=False,
        default=None,
        help_text="An event to run the board in: one you organise (facilitators: any).",
    )


class EventsQuery(serializers.Serializer):
    after = BigIntegerField(
        min_value=0, required=False, default=0, help_text="The last sequence number you saw."
    )


# --- Boards ----------------------------------------------------------------------------------


class BoardListCreateApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filter_backends = []
    serializer_class = BoardSummaryOut

    @extend_schema(
        tags=["boards"],
        summary="Idea boards, newest first",
        responses={200: BoardSummaryOut(many=True), **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(board_list(viewer=request.user))
        return self.get_paginated_response(BoardSummaryOut(page, many=True).data)

    @extend_schema(
        tags=["boards"],
        summary="Create an idea board",
        description="You become its facilitator. The answer is the new board's snapshot, "
        "with the join code for guests. With `event`, the board belongs to that event.",
        request=BoardCreateIn,
        responses={201: BoardSnapshotOut, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        data = parse_body(BoardCreateIn, request)
        user = signed_in(request)
        board = board_create(actor=user, **data)
        participant = participant_for_user(board=board, user=user)
        participant.board = board
        return Response(board_snapshot(participant=participant), status=status.HTTP_201_CREATED)


class BoardDetailApi(APIView):
    permission_classes = [AllowAny]  # signed in, or a guest pass: see _participant

    @extend_schema(
        tags=["boards"],
        summary="A board as you see it (snapshot)",
        description="Sections, cards, clusters, links, your votes and the sequence number "
        "the state reflects. Others' cards hidden in silent writing are only counted per "
        "section. Your first read puts you on the board as a participant.",
        responses={200: BoardSnapshotOut, 403: GUEST_403, 404: GUEST_404},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(board_snapshot(participant=participant_of_request(request, pk)))


class BoardEventsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["boards"],
        summary="Events after a sequence number",
        description="What happened after `after`, in order, each as you may see it — the "
        "same messages the socket sends. When you are too far behind, `snapshot_needed` is "
        "true: fetch the board instead.",
        parameters=[EventsQuery],
        responses={200: EventsOut, **error_responses(400), 403: GUEST_403, 404: GUEST_404},
    )
    def get(self, request: Request, pk: int) -> Response:
        participant = participant_of_request(request, pk)
        after = parse_query(EventsQuery, request)["after"]
        replay = stream_log.replay_after(stream_key=participant.board.stream_key, seq=after)
        messages = []
        for event in replay.events:
            message = stream_log.event_message(event)
            message["data"] = stream.for_viewer(event.type, event.payload, participant.pk)
            messages.append(message)
        return Response(
            {"events": messages, "seq": replay.last_seq, "snapshot_needed": replay.snapshot_needed}
        )
