"""Card operations: add, edit, move and delete."""

from __future__ import annotations

from typing import Any

from boards import events
from boards.errors import BoardError, BoardErrorCode
from boards.models import Board, BoardPhase, Card, CardColour, Participant
from boards.services import ordering
from boards.services.inputs import CardAddInput, CardEditInput, CardInput, CardMoveInput
from boards.services.lookups import (
    SECTION_WITH_TOP,
    Facilitation,
    OpResult,
    card_of,
    card_payload,
    own_or_facilitated,
    section_of,
    section_order,
    with_author,
    writable,
    write_card,
)
from common import fastsql


def card_add(
    board: Board, participant: Participant, facilitator: Facilitation, data: CardAddInput
) -> OpResult:
    writable(board, facilitator)
    if board.phase not in (BoardPhase.OPEN, BoardPhase.SILENT):
        raise BoardError(BoardErrorCode.WRONG_PHASE, phase=board.phase)
    section = section_of(board, data.section, SECTION_WITH_TOP)
    top: int | None = section.top  # type: ignore[attr-defined]  # SECTION_WITH_TOP's
    if top is not None and ordering.near_the_limit(top):
        cards = Card.objects.filter(section=section).order_by("position", "pk")
        top = ordering.respace(list(cards.values_list("pk", "position")))[-1][1]
    card = Card(
        board=board,
        section=section,
        author=participant,
        text=data.text,
        colour=data.colour or CardColour.YELLOW,
        position=(top or 0) + ordering.POSITION_STEP,
        is_hidden=board.phase == BoardPhase.SILENT,
    )
    fastsql.insert(card)
    return events.CARD_ADDED, card_payload(board, card)


def card_edit(
    board: Board, participant: Participant, facilitator: Facilitation, data: CardEditInput
) -> OpResult:
    writable(board, facilitator)
    card = card_of(board, participant, data.card)
    own_or_facilitated(card, participant, facilitator)
    card.text = data.text if data.text is not None else card.text
    card.colour = data.colour if data.colour is not None else card.colour
    write_card(card, ["text", "colour", "updated_at"])
    return events.CARD_EDITED, card_payload(board, with_author(card))


def card_move(
    board: Board, participant: Participant, facilitator: Facilitation, data: CardMoveInput
) -> OpResult:
    """Move a card to `position` (0-based) in `section`; the others close up around it."""
    writable(board, facilitator)
    card = card_of(board, participant, data.card)
    target = section_of(board, data.section)
    source_id, clustered = card.section_id, card.cluster_id is not None
    order = ordering.place(card, target, data.position)
    result: dict[str, Any] = {"card": card.pk, "section": target.pk, "order": order}
    if source_id != target.pk:
        result["from_section"] = source_id
        result["from_order"] = section_order(source_id)
        if clustered:
            result["cluster"] = None
    return events.CARD_MOVED, result


def card_delete(
    board: Board, participant: Participant, facilitator: Facilitation, data: CardInput
) -> OpResult:
    writable(board, facilitator)
    card = card_of(board, participant, data.card)
    own_or_facilitated(card, participant, facilitator)
    deleted = {"card": card.pk, "section": card.section_id}
    card.delete()
    return events.CARD_DELETED, deleted
