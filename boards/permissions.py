"""Who may do what on an idea board."""

from __future__ import annotations

from typing import Any, Protocol

import rules

from events.permissions import can_run_boards_in_event
from hub.permissions import can_moderate, is_authenticated


class SupportsBool(Protocol):
    def __bool__(self) -> bool: ...


@rules.predicate
def is_board_facilitator(user: Any, board: Any) -> bool:
    if not is_authenticated(user) or board is None:
        return False
    if board.created_by_id == user.pk or can_moderate(user):
        return True
    return board.facilitators.filter(pk=user.pk).exists()


can_create_board = is_authenticated
# Any signed-in person may join a board; guests are admitted by its join code instead.
can_join_board = is_authenticated
can_facilitate = is_board_facilitator

rules.add_perm("boards.add_board", can_create_board)
rules.add_perm("boards.facilitate_board", can_facilitate)


def participant_facilitates(participant: Any, board: Any) -> bool:
    """Whether this place on the board is a facilitator's (guests never are)."""
    return participant.user_id is not None and bool(can_facilitate(participant.user, board))


def can_edit_card(participant: Any, card: Any, *, facilitator: SupportsBool) -> bool:
    """Authors edit and delete their own cards; facilitators any card.

    `facilitator` may be lazy (the board service's `Facilitation`): authors never ask it.
    """
    return card.author_id == participant.pk or bool(facilitator)


# --- Boards in events ---------------------------------------------------------------------
# Who may set an event up or change it is the events app's rule (events/permissions.py).

can_add_board_to_event = can_create_board & can_run_boards_in_event

rules.add_perm("boards.add_board_to_event", can_add_board_to_event)
