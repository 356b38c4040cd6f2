"""The board socket, `/ws/boards/<id>/`: thin translation to the board services."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async

from boards import selectors, services, stream
from boards.models import Participant
from common.errors import ServiceError
from realtime.consumers import CLOSE_NOT_FOUND, CLOSE_UNAUTHORISED, SequencedConsumer

GUEST_SESSION_KEY = "board_guests"  # session: {board id: participant id}


class BoardConsumer(SequencedConsumer):
    stream_kind = stream.BOARD_STREAM
    participant: Participant

    async def admit(self) -> int | None:
        board_id = self.scope["url_route"]["kwargs"]["board_id"]
        try:
            self.participant = await database_sync_to_async(self._resolve)(board_id)
        except ServiceError:
            return CLOSE_NOT_FOUND
        except PermissionError:
            return CLOSE_UNAUTHORISED
        self.stream_key = self.stream_kind.key(self.participant.board_id)
        self.member = str(self.participant.pk)
        self.member_name = self.participant.display_name
        return None

    def _resolve(self, board_id: int) -> Participant:
        board = selectors.board_get(pk=board_id)
        session = self.scope.get("session")
        participant = services.participant_for(
            board=board,
            user=self.scope.get("user"),
            guest_passes=session.get(GUEST_SESSION_KEY) if session else None,
        )
        if participant is None:
            raise PermissionError("no account and no guest pass for this board")
        return participant

    async def apply(self, op: str, data: Any, op_id: str | None) -> tuple[int, bool]:
        applied = await database_sync_to_async(services.board_apply)(
            participant=self.participant, op=op, data=data, op_id=op_id
        )
        return applied.seq, applied.duplicate

    async def snapshot(self) -> dict[str, Any]:
        return await database_sync_to_async(selectors.board_snapshot)(participant=self.participant)

    def audience(self, message: dict[str, Any]) -> str:
        return stream.audience(message["event"], message["data"], self.participant.pk)

    def render(self, message: dict[str, Any], audience: str) -> dict[str, Any]:
        return {**message, "data": stream.visible_to(message["event"], message["data"], audience)}
