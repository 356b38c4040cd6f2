"""What board operations share: the statements they make (compiled once), who facilitates,
whether cards may change, and the lookups that refuse what is not on the board."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from boards import events, permissions
from boards.errors import BoardError, BoardErrorCode
from boards.models import Board, BoardPhase, Card, Participant, Section
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


OpResult = tuple[str, dict[str, Any]]  # the event's type and its payload


def writable(board: Board, facilitator: Facilitation) -> None:
    """Cards may change only on an open, unlocked board (facilitators ignore the lock)."""
    if board.phase == BoardPhase.CLOSED:
        raise BoardError(BoardErrorCode.CLOSED)
    if board.is_locked and not facilitator:
        raise BoardError(BoardErrorCode.LOCKED)


def require_facilitator(facilitator: Facilitation) -> None:
    if not facilitator:
        raise ServiceError(ErrorCode.FORBIDDEN)


def section_of(board: Board, pk: int, query: PreparedQuery[Section] = SECTION) -> Section:
    section = query.first(board.pk, pk)
    if section is None:
        raise ValidationError({"section": [_("Det finns ingen sådan kolumn på tavlan.")]})
    return section


def card_of(board: Board, participant: Participant, pk: int, field: str = "card") -> Card:
    card = CARD.first(board.pk, pk)
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
