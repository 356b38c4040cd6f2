"""Reads of boards: the list, one board, and the snapshot a participant starts from; and of
the events boards serve: the event list, one event with its boards and its series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from boards import events
from boards.models import (
    Board,
    BoardPhase,
    Card,
    CardLink,
    Cluster,
    Event,
    ForumSeries,
    Participant,
    Section,
    Vote,
)
from boards.permissions import participant_facilitates
from boards.services import vote_totals
from common.errors import ErrorCode, ServiceError
from hub.models import User
from hub.permissions import can_moderate, is_authenticated
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
        return Board.objects.select_related("created_by", "event").get(pk=int(pk))
    except (Board.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def participant_get(*, board_id: int, participant_id: Any) -> Participant:
    try:
        return Participant.objects.select_related("user", "board").get(
            board_id=board_id, pk=int(participant_id)
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
        data = events.card_data(card, board)
        data = events.for_viewer(
            events.CARD_ADDED, {"card": data, "anonymous": board.anonymous_cards}, participant.pk
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
            {"id": s.pk, "title": s.title, "hidden_cards": hidden_counts.get(s.pk, 0)}
            for s in sections
        ],
        "cards": visible,
        "clusters": [events.cluster_data(c) for c in clusters],
        "links": links,
        "my_votes": my_votes,
        "votes_left": board.votes_per_participant - len(my_votes),
        "results": vote_totals(board) if show_results else None,
    }


def _voting_finished(board: Board) -> bool:
    """Results are public once voting has happened and the board has moved on."""
    return board.phase != BoardPhase.VOTING and Vote.objects.filter(board=board).exists()


# --- Events ----------------------------------------------------------------------------------
# Events are public (boards.permissions.can_view_event); the boards in them are listed only to
# those who may see boards at all (`board_list`).


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    focus_area: str = ""  # slug
    series: int | None = None
    when: str = ""  # "upcoming" (not yet over), "past", or "" for both


def _upcoming_first(events: QuerySet[Event], now: datetime) -> QuerySet[Event]:
    """Events not yet over, soonest first; then those that are over, the latest first.

    `is_past` tells the two apart on each row.
    """
    upcoming_start = Case(When(ends_at__gte=now, then=F("starts_at")), output_field=DateTimeField())
    return events.annotate(
        is_past=Case(
            When(ends_at__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("is_past", upcoming_start.asc(), F("starts_at").desc(), "pk")


def event_list(
    *, filters: EventFilters | None = None, now: datetime | None = None
) -> QuerySet[Event]:
    """Every event (they are public), upcoming first, with the number of boards in each."""
    filters = filters or EventFilters()
    now = now or timezone.now()
    events = Event.objects.select_related("focus_area", "series").annotate(
        board_count=Count("boards", distinct=True)
    )
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.focus_area:
        events = events.filter(focus_area__slug=filters.focus_area)
    if filters.series:
        events = events.filter(series_id=filters.series)
    if filters.when == "upcoming":
        events = events.filter(ends_at__gte=now)
    elif filters.when == "past":
        events = events.filter(ends_at__lt=now)
    return _upcoming_first(events, now)


def event_detail(*, viewer: Any, pk: Any) -> Event:
    """One event with what its page shows: its organisers, the boards in it that `viewer` may
    see, and for a forum meeting the meetings of its series (this one included), in order.
    Four queries however many boards, organisers and meetings there are."""
    meetings = Event.objects.order_by("series_number", "starts_at", "pk")
    organisers = User.objects.select_related("organisation").order_by("display_name", "pk")
    try:
        return (
            Event.objects.select_related("focus_area", "series", "series__focus_area")
            .prefetch_related(
                Prefetch("organisers", queryset=organisers),
                Prefetch("boards", queryset=board_list(viewer=viewer)),
                Prefetch("series__meetings", queryset=meetings),
            )
            .get(pk=int(pk))
        )
    except (Event.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def events_for_boards(*, viewer: Any) -> QuerySet[Event]:
    """The events `viewer` may run boards in, upcoming first. Mirrors
    `permissions.can_add_board_to_event`: facilitators and administrators any event,
    others the events they organise."""
    if not is_authenticated(viewer):
        return Event.objects.none()
    events = Event.objects.all() if can_moderate(viewer) else viewer.events_organised.all()
    return _upcoming_first(events, timezone.now())


def forum_series_list() -> QuerySet[ForumSeries]:
    return (
        ForumSeries.objects.select_related("focus_area")
        .annotate(meeting_count=Count("meetings"))
        .order_by("-created_at", "-pk")
    )


def forum_series_get(*, pk: Any) -> ForumSeries:
    try:
        return forum_series_list().get(pk=int(pk))
    except (ForumSeries.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None
