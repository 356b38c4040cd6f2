"""What the boards API's endpoints share: the snapshot and result shapes, the documented
refusals, who is asking (`participant_of_request`) and applying an operation
(`apply_operation`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from boards import stream
from boards.consumers import GUEST_SESSION_KEY
from boards.models import BoardPhase, BoardTemplate, CardColour, Participant
from boards.selectors import board_get
from boards.services import (
    OPERATIONS,
    board_apply,
    participant_for,
)
from common.api import (
    CharField,
    IdField,
    IntegerField,
    enum_field,
    error_responses,
)
from common.api_errors import ErrorOut

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


# --- What every endpoint answers with -----------------------------------------------------


class SnapshotBoardOut(serializers.Serializer):
    id = IdField()
    title = CharField()
    purpose = CharField()
    phase = BoardPhaseField()
    locked = serializers.BooleanField()
    anonymous_cards = serializers.BooleanField()
    votes_per_participant = IntegerField()
    timer_ends_at = serializers.DateTimeField(allow_null=True)
    join_code = CharField(
        allow_null=True, help_text="The code guests join with; null unless you facilitate."
    )
    event = IntegerField(
        allow_null=True, help_text="The event it belongs to (`/events/{id}/`); null: standalone."
    )


class SnapshotMeOut(serializers.Serializer):
    participant = IntegerField(help_text="Your participant id on this board.")
    name = CharField()
    facilitator = serializers.BooleanField(help_text="Whether you may use facilitator controls.")


class SnapshotSectionOut(serializers.Serializer):
    id = IdField()
    title = CharField()
    title_en = CharField(
        help_text="English title of a section from a board template; empty: none given."
    )
    hidden_cards = IntegerField(
        help_text="Others' cards written in silent writing, not yet revealed: counted only."
    )


class CardOut(serializers.Serializer):
    """A card. Your own hidden card comes in full; others' hidden cards are not listed."""

    id = IdField()
    section = IntegerField()
    cluster = IntegerField(allow_null=True)
    text = CharField()
    colour = CardColourField()
    position = IntegerField()
    hidden = serializers.BooleanField(help_text="Written in silent writing, not yet revealed.")
    author = IntegerField(
        allow_null=True, help_text="Participant id; null on anonymous boards (but yours)."
    )
    author_name = CharField(allow_null=True)


class ClusterOut(serializers.Serializer):
    id = IdField()
    section = IntegerField()
    heading = CharField()


class LinkOut(serializers.Serializer):
    id = IdField()
    # DRF pops declared fields off the class, so `source` and `data` are safe field names.
    source = IntegerField()  # type: ignore[assignment]
    target = IntegerField()


class BoardSnapshotOut(serializers.Serializer):
    """The board as you may see it: the socket's `snapshot` message, plus `me.facilitator`
    and `board.join_code`."""

    seq = IntegerField(help_text="The last event this state reflects.")
    board = SnapshotBoardOut()
    me = SnapshotMeOut()
    sections = SnapshotSectionOut(many=True)
    cards = CardOut(many=True)
    clusters = ClusterOut(many=True)
    links = LinkOut(many=True)
    my_votes = serializers.ListField(
        child=IntegerField(), help_text="Card ids, once per dot you cast."
    )
    votes_left = IntegerField()
    results = serializers.DictField(
        child=IntegerField(),
        allow_null=True,
        help_text="Votes per card id, once voting has ended; null before.",
    )


class AppliedOut(serializers.Serializer):
    seq = IntegerField(help_text="The sequence number of the operation's event.")
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


def op_id_field() -> CharField:
    return CharField(
        required=False,
        allow_null=True,
        trim_whitespace=False,
        help_text="Your id for this operation (1–64 characters): a retry with the same id "
        "applies once.",
    )


# --- Translation helpers -------------------------------------------------------------------


def participant_of_request(request: Request, pk: int) -> Participant:
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


def apply_operation(
    participant: Participant,
    op: str,
    data: Any,
    op_id: str | None,
    created: int = status.HTTP_201_CREATED,
) -> Response:
    """Apply through the service; answer with the result as the viewer may see it."""
    applied = board_apply(participant=participant, op=op, data=data, op_id=op_id)
    # A retry answers with the first attempt's result: redact it as the event logged then.
    result = stream.for_viewer(applied.event, applied.result, participant.pk)
    body = {"seq": applied.seq, "duplicate": applied.duplicate, "result": result}
    return Response(body, status=status.HTTP_200_OK if applied.duplicate else created)
