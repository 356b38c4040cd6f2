"""The REST API of idea boards: list, create, the viewer's snapshot, missed events, and
operations — the same operations the board socket carries (docs/realtime-protocol.md).

Every write goes through `boards.services.board_apply`, so it is validated, checked for
permission, logged with the board's next sequence number and broadcast to everyone on the
board exactly as if it had come over the socket. Every read is per viewer: snapshots come
from `board_snapshot`, events and operation results pass through `boards.events.for_viewer`,
so cards hidden in silent writing (and votes, and anonymous authors) never leak here.

Who is asking: a signed-in person (session or token), or a guest holding a pass for this
board in their session (`POST /boards/join/` puts it there, the socket reads the same one).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Choices
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards import events
from boards.consumers import GUEST_SESSION_KEY
from boards.models import Board, BoardPhase, BoardTemplate, CardColour, Event, Participant
from boards.selectors import board_get, board_list, board_snapshot
from boards.services import (
    OPERATIONS,
    board_apply,
    board_create,
    guest_join,
    inputs,
    participant_for,
    participant_for_user,
)
from boards.services.inputs import OperationInput
from common.api import (
    EnumField,
    Pagination,
    client_ip,
    enum_field,
    error_responses,
    parse_body,
    parse_query,
)
from common.api_errors import ErrorOut
from hub.api import signed_in
from realtime import log as stream_log

BoardTemplateField = enum_field(BoardTemplate, "BoardTemplate")
BoardPhaseField = enum_field(BoardPhase, "BoardPhase")
CardColourField = enum_field(CardColour, "CardColour")

OP_NAMES = ", ".join(f"`{name}`" for name in OPERATIONS)

BOARD_409 = OpenApiResponse(
    ErrorOut,
    description="`locked`, `closed`, `wrong_phase` (includes `phase`), `budget_exceeded` "
    "(includes `budget`), `invalid_transition` or `conflict`.",
)
GUEST_403 = OpenApiResponse(
    ErrorOut,
    description="`not_authenticated` (neither signed in nor a guest pass for this board), "
    "`forbidden` (not allowed, e.g. a facilitator control; or a guest write without the "
    "CSRF token).",
)
GUEST_404 = OpenApiResponse(
    ErrorOut,
    description="`not_found`: no such board, or a card that does not exist for you (another "
    "participant's card hidden in silent writing). Includes `field` when about a field.",
)


# --- Output ----------------------------------------------------------------------------


class BoardSummaryOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    purpose = serializers.CharField()
    template = BoardTemplateField()
    template_label = serializers.CharField(source="get_template_display")
    phase = BoardPhaseField()
    phase_label = serializers.CharField(source="get_phase_display")
    locked = serializers.BooleanField(source="is_locked")
    anonymous_cards = serializers.BooleanField()
    votes_per_participant = serializers.IntegerField()
    card_count = serializers.IntegerField(
        help_text="Cards everyone can see; cards hidden in silent writing are not counted."
    )
    created_by_name = serializers.CharField(source="created_by.display_name")
    created_at = serializers.DateTimeField()
    event = serializers.IntegerField(
        source="event_id", allow_null=True, help_text="The event it belongs to; null: standalone."
    )


class SnapshotBoardOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    purpose = serializers.CharField()
    phase = BoardPhaseField()
    locked = serializers.BooleanField()
    anonymous_cards = serializers.BooleanField()
    votes_per_participant = serializers.IntegerField()
    timer_ends_at = serializers.DateTimeField(allow_null=True)
    join_code = serializers.CharField(
        allow_null=True, help_text="The code guests join with; null unless you facilitate."
    )
    event = serializers.IntegerField(
        allow_null=True, help_text="The event it belongs to (`/events/{id}/`); null: standalone."
    )


class SnapshotMeOut(serializers.Serializer):
    participant = serializers.IntegerField(help_text="Your participant id on this board.")
    name = serializers.CharField()
    facilitator = serializers.BooleanField(help_text="Whether you may use facilitator controls.")


class SnapshotSectionOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    hidden_cards = serializers.IntegerField(
        help_text="Others' cards written in silent writing, not yet revealed: counted only."
    )


class CardOut(serializers.Serializer):
    """A card. Your own hidden card comes in full; others' hidden cards are not listed."""

    id = serializers.IntegerField()
    section = serializers.IntegerField()
    cluster = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    colour = CardColourField()
    position = serializers.IntegerField()
    hidden = serializers.BooleanField(help_text="Written in silent writing, not yet revealed.")
    author = serializers.IntegerField(
        allow_null=True, help_text="Participant id; null on anonymous boards (but yours)."
    )
    author_name = serializers.CharField(allow_null=True)


