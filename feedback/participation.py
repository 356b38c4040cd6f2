"""Who took part in an event, as far as feedback needs to know.

Feedback sits beside registrations and boards (docs/architecture.md): it imports neither.
They know who took part – the people registered, the people on the event's boards – so
the composition above them (`frontend/wiring.py`, from its `AppConfig.ready`) registers a
check and a list of participants here, as the emailing app registers its delivery with
`hub.notifications`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from events.models import Event

# (event, user) -> whether the user took part in the event.
ParticipationCheck = Callable[[Event, Any], bool]
# event -> the people to tell when its feedback opens.
Invitees = Callable[[Event], Iterable[Any]]


@dataclass(frozen=True)
class GuestInvitee:
    """A guest without an account to email the personal link to: `holder` names what the
    link stands for ("registration:<id>"), so it holds one answer per registration."""

    holder: str
    name: str
    email: str
    language: str


GuestInvitees = Callable[[Event], Iterable[GuestInvitee]]

_checks: list[ParticipationCheck] = []
_invitees: list[Invitees] = []
_guest_invitees: list[GuestInvitees] = []


def register_participation(check: ParticipationCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def register_invitees(source: Invitees) -> None:
    if source not in _invitees:
        _invitees.append(source)


def register_guest_invitees(source: GuestInvitees) -> None:
    if source not in _guest_invitees:
        _guest_invitees.append(source)


def took_part(event: Event, user: Any) -> bool:
    """Whether `user` took part in `event` by any registered account (registered, on one
    of its boards)."""
    return any(check(event, user) for check in _checks)


def invitees(event: Event) -> list[Any]:
    """Everyone to tell when the event's feedback opens, each once."""
    seen: dict[int, Any] = {}
    for source in _invitees:
        for person in source(event):
            seen.setdefault(person.pk, person)
    return list(seen.values())


def guest_invitees(event: Event) -> list[GuestInvitee]:
    """The guests to email when the event's feedback opens, each address once."""
    seen: dict[str, GuestInvitee] = {}
    for source in _guest_invitees:
        for guest in source(event):
            if guest.email:
                seen.setdefault(guest.email.lower(), guest)
    return list(seen.values())
