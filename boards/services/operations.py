"""The command bus of a live board: `board_apply` is the envelope every participant
operation goes through, from the socket and the REST API alike.

It validates the envelope, checks the rate limit, applies the operation (one function per
operation, in the modules next to this one) in one transaction with the board row locked,
appends the event to the board's sequence log in that same transaction and publishes it
after commit. A client op id makes a retry return the original result instead of applying
twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from boards.models import Participant
from boards.services.cards import op_card_add, op_card_delete, op_card_edit, op_card_move
from boards.services.clusters import op_card_cluster, op_cluster_create, op_cluster_remove
from boards.services.controls import op_board_lock, op_board_phase, op_board_timer
from boards.services.links import op_link_add, op_link_remove
from boards.services.lookups import LOCKED_BOARD, Facilitation, Handler
from boards.services.votes import op_vote_add, op_vote_remove
from common.errors import ErrorCode, ServiceError
from common.ratelimit import rate_limited
from realtime import log as stream_log
from realtime import sequencing

OP_ID_MAX = 64


@dataclass(frozen=True)
class Applied:
    seq: int
    duplicate: bool
    event: str  # the event type logged (for a retry: the first attempt's)
    result: dict[str, Any]


OPERATIONS: dict[str, Handler] = {
    "card.add": op_card_add,
    "card.edit": op_card_edit,
    "card.move": op_card_move,
    "card.delete": op_card_delete,
    "card.cluster": op_card_cluster,
    "cluster.create": op_cluster_create,
    "cluster.remove": op_cluster_remove,
    "vote.add": op_vote_add,
    "vote.remove": op_vote_remove,
    "link.add": op_link_add,
    "link.remove": op_link_remove,
    "board.phase": op_board_phase,
    "board.timer": op_board_timer,
    "board.lock": op_board_lock,
}


def board_apply(
    *, participant: Participant, op: str, data: Any, op_id: str | None = None
) -> Applied:
    """Apply one participant operation (see OPERATIONS) and log it. Idempotent per op id."""
    handler = OPERATIONS.get(op)
    if handler is None:
        raise ValidationError({"op": [_("Okänd operation.")]})
    if not isinstance(data, dict):
        raise ValidationError({"data": [_("Ska vara ett objekt.")]})
    if op_id is not None and (not isinstance(op_id, str) or not 0 < len(op_id) <= OP_ID_MAX):
        raise ValidationError({"op_id": [_("Högst %(n)d tecken.") % {"n": OP_ID_MAX}]})
    actor_key = f"p:{participant.pk}"
    stream_key = f"board.{participant.board_id}"
    try:
        # The rate-limit count's round trip overlaps the transaction; over the limit, it
        # raises before commit and nothing is changed.
        with transaction.atomic(), rate_limited(scope="board_op", key=participant.pk):
            board = LOCKED_BOARD.first(participant.board_id)
            if board is None:  # deleted while its participants were still on it
                raise ServiceError(ErrorCode.NOT_FOUND)
            facilitator = Facilitation(participant, board)
            event_type, payload = handler(board, participant, facilitator, data)
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
