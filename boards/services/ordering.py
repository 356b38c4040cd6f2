"""Where a card sits in its section: sort keys with room between them."""

from __future__ import annotations

from itertools import pairwise

from django.db.models import F

from boards.models import Card, Section
from boards.services.lookups import write_card

# Card positions are sort keys with room between them, so that most moves write one row.
POSITION_STEP = 1024
POSITION_LIMIT = 2**31 - 1  # Card.position is a 4-byte integer on PostgreSQL


def place(card: Card, section: Section, index: int) -> list[int]:
    """Put `card` at `index` (0-based) among the other cards of `section`; the new order.

    Positions are sort keys, not indexes: the card takes a key between its new neighbours'.
    Only when they have no room between them do the cards from there on move up by
    `POSITION_STEP`, in one UPDATE. Either way a move costs the same few queries in a column
    of three cards as in one of three hundred, and on PostgreSQL it usually rewrites one
    row instead of every card below it.
    """
    others = list(
        Card.objects.filter(section=section)
        .exclude(pk=card.pk)
        .order_by("position", "pk")
        .values_list("pk", "position")
    )
    if _needs_respacing(others):
        others = respace(others)
    index = min(index, len(others))
    low = others[index - 1][1] if index > 0 else -1  # keys are never negative
    if index == len(others):
        position = max(low, 0) + POSITION_STEP
    elif others[index][1] - low >= 2:
        position = (low + others[index][1]) // 2
    else:
        high = others[index][1]
        Card.objects.filter(section=section, position__gte=high).exclude(pk=card.pk).update(
            position=F("position") + POSITION_STEP
        )
        position = (low + high + POSITION_STEP) // 2
    moved = ["section", "position"]
    if card.section_id != section.pk:
        card.cluster = None  # clusters belong to one section
        moved.append("cluster")
    card.section, card.position = section, position
    write_card(card, moved)
    order = [pk for pk, _position in others]
    order.insert(index, card.pk)
    return order


def _needs_respacing(cards: list[tuple[int, int]]) -> bool:
    """Equal keys (older data) would stay equal through a shift; keys near the limit would
    overflow it."""
    return bool(cards) and (
        near_the_limit(cards[-1][1]) or any(a[1] == b[1] for a, b in pairwise(cards))
    )


def near_the_limit(key: int) -> bool:
    """Whether a key leaves no room for one more step after it, and one for a shift."""
    return key > POSITION_LIMIT - 2 * POSITION_STEP


def respace(cards: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give `cards` (in order) evenly spaced keys again, one UPDATE per card whose key
    changes. Rare: only for equal keys, or after some two million moves in one column."""
    spaced = [(pk, (n + 1) * POSITION_STEP) for n, (pk, _position) in enumerate(cards)]
    for (pk, position), (_pk, old) in zip(spaced, cards, strict=True):
        if position != old:
            Card.objects.filter(pk=pk).update(position=position)
    return spaced
