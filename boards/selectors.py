"""Reads of boards: the list, one board, and the snapshot a participant starts from."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from boards import stream
from boards.models import (
    Board,
    BoardPhase,
    Card,
    CardLink,
    Cluster,
    Participant,
    Section,
    Vote,
)
from boards.permissions import participant_facilitates
from boards.services import vote_totals
from common.errors import ErrorCode, ServiceError
from common.ids import lookup_id
from hub.models import User
from hub.permissions import is_authenticated
from realtime.models import Stream


def board_list(*, viewer: Any) -> QuerySet[Board]:
    if not is_authenticated(viewer):
        return Board.objects.none()
    return (
        Board.objects.select_related("created_by", "event")
        .annotate(card_count=Count("cards", filter=Q(cards__is_hidden=False), distinct=True))
        .order_by("-created_at", "-pk")
    )


def board_get(*, pk: Any) -> Board:
    try:
        return Board.objects.select_related("created_by", "event").get(pk=lookup_id(pk))
    except (Board.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def participant_get(*, board_id: int, participant_id: Any) -> Participant:
    try:
        return Participant.objects.select_related("user", "board").get(
            board_id=board_id, pk=lookup_id(participant_id)
        )
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def last_seq(*, board: Board) -> int:
    return (
        Stream.objects.filter(key=board.stream_key).values_list("last_seq", flat=True).first() or 0
    )


def board_snapshot(*, participant: Participant) -> dict[str, Any]:
    """The whole board as `participant` may see it, and the sequence number it reflects.

    The number is read first: the state may already include later events, which clients
    apply idempotently (every event sets state, see docs/realtime-protocol.md).
    """
    board = Board.objects.get(pk=participant.board_id)
    seq = last_seq(board=board)
    sections = list(Section.objects.filter(board=board).order_by("position", "pk"))
    cards = list(
        Card.objects.filter(board=board)
        .select_related("author__user")
        .order_by("section", "position", "pk")
    )
    clusters = list(Cluster.objects.filter(board=board).order_by("pk"))
    links = list(CardLink.objects.filter(board=board).values("id", "source", "target"))
    my_votes = list(
        Vote.objects.filter(board=board, voter=participant).values_list("card", flat=True)
    )
    hidden_counts: dict[int, int] = {}
    visible = []
    for card in cards:
        if card.is_hidden and card.author_id != participant.pk:
            hidden_counts[card.section_id] = hidden_counts.get(card.section_id, 0) + 1
            continue
        data = stream.card_data(card, board)
        data = stream.for_viewer(
            stream.CARD_ADDED, {"card": data, "anonymous": board.anonymous_cards}, participant.pk
        )["card"]
        visible.append(data)
    facilitator = participant_facilitates(participant, board)
    show_results = board.phase == BoardPhase.CLOSED or _voting_finished(board)
    return {
        "seq": seq,
        "board": {
            "id": board.pk,
            "title": board.title,
            "purpose": board.purpose,
            "phase": board.phase,
            "locked": board.is_locked,
            "anonymous_cards": board.anonymous_cards,
            "votes_per_participant": board.votes_per_participant,
            "timer_ends_at": board.timer_ends_at.isoformat() if board.timer_ends_at else None,
            "join_code": board.join_code if facilitator else None,
            "event": board.event_id,
        },
        "me": {
            "participant": participant.pk,
            "name": participant.display_name,
            "facilitator": facilitator,
        },
        "sections": [
            {
                "id": s.pk,
                "title": s.title,
                "title_en": s.title_en,
                "hidden_cards": hidden_counts.get(s.pk, 0),
            }
            for s in sections
        ],
        "cards": visible,
        "clusters": [stream.cluster_data(c) for c in clusters],
        "links": links,
        "my_votes": my_votes,
        "votes_left": board.votes_per_participant - len(my_votes),
        "results": vote_totals(board) if show_results else None,
    }


def _voting_finished(board: Board) -> bool:
    """Results are public once voting has happened and the board has moved on."""
    return board.phase != BoardPhase.VOTING and Vote.objects.filter(board=board).exists()


def is_on_event_board(*, event: Any, user: Any) -> bool:
    """Whether `user` has been on one of `event`'s boards."""
    return bool(
        is_authenticated(user)
        and Participant.objects.filter(board__event=event, user=user).exists()
    )


def people_on_event_boards(*, event: Any) -> QuerySet[Any]:
    """The people (with accounts) who were on one of `event`'s boards."""
    return User.objects.filter(
        pk__in=Participant.objects.filter(board__event=event, user__isnull=False).values("user"),
        is_active=True,
    )


def event_board_guest(*, event: Any, guest_passes: dict[str, int] | None) -> int | None:
    """The guest place (participant id) one of the session's guest passes holds on one of
    `event`'s boards, or None."""
    ids = [value for value in (guest_passes or {}).values() if isinstance(value, int)]
    if not ids:
        return None
    return (
        Participant.objects.filter(pk__in=ids, board__event=event, user__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
