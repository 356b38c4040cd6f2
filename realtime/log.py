"""Reading a stream's event log: what a client missed, and what an operation did before.

The write side (numbering and storing an event) is realtime.sequencing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from realtime.models import Stream, StreamEvent

# A client further behind than this gets a snapshot instead of a replay.
MAX_REPLAY = 500


def find_applied(*, stream_key: str, actor: str, op_id: str) -> StreamEvent | None:
    """The event an earlier attempt of this client operation produced, if any."""
    return (
        StreamEvent.objects.filter(stream__key=stream_key, actor=actor, op_id=op_id)
        .order_by("seq")
        .first()
    )


def event_message(event: StreamEvent) -> dict[str, Any]:
    """A stored event as it travels between processes (before any per-viewer redaction)."""
    return {"type": "event", "event": event.type, "seq": event.seq, "data": event.payload}


@dataclass(frozen=True)
class Replay:
    events: list[StreamEvent]
    last_seq: int
    snapshot_needed: bool  # too far behind (or ahead): reload the whole state instead


def replay_after(*, stream_key: str, seq: int) -> Replay:
    """What a client that last saw `seq` missed, in order."""
    last_seq = Stream.objects.filter(key=stream_key).values_list("last_seq", flat=True).first()
    last_seq = last_seq or 0
    if seq < 0 or seq > last_seq or last_seq - seq > MAX_REPLAY:
        return Replay(events=[], last_seq=last_seq, snapshot_needed=True)
    events = list(
        StreamEvent.objects.filter(stream__key=stream_key, seq__gt=seq, seq__lte=last_seq).order_by(
            "seq"
        )
    )
    return Replay(events=events, last_seq=last_seq, snapshot_needed=False)


def log_heads(keys: list[str]) -> dict[str, int]:
    """The last sequence number of each stream in `keys` that has one."""
    return dict(Stream.objects.filter(key__in=keys).values_list("key", "last_seq"))
