"""Who is on a board: signed-in people placed on it at their first visit, and guests who
join with its code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from boards import permissions
from boards.models import Board, BoardPhase, Participant
from boards.services.retention import guest_pass_valid_from
from common.errors import ErrorCode, ServiceError
from common.ratelimit import rate_limit_check
from hub.models import User


def participant_for(
    *, board: Board, user: Any, guest_passes: dict[str, int] | None
) -> Participant | None:
    """Who this visitor is on `board`: a signed-in person (placed on the board on first
    visit), a guest with a pass for it in their session that has not expired
    (`BOARD_GUEST_PASS_HOURS`), or no one (None)."""
    if user is not None and user.is_authenticated:
        return participant_for_user(board=board, user=user)
    guest_id = (guest_passes or {}).get(str(board.pk))
    if guest_id is None:
        return None
    participant = (
        Participant.objects.select_related("user", "board")
        .filter(board=board, pk=guest_id, user__isnull=True)
        .filter(joined_at__gte=guest_pass_valid_from())  # an expired pass: join again
        .exclude(guest_name="")  # pseudonymised after retention
        .first()
    )
    return participant


def participant_for_user(*, board: Board, user: User) -> Participant:
    """A signed-in person's place on a board, created on first visit."""
    if not permissions.can_join_board(user):
        raise ServiceError(ErrorCode.FORBIDDEN)
    try:
        with transaction.atomic():
            participant, _created = Participant.objects.get_or_create(board=board, user=user)
    except IntegrityError:  # two tabs joining at once
        participant = Participant.objects.get(board=board, user=user)
    participant.user = user
    participant.board = board
    return participant


def guest_join(*, join_code: str, name: str, client_key: str = "") -> Participant:
    """A guest joins with the code the facilitator shows, under a name they choose.

    `client_key` (the client's address) scopes the rate limit, which also stops anyone
    from guessing codes.
    """
    rate_limit_check(scope="board_join", key=client_key or "anonymous")
    name = " ".join((name or "").split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Skriv ett namn som andra ser.")]
    elif len(name) > 60:
        errors["name"] = [_("Högst 60 tecken.")]
    board = (
        Board.objects.filter(join_code=(join_code or "").strip().upper(), guests_allowed=True)
        .exclude(phase=BoardPhase.CLOSED)
        .first()
    )
    if board is None:
        errors["join_code"] = [_("Ingen öppen tavla har den koden.")]
    if errors:
        raise ValidationError(errors)
    assert board is not None  # noqa: S101 (narrowing for the type checker)
    return Participant.objects.create(board=board, guest_name=name)
