"""Consumer base classes with no domain knowledge.

`SequencedConsumer` is a WebSocket endpoint on one stream: it admits a connection (the
subclass decides who), replays what the client missed, delivers live events in order
through the process's fan-out hub, and turns each client operation into a call the
subclass makes to its service. Protocol: docs/realtime-protocol.md.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any, ClassVar
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer, AsyncWebsocketConsumer
from channels.sessions import InstanceSessionWrapper
from django.conf import settings
from django.core.exceptions import ValidationError

from common.errors import ServiceError
from realtime import daphne_fastpath, fanout, presence
from realtime.daphne_fastpath import wire_frame
from realtime.log import event_message, replay_after
from realtime.streams import USER, StreamKind

logger = logging.getLogger(__name__)

# Close codes (also in docs/realtime-protocol.md)
CLOSE_UNAUTHORISED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_FLOOD = 4429  # kept flooding, or too many sockets to one stream
CLOSE_SHUTDOWN = 1012  # "service restart": reconnect and resume
CLOSE_TOO_BIG = 1009  # a frame over the server's hard limit (REALTIME_MAX_FRAME_BYTES)

RATE_PER_SECOND = 10.0  # sustained operations per connection
RATE_BURST = 30.0
MAX_STRIKES = 50  # refused-for-rate messages before the connection is closed


class TokenBucket:
    def __init__(self, rate: float | None = None, burst: float | None = None) -> None:
        self.rate = RATE_PER_SECOND if rate is None else rate
        self.burst = RATE_BURST if burst is None else burst
        self.tokens = self.burst
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class SequencedConsumer(AsyncWebsocketConsumer):
    """Subclasses name their `stream_kind` (realtime.streams, of the LOG transport) and set
    `self.stream_key` (a key of that kind), `self.member` and `self.member_name` in `admit`.

    Such a connection does not use the channel layer (the fan-out hub and the log carry
    everything), so it has none: no channel-layer receive per socket, and a Redis restart
    cannot break the socket (channels-redis raises out of its receive when Redis goes).
    """

    channel_layer_alias = "realtime.no-layer"  # not configured: get_channel_layer() is None

    stream_kind: ClassVar[StreamKind]
    stream_key: str
    member: str
    member_name: str

    # --- what subclasses provide ------------------------------------------------------

    async def admit(self) -> int | None:
        """Decide whether the connection may join; return a close code to refuse."""
        raise NotImplementedError

    async def apply(self, op: str, data: Any, op_id: str | None) -> tuple[int, bool]:
        """Apply a client operation through the service; return (seq, duplicate)."""
        raise NotImplementedError

    async def snapshot(self) -> dict[str, Any]:
        """The whole state as this connection may see it, with its `seq`."""
        raise NotImplementedError

    def audience(self, message: dict[str, Any]) -> str:
        """Which version of an event this connection gets (see fanout.Envelope)."""
        return "all"

    def render(self, message: dict[str, Any], audience: str) -> dict[str, Any]:
        return message

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels dispatches, minus its close_old_connections() hop per message.

        That hop queues on the one thread that does all database work, once per client
        message; every database call here goes through database_sync_to_async, which
        already closes obsolete connections before and after.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # --- connection lifecycle -----------------------------------------------------------

    async def connect(self) -> None:
        self.delivered: int | None = None  # None until the client's position is known
        self.buffer: list[fanout.Envelope] = []
        self.bucket = TokenBucket()
        self.strikes = 0
        self.joined = False
        self.claims: list[tuple[str, str, str]] = []
        refusal = await self.admit()
        if refusal is None:
            if not self.stream_kind.owns(self.stream_key):
                raise RuntimeError(f"{self.stream_key!r} is not a {self.stream_kind.name} stream")
            refusal = self.claim_socket()
        # Accepted, then closed with the code: a refusal before the handshake completes is a
        # bare HTTP 403, and a browser cannot tell "sign in" from "no such board" from it.
        await self.accept()
        if refusal is not None:
            await self.close(code=refusal)
            return
        if fanout.hub.shutting_down:  # this process is stopping: go to another one
            await self.close(code=CLOSE_SHUTDOWN)
            return
        # Join the fan-out before reading the log, buffering live events meanwhile, so
        # nothing committed between the two is missed.
        await fanout.hub.join(self.stream_key, self)
        self.joined = True
        await presence.join(self.stream_key, self.member, self.member_name)
        query = parse_qs(self.scope.get("query_string", b"").decode(errors="replace"))
        if "last_seq" in query:
            await self.resume(_as_int(query["last_seq"][0]))

    def claim_socket(self) -> int | None:
        """Count this socket against its member's and its address's caps on the stream;
        CLOSE_FLOOD when either is full (settings REALTIME_MAX_SOCKETS_PER_*)."""
        client = self.scope.get("client") or ("unknown", 0)
        caps = {
            (self.stream_key, "member", self.member): settings.REALTIME_MAX_SOCKETS_PER_PERSON,
            (self.stream_key, "address", str(client[0])): settings.REALTIME_MAX_SOCKETS_PER_ADDRESS,
        }
        if any(cap and _open_sockets[key] >= cap for key, cap in caps.items()):
            return CLOSE_FLOOD
        self.claims = list(caps)
        for key in self.claims:
            _open_sockets[key] += 1
        return None

    def release_socket(self) -> None:
        for key in getattr(self, "claims", []):
            _open_sockets[key] -= 1
            if _open_sockets[key] <= 0:
                del _open_sockets[key]
        self.claims = []

    async def disconnect(self, code: int) -> None:
        self.release_socket()
        if getattr(self, "joined", False):
            fanout.hub.leave(self.stream_key, self)
            self.joined = False
            await presence.leave(self.stream_key, self.member)

    async def shutdown(self) -> None:
        """The server is going down: tell the client to reconnect elsewhere, and leave."""
        await self.close(code=CLOSE_SHUTDOWN)
        await self.disconnect(CLOSE_SHUTDOWN)

    # --- incoming -------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        raw = text_data if text_data is not None else (bytes_data or b"").decode(errors="replace")
        # Every frame counts against the flood limit, oversized ones too.
        if not self.bucket.take():
            self.strikes += 1
            if self.strikes > MAX_STRIKES:
                await self.close(code=CLOSE_FLOOD)
                return
            await self.error("rate_limited", "Too many messages; slow down.")
            return
        limit = settings.REALTIME_MAX_MESSAGE_BYTES
        if len(raw) > limit or len(raw.encode()) > limit:
            await self.error("too_large", f"Messages may be at most {limit} bytes.")
            return
        try:
            message = json.loads(raw)
        except ValueError:
            await self.error("bad_json", "The message is not valid JSON.")
            return
        if not isinstance(message, dict):
            await self.error("bad_message", "A message is a JSON object with a type.")
            return
        kind = message.get("type")
        if kind == "op":
            await self.handle_op(message)
        elif kind == "resume":
            await self.resume(_as_int(message.get("last_seq")))
        elif kind == "ping":
            await self.send_json({"type": "pong", "seq": self.delivered or 0})
        else:
            await self.error("unknown_type", "Unknown message type.", op_id=message.get("op_id"))

    async def handle_op(self, message: dict[str, Any]) -> None:
        op_id = message.get("op_id")
        if op_id is not None and not (isinstance(op_id, str) and 0 < len(op_id) <= 64):
            await self.error("invalid", "op_id must be a string of 1-64 characters.")
            return
        op = message.get("op")
        if not isinstance(op, str):
            await self.error("invalid", "op is missing.", op_id=op_id, fields={"op": ["missing"]})
            return
        try:
            seq, duplicate = await self.apply(op, message.get("data", {}), op_id)
        except ValidationError as exc:
            fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            await self.error("invalid", "The operation is not valid.", op_id=op_id, fields=fields)
            return
        except ServiceError as exc:
            await self.error(str(exc.code), exc.message, op_id=op_id, detail=exc.detail)
            return
        except Exception:
            logger.exception("operation %s failed", op)
            await self.error("internal", "The server could not apply the operation.", op_id=op_id)
            return
        await self.send_json({"type": "ack", "op_id": op_id, "seq": seq, "duplicate": duplicate})

    async def resume(self, last_seq: int | None) -> None:
        """Send what the client missed after `last_seq` (or a snapshot), then live events."""
        if last_seq is None:
            state = await self.snapshot()
            await self.send_json({"type": "snapshot", **state})
            start = int(state["seq"])
        else:
            replay = await database_sync_to_async(replay_after)(
                stream_key=self.stream_key, seq=last_seq
            )
            if replay.snapshot_needed:
                state = await self.snapshot()
                await self.send_json({"type": "snapshot", **state})
                start = int(state["seq"])
            else:
                self.delivered = last_seq
                for event in replay.events:
                    await self._send_envelope(fanout.Envelope(event_message(event)))
                start = replay.last_seq
                await self.send_json({"type": "replayed", "seq": start})
        self.delivered = max(self.delivered or 0, start)
        pending, self.buffer = self.buffer, []
        for envelope in pending:
            await self.deliver(envelope)

    # --- outgoing -------------------------------------------------------------------------

    async def deliver(self, envelope: fanout.Envelope) -> None:
        if self.delivered is None:
            self.buffer.append(envelope)
            return
        if envelope.seq <= self.delivered:
            return
        if envelope.seq > self.delivered + 1:  # rare: the hub refills gaps first
            replay = await database_sync_to_async(replay_after)(
                stream_key=self.stream_key, seq=self.delivered
            )
            if replay.snapshot_needed:  # too far behind to replay: start from the state
                state = await self.snapshot()
                await self.send_json({"type": "snapshot", **state})
                self.delivered = max(self.delivered, int(state["seq"]))
                if envelope.seq <= self.delivered:
                    return
            for event in replay.events:
                if self.delivered < event.seq < envelope.seq:
                    await self._send_envelope(fanout.Envelope(event_message(event)))
        await self._send_envelope(envelope)

    async def _send_envelope(self, envelope: fanout.Envelope) -> None:
        audience = self.audience(envelope.message)

        def render(message: dict[str, Any]) -> dict[str, Any]:
            return self.render(message, audience)

        direct = self.direct
        if direct is None or not direct(wire_frame(envelope, audience, render)):
            await self.wire(envelope.asgi(audience, render))
        self.delivered = envelope.seq

    async def deliver_presence(self, envelope: fanout.Envelope) -> None:
        # The same for everyone: serialised once by the hub for every connection.
        direct = self.direct
        if direct is None or not direct(wire_frame(envelope, "all", _as_is)):
            await self.wire(envelope.asgi("all", _as_is))

    @cached_property
    def direct(self) -> daphne_fastpath.DirectWrite | None:
        """Under Daphne, frames of the fan-out go straight to the socket."""
        return daphne_fastpath.direct_writer(self.wire)

    @cached_property
    def wire(self) -> Callable[[dict[str, Any]], Awaitable[None]]:
        """The ASGI send for outgoing frames: the server's own, beneath Channels' wrappers.

        Channels' session middleware wraps `send` to save the session on HTTP responses and
        `websocket.accept`; for each frame it only checks the session and passes it on. A
        fan-out writes hundreds of frames per event, so frames skip that (and the consumer's
        own send layers). Any other wrapper is kept.
        """
        send = self.base_send
        for _depth in range(8):
            wrapper = getattr(send, "__self__", None)
            inner = getattr(wrapper, "real_send", None)
            if not isinstance(wrapper, InstanceSessionWrapper) or inner is None:
                break
            send = inner
        return send

    async def send_json(self, content: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(content, separators=(",", ":"), ensure_ascii=False))

    async def error(self, code: str, message: str, **extra: Any) -> None:
        payload = {"type": "error", "code": code, "message": message}
        payload.update({k: v for k, v in extra.items() if v not in (None, {})})
        await self.send_json(payload)


# Sockets open in this process per (stream, "member" or "address", who): see claim_socket.
_open_sockets: Counter[tuple[str, str, str]] = Counter()


def _as_is(message: dict[str, Any]) -> dict[str, Any]:
    return message


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class UserEventsConsumer(AsyncJsonWebsocketConsumer):
    """Pushes a signed-in person's own events (e.g. a new notification) to their browser."""

    stream_kind: ClassVar[StreamKind] = USER

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.accept()  # then the close code, which a refused handshake cannot carry
            await self.close(code=CLOSE_UNAUTHORISED)
            return
        self.group = self.stream_kind.key(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The stream is one-way; anything a client sends is ignored.
        return

    async def hub_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
