"""Joining a board with its code: as a guest (a pass in the session) or as yourself."""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards.api.common import BoardSnapshotOut
from boards.consumers import GUEST_SESSION_KEY
from boards.models import Board, Participant
from boards.selectors import board_list, board_snapshot
from boards.services import (
    guest_join,
    participant_for_user,
)
from common.api import (
    CharField,
    client_ip,
    error_responses,
    parse_body,
)
from hub.api import signed_in


class JoinIn(serializers.Serializer):
    join_code = CharField(allow_blank=True, help_text="The code the facilitator shows.")
    name = CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="The name others see (guests only; up to 60 characters).",
    )


def _remember_guest(request: Request, participant: Participant) -> None:
    """Keep the guest pass in the session, where the board socket looks for it."""
    session = request.session
    passes = dict(session.get(GUEST_SESSION_KEY) or {})
    passes[str(participant.board_id)] = participant.pk
    session.cycle_key()  # a new session id for a new identity, as a sign-in gets
    session[GUEST_SESSION_KEY] = passes
    get_token(request._request)  # the CSRF cookie the guest's writes will need


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
            return Response(board_snapshot(participant=participant))
        participant = guest_join(
            join_code=data["join_code"], name=data["name"], client_key=client_ip(request)
        )
        _remember_guest(request, participant)
        return Response(board_snapshot(participant=participant), status=status.HTTP_201_CREATED)


def _board_by_code(request: Request, join_code: str) -> Board:
    board = board_list(viewer=request.user).filter(join_code=join_code.strip().upper()).first()
    if board is None:
        raise serializers.ValidationError({"join_code": [_("Ingen öppen tavla har den koden.")]})
    return board
