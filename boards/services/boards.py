"""Set up a board: standalone, or in an event its creator may run boards in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from boards import permissions
from boards.models import TEMPLATE_SECTIONS, Board, BoardTemplate, Participant, Section
from common.errors import ErrorCode, ServiceError
from events.models import Event
from hub.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def board_create(
    *,
    actor: User,
    title: str,
    purpose: str = "",
    template: str = BoardTemplate.BRAINSTORM,
    votes_per_participant: int = 3,
    anonymous_cards: bool = False,
    event: Event | None = None,
) -> Board:
    """A new board, standalone or for `event` (which the actor must be allowed to run
    boards in: see `permissions.can_add_board_to_event`)."""
    if not permissions.can_create_board(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    if event is not None:
        event = _existing_event(event)
        if not permissions.can_add_board_to_event(actor, event):
            raise ServiceError(ErrorCode.FORBIDDEN)
    board = Board(
        title=(title or "").strip(),
        purpose=(purpose or "").strip(),
        template=template,
        created_by=actor,
        votes_per_participant=votes_per_participant,
        anonymous_cards=anonymous_cards,
        event=event,
    )
    board.full_clean(exclude=["join_code"])
    with transaction.atomic():
        board.save()
        Section.objects.bulk_create(
            Section(board=board, title=_in("sv", name), title_en=_in("en", name), position=n)
            for n, name in enumerate(TEMPLATE_SECTIONS[board.template])
        )
        Participant.objects.create(board=board, user=actor)
    return board


def _in(language: str, name: StrOrPromise) -> str:
    """A template section's name in `language`, whatever the request's language is."""
    with translation.override(language):
        return str(name)


def _existing_event(event: Event) -> Event:
    """The event as stored now; a field error when there is no such event (any more)."""
    found = Event.objects.filter(pk=event.pk).first() if event.pk is not None else None
    if found is None:
        raise ValidationError({"event": [_("Evenemanget finns inte.")]})
    return found
