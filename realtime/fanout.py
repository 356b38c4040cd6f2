"""Per-process fan-out of stream events to local WebSocket connections.

Each process keeps a map from stream key to its local connections. An event is published
once (one Redis PUBLISH when REDIS_URL is set, otherwise straight into this process) and
every process writes it to each of its own connections; a frame is serialised once per
audience, not once per socket, and under Daphne written straight to each socket (see
realtime.daphne_fastpath). The channel layer is not on this path.

Delivery is checked against the stream's sequence numbers: a gap (a dropped publish, a
Redis restart, a process that died between commit and publish) is refilled from the event
log in the database before anything later goes out, and with Redis an idle stream also
compares itself with the log now and then, so the last events before an outage are not
stranded either. Every connection sees every event once, in order.

On a graceful shutdown every local connection is closed with the "service restart" code
(realtime.consumers.CLOSE_SHUTDOWN) so that clients reconnect and resume (LocalHub.shutdown;
under Daphne it is triggered from realtime.daphne_fastpath).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from channels.db import database_sync_to_async
from django.conf import settings

from common.redis_io import Sent
from realtime.log import event_message, log_heads, replay_after

logger = logging.getLogger(__name__)

CHANNEL_PREFIX = "hub.stream."
PROCESS_ID = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
# Where a message published to Redis came from (removed before it is delivered).
ORIGIN = "_origin"

# With Redis: how often a stream with nothing arriving compares itself with the log.
LOG_CHECK_SECONDS = 1.0
# After a failed PUBLISH, do not try Redis again for this long, so events are not held up
# waiting on it (local connections get them anyway; other processes refill from the log).
PUBLISH_PAUSE_SECONDS = 0.5
# During fan-out, let the server flush sockets after every this many frames.
FLUSH_EVERY = 50
# How long a graceful shutdown waits for connections to close before the server exits.
SHUTDOWN_GRACE_SECONDS = 2.0


@dataclass
class Envelope:
    """One event on its way out, with its serialised frames cached per audience."""

    message: dict[str, Any]
    frames: dict[str, str] = field(default_factory=dict)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Whole WebSocket frames, for writing straight to sockets (realtime.daphne_fastpath).
    wire_frames: dict[str, bytes] = field(default_factory=dict)

    @property
    def seq(self) -> int:
        return int(self.message.get("seq", 0))

    def frame(self, audience: str, render: Callable[[dict[str, Any]], dict[str, Any]]) -> str:
        cached = self.frames.get(audience)
        if cached is None:
            cached = json.dumps(render(self.message), separators=(",", ":"), ensure_ascii=False)
            self.frames[audience] = cached
        return cached

    def asgi(
        self, audience: str, render: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> dict[str, Any]:
        """The ASGI `websocket.send` message for an audience, built once and shared by
        every connection in it (servers read the message, they do not change it)."""
        cached = self.messages.get(audience)
        if cached is None:
            cached = {"type": "websocket.send", "text": self.frame(audience, render)}
            self.messages[audience] = cached
        return cached


class Connection(Protocol):
    # The last seq this connection has (None while it is still catching up from the log).
    delivered: int | None

    async def deliver(self, envelope: Envelope) -> None: ...

    async def deliver_presence(self, envelope: Envelope) -> None: ...

    async def shutdown(self) -> None: ...


Refill = Callable[[str, int, int], Awaitable[list[dict[str, Any]]]]


async def _refill_from_log(stream_key: str, after: int, upto: int) -> list[dict[str, Any]]:
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
        self.last_activity = time.monotonic()

    def start(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    def position(self) -> int:
        """Where this process's connections are: what it delivered, or (before it delivered
        anything) the least position among connections that know theirs."""
        if self.delivered:
            return self.delivered
        known = [c.delivered for c in self.connections if c.delivered]
        return min(known) if known else 0

    async def _run(self) -> None:
        while True:
            message = await self.queue.get()
            self.last_activity = time.monotonic()
            try:
                await self._handle(message)
            except Exception:  # one bad event must not stop the stream
                logger.exception("fan-out of %s failed", self.key)

    async def _handle(self, message: dict[str, Any]) -> None:
        if message.get("type") == "presence":
            envelope = Envelope(message)  # one frame for every connection
            for connection in list(self.connections):
                try:
                    await connection.deliver_presence(envelope)
                except Exception as exc:
                    self._drop(connection, exc)
            return
        seq = int(message.get("seq", 0))
        if self.delivered and seq <= self.delivered:
            return  # already delivered (a refill got there first, or a duplicate publish)
        base = self.position()
        if base and seq > base + 1:
            # Something was lost on the way: the log has it. One read for the whole
            # process, not one per connection.
            for missing in await self.hub.refill(self.key, base, seq - 1):
                if missing["seq"] > self.delivered:
                    await self._deliver(missing)
        await self._deliver(message)

    async def _deliver(self, message: dict[str, Any]) -> None:
        envelope = Envelope(message)
        for n, connection in enumerate(list(self.connections), 1):
            try:
                await connection.deliver(envelope)
            except Exception as exc:  # one socket's failure is not the others' concern
                self._drop(connection, exc)
            if n % FLUSH_EVERY == 0:
                # On Daphne's own path (TLS, REALTIME_FAST_WRITE=0) a sent frame is only
                # buffered, and written on a later turn of the loop: give it those turns as
                # we go, so the first receivers do not wait for the last one's frame.
                await asyncio.sleep(0)
        self.delivered = max(self.delivered, envelope.seq)

    def _drop(self, connection: Connection, exc: Exception) -> None:
        """Take a connection whose write failed out of the stream, and close it.

        Typically the client went away while the frame was on its way ("Disconnected" when
        many close at once). It gets nothing more from this stream; if it is still there,
        the close (1012, "service restart") makes it reconnect and resume from the log.
        """
        if connection not in self.connections:
            return
        self.connections.discard(connection)
        if _client_gone(exc):
            logger.debug("dropped a connection of %s whose write failed: %r", self.key, exc)
        else:  # not a closed socket: a fault worth its traceback
            logger.warning("dropped a connection of %s whose write failed", self.key, exc_info=exc)
        task = asyncio.get_running_loop().create_task(_close_quietly(connection))
        _closing.add(task)
        task.add_done_callback(_closing.discard)

    async def catch_up(self, head: int | None = None) -> None:
        """Queue whatever the log has beyond this process's position (after an outage)."""
        base = self.position()
        if not base or (head is not None and head <= base):
            return
        for missing in await self.hub.refill(self.key, base, head or 2**62):
            self.queue.put_nowait(missing)


