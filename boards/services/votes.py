"""Dot voting: each participant has a budget of votes while the board is in voting."""

from __future__ import annotations

from django.db.models import Count

from boards import events
from boards.errors import BoardError, BoardErrorCode
from boards.models import Board, BoardPhase, Participant, Vote
from boards.services.inputs import CardInput
from boards.services.lookups import Facilitation, OpResult, card_of
from common.errors import ErrorCode, ServiceError


def _votes_left(board: Board, participant: Participant) -> int:
    return board.votes_per_participant - Vote.objects.filter(board=board, voter=participant).count()


def vote_add(
    board: Board, participant: Participant, facilitator: Facilitation, data: CardInput
) -> OpResult:
    if board.phase != BoardPhase.VOTING:
        raise BoardError(BoardErrorCode.WRONG_PHASE, phase=board.phase)
    if board.is_locked and not facilitator:
        raise BoardError(BoardErrorCode.LOCKED)
    card = card_of(board, participant, data.card)
    if _votes_left(board, participant) <= 0:
        raise BoardError(BoardErrorCode.BUDGET_EXCEEDED, budget=board.votes_per_participant)
    Vote.objects.create(board=board, card=card, voter=participant)
    remaining = _votes_left(board, participant)
    return events.VOTE_ADDED, {"card": card.pk, "voter": participant.pk, "remaining": remaining}


def vote_remove(
    board: Board, participant: Participant, facilitator: Facilitation, data: CardInput
) -> OpResult:
    if board.phase != BoardPhase.VOTING:
        raise BoardError(BoardErrorCode.WRONG_PHASE, phase=board.phase)
    if board.is_locked and not facilitator:
        raise BoardError(BoardErrorCode.LOCKED)
    card = card_of(board, participant, data.card)
    vote = Vote.objects.filter(board=board, card=card, voter=participant).first()
    if vote is None:
        raise ServiceError(ErrorCode.NOT_FOUND, field="card")
    vote.delete()
    remaining = _votes_left(board, participant)
    return events.VOTE_REMOVED, {"card": card.pk, "voter": participant.pk, "remaining": remaining}


def vote_totals(board: Board) -> dict[str, int]:
    rows = Vote.objects.filter(board=board).values("card").annotate(n=Count("pk")).order_by()
    return {str(row["card"]): row["n"] for row in rows}
