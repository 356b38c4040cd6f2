"""The event log's personal data (see common/personal_data.py).

Stored events keep what an operation carried: a card's text, its author's name. Replay
reads them straight from the log, so erasing a person must reach into the payloads, not
only the tables. Realtime knows no stream's payloads: the app that declares a stream
(`boards/stream.py`) says, with `register_stream`, which of its streams hold something of
a person, which actor names are theirs, and how a payload reads without them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from realtime.models import Stream, StreamEvent

# scrub(event type, payload, user, remove_texts) -> the payload without the person
# (unchanged, the same dict, when nothing in it is theirs).
Scrub = Callable[[str, dict[str, Any], Any, bool], dict[str, Any]]


@dataclass(frozen=True)
class StreamPeople:
    streams_of: Callable[[Any], Iterable[str]]  # keys of the streams that may hold the person
    actors_of: Callable[[Any], Iterable[str]]  # the actor names that are the person (e.g. "p:12")
    scrub: Scrub


_STREAMS: dict[str, StreamPeople] = {}


def register_stream(
    kind: str,
    *,
    streams_of: Callable[[Any], Iterable[str]],
    actors_of: Callable[[Any], Iterable[str]],
    scrub: Scrub,
) -> None:
    """Declare how the streams of `kind` hold people (called by the app declaring them)."""
    _STREAMS[kind] = StreamPeople(streams_of=streams_of, actors_of=actors_of, scrub=scrub)


def _keys_and_actors(user: Any) -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    actors: set[str] = set()
    for people in _STREAMS.values():
        keys.update(people.streams_of(user))
        actors.update(people.actors_of(user))
    return keys, actors


def events_sent_by(user: Any) -> QuerySet[StreamEvent]:
    """The events of the operations the person made (what their export holds)."""
    keys, actors = _keys_and_actors(user)
    if not keys or not actors:
        return StreamEvent.objects.none()
    return StreamEvent.objects.filter(stream__key__in=keys, actor__in=actors)


def events_erase(user: Any, rows: QuerySet[StreamEvent], remove_texts: bool) -> None:
    """Every event of the person's streams, whoever sent it (a facilitator's reveal carries
    everyone's cards), rewritten without them."""
    condition = Q()
    for kind, people in _STREAMS.items():
        keys = [key for key in people.streams_of(user) if key.split(".", 1)[0] == kind]
        if keys:
            condition |= Q(stream__key__in=keys) & Q(stream__key__startswith=f"{kind}.")
    if not condition:
        return
    events = StreamEvent.objects.filter(condition).select_related("stream")
    for event in events.iterator():
        people = _STREAMS[event.stream.key.split(".", 1)[0]]
        scrubbed = people.scrub(event.type, event.payload, user, remove_texts)
        if scrubbed != event.payload:
            StreamEvent.objects.filter(pk=event.pk).update(payload=scrubbed)


def _events_export(rows: QuerySet[StreamEvent]) -> list[dict[str, Any]]:
    return [
        {
            "stream": event.stream.key,
            "event": event.type,
            "data": event.payload,
            "created_at": event.created_at,
        }
        for event in rows.select_related("stream").order_by("stream__key", "seq")
    ]


pd.register(
    StreamEvent,
    people=(),
    rows=events_sent_by,
    fields={"payload": pd.Erasure.CLEAR_ON_REQUEST},
    # `actor`: the sender as its app names it ("p:12"), `op_id` the client's operation id:
    # neither says who the person is without the app's own tables.
    not_personal_fields=("actor", "op_id", "type"),
    erase=events_erase,
    export=_events_export,
    label=_("Dina händelser i liveflöden"),
)
pd.not_personal(Stream, reason="a stream's key and last sequence number")
