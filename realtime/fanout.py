"""Per-process fan-out of stream events to local WebSocket connections.

Each process keeps a map from stream key to its local connections. An event is published
once (one Redis PUBLISH when REDIS_URL is set, otherwise straight into this process) and
every process writes it to each of its own connections; a frame is serialised once per
audience, not once per socket. The channel layer is not on this path.

Delivery is checked against the stream's sequence numbers: a gap (a dropped publish, a
Redis restart) is refilled from the event log in the database before anything later goes
out, so every connection sees every event once, in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from channels.db import database_sync_to_async
from django.conf import settings

logger = logging.getLogger(__name__)

CHANNEL_PREFIX = "hub.stream."
PROCESS_ID = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


@dataclass
class Envelope:
    """One event on its way out, with its serialised frames cached per audience."""

    message: dict[str, Any]
    frames: dict[str, str] = field(default_factory=dict)

    @property
    def seq(self) -> int:
        return int(self.message.get("seq", 0))

    def frame(self, audience: str, render: Callable[[dict[str, Any]], dict[str, Any]]) -> str:
        cached = self.frames.get(audience)
        if cached is None:
            cached = json.dumps(render(self.message), separators=(",", ":"), ensure_ascii=False)
            self.frames[audience] = cached
        return cached


class Connection(Protocol):
    async def deliver(self, envelope: Envelope) -> None: ...

    async def deliver_presence(self, message: dict[str, Any]) -> None: ...


Refill = Callable[[str, int, int], Awaitable[list[dict[str, Any]]]]


async def _refill_from_log(stream_key: str, after: int, upto: int) -> list[dict[str, Any]]:
    from realtime.sequencing import event_message, replay_after

    replay = await database_sync_to_async(replay_after)(stream_key=stream_key, seq=after)
    return [event_message(e) for e in replay.events if e.seq <= upto]


class StreamState:
    def __init__(self, key: str, hub: LocalHub) -> None:
        self.key = key
        self.hub = hub
        self.connections: set[Connection] = set()
        self.delivered = 0  # highest seq delivered to this process's connections (0: none yet)
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            message = await self.queue.get()
            try:
                await self._handle(message)
            except Exception:  # one bad event must not stop the stream
                logger.exception("fan-out of %s failed", self.key)

    async def _handle(self, message: dict[str, Any]) -> None:
        if message.get("type") == "presence":
            for connection in list(self.connections):
                await connection.deliver_presence(message)
            return
        seq = int(message.get("seq", 0))
        if self.delivered and seq <= self.delivered:
            return  # already delivered (a refill got there first, or a duplicate publish)
        if self.delivered and seq > self.delivered + 1:
            # Something was lost on the way: the log has it.
            for missing in await self.hub.refill(self.key, self.delivered, seq - 1):
                await self._deliver(missing)
        await self._deliver(message)

    async def _deliver(self, message: dict[str, Any]) -> None:
        envelope = Envelope(message)
        for connection in list(self.connections):
            await connection.deliver(envelope)
        self.delivered = max(self.delivered, envelope.seq)

    async def catch_up(self) -> None:
        """Deliver whatever the log has beyond what was delivered (after a Redis outage)."""
        if not self.delivered:
            return
        for missing in await self.hub.refill(self.key, self.delivered, 2**62):
            self.queue.put_nowait(missing)


class LocalHub:
    """This process's registry of streams and their local connections."""

    def __init__(self) -> None:
        self.streams: dict[str, StreamState] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.refill: Refill = _refill_from_log
        self._bridge: RedisBridge | None = None

    async def join(self, key: str, connection: Connection) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # a new event loop (tests run one per test): start afresh
            self.streams.clear()
            self._bridge = None
            self.loop = loop
        state = self.streams.get(key)
        if state is None:
            state = self.streams[key] = StreamState(key, self)
        state.connections.add(connection)
        state.start()
        if redis_url():
            await self.bridge().ensure_running()

    def leave(self, key: str, connection: Connection) -> None:
        state = self.streams.get(key)
        if state is None:
            return
        state.connections.discard(connection)
        if not state.connections:
            if state.task is not None:
                state.task.cancel()
            del self.streams[key]

    def connection_count(self, key: str) -> int:
        state = self.streams.get(key)
        return len(state.connections) if state else 0

    def local_deliver(self, key: str, message: dict[str, Any]) -> None:
        """Queue a message for this process's connections (call in the event loop)."""
        state = self.streams.get(key)
        if state is not None:
            state.queue.put_nowait(message)

    def deliver_threadsafe(self, key: str, message: dict[str, Any]) -> None:
        if self.loop is None or self.loop.is_closed():
            return  # no connection ever joined in this process
        self.loop.call_soon_threadsafe(self.local_deliver, key, message)

    def bridge(self) -> RedisBridge:
        if self._bridge is None:
            self._bridge = RedisBridge(self)
        return self._bridge

    async def catch_up_all(self) -> None:
        for state in list(self.streams.values()):
            await state.catch_up()


def redis_url() -> str:
    return getattr(settings, "REDIS_URL", "") or ""


class RedisBridge:
    """Carries events between processes: one PUBLISH out, one subscription in."""

    def __init__(self, hub: LocalHub) -> None:
        self.hub = hub
        self.task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()

    async def ensure_running(self) -> None:
        if self.task is None or self.task.done():
            self.ready = asyncio.Event()
            self.task = asyncio.get_running_loop().create_task(self._listen())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ready.wait(), timeout=5)

    async def _listen(self) -> None:
        import redis.asyncio as aioredis

        backoff = 0.2
        first = True
        while True:
            client = aioredis.from_url(redis_url())
            try:
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                await pubsub.psubscribe(f"{CHANNEL_PREFIX}*")
                self.ready.set()
                if not first:
                    await self.hub.catch_up_all()
                first = False
                backoff = 0.2
                async for raw in pubsub.listen():
                    if raw.get("type") != "pmessage":
                        continue
                    key = raw["channel"].decode()[len(CHANNEL_PREFIX) :]
                    try:
                        message = json.loads(raw["data"])
                    except ValueError:
                        continue
                    self.hub.local_deliver(key, message)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis restarted or unreachable: retry, then catch up
                logger.warning("redis subscription lost (%s); reconnecting", exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                with contextlib.suppress(Exception):
                    await client.aclose()


_redis_publisher: Any = None


def _publisher() -> Any:
    global _redis_publisher
    if _redis_publisher is None:
        import redis

        _redis_publisher = redis.Redis.from_url(
            redis_url(), max_connections=int(os.environ.get("REDIS_POOL_SIZE", "50"))
        )
    return _redis_publisher


def publish(stream_key: str, message: dict[str, Any]) -> None:
    """Send a stream message to every process (call after commit, from any thread)."""
    if redis_url():
        try:
            _publisher().publish(f"{CHANNEL_PREFIX}{stream_key}", json.dumps(message))
            return
        except Exception:  # the event is in the log; local clients still get it now
            logger.exception("redis publish for %s failed", stream_key)
    hub.deliver_threadsafe(stream_key, message)


hub = LocalHub()
