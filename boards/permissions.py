"""Who may do what on an idea board."""

from __future__ import annotations

from typing import Any, Protocol

import rules

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


# --- Events --------------------------------------------------------------------------------
# Events are public: anyone, signed in or not, may read them (`can_view_event`). Their boards
# stay as private as any board (`boards.selectors.board_list`).


@rules.predicate
def is_event_organiser(user: Any, event: Any) -> bool:
    if not is_authenticated(user) or event is None or event.pk is None:
        return False
    # The detail selector prefetches the organisers; elsewhere it is one query.
    cache = getattr(event, "_prefetched_objects_cache", {})
    if "organisers" in cache:
        return any(organiser.pk == user.pk for organiser in cache["organisers"])
    return event.organisers.filter(pk=user.pk).exists()


@rules.predicate
def is_anyone(user: Any, event: Any = None) -> bool:
    return True


can_view_event = is_anyone
# Facilitators (processtöd) and administrators run the partnership's events.
can_create_event = can_moderate
can_create_forum_series = can_moderate
can_edit_forum_series = can_moderate
# An event's organisers may change it and run boards in it, as facilitators may.
can_edit_event = can_moderate | is_event_organiser
can_add_board_to_event = can_create_board & (can_moderate | is_event_organiser)
# Organisers' names are for signed-in people, as the boards are.
can_see_organisers = is_authenticated

rules.add_perm("boards.view_event", can_view_event)
rules.add_perm("boards.add_event", can_create_event)
rules.add_perm("boards.change_event", can_edit_event)
rules.add_perm("boards.add_forumseries", can_create_forum_series)
rules.add_perm("boards.change_forumseries", can_edit_forum_series)
rules.add_perm("boards.add_board_to_event", can_add_board_to_event)
