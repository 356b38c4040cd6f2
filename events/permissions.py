"""Who may do what with events and forum series.

Events are public: anyone, signed in or not, may read them (`can_view_event`). The boards in
them stay as private as any board (whether someone may run a board in an event is the boards
app's rule: `boards.permissions.can_add_board_to_event`).
"""

from __future__ import annotations

from typing import Any

import rules

from hub.permissions import can_moderate, is_authenticated


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
# An event's organisers may change it (and run boards in it, as facilitators may).
can_edit_event = can_moderate | is_event_organiser
can_delete_event = can_moderate
can_run_boards_in_event = can_moderate | is_event_organiser
# Organisers' names are for signed-in people, as the boards are.
can_see_organisers = is_authenticated

rules.add_perm("events.view_event", can_view_event)
rules.add_perm("events.add_event", can_create_event)
rules.add_perm("events.change_event", can_edit_event)
rules.add_perm("events.delete_event", can_delete_event)
rules.add_perm("events.add_forumseries", can_create_forum_series)
rules.add_perm("events.change_forumseries", can_edit_forum_series)
