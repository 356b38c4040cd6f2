"""What board operations share: the statements they make (compiled once), who facilitates,
whether cards may change, and the field readers and lookups that refuse bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from boards import events, permissions
from boards.errors import BoardError, BoardErrorCode
from boards.models import Board, BoardPhase, Card, CardColour, Participant, Section
from common import fastsql
from common.errors import ErrorCode, ServiceError
from common.fastsql import PreparedQuery

# The statements every board operation makes, compiled once (see hub/fastsql.py; measured
# in docs/benchmarks.md). The board row is locked for the whole operation: operations on a
# board apply one at a time, in the order of their sequence numbers.
LOCKED_BOARD = PreparedQuery(Board, lambda pk: Board.objects.select_for_update().filter(pk=pk), 1)
SECTION = PreparedQuery(
    Section, lambda board, pk: Section.objects.filter(board_id=board, pk=pk).order_by(), 2
)
# A column with the sort key of its last card, for a new card below it.
SECTION_WITH_TOP = PreparedQuery(
    Section,
    lambda board, pk: (
        Section.objects.filter(board_id=board, pk=pk)
        .annotate(top=Max("cards__position"))
        .order_by()
    ),
    2,
)
CARD = PreparedQuery(
    Card, lambda board, pk: Card.objects.filter(board_id=board, pk=pk).order_by(), 2
)


class Facilitation:
    """Whether the participant facilitates the board, found out only when an operation asks.

    Most operations of most participants never ask, and the answer costs up to two queries.
    """

    __slots__ = ("_answer", "_board", "_participant")

    def __init__(self, participant: Participant, board: Board) -> None:
        self._participant, self._board = participant, board
        self._answer: bool | None = None

    def __bool__(self) -> bool:
        if self._answer is None:
            self._answer = permissions.participant_facilitates(self._participant, self._board)
        return self._answer


OpResult = tuple[str, dict[str, Any]]
Handler = Callable[[Board, Participant, Facilitation, dict[str, Any]], OpResult]


def writable(board: Board, facilitator: Facilitation) -> None:
    """Cards may change only on an open, unlocked board (facilitators ignore the lock)."""
    if board.phase == BoardPhase.CLOSED:
        raise BoardError(BoardErrorCode.CLOSED)
    if board.is_locked and not facilitator:
        raise BoardError(BoardErrorCode.LOCKED)


def require_facilitator(facilitator: Facilitation) -> None:
    if not facilitator:
        raise ServiceError(ErrorCode.FORBIDDEN)


def maybe_int(data: dict[str, Any], field: str) -> int | None:
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
        raise ValidationError({field: [_("Ska vara ett heltal.")]})
    return value


def int_field(data: dict[str, Any], field: str) -> int:
    value = maybe_int(data, field)
    if value is None:
        raise ValidationError({field: [_("Saknas.")]})
    return value


def maybe_text(data: dict[str, Any], field: str, limit: int) -> str | None:
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError({field: [_("Ska vara text.")]})
    value = value.strip()
    if not value:
        raise ValidationError({field: [_("Får inte vara tom.")]})
    if len(value) > limit:
        raise ValidationError({field: [_("Högst %(n)d tecken.") % {"n": limit}]})
    return value


def text_field(data: dict[str, Any], field: str, limit: int) -> str:
    value = maybe_text(data, field, limit)
    if value is None:
        raise ValidationError({field: [_("Saknas.")]})
    return value


def colour_field(data: dict[str, Any], *, required: bool = False) -> str | None:
    value = data.get("colour")
    if value is None and not required:
        return None
    if value not in CardColour.values:
        raise ValidationError({"colour": [_("Okänd färg.")]})
    return str(value)


def section_of(
    board: Board, data: dict[str, Any], query: PreparedQuery[Section] | None = None
) -> Section:
    section = (query or SECTION).first(board.pk, int_field(data, "section"))
    if section is None:
        raise ValidationError({"section": [_("Det finns ingen sådan kolumn på tavlan.")]})
    return section


def card_of(
    board: Board, participant: Participant, data: dict[str, Any], field: str = "card"
) -> Card:
    card = CARD.first(board.pk, int_field(data, field))
    # Someone else's unrevealed card does not exist for this participant.
    if card is None or (card.is_hidden and card.author_id != participant.pk):
        raise ServiceError(ErrorCode.NOT_FOUND, field=field)
    if card.author_id == participant.pk:
        card.author = participant  # loaded already (most edits are the author's own)
    return card


def write_card(card: Card, fields: list[str]) -> None:
    """Store the card's changed `fields`; one deleted meanwhile is not found."""
    if not fastsql.update_fields(card, fields):
        raise ServiceError(ErrorCode.NOT_FOUND, field="card")


def with_author(card: Card) -> Card:
    """The card's author (and their account) loaded, for its event; one query at most."""
    if not Card.author.is_cached(card):
        card.author = Participant.objects.select_related("user").get(pk=card.author_id)
    return card


def own_or_facilitated(card: Card, participant: Participant, facilitator: Facilitation) -> None:
    if not permissions.can_edit_card(participant, card, facilitator=facilitator):
        raise ServiceError(ErrorCode.FORBIDDEN)


def card_payload(board: Board, card: Card) -> dict[str, Any]:
    return {"card": events.card_data(card, board), "anonymous": board.anonymous_cards}


def section_order(section_id: int) -> list[int]:
    return list(
        Card.objects.filter(section_id=section_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
