"""Card operations: add, edit, move and delete."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from boards import events
from boards.errors import BoardError, BoardErrorCode
from boards.models import CARD_TEXT_MAX, Board, BoardPhase, Card, CardColour, Participant
from boards.services import ordering
from boards.services.lookups import (
    SECTION_WITH_TOP,
    Facilitation,
    OpResult,
    card_of,
    card_payload,
    colour_field,
    int_field,
    maybe_text,
    own_or_facilitated,
    section_of,
    section_order,
    text_field,
    with_author,
    writable,
    write_card,
)
from common import fastsql


def op_card_add(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    writable(board, facilitator)
    if board.phase not in (BoardPhase.OPEN, BoardPhase.SILENT):
        raise BoardError(BoardErrorCode.WRONG_PHASE, phase=board.phase)
    section = section_of(board, data, SECTION_WITH_TOP)
    top: int | None = section.top  # type: ignore[attr-defined]  # SECTION_WITH_TOP's
    text = text_field(data, "text", CARD_TEXT_MAX)
    colour = colour_field(data) or CardColour.YELLOW
    if top is not None and ordering.near_the_limit(top):
        cards = Card.objects.filter(section=section).order_by("position", "pk")
        top = ordering.respace(list(cards.values_list("pk", "position")))[-1][1]
    card = Card(
        board=board,
        section=section,
        author=participant,
        text=text,
        colour=colour,
        position=(top or 0) + ordering.POSITION_STEP,
        is_hidden=board.phase == BoardPhase.SILENT,
    )
    fastsql.insert(card)
    return events.CARD_ADDED, card_payload(board, card)


def op_card_edit(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    writable(board, facilitator)
    card = card_of(board, participant, data)
    own_or_facilitated(card, participant, facilitator)
    text = maybe_text(data, "text", CARD_TEXT_MAX)
    colour = colour_field(data)
    if text is None and colour is None:
        raise ValidationError({"text": [_("Ange ny text eller färg.")]})
    card.text = text if text is not None else card.text
    card.colour = colour if colour is not None else card.colour
    write_card(card, ["text", "colour", "updated_at"])
    return events.CARD_EDITED, card_payload(board, with_author(card))


def op_card_move(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    """Move a card to `position` (0-based) in `section`; the others close up around it."""
    writable(board, facilitator)
    card = card_of(board, participant, data)
    target = section_of(board, data)
    position = int_field(data, "position")
    source_id, clustered = card.section_id, card.cluster_id is not None
    order = ordering.place(card, target, position)
    result: dict[str, Any] = {"card": card.pk, "section": target.pk, "order": order}
    if source_id != target.pk:
        result["from_section"] = source_id
        result["from_order"] = section_order(source_id)
        if clustered:
            result["cluster"] = None
    return events.CARD_MOVED, result


def op_card_delete(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    writable(board, facilitator)
    card = card_of(board, participant, data)
    own_or_facilitated(card, participant, facilitator)
    deleted = {"card": card.pk, "section": card.section_id}
    card.delete()
    return events.CARD_DELETED, deleted
