"""Every change to a board happens here, whichever edge it comes from.

`board_apply` is the single entry for participant operations (WebSocket and REST alike):
it validates, checks permission, applies the change in one transaction, appends the event
to the board's sequence log in that same transaction and publishes it after commit. A
client op id makes a retry return the original result instead of applying twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import events, permissions
from boards.errors import BoardError, BoardErrorCode
from boards.models import (
    CARD_TEXT_MAX,
    HEADING_MAX,
    TEMPLATE_SECTIONS,
    Board,
    BoardPhase,
    BoardTemplate,
    Card,
    CardColour,
    CardLink,
    Cluster,
    Event,
    ForumSeries,
    Participant,
    Section,
    Vote,
)
from common import fastsql
from common.errors import ErrorCode, ServiceError
from common.fastsql import PreparedQuery
from common.markdown import render_markdown
from common.ratelimit import rate_limit_check, rate_limited
from hub.models import FocusArea, User
from realtime import log as stream_log
from realtime import sequencing

OP_ID_MAX = 64
TIMER_MAX_SECONDS = 4 * 3600


@dataclass(frozen=True)
class Applied:
    seq: int
    duplicate: bool
    event: str  # the event type logged (for a retry: the first attempt's)
    result: dict[str, Any]


# --- Boards and participants --------------------------------------------------------------


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
            Section(board=board, title=title, position=n)
            for n, title in enumerate(TEMPLATE_SECTIONS[board.template])
        )
        Participant.objects.create(board=board, user=actor)
    return board


def participant_for(
    *, board: Board, user: Any, guest_passes: dict[str, int] | None
) -> Participant | None:
    """Who this visitor is on `board`: a signed-in person (placed on the board on first
    visit), a guest with a pass for it in their session, or no one (None)."""
    if user is not None and user.is_authenticated:
        return participant_for_user(board=board, user=user)
    guest_id = (guest_passes or {}).get(str(board.pk))
    if guest_id is None:
        return None
    participant = (
        Participant.objects.select_related("user", "board")
        .filter(board=board, pk=guest_id, user__isnull=True)
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


# --- Operations ---------------------------------------------------------------------------


def board_apply(
    *, participant: Participant, op: str, data: Any, op_id: str | None = None
) -> Applied:
    """Apply one participant operation (see OPERATIONS) and log it. Idempotent per op id."""
    handler = OPERATIONS.get(op)
    if handler is None:
        raise ValidationError({"op": [_("Okänd operation.")]})
    if not isinstance(data, dict):
        raise ValidationError({"data": [_("Ska vara ett objekt.")]})
    if op_id is not None and (not isinstance(op_id, str) or not 0 < len(op_id) <= OP_ID_MAX):
        raise ValidationError({"op_id": [_("Högst %(n)d tecken.") % {"n": OP_ID_MAX}]})
    actor_key = f"p:{participant.pk}"
    stream_key = f"board.{participant.board_id}"
    try:
        # The rate-limit count's round trip overlaps the transaction; over the limit, it
        # raises before commit and nothing is changed.
        with transaction.atomic(), rate_limited(scope="board_op", key=participant.pk):
            board = _LOCKED_BOARD.first(participant.board_id)
            if board is None:  # deleted while its participants were still on it
                raise ServiceError(ErrorCode.NOT_FOUND)
            facilitator = Facilitation(participant, board)
            event_type, payload = handler(board, participant, facilitator, data)
            event = sequencing.append(
                stream_key=stream_key,
                type=event_type,
                payload=payload,
                actor=actor_key,
                op_id=op_id or None,
            )
    except (ServiceError, ValidationError, IntegrityError) as refusal:
        # A retry gets what its first attempt did. Asked only when this attempt did not go
        # through, as a retry of an applied operation never does: either it no longer applies
        # (its card is gone, the phase moved on) or its op id collides in the log.
        earlier = op_id and stream_log.find_applied(
            stream_key=stream_key, actor=actor_key, op_id=op_id
        )
        if earlier:
            return Applied(earlier.seq, True, earlier.type, earlier.payload)
        if isinstance(refusal, IntegrityError):
            raise ServiceError(ErrorCode.CONFLICT) from None
        raise
    return Applied(event.seq, False, event.type, payload)


# The statements every board operation makes, compiled once (see hub/fastsql.py; measured
# in docs/benchmarks.md). The board row is locked for the whole operation: operations on a
# board apply one at a time, in the order of their sequence numbers.
_LOCKED_BOARD = PreparedQuery(Board, lambda pk: Board.objects.select_for_update().filter(pk=pk), 1)
_SECTION = PreparedQuery(
    Section, lambda board, pk: Section.objects.filter(board_id=board, pk=pk).order_by(), 2
)
# A column with the sort key of its last card, for a new card below it.
_SECTION_WITH_TOP = PreparedQuery(
    Section,
    lambda board, pk: (
        Section.objects.filter(board_id=board, pk=pk)
        .annotate(top=Max("cards__position"))
        .order_by()
    ),
    2,
)
_CARD = PreparedQuery(
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


def _writable(board: Board, facilitator: Facilitation) -> None:
    """Cards may change only on an open, unlocked board (facilitators ignore the lock)."""
    if board.phase == BoardPhase.CLOSED:
        raise BoardError(BoardErrorCode.CLOSED)
    if board.is_locked and not facilitator:
        raise BoardError(BoardErrorCode.LOCKED)


def _require_facilitator(facilitator: Facilitation) -> None:
    if not facilitator:
        raise ServiceError(ErrorCode.FORBIDDEN)


def _maybe_int(data: dict[str, Any], field: str) -> int | None:
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
        raise ValidationError({field: [_("Ska vara ett heltal.")]})
    return value


def _int(data: dict[str, Any], field: str) -> int:
    value = _maybe_int(data, field)
    if value is None:
        raise ValidationError({field: [_("Saknas.")]})
    return value


def _maybe_text(data: dict[str, Any], field: str, limit: int) -> str | None:
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


def _text(data: dict[str, Any], field: str, limit: int) -> str:
    value = _maybe_text(data, field, limit)
    if value is None:
        raise ValidationError({field: [_("Saknas.")]})
    return value


def _colour(data: dict[str, Any], *, required: bool = False) -> str | None:
    value = data.get("colour")
    if value is None and not required:
        return None
    if value not in CardColour.values:
        raise ValidationError({"colour": [_("Okänd färg.")]})
    return str(value)


def _section(
    board: Board, data: dict[str, Any], query: PreparedQuery[Section] | None = None
) -> Section:
    section = (query or _SECTION).first(board.pk, _int(data, "section"))
    if section is None:
        raise ValidationError({"section": [_("Det finns ingen sådan kolumn på tavlan.")]})
    return section


def _card(
    board: Board, participant: Participant, data: dict[str, Any], field: str = "card"
) -> Card:
    card = _CARD.first(board.pk, _int(data, field))
    # Someone else's unrevealed card does not exist for this participant.
    if card is None or (card.is_hidden and card.author_id != participant.pk):
        raise ServiceError(ErrorCode.NOT_FOUND, field=field)
    if card.author_id == participant.pk:
        card.author = participant  # loaded already (most edits are the author's own)
    return card


def _write(card: Card, fields: list[str]) -> None:
    """Store the card's changed `fields`; one deleted meanwhile is not found."""
    if not fastsql.update_fields(card, fields):
        raise ServiceError(ErrorCode.NOT_FOUND, field="card")