_closing: set[asyncio.Task[None]] = set()  # closes of dropped connections, until done


def _client_gone(exc: Exception) -> bool:
    """A write to a socket whose client has gone: a socket error (uvicorn's
    ClientDisconnected is one), or autobahn's Disconnected under Daphne."""
    return isinstance(exc, OSError) or type(exc).__name__ == "Disconnected"


async def _close_quietly(connection: Connection) -> None:
    try:
        await connection.shutdown()
    except Exception as exc:  # already gone: the server's own disconnect cleans up
        logger.debug("closing a dropped connection failed: %r", exc)


class LocalHub:
    """This process's registry of streams and their local connections."""

    def __init__(self) -> None:
        self.streams: dict[str, StreamState] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.refill: Refill = _refill_from_log
        self.shutting_down = False
        self._bridge: RedisBridge | None = None

    async def join(self, key: str, connection: Connection) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # a new event loop (tests run one per test): start afresh
            self.streams.clear()
            self._bridge = None
            self.shutting_down = False
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

    async def check_log(self, idle_for: float = LOG_CHECK_SECONDS) -> None:
        """Compare streams that have been quiet for `idle_for` seconds with the log's head.

        A publish can be lost without any later event to reveal the gap (Redis down at
        that moment, a process killed between commit and publish); this finds it.
        """
        now = time.monotonic()
        quiet = [s for s in self.streams.values() if now - s.last_activity >= idle_for]
        if not quiet:
            return
        heads = await database_sync_to_async(log_heads)([s.key for s in quiet])
        for state in quiet:
            if heads.get(state.key, 0) > state.position():
                await state.catch_up(heads[state.key])

    async def shutdown(self, timeout: float = SHUTDOWN_GRACE_SECONDS) -> int:
        """Close every local connection for a restart; new ones are turned away from now.

        Every close is started before anything here waits, so each close frame goes out
        even if the server cancels the connections' own tasks right after this call.
        """
        self.shutting_down = True
        loop = asyncio.get_running_loop()
        connections = [c for s in list(self.streams.values()) for c in list(s.connections)]
        tasks = [loop.create_task(c.shutdown()) for c in connections]
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)
        return len(tasks)


def redis_url() -> str:
    return getattr(settings, "REDIS_URL", "") or ""


def channel_prefix(url: str | None = None) -> str:
    """Redis pub/sub ignores database numbers: a hub on db N gets channels of its own, so
    two deployments (or test runs) sharing one Redis server never hear each other."""
    from redis.connection import parse_url

    db = int(parse_url(url or redis_url()).get("db") or 0)
    return CHANNEL_PREFIX if db == 0 else f"hub.db{db}.stream."