class ClusterOut(serializers.Serializer):
    id = serializers.IntegerField()
    section = serializers.IntegerField()
    heading = serializers.CharField()


class LinkOut(serializers.Serializer):
    id = serializers.IntegerField()
    # DRF pops declared fields off the class, so `source` and `data` are safe field names.
    source = serializers.IntegerField()  # type: ignore[assignment]
    target = serializers.IntegerField()


class BoardSnapshotOut(serializers.Serializer):
    """The board as you may see it: the socket's `snapshot` message, plus `me.facilitator`
    and `board.join_code`."""

    seq = serializers.IntegerField(help_text="The last event this state reflects.")
    board = SnapshotBoardOut()
    me = SnapshotMeOut()
    sections = SnapshotSectionOut(many=True)
    cards = CardOut(many=True)
    clusters = ClusterOut(many=True)
    links = LinkOut(many=True)
    my_votes = serializers.ListField(
        child=serializers.IntegerField(), help_text="Card ids, once per dot you cast."
    )
    votes_left = serializers.IntegerField()
    results = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Votes per card id, once voting has ended; null before.",
    )


class EventOut(serializers.Serializer):
    type = serializers.CharField(help_text="Always `event`, as on the socket.")
    event = serializers.CharField(help_text="e.g. `card.added`; see docs/realtime-protocol.md.")
    seq = serializers.IntegerField()
    data = serializers.DictField(  # type: ignore[assignment]
        help_text="The event's data as you may see it."
    )


class EventsOut(serializers.Serializer):
    events = EventOut(many=True)
    seq = serializers.IntegerField(help_text="The board's last sequence number.")
    snapshot_needed = serializers.BooleanField(
        help_text="Too far behind (or ahead): `events` is empty, fetch the board instead."
    )


class AppliedOut(serializers.Serializer):
    seq = serializers.IntegerField(help_text="The sequence number of the operation's event.")
    duplicate = serializers.BooleanField(
        help_text="The op_id had been applied before; nothing changed this time."
    )
    result = serializers.DictField(
        help_text="The event's data as you may see it (as the socket would send it to you)."
    )


# Every endpoint that applies a board operation answers the same way.
OP_RESPONSES = {
    201: AppliedOut,
    200: OpenApiResponse(AppliedOut, description="A retry of an applied `op_id`."),
    **error_responses(400),
    403: GUEST_403,
    404: GUEST_404,
    409: BOARD_409,
}


# --- Input -----------------------------------------------------------------------------
# Shapes only; every rule (limits, phases, permission) is the service's.


def _op_id_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_null=True,
        trim_whitespace=False,
        help_text="Your id for this operation (1–64 characters): a retry with the same id "
        "applies once.",
    )


class BoardCreateIn(serializers.Serializer):
    title = serializers.CharField()
    purpose = serializers.CharField(allow_blank=True, required=False, default="")
    template = BoardTemplateField(
        required=False, default=BoardTemplate.BRAINSTORM, help_text="Decides the sections."
    )
    votes_per_participant = serializers.IntegerField(required=False, default=3)
    anonymous_cards = serializers.BooleanField(
        required=False, default=False, help_text="Show cards without their authors' names."
    )
    event = serializers.PrimaryKeyRelatedField(
        queryset=Event.objects.all(),
        allow_null=True,
        required=False,
        default=None,
        help_text="An event to run the board in: one you organise (facilitators: any).",
    )


class OpIn(serializers.Serializer):
    op = serializers.CharField(help_text=f"One of {OP_NAMES}.")
    op_id = _op_id_field()
    data = serializers.JSONField(  # type: ignore[assignment]
        required=False,
        default=dict,
        help_text="The operation's fields, an object; see docs/realtime-protocol.md.",
    )


def operation_in(
    name: str, input_type: type[OperationInput], *, from_path: tuple[str, ...] = ()
) -> type[serializers.Serializer]:
    """The request body of an operation's own endpoint, from its input's declarations
    (`boards.services.inputs`): the fields it takes (but those the path names) and `op_id`.

    It only turns form fields into JSON types and documents them; the input decides."""
    fields: dict[str, serializers.Field] = {
        field: _field_in(spec) for field, spec in input_type.specs if field not in from_path
    }
    return type(name, (serializers.Serializer,), {**fields, "op_id": _op_id_field()})


