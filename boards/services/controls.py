"""The facilitator's controls: the board's phase, its timer and its lock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import events
from boards.models import Board, BoardPhase, Card, Participant
from boards.services.lookups import Facilitation, OpResult, maybe_int, require_facilitator
from boards.services.votes import vote_totals
from common.errors import ErrorCode, ServiceError

TIMER_MAX_SECONDS = 4 * 3600


def op_board_phase(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    """Change phase. Leaving silent writing reveals every card; leaving voting shows results."""
    require_facilitator(facilitator)
    phase = data.get("phase")
    if phase not in BoardPhase.values:
        raise ValidationError({"phase": [_("Okänd fas.")]})
    previous = board.phase
    if phase == previous:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, current=previous)
    result: dict[str, Any] = {"phase": phase, "previous": previous}
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
    board.phase = phase
    board.save(update_fields=["phase", "updated_at"])
    return events.BOARD_PHASE, result


def op_board_timer(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    require_facilitator(facilitator)
    seconds = maybe_int(data, "seconds")
    if seconds is not None and not 1 <= seconds <= TIMER_MAX_SECONDS:
        raise ValidationError({"seconds": [_("Mellan 1 sekund och 4 timmar.")]})
    board.timer_ends_at = None if seconds is None else timezone.now() + timedelta(seconds=seconds)
    board.save(update_fields=["timer_ends_at", "updated_at"])
    ends = board.timer_ends_at.isoformat() if board.timer_ends_at else None
    return events.BOARD_TIMER, {"ends_at": ends}


def op_board_lock(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    require_facilitator(facilitator)
    locked = data.get("locked")
    if not isinstance(locked, bool):
        raise ValidationError({"locked": [_("Ska vara true eller false.")]})
    board.is_locked = locked
    board.save(update_fields=["is_locked", "updated_at"])
    return events.BOARD_LOCK, {"locked": locked}