def pool_size() -> int:
    return int(getattr(settings, "REDIS_POOL_SIZE", 0) or os.environ.get("REDIS_POOL_SIZE", "50"))


class RedisBridge:
    """Carries events between processes: one PUBLISH out, one subscription in."""

    def __init__(self, hub: LocalHub) -> None:
        self.hub = hub
        self.task: asyncio.Task[None] | None = None
        self.watch: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()

    async def ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        if self.task is None or self.task.done():
            self.ready = asyncio.Event()
            self.task = loop.create_task(self._listen())
        if self.watch is None or self.watch.done():
            self.watch = loop.create_task(self._watch_log())
        if not self.ready.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.ready.wait(), timeout=5)

    async def _watch_log(self) -> None:
        while self.task is not None and not self.task.done():  # as long as the bridge runs
            await asyncio.sleep(LOG_CHECK_SECONDS)
            try:
                await self.hub.check_log()
            except Exception:  # the database away for a moment: next round
                logger.warning("checking stream logs failed", exc_info=True)

    async def _listen(self) -> None:
        import redis.asyncio as aioredis

        backoff = 0.1
        first = True
        prefix = channel_prefix()
        while True:
            client = aioredis.from_url(redis_url(), socket_connect_timeout=2)
            try:
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                await pubsub.psubscribe(f"{prefix}*")
                self.ready.set()
                if not first:
                    # Subscribed again: what was published meanwhile is in the log.
                    await self.hub.catch_up_all()
                first = False
                backoff = 0.1
                async for raw in pubsub.listen():
                    if raw.get("type") != "pmessage":
                        continue
                    key = raw["channel"].decode()[len(prefix) :]
                    try:
                        message = json.loads(raw["data"])
                    except ValueError:
                        continue
                    if not isinstance(message, dict) or message.pop(ORIGIN, None) == PROCESS_ID:
                        continue  # not ours to read, or ours: delivered here already
                    self.hub.local_deliver(key, message)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis restarted or unreachable: retry, then catch up
                logger.warning("redis subscription lost (%s); reconnecting", exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)
            finally:
                with contextlib.suppress(Exception):
                    await client.aclose()


_redis_publisher: tuple[str, Any] | None = None
_publish_paused_until = 0.0


def _publisher() -> Any:
    """The process's synchronous Redis client for publishing and presence.

    A blocking pool of REDIS_POOL_SIZE connections: when every connection is busy a caller
    waits for one instead of failing ("Too many connections"), so a burst of connects or
    operations from many threads cannot break on the pool.
    """
    global _redis_publisher
    url = redis_url()
    if _redis_publisher is None or _redis_publisher[0] != url:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        pool = redis.BlockingConnectionPool.from_url(
            url,
            max_connections=pool_size(),
            timeout=10,
            socket_connect_timeout=1,
            socket_timeout=5,
            retry=Retry(NoBackoff(), 1),  # one reconnect (a stale socket after a restart)
        )
        _redis_publisher = (url, redis.Redis(connection_pool=pool))
    return _redis_publisher[1]


def publish(stream_key: str, message: dict[str, Any]) -> None:
    """Send a stream message to every process (call after commit, from any thread).

    The PUBLISH goes out first and its reply is read only after this process's own
    connections have the message queued: the other processes' copy leaves at once, and
    local delivery does not wait for the round trip (the copy that comes back from Redis
    is marked with our origin and skipped).
    """
    url = redis_url()
    sent: Sent | None = None
    if url and time.monotonic() >= _publish_paused_until:
        channel = f"{channel_prefix(url)}{stream_key}"
        try:
            data = json.dumps({**message, ORIGIN: PROCESS_ID})
            sent = Sent(_publisher().connection_pool, [("PUBLISH", channel, data)])
        except Exception as exc:
            _publish_failed(stream_key, exc)
    try:
        hub.deliver_threadsafe(stream_key, message)
    finally:
        if sent is not None:
            try:
                sent.replies()  # also when local delivery failed: the connection goes back
            except Exception as exc:
                _publish_failed(stream_key, exc)


def _publish_failed(stream_key: str, exc: Exception) -> None:
    """Other processes refill from the log; do not hold up the next events on Redis."""
    global _publish_paused_until
    _publish_paused_until = time.monotonic() + PUBLISH_PAUSE_SECONDS
    logger.warning("redis publish for %s failed (%s); delivering locally", stream_key, exc)


hub = LocalHub()
