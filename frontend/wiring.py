"""Connections between packages of one layer row that may not import each other.

Feedback sits beside registrations and boards (docs/architecture.md): it asks who took
part in an event through `feedback.participation`, and these are the answers – the people
with a place (registrations), the guests with a place to email their personal link to
(registrations), and the people on the event's boards (boards). The frontend
sits above all three, so it wires them, once, from its `AppConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from boards.selectors import is_on_event_board, people_on_event_boards
from events.models import Event
from feedback.participation import (
    GuestInvitee,
    register_guest_invitees,
    register_invitees,
    register_participation,
)
from registrations.selectors import guests_with_a_place, has_place, people_with_a_place


def _registered(event: Event, user: Any) -> bool:
    return has_place(event=event, person=user)


def _on_a_board(event: Event, user: Any) -> bool:
    return is_on_event_board(event=event, user=user)


def _registered_people(event: Event) -> Any:
    return people_with_a_place(event=event)


def _board_people(event: Event) -> Any:
    return people_on_event_boards(event=event)


def _registered_guests(event: Event) -> list[GuestInvitee]:
    return [
        GuestInvitee(
            holder=f"registration:{registration.pk}",
            name=registration.guest_name,
            email=registration.guest_email,
            language=registration.language or "sv",
        )
        for registration in guests_with_a_place(event=event)
    ]


def connect() -> None:
    register_participation(_registered)
    register_participation(_on_a_board)
    register_invitees(_registered_people)
    register_invitees(_board_people)
    register_guest_invitees(_registered_guests)
