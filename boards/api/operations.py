"""Operations over REST: any operation at `ops/`, and the card operations as resources.

Their request bodies come from the operations' inputs (`boards.services.inputs`), which
`board_apply` parses, as for the socket."""

from __future__ import annotations

from typing import Any

from django.db.models import Choices
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards.api.common import (
    BOARD_409,
    GUEST_403,
    GUEST_404,
    OP_NAMES,
    OP_RESPONSES,
    AppliedOut,
    BoardPhaseField,
    CardColourField,
    apply_operation,
    op_id_field,
    participant_of_request,
)
from boards.models import BoardPhase, CardColour
from boards.services import inputs
from boards.services.inputs import OperationInput
from common.api import (
    CharField,
    EnumField,
    IntegerField,
    error_responses,
    parse_body,
    parse_query,
)


class OpIn(serializers.Serializer):
    op = CharField(help_text=f"One of {OP_NAMES}.")
    op_id = op_id_field()
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
    return type(name, (serializers.Serializer,), {**fields, "op_id": op_id_field()})


def _field_in(spec: inputs.Spec) -> serializers.Field:
    options: dict[str, Any] = {"required": spec.required, "help_text": spec.doc or None}
    if isinstance(spec, inputs.Number):
        return IntegerField(min_value=0, max_value=inputs.ID_LIMIT - 1, **options)
    if isinstance(spec, inputs.Text):
        return CharField(allow_blank=True, trim_whitespace=False, **options)
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


class OpIdQuery(serializers.Serializer):
    op_id = op_id_field()


def _card_fields(data: dict[str, Any], card: int | None = None) -> dict[str, Any]:
    fields = {k: v for k, v in data.items() if k != "op_id"}
    return fields if card is None else {"card": card, **fields}


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
        participant = participant_of_request(request, pk)
        data = parse_body(OpIn, request)
        return apply_operation(participant, data["op"], data["data"], data.get("op_id"))


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
        participant = participant_of_request(request, pk)
        data = parse_body(CardAddIn, request)
        return apply_operation(participant, "card.add", _card_fields(data), data.get("op_id"))


# What an operation on one card answers: its result, or why not (the same for each).
CARD_OPERATION_RESPONSES = {
    200: AppliedOut,
    **error_responses(400),
    403: GUEST_403,
    404: GUEST_404,
    409: BOARD_409,
}


class CardDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["boards"],
        summary="Edit a card's text or colour (operation `card.edit`)",
        description="Your own cards; facilitators any card.",
        request=CardEditIn,
        responses=CARD_OPERATION_RESPONSES,
    )
    def patch(self, request: Request, pk: int, card: int) -> Response:
        participant = participant_of_request(request, pk)
        data = parse_body(CardEditIn, request)
        fields = _card_fields(data, card)
        return apply_operation(
            participant, "card.edit", fields, data.get("op_id"), status.HTTP_200_OK
        )

    @extend_schema(
        tags=["boards"],
        summary="Delete a card (operation `card.delete`)",
        description="Your own cards; facilitators any card. Answers with the operation's "
        "result (not 204), so you learn its sequence number.",
        parameters=[OpIdQuery],
        responses=CARD_OPERATION_RESPONSES,
    )
    def delete(self, request: Request, pk: int, card: int) -> Response:
        participant = participant_of_request(request, pk)
        op_id = parse_query(OpIdQuery, request).get("op_id")
        return apply_operation(
            participant, "card.delete", {"card": card}, op_id, status.HTTP_200_OK
        )


class CardMoveApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["boards"],
        summary="Move a card (operation `card.move`)",
        description="To `position` in `section`, within a section or between sections; the "
        "other cards close up around it.",
        request=CardMoveIn,
        responses=CARD_OPERATION_RESPONSES,
    )
    def post(self, request: Request, pk: int, card: int) -> Response:
        participant = participant_of_request(request, pk)
        data = parse_body(CardMoveIn, request)
        fields = _card_fields(data, card)
        return apply_operation(
            participant, "card.move", fields, data.get("op_id"), status.HTTP_200_OK
        )
