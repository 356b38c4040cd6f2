"""The command bus of a live board: `board_apply` is the envelope every participant
operation goes through, from the socket and the REST API alike.

It validates the envelope, checks the rate limit, parses the operation's fields into its
typed input (`inputs`), applies it (one function per operation, in the modules next to this
one) in one transaction with the board row locked,
appends the event to the board's sequence log in that same transaction and publishes it
after commit. A client op id makes a retry return the original result instead of applying
twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from boards.models import Board, Participant
from boards.services import cards, clusters, controls, links, votes
from boards.services.inputs import (
    CardAddInput,
    CardClusterInput,
    CardEditInput,
    CardInput,
    CardMoveInput,
    ClusterCreateInput,
    ClusterRemoveInput,
    LinkInput,
    LockInput,
    OperationInput,
    PhaseInput,
    TimerInput,
)
from boards.services.lookups import LOCKED_BOARD, Facilitation, OpResult
from common.errors import ErrorCode, ServiceError
from common.ratelimit import rate_limited
from common.text import text_problem
from realtime import log as stream_log
from realtime import sequencing

OP_ID_MAX = 64


@dataclass(frozen=True)
class Applied:
    seq: int
    duplicate: bool
    event: str  # the event type logged (for a retry: the first attempt's)
    result: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Operation[T: OperationInput]:
    """One kind of operation: its input, and the function that applies it to the locked
    board and returns its event."""

    input: type[T]
    apply: Callable[[Board, Participant, Facilitation, T], OpResult]


OPERATIONS: dict[str, Operation[Any]] = {
    "card.add": Operation(CardAddInput, cards.card_add),
    "card.edit": Operation(CardEditInput, cards.card_edit),
    "card.move": Operation(CardMoveInput, cards.card_move),
    "card.delete": Operation(CardInput, cards.card_delete),
    "card.cluster": Operation(CardClusterInput, clusters.card_cluster),
    "cluster.create": Operation(ClusterCreateInput, clusters.cluster_create),
    "cluster.remove": Operation(ClusterRemoveInput, clusters.cluster_remove),
    "vote.add": Operation(CardInput, votes.vote_add),
    "vote.remove": Operation(CardInput, votes.vote_remove),
    "link.add": Operation(LinkInput, links.link_add),
    "link.remove": Operation(LinkInput, links.link_remove),
    "board.phase": Operation(PhaseInput, controls.board_phase),
    "board.timer": Operation(TimerInput, controls.board_timer),
    "board.lock": Operation(LockInput, controls.board_lock),
}


def board_apply(
    *, participant: Participant, op: str, data: Any, op_id: str | None = None
) -> Applied:
    """Apply one participant operation (see OPERATIONS) and log it. Idempotent per op id."""
    operation = OPERATIONS.get(op)
    if operation is None:
        raise ValidationError({"op": [_("Okänd operation.")]})
    if not isinstance(data, dict):
        raise ValidationError({"data": [_("Ska vara ett objekt.")]})
    if op_id is not None and (not isinstance(op_id, str) or not 0 < len(op_id) <= OP_ID_MAX):
        raise ValidationError({"op_id": [_("Högst %(n)d tecken.") % {"n": OP_ID_MAX}]})
    if op_id is not None and (problem := text_problem(op_id)):
        raise ValidationError({"op_id": [problem]})  # it is stored, and sent back
    actor_key = f"p:{participant.pk}"
    stream_key = f"board.{participant.board_id}"
    try:
        # The rate-limit count's round trip overlaps the transaction; over the limit, it
        # raises before commit and nothing is changed.
        with transaction.atomic(), rate_limited(scope="board_op", key=participant.pk):
            command = operation.input.parse(data)
            board = LOCKED_BOARD.first(participant.board_id)
            if board is None:  # deleted while its participants were still on it
                raise ServiceError(ErrorCode.NOT_FOUND)
            facilitator = Facilitation(participant, board)
            event_type, payload = operation.apply(board, participant, facilitator, command)
            event = sequencing.append(
                stream_key=stream_key,
                type=event_type,
                payload=payload,
                actor=actor_key,
                op_id=op_id or None,
            )
    except (ServiceError, ValidationError, IntegrityError) as refusal:
        # A retry gets what its first attempt did. Asked only when this attempt did not go
        # through, as a retry of an applied operation never does: either it no longer applies
        # (its card is gone, the phase moved on) or its op id collides in the log.
        earlier = op_id and stream_log.find_applied(
            stream_key=stream_key, actor=actor_key, op_id=op_id
        )
        if earlier:
            return Applied(earlier.seq, True, earlier.type, earlier.payload)
        if isinstance(refusal, IntegrityError):
            raise ServiceError(ErrorCode.CONFLICT) from None
        raise
    return Applied(event.seq, False, event.type, payload)
