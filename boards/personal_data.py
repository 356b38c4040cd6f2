"""The boards app's personal data (see common/personal_data.py).

A board's history stays readable: its cards, clusters, votes and links remain, their
author read as "Borttagen deltagare"; a person's card texts go when they ask for their
texts to go too, in the tables and in the board's event log (`realtime/personal_data.py`),
so socket replay shows no trace either.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from boards.models import Board, Card, CardLink, Cluster, Participant, Section, Vote
from boards.stream import payload_without_authors
from common import personal_data as pd
from realtime.personal_data import register_stream

pd.register(
    Board,
    people=("created_by", "facilitators"),
    fields={"title": pd.Erasure.KEEP, "purpose": pd.Erasure.KEEP},
    not_personal_fields=("join_code",),
    label=_("Idétavlor du skapat eller leder"),
)
pd.register(
    Participant,
    people=("user",),
    fields={"guest_name": pd.Erasure.CLEAR},  # a guest's; empty for a signed-in person
    label=_("Idétavlor du deltagit på"),
)
pd.register(
    Card,
    people=("author__user",),
    fields={"text": pd.Erasure.CLEAR_ON_REQUEST},
    label=_("Dina lappar"),
)
pd.register(Vote, people=("voter__user",), label=_("Dina röster på lappar"))
pd.register(CardLink, people=("created_by__user",), label=_("Kopplingar du gjort"))
pd.not_personal(Section, reason="a board's column headings, set by facilitators")
pd.not_personal(Cluster, reason="a group's heading on a board, shared by its participants")


def _participant_ids(user: Any) -> set[int]:
    return set(Participant.objects.filter(user=user).values_list("pk", flat=True))


def _streams_of(user: Any) -> list[str]:
    boards = Participant.objects.filter(user=user).values_list("board_id", flat=True)
    return [f"board.{board_id}" for board_id in boards]


def _actors_of(user: Any) -> list[str]:
    return [f"p:{pk}" for pk in sorted(_participant_ids(user))]


def _scrub(event_type: str, payload: dict[str, Any], user: Any, remove_texts: bool) -> Any:
    # Card payloads (added, edited, revealed) name their author by participant id.
    return payload_without_authors(payload, _participant_ids(user), remove_texts=remove_texts)


register_stream("board", streams_of=_streams_of, actors_of=_actors_of, scrub=_scrub)
