"""The registry of streams: what events travel on, how, and which events each carries.

A stream key is "<kind>.<id>" ("board.12", "user.7"). Each kind of stream is declared once,
by the app whose events it carries (`declare`, at import of its event module), with how it
travels and the event types it may carry. Both sides name the same declaration:

- publishers: `realtime.sequencing.append` (numbered, logged, fanned out by
  realtime.fanout) and `realtime.broadcast.publish_on_commit` (best effort, through the
  channel layer) refuse a key or an event type that is not declared for their transport;
- consumers: each WebSocket consumer names the kind it subscribes to (`stream_kind`), and
  a SequencedConsumer's key must be of that kind.

So "every published stream has a subscriber" is a structural check
(tests/realtime/test_streams.py): every declared kind has a routed consumer, and nothing
can be published to a kind that is not declared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Transport(StrEnum):
    LOG = "log"  # numbered in the stream log, replayable (realtime.sequencing, SequencedConsumer)
    GROUP = "group"  # best effort, a channel-layer group (realtime.broadcast)


class UndeclaredStreamError(ValueError):
    """A publish to a stream kind (or of an event type) that nothing declared."""


@dataclass(frozen=True)
class StreamKind:
    name: str
    transport: Transport
    events: frozenset[str]

    def key(self, ident: int | str) -> str:
        return f"{self.name}.{ident}"

    def owns(self, key: str) -> bool:
        return key.startswith(self.name) and key[len(self.name) : len(self.name) + 1] == "."


_declared: dict[str, StreamKind] = {}


def declare(name: str, *, transport: Transport, events: Iterable[str]) -> StreamKind:
    """Declare a kind of stream (once; declaring it again the same way is harmless)."""
    if not name or "." in name:
        raise ValueError(f"A stream kind is one word: {name!r}")
    kind = StreamKind(name=name, transport=transport, events=frozenset(events))
    existing = _declared.setdefault(name, kind)
    if existing != kind:
        raise ValueError(f"Stream kind {name!r} is already declared differently")
    return kind


def declared() -> dict[str, StreamKind]:
    return dict(_declared)


def checked(key: str, event_type: str, transport: Transport) -> StreamKind:
    """The declared kind of `key`, if it travels by `transport` and carries `event_type`."""
    kind = _declared.get(key.partition(".")[0])
    if kind is None or not kind.owns(key):
        raise UndeclaredStreamError(f"No stream kind is declared for {key!r} (realtime.streams)")
    if kind.transport is not transport:
        raise UndeclaredStreamError(f"{key!r} travels by {kind.transport}, not {transport}")
    if event_type not in kind.events:
        raise UndeclaredStreamError(f"{event_type!r} is not an event of {kind.name!r} streams")
    return kind


# A signed-in person's own events, pushed to their browser (realtime.consumers.
# UserEventsConsumer); "notification.new" comes from hub.services.notifications.
USER = declare("user", transport=Transport.GROUP, events={"notification.new"})