def _field_in(spec: inputs.Spec) -> serializers.Field:
    options: dict[str, Any] = {"required": spec.required, "help_text": spec.doc or None}
    if isinstance(spec, inputs.Number):
        return serializers.IntegerField(**options)
    if isinstance(spec, inputs.Text):
        return serializers.CharField(allow_blank=True, trim_whitespace=False, **options)
    if isinstance(spec, inputs.Choice):
        return CHOICE_FIELDS[spec.choices](**options)
    raise TypeError(f"no REST field for {type(spec).__name__}")


CHOICE_FIELDS: dict[type[Choices], type[EnumField]] = {
    CardColour: CardColourField,
    BoardPhase: BoardPhaseField,
}
CardAddIn = operation_in("CardAddIn", inputs.CardAddInput)
CardEditIn = operation_in("CardEditIn", inputs.CardEditInput, from_path=("card",))
CardMoveIn = operation_in("CardMoveIn", inputs.CardMoveInput, from_path=("card",))


class JoinIn(serializers.Serializer):
    join_code = serializers.CharField(allow_blank=True, help_text="The code the facilitator shows.")
    name = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="The name others see (guests only; up to 60 characters).",
    )


class EventsQuery(serializers.Serializer):
    after = serializers.IntegerField(
        min_value=0, required=False, default=0, help_text="The last sequence number you saw."
    )


class OpIdQuery(serializers.Serializer):
    op_id = _op_id_field()


# --- Translation helpers -------------------------------------------------------------------


def _participant(request: Request, pk: int) -> Participant:
    """The viewer's place on board `pk` (see services.participant_for)."""
    participant = participant_for(
        board=board_get(pk=pk),
        user=request.user,
        guest_passes=request.session.get(GUEST_SESSION_KEY),
    )
    if participant is None:
        raise exceptions.NotAuthenticated()
    if participant.user is None and request.method not in SAFE_METHODS:
        # A guest pass rides on the session cookie, so its writes need the CSRF token as
        # signed-in sessions do (DRF checks those; nothing checks a guest's but this).
        SessionAuthentication().enforce_csrf(request)
    return participant


def _snapshot(participant: Participant) -> dict[str, Any]:
    return board_snapshot(participant=participant)


def _apply(
    participant: Participant,
    op: str,
    data: Any,
    op_id: str | None,
    created: int = status.HTTP_201_CREATED,
) -> Response:
    """Apply through the service; answer with the result as the viewer may see it."""
    applied = board_apply(participant=participant, op=op, data=data, op_id=op_id)
    # A retry answers with the first attempt's result: redact it as the event logged then.
    result = events.for_viewer(applied.event, applied.result, participant.pk)
    body = {"seq": applied.seq, "duplicate": applied.duplicate, "result": result}
    return Response(body, status=status.HTTP_200_OK if applied.duplicate else created)


def _card_fields(data: dict[str, Any], card: int | None = None) -> dict[str, Any]:
    fields = {k: v for k, v in data.items() if k != "op_id"}
    return fields if card is None else {"card": card, **fields}


def _remember_guest(request: Request, participant: Participant) -> None:
    """Keep the guest pass in the session, where the board socket looks for it."""
    session = request.session
    passes = dict(session.get(GUEST_SESSION_KEY) or {})
    passes[str(participant.board_id)] = participant.pk
    session.cycle_key()  # a new session id for a new identity, as a sign-in gets
    session[GUEST_SESSION_KEY] = passes
    get_token(request._request)  # the CSRF cookie the guest's writes will need


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
        return Response(_snapshot(participant), status=status.HTTP_201_CREATED)


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
        return Response(_snapshot(_participant(request, pk)))


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
        participant = _participant(request, pk)
        after = parse_query(EventsQuery, request)["after"]
        replay = stream_log.replay_after(stream_key=participant.board.stream_key, seq=after)
        messages = []
        for event in replay.events:
            message = stream_log.event_message(event)
            message["data"] = events.for_viewer(event.type, event.payload, participant.pk)
            messages.append(message)
        return Response(
            {"events": messages, "seq": replay.last_seq, "snapshot_needed": replay.snapshot_needed}
        )


class BoardOpApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["boards"],
        summary="Apply an operation",
        description=f"Any board operation ({OP_NAMES}), exactly as over the socket: it is "
        "logged with the board's next sequence number and broadcast to everyone on the "
        "board. 201 when applied; 200 when `op_id` had already been applied (the first "
        "result again, nothing changed).",
        request=OpIn,
        responses=OP_RESPONSES,
    )
    def post(self, request: Request, pk: int) -> Response:
        participant = _participant(request, pk)
        data = parse_body(OpIn, request)
        return _apply(participant, data["op"], data["data"], data.get("op_id"))


# --- Cards: the same operations, as resources ----------------------------------------------


class CardCreateApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["boards"],
        summary="Add a card (operation `card.add`)",
        description="During silent writing the card stays hidden from others until the "
        "facilitator reveals it. 201 when added; 200 for a retry of an applied `op_id`.",
        request=CardAddIn,
        responses=OP_RESPONSES,
    )
    def post(self, request: Request, pk: int) -> Response:
        participant = _participant(request, pk)
        data = parse_body(CardAddIn, request)
        return _apply(participant, "card.add", _card_fields(data), data.get("op_id"))


class CardDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["boards"],
        summary="Edit a card's text or colour (operation `card.edit`)",
        description="Your own cards; facilitators any card.",
        request=CardEditIn,
        responses={
            200: AppliedOut,
            **error_responses(400),
            403: GUEST_403,
            404: GUEST_404,
            409: BOARD_409,
        },
    )
    def patch(self, request: Request, pk: int, card: int) -> Response:
        participant = _participant(request, pk)
        data = parse_body(CardEditIn, request)
        fields = _card_fields(data, card)
        return _apply(participant, "card.edit", fields, data.get("op_id"), status.HTTP_200_OK)

    @extend_schema(
        tags=["boards"],
        summary="Delete a card (operation `card.delete`)",
        description="Your own cards; facilitators any card. Answers with the operation's "
        "result (not 204), so you learn its sequence number.",
        parameters=[OpIdQuery],
        responses={
            200: AppliedOut,
            **error_responses(400),
            403: GUEST_403,
            404: GUEST_404,
            409: BOARD_409,
        },
    )
    def delete(self, request: Request, pk: int, card: int) -> Response:
        participant = _participant(request, pk)
        op_id = parse_query(OpIdQuery, request).get("op_id")
        return _apply(participant, "card.delete", {"card": card}, op_id, status.HTTP_200_OK)


class CardMoveApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["boards"],
        summary="Move a card (operation `card.move`)",
        description="To `position` in `section`, within a section or between sections; the "
        "other cards close up around it.",
        request=CardMoveIn,
        responses={
            200: AppliedOut,
            **error_responses(400),
            403: GUEST_403,
            404: GUEST_404,
            409: BOARD_409,
        },
    )
    def post(self, request: Request, pk: int, card: int) -> Response:
        participant = _participant(request, pk)
        data = parse_body(CardMoveIn, request)
        fields = _card_fields(data, card)
        return _apply(participant, "card.move", fields, data.get("op_id"), status.HTTP_200_OK)


# --- Guests ------------------------------------------------------------------------------------


class BoardJoinApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["boards"],
        summary="Join a board with its code",
        description="For guests: joins under `name` and keeps a guest pass for the board in "
        "the session (cookie), which the board's reads, writes and socket accept; writes "
        "then need the CSRF token (`csrftoken` cookie, `X-CSRFToken` header). Each join "
        "is a new guest. Signed-in people are put on the board as themselves (`name` is "
        "not used). Answers with the board's snapshot.",
        request=JoinIn,
        responses={
            201: BoardSnapshotOut,
            200: OpenApiResponse(BoardSnapshotOut, description="Signed in: you are on it."),
            **error_responses(400, 403),
        },
    )
    def post(self, request: Request) -> Response:
        data = parse_body(JoinIn, request)
        if request.user.is_authenticated:
            board = _board_by_code(request, data["join_code"])
            participant = participant_for_user(board=board, user=signed_in(request))
            participant.board = board
            return Response(_snapshot(participant))
        participant = guest_join(
            join_code=data["join_code"], name=data["name"], client_key=client_ip(request)
        )
        _remember_guest(request, participant)
        return Response(_snapshot(participant), status=status.HTTP_201_CREATED)


def _board_by_code(request: Request, join_code: str) -> Board:
    board = board_list(viewer=request.user).filter(join_code=join_code.strip().upper()).first()
    if board is None:
        raise serializers.ValidationError({"join_code": [_("Ingen öppen tavla har den koden.")]})
    return board