def _with_author(card: Card) -> Card:
    """The card's author (and their account) loaded, for its event; one query at most."""
    if not Card.author.is_cached(card):
        card.author = Participant.objects.select_related("user").get(pk=card.author_id)
    return card


def _own_or_facilitated(card: Card, participant: Participant, facilitator: Facilitation) -> None:
    if not permissions.can_edit_card(participant, card, facilitator=facilitator):
        raise ServiceError(ErrorCode.FORBIDDEN)


def _card_payload(board: Board, card: Card) -> dict[str, Any]:
    return {"card": events.card_data(card, board), "anonymous": board.anonymous_cards}


def _section_order(section_id: int) -> list[int]:
    return list(
        Card.objects.filter(section_id=section_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )


# Card positions are sort keys with room between them, so that most moves write one row.
POSITION_STEP = 1024
POSITION_LIMIT = 2**31 - 1  # Card.position is a 4-byte integer on PostgreSQL


def _place(card: Card, section: Section, index: int) -> list[int]:
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
        others = _respace(others)
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
    _write(card, moved)
    order = [pk for pk, _position in others]
    order.insert(index, card.pk)
    return order


def _needs_respacing(cards: list[tuple[int, int]]) -> bool:
    """Equal keys (older data) would stay equal through a shift; keys near the limit would
    overflow it."""
    return bool(cards) and (
        _near_the_limit(cards[-1][1]) or any(a[1] == b[1] for a, b in pairwise(cards))
    )


def _near_the_limit(key: int) -> bool:
    """Whether a key leaves no room for one more step after it, and one for a shift."""
    return key > POSITION_LIMIT - 2 * POSITION_STEP


def _respace(cards: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give `cards` (in order) evenly spaced keys again, one UPDATE per card whose key
    changes. Rare: only for equal keys, or after some two million moves in one column."""
    spaced = [(pk, (n + 1) * POSITION_STEP) for n, (pk, _position) in enumerate(cards)]
    for (pk, position), (_pk, old) in zip(spaced, cards, strict=True):
        if position != old:
            Card.objects.filter(pk=pk).update(position=position)
    return spaced


def op_card_add(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    _writable(board, facilitator)
    if board.phase not in (BoardPhase.OPEN, BoardPhase.SILENT):
        raise BoardError(BoardErrorCode.WRONG_PHASE, phase=board.phase)
    section = _section(board, data, _SECTION_WITH_TOP)
    top: int | None = section.top  # type: ignore[attr-defined]  # _SECTION_WITH_TOP's
    text = _text(data, "text", CARD_TEXT_MAX)
    colour = _colour(data) or CardColour.YELLOW
    if top is not None and _near_the_limit(top):
        cards = Card.objects.filter(section=section).order_by("position", "pk")
        top = _respace(list(cards.values_list("pk", "position")))[-1][1]
    card = Card(
        board=board,
        section=section,
        author=participant,
        text=text,
        colour=colour,
        position=(top or 0) + POSITION_STEP,
        is_hidden=board.phase == BoardPhase.SILENT,
    )
    fastsql.insert(card)
    return events.CARD_ADDED, _card_payload(board, card)


def op_card_edit(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    _writable(board, facilitator)
    card = _card(board, participant, data)
    _own_or_facilitated(card, participant, facilitator)
    text = _maybe_text(data, "text", CARD_TEXT_MAX)
    colour = _colour(data)
    if text is None and colour is None:
        raise ValidationError({"text": [_("Ange ny text eller färg.")]})
    card.text = text if text is not None else card.text
    card.colour = colour if colour is not None else card.colour
    _write(card, ["text", "colour", "updated_at"])
    return events.CARD_EDITED, _card_payload(board, _with_author(card))


def op_card_move(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    """Move a card to `position` (0-based) in `section`; the others close up around it."""
    _writable(board, facilitator)
    card = _card(board, participant, data)
    target = _section(board, data)
    position = _int(data, "position")
    source_id, clustered = card.section_id, card.cluster_id is not None
    order = _place(card, target, position)
    result: dict[str, Any] = {"card": card.pk, "section": target.pk, "order": order}
    if source_id != target.pk:
        result["from_section"] = source_id
        result["from_order"] = _section_order(source_id)
        if clustered:
            result["cluster"] = None
    return events.CARD_MOVED, result


def op_card_delete(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    _writable(board, facilitator)
    card = _card(board, participant, data)
    _own_or_facilitated(card, participant, facilitator)
    deleted = {"card": card.pk, "section": card.section_id}
    card.delete()
    return events.CARD_DELETED, deleted


def op_cluster_create(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    _writable(board, facilitator)
    section = _section(board, data)
    heading = _text(data, "heading", HEADING_MAX)
    ids = data.get("cards", [])
    if (
        not isinstance(ids, list)
        or len(ids) > 200
        or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in ids)
    ):
        raise ValidationError({"cards": [_("Ska vara en lista med lappar.")]})
    cards = list(Card.objects.filter(board=board, section=section, pk__in=ids, is_hidden=False))
    if len(cards) != len(set(ids)):
        raise ValidationError({"cards": [_("Lapparna måste finnas i samma kolumn.")]})
    cluster = Cluster.objects.create(board=board, section=section, heading=heading)
    Card.objects.filter(pk__in=[c.pk for c in cards]).update(cluster=cluster)
    return events.CLUSTER_CREATED, {
        "cluster": events.cluster_data(cluster),
        "cards": sorted(set(ids)),
    }


def op_cluster_remove(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    _writable(board, facilitator)
    pk = _int(data, "cluster")
    cluster = Cluster.objects.filter(board=board, pk=pk).first()
    if cluster is None:
        raise ServiceError(ErrorCode.NOT_FOUND, field="cluster")
    cards = list(cluster.cards.values_list("pk", flat=True))
    cluster.delete()  # its cards stay, unclustered
    return events.CLUSTER_REMOVED, {"cluster": pk, "cards": cards}


def op_card_cluster(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    """Put a card into a cluster of its section, or take it out (cluster: null)."""
    _writable(board, facilitator)
    card = _card(board, participant, data)
    cluster_id = _maybe_int(data, "cluster")
    if cluster_id is not None:
        cluster = Cluster.objects.filter(board=board, pk=cluster_id).first()
        if cluster is None:
            raise ServiceError(ErrorCode.NOT_FOUND, field="cluster")
        if cluster.section_id != card.section_id:
            raise ValidationError({"cluster": [_("Gruppen finns i en annan kolumn.")]})
    card.cluster_id = cluster_id
    card.save(update_fields=["cluster", "updated_at"])
    return events.CARD_CLUSTERED, {"card": card.pk, "cluster": cluster_id}


def _votes_left(board: Board, participant: Participant) -> int:
    return board.votes_per_participant - Vote.objects.filter(board=board, voter=participant).count()


def op_vote_add(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    if board.phase != BoardPhase.VOTING:
        raise BoardError(BoardErrorCode.WRONG_PHASE, phase=board.phase)
    if board.is_locked and not facilitator:
        raise BoardError(BoardErrorCode.LOCKED)
    card = _card(board, participant, data)
    if _votes_left(board, participant) <= 0:
        raise BoardError(BoardErrorCode.BUDGET_EXCEEDED, budget=board.votes_per_participant)
    Vote.objects.create(board=board, card=card, voter=participant)
    remaining = _votes_left(board, participant)
    return events.VOTE_ADDED, {"card": card.pk, "voter": participant.pk, "remaining": remaining}


def op_vote_remove(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    if board.phase != BoardPhase.VOTING:
        raise BoardError(BoardErrorCode.WRONG_PHASE, phase=board.phase)
    if board.is_locked and not facilitator:
        raise BoardError(BoardErrorCode.LOCKED)
    card = _card(board, participant, data)
    vote = Vote.objects.filter(board=board, card=card, voter=participant).first()
    if vote is None:
        raise ServiceError(ErrorCode.NOT_FOUND, field="card")
    vote.delete()
    remaining = _votes_left(board, participant)
    return events.VOTE_REMOVED, {"card": card.pk, "voter": participant.pk, "remaining": remaining}


def _link_pair(board: Board, participant: Participant, data: dict[str, Any]) -> tuple[Card, Card]:
    first = _card(board, participant, data, "source")
    second = _card(board, participant, data, "target")
    if first.pk == second.pk:
        raise ValidationError({"target": [_("En lapp kan inte länkas till sig själv.")]})
    # Links have no direction: store the pair in one order so it is unique.
    return (first, second) if first.pk < second.pk else (second, first)


def op_link_add(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    _writable(board, facilitator)
    source, target = _link_pair(board, participant, data)
    if CardLink.objects.filter(source=source, target=target).exists():
        raise ServiceError(ErrorCode.CONFLICT)
    link = CardLink.objects.create(
        board=board, source=source, target=target, created_by=participant
    )
    return events.LINK_ADDED, {"link": {"id": link.pk, "source": source.pk, "target": target.pk}}


def op_link_remove(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    _writable(board, facilitator)
    source, target = _link_pair(board, participant, data)
    deleted, _rows = CardLink.objects.filter(source=source, target=target).delete()
    if not deleted:
        raise ServiceError(ErrorCode.NOT_FOUND, field="target")
    return events.LINK_REMOVED, {"source": source.pk, "target": target.pk}


def op_board_phase(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    """Change phase. Leaving silent writing reveals every card; leaving voting shows results."""
    _require_facilitator(facilitator)
    phase = data.get("phase")
    if phase not in BoardPhase.values:
        raise ValidationError({"phase": [_("Okänd fas.")]})
    previous = board.phase
    if phase == previous:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, current=previous)
    result: dict[str, Any] = {"phase": phase, "previous": previous}
    if previous == BoardPhase.SILENT:
        hidden = list(
            Card.objects.filter(board=board, is_hidden=True).select_related("author__user")
        )
        Card.objects.filter(pk__in=[c.pk for c in hidden]).update(is_hidden=False)
        for card in hidden:
            card.is_hidden = False
        # Stored in full; each participant's copy is redacted on the way out (events.py).
        result["revealed"] = [events.card_data(card, board) for card in hidden]
        result["anonymous"] = board.anonymous_cards
    if previous == BoardPhase.VOTING:
        result["results"] = vote_totals(board)
    board.phase = phase
    board.save(update_fields=["phase", "updated_at"])
    return events.BOARD_PHASE, result


def op_board_timer(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    _require_facilitator(facilitator)
    seconds = _maybe_int(data, "seconds")
    if seconds is not None and not 1 <= seconds <= TIMER_MAX_SECONDS:
        raise ValidationError({"seconds": [_("Mellan 1 sekund och 4 timmar.")]})
    board.timer_ends_at = None if seconds is None else timezone.now() + timedelta(seconds=seconds)
    board.save(update_fields=["timer_ends_at", "updated_at"])
    ends = board.timer_ends_at.isoformat() if board.timer_ends_at else None
    return events.BOARD_TIMER, {"ends_at": ends}


def op_board_lock(
    board: Board, participant: Participant, facilitator: Facilitation, data: dict[str, Any]
) -> OpResult:
    _require_facilitator(facilitator)
    locked = data.get("locked")
    if not isinstance(locked, bool):
        raise ValidationError({"locked": [_("Ska vara true eller false.")]})
    board.is_locked = locked
    board.save(update_fields=["is_locked", "updated_at"])
    return events.BOARD_LOCK, {"locked": locked}


def vote_totals(board: Board) -> dict[str, int]:
    rows = Vote.objects.filter(board=board).values("card").annotate(n=Count("pk")).order_by()
    return {str(row["card"]): row["n"] for row in rows}


OPERATIONS: dict[str, Handler] = {
    "card.add": op_card_add,
    "card.edit": op_card_edit,
    "card.move": op_card_move,
    "card.delete": op_card_delete,
    "card.cluster": op_card_cluster,
    "cluster.create": op_cluster_create,
    "cluster.remove": op_cluster_remove,
    "vote.add": op_vote_add,
    "vote.remove": op_vote_remove,
    "link.add": op_link_add,
    "link.remove": op_link_remove,
    "board.phase": op_board_phase,
    "board.timer": op_board_timer,
    "board.lock": op_board_lock,
}


# --- Events: forum series, forum meetings, matchmaking and the rest -------------------------
# Facilitators and administrators set events up; an event's organisers may change it and run
# boards in it (boards/permissions.py). Boards point at their event (`board_create`).

MAX_ORGANISERS = 20
Errors = dict[str, list[str]]


@dataclass(frozen=True)
class EventInput:
    """An event as it is set up or changed. Relations are objects, resolved by the edge."""

    title: str
    kind: str
    starts_at: datetime | None
    ends_at: datetime | None
    description: str = ""  # Markdown
    place: str = ""  # free text: an address, a room, or "Digitalt"
    focus_area: FocusArea | None = None  # None in a series: the series' focus area
    series: ForumSeries | None = None  # forum meetings only
    series_number: int | None = None  # None in a series: the next free number
    organisers: Sequence[User] = ()

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> EventInput:
        """From an edge's cleaned fields (a form's, the admin's, a serializer's): those named
        as here are taken, missing ones are empty."""
        known = {name: value for name, value in fields.items() if name in cls.__dataclass_fields__}
        known["organisers"] = list(known.get("organisers") or [])
        empty = {"title": "", "kind": "", "starts_at": None, "ends_at": None}
        return cls(**(empty | known))

    @classmethod
    def of(cls, event: Event) -> EventInput:
        """An event as it is now: the start of a change that sends only some fields."""
        return cls(
            title=event.title,
            kind=event.kind,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            description=event.description,
            place=event.place,
            focus_area=event.focus_area,
            series=event.series,
            series_number=event.series_number,
            organisers=list(event.organisers.all()),
        )


def forum_series_create(
    *, actor: User, title: str, description: str = "", focus_area: FocusArea | None = None
) -> ForumSeries:
    if not permissions.can_create_forum_series(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    series = ForumSeries(created_by=actor)
    _validate_series(series, title=title, description=description, focus_area=focus_area)
    with transaction.atomic():
        series.save()
    return series


def forum_series_update(
    *,
    actor: User,
    series: ForumSeries,
    title: str,
    description: str = "",
    focus_area: FocusArea | None = None,
) -> ForumSeries:
    if not permissions.can_edit_forum_series(actor, series):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        try:
            series = ForumSeries.objects.select_for_update().get(pk=series.pk)
        except ForumSeries.DoesNotExist:
            raise ServiceError(ErrorCode.NOT_FOUND) from None
        _validate_series(series, title=title, description=description, focus_area=focus_area)
        series.save()
    return series


def event_create(*, actor: User, data: EventInput) -> Event:
    """Set up an event. Its organisers may change it and run boards in it from then on."""
    if not permissions.can_create_event(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    event = Event(created_by=actor)
    organisers = _validate_event(event, data)
    with transaction.atomic():
        _number_in_series(event)
        _save_event(event, organisers)
    return event


def event_update(*, actor: User, event: Event, data: EventInput) -> Event:
    """Change an event: facilitators, administrators and the event's organisers may."""
    with transaction.atomic():
        try:
            event = Event.objects.select_for_update().get(pk=event.pk)
        except Event.DoesNotExist:
            raise ServiceError(ErrorCode.NOT_FOUND) from None
        if not permissions.can_edit_event(actor, event):
            raise ServiceError(ErrorCode.FORBIDDEN)
        organisers = _validate_event(event, data)
        _number_in_series(event)
        _save_event(event, organisers)
    return event


def _existing_event(event: Event) -> Event:
    """The event as stored now; a field error when there is no such event (any more)."""
    found = Event.objects.filter(pk=event.pk).first() if event.pk is not None else None
    if found is None:
        raise ValidationError({"event": [_("Evenemanget finns inte.")]})
    return found


def _validate_series(
    series: ForumSeries, *, title: str, description: str, focus_area: FocusArea | None
) -> None:
    series.title = (title or "").strip()
    series.description = (description or "").strip()
    series.focus_area = focus_area
    series.full_clean(exclude=["created_by"])


def _validate_event(event: Event, data: EventInput) -> list[User]:
    """Copy `data` onto `event` and check it all, raising one ValidationError with every
    field's messages. Returns the organisers to set."""
    series = data.series
    event.title = (data.title or "").strip()
    event.kind = data.kind
    event.description = (data.description or "").strip()
    event.place = " ".join((data.place or "").split())
    event.starts_at = data.starts_at  # type: ignore[assignment]
    event.ends_at = data.ends_at  # type: ignore[assignment]
    event.series = series
    event.series_number = data.series_number
    event.focus_area = data.focus_area or (series.focus_area if series is not None else None)
    errors: Errors = {}
    try:
        # The database constraints are checked by clean() with messages per field; a
        # meeting's number by _number_in_series, under the series' lock.
        event.full_clean(exclude=["created_by"], validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (
        series is not None
        and series.focus_area_id is not None
        and event.focus_area_id != series.focus_area_id
    ):
        errors.setdefault("focus_area", []).append(
            _("En forumträff har samma fokusområde som sin forumserie.")
        )
    organisers = list({person.pk: person for person in data.organisers}.values())
    if any(not person.is_active for person in organisers):
        errors.setdefault("organisers", []).append(_("Arrangörerna måste ha aktiva konton."))
    if len(organisers) > MAX_ORGANISERS:
        errors.setdefault("organisers", []).append(
            _("Högst %(n)d arrangörer.") % {"n": MAX_ORGANISERS}
        )
    if errors:
        raise ValidationError(errors)
    event.description_html = render_markdown(event.description)
    return organisers


def _number_in_series(event: Event) -> None:
    """Give a forum meeting its number in its series: the next free one unless chosen.
    Call inside the transaction: the series stays locked until it commits."""
    if event.series_id is None:
        return
    if not ForumSeries.objects.select_for_update().filter(pk=event.series_id).exists():
        raise ValidationError({"series": [_("Forumserien finns inte.")]})
    others = Event.objects.filter(series_id=event.series_id).exclude(pk=event.pk)
    if event.series_number is None:
        event.series_number = (others.aggregate(n=Max("series_number"))["n"] or 0) + 1
    elif others.filter(series_number=event.series_number).exists():
        raise ValidationError(
            {"series_number": [_("Serien har redan en träff %(n)d.") % {"n": event.series_number}]}
        )


def _save_event(event: Event, organisers: list[User]) -> None:
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:  # a meeting numbered the same in another transaction
        raise ValidationError({"series_number": [_("Numret är redan taget i serien.")]}) from None
    event.organisers.set(organisers)
