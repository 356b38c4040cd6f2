"""The facilitator's controls: the board's phase, its timer and its lock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from boards import events
from boards.models import Board, BoardPhase, Card, Participant
from boards.services.inputs import LockInput, PhaseInput, TimerInput
from boards.services.lookups import Facilitation, OpResult, require_facilitator
from boards.services.votes import vote_totals
from common.errors import ErrorCode, ServiceError


def board_phase(
    board: Board, participant: Participant, facilitator: Facilitation, data: PhaseInput
) -> OpResult:
    """Change phase. Leaving silent writing reveals every card; leaving voting shows results."""
    require_facilitator(facilitator)
    previous = board.phase
    if data.phase == previous:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, current=previous)
    result: dict[str, Any] = {"phase": data.phase, "previous": previous}
    if previous == BoardPhase.SILENT:
        hidden = list(
            Card.objects.filter(board=board, is_hidden=True).select_related("author__user")
        )
        Card.objects.filter(pk__in=[c.pk for c in hidden]).update(is_hidden=False)
        for card in hidden:
            card.is_hidden = False
        # Stored in full; each participant's copy is redacted on the way out (events.py).
        result["revealed"] = [events.card_data(card, board) for card in hidden]
        result["anonymous"] = board.anonymous_cards
    if previous == BoardPhase.VOTING:
        result["results"] = vote_totals(board)
    board.phase = data.phase
    board.save(update_fields=["phase", "updated_at"])
    return events.BOARD_PHASE, result


def board_timer(
    board: Board, participant: Participant, facilitator: Facilitation, data: TimerInput
) -> OpResult:
    require_facilitator(facilitator)
    seconds = data.seconds
    board.timer_ends_at = None if seconds is None else timezone.now() + timedelta(seconds=seconds)
    board.save(update_fields=["timer_ends_at", "updated_at"])
    ends = board.timer_ends_at.isoformat() if board.timer_ends_at else None
    return events.BOARD_TIMER, {"ends_at": ends}


def board_lock(
    board: Board, participant: Participant, facilitator: Facilitation, data: LockInput
) -> OpResult:
    require_facilitator(facilitator)
    board.is_locked = data.locked
    board.save(update_fields=["is_locked", "updated_at"])
    return events.BOARD_LOCK, {"locked": data.locked}
