"""Everything that depends on Daphne's internals: Twisted transports, autobahn framing.

Three things, each of which steps aside (Daphne's own path) when it is not under Daphne or
Daphne is not as expected:

1. `direct_writer`: fan-out frames written straight to a connection's socket (speed).
2. `allow_registered_close_codes`: Daphne may send 1012 "service restart" (a patch of
   `daphne.ws_protocol.WebSocketProtocol.serverClose`).
3. `install_shutdown_trigger`: on SIGTERM the reactor waits until every local connection has
   been closed with 1012, so clients reconnect elsewhere and resume.
4. `close_oversized_frames`: the hard frame limit comes from REALTIME_MAX_FRAME_BYTES, and a
   frame over it is answered with a close frame 1009 ("message too big") rather than a
   dropped connection (autobahn's failByDrop, which a client sees as 1006).

What this module assumes of Daphne, Twisted and autobahn is named below (the *_ATTRIBUTES
tuples, DAPHNE_SEND, the frame format) and tested one by one in
tests/realtime/test_daphne_fastpath.py, so that a version bump fails a test rather than
production. Under uvicorn none of this is used: it sends frames itself and closes
WebSockets with 1012 on shutdown on its own. Imported by realtime.consumers only; the import
applies 2, 3 and 4 when Daphne is running.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import struct
import sys
from collections.abc import Callable
from typing import Any

from realtime import fanout

logger = logging.getLogger(__name__)

# Write fan-out frames straight to Daphne's sockets (see direct_writer); 0 turns it off.
FAST_WRITE = os.environ.get("REALTIME_FAST_WRITE", "1") != "0"

# The ASGI `send` Daphne gives an application: functools.partial(server.handle_reply,
# protocol), with the server an instance of a class in the `daphne.` package.
DAPHNE_SEND = "handle_reply"
DAPHNE_PACKAGE = "daphne."
# What the writer reads of the autobahn protocol (the WebSocket's state machine) ...
PROTOCOL_ATTRIBUTES = (
    "state",
    "send_state",
    "send_queue",
    "websocket_extensions_in_use",
    "STATE_OPEN",
    "SEND_STATE_GROUND",
    "transport",
)
# ... and of its Twisted TCP transport (twisted.internet.tcp.Connection): the socket, and
# the write buffers it must not overtake.
TRANSPORT_ATTRIBUTES = (
    "socket",
    "_tempDataLen",
    "dataBuffer",
    "offset",
    "connected",
    "disconnecting",
    "write",
)
# Close codes registered for servers (IANA) that autobahn's public sendClose refuses.
REGISTERED_CLOSE_CODES = (1001, 1011, 1012, 1013)

DirectWrite = Callable[[bytes], bool]
_warned = False  # about Daphne's internals not being as expected
_announced = False  # that the fast path is in use


def text_frame(text: str) -> bytes:
    """One unfragmented, unmasked WebSocket text frame (RFC 6455 §5.2), byte for byte what
    autobahn writes for a server's text message without extensions."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        return bytes((0x81, size)) + payload
    if size < 1 << 16:
        return struct.pack("!BBH", 0x81, 126, size) + payload
    return struct.pack("!BBQ", 0x81, 127, size) + payload


def wire_frame(
    envelope: fanout.Envelope,
    audience: str,
    render: Callable[[dict[str, Any]], dict[str, Any]],
) -> bytes:
    """An event's whole frame for an audience, built once: server frames are unmasked, so
    one frame fits every socket."""
    cached = envelope.wire_frames.get(audience)
    if cached is None:
        cached = envelope.wire_frames[audience] = text_frame(envelope.frame(audience, render))
    return cached


def direct_writer(send: Any) -> DirectWrite | None:
    """Under Daphne: a writer of ready-made frames straight to one connection's socket.

    Daphne turns each ASGI `websocket.send` into autobahn framing and a Twisted write, which
    only buffers the bytes and registers the socket with the loop, to be sent and
    unregistered on a later turn: about 40 µs and three system calls per frame, which at
    300 receivers per event is most of the fan-out. The event's frame is the same for every
    receiver of an audience, so the hub builds it once and this writes it with one send(),
    as asyncio transports do. It falls back to the ASGI path (returns False) whenever that
    would not be exactly equivalent: not an open, plain-TCP Daphne WebSocket; a compression
    extension; autobahn or Twisted still holding earlier bytes (written behind them then).
    Returns None when `send` is not Daphne's, or REALTIME_FAST_WRITE=0.
    """
    if not FAST_WRITE or not isinstance(send, functools.partial) or not send.args:
        return None
    server = getattr(send.func, "__self__", None)
    if getattr(send.func, "__name__", "") != DAPHNE_SEND or not type(server).__module__.startswith(
        DAPHNE_PACKAGE
    ):
        return None
    from twisted.internet.tcp import Connection as TCPConnection

    protocol = send.args[0]
    transport = getattr(protocol, "transport", None)
    # Exactly a plain TCP (or Unix) connection: a TLS transport wraps one and forwards
    # attribute lookups to it, so its `socket` would be the raw, unencrypted one.
    if not isinstance(transport, TCPConnection):
        return None
    missing = [n for n in PROTOCOL_ATTRIBUTES if not hasattr(protocol, n)] + [
        n for n in TRANSPORT_ATTRIBUTES if not hasattr(transport, n)
    ]
    if missing or transport.socket is None:
        _warn_once(missing)
        return None
    open_state, ground = protocol.STATE_OPEN, protocol.SEND_STATE_GROUND
    sock = transport.socket

    def write(frame: bytes) -> bool:
        if (
            protocol.state != open_state
            or protocol.send_state != ground
            or protocol.send_queue
            or protocol.websocket_extensions_in_use
            or not transport.connected
            or transport.disconnecting
        ):
            return False
        if transport._tempDataLen or len(transport.dataBuffer) > transport.offset:
            transport.write(frame)  # keep the order: behind what Twisted still holds
            return True
        try:
            sent = sock.send(frame)
        except BlockingIOError:
            sent = 0
        except OSError:
            return False  # Daphne's own path meets the error and closes the connection
        if sent < len(frame):
            transport.write(frame[sent:])
        return True

    _announce_once()
    return write


def _announce_once() -> None:
    global _announced
    if not _announced:
        _announced = True
        logger.info("fan-out frames go straight to Daphne's sockets (REALTIME_FAST_WRITE=0: off)")


def _warn_once(missing: list[str]) -> None:
    global _warned
    if not _warned and missing:
        _warned = True
        logger.warning(
            "Daphne's connection lacks %s: fan-out frames take Daphne's own (slower) path",
            ", ".join(missing),
        )


def allow_registered_close_codes() -> None:
    """Let Daphne send 1012 ("service restart") and its registered neighbours.

    Daphne turns an ASGI `websocket.close` into autobahn's public `sendClose`, which
    refuses every code but 1000 and 3000-4999, although 1001 and 1011-1013 are registered
    for servers to send (IANA WebSocket close codes). Those few go straight to autobahn's
    frame writer instead; everything else takes Daphne's own path unchanged.
    """
    ws_protocol = sys.modules.get("daphne.ws_protocol")
    if ws_protocol is None:
        return
    cls = ws_protocol.WebSocketProtocol
    original = cls.serverClose
    if getattr(original, "registered_codes", False):
        return

    def server_close(self: Any, code: int | None = None) -> None:
        if code in REGISTERED_CLOSE_CODES:
            self.sendCloseFrame(code=code, isReply=False)
        else:
            original(self, code)

    server_close.registered_codes = True  # type: ignore[attr-defined]
    cls.serverClose = server_close


def close_oversized_frames() -> None:
    """Each Daphne WebSocket takes its hard limit from REALTIME_MAX_FRAME_BYTES, and fails
    with a close frame (1009) instead of dropping the TCP connection.

    Daphne's own limits (--websocket-max-message-size / -frame-size) are copied onto each
    connection by autobahn before Daphne's `onConnect`; this sets them there, per
    connection, so the one setting rules whatever the command line says.
    """
    ws_protocol = sys.modules.get("daphne.ws_protocol")
    if ws_protocol is None:
        return
    cls = ws_protocol.WebSocketProtocol
    original = cls.onConnect
    if getattr(original, "frame_limits", False):
        return

    def on_connect(self: Any, request: Any) -> Any:
        from django.conf import settings

        limit = settings.REALTIME_MAX_FRAME_BYTES
        self.maxMessagePayloadSize = self.maxFramePayloadSize = limit
        self.failByDrop = False
        return original(self, request)

    on_connect.frame_limits = True  # type: ignore[attr-defined]
    cls.onConnect = on_connect


def before_reactor_shutdown() -> Any:
    """Twisted 'before shutdown' trigger (Daphne on SIGTERM/SIGINT): close with 1012.

    The reactor waits for the returned Deferred before it drops the sockets, so the close
    frames get out first.
    """
    hub = fanout.hub
    loop = hub.loop
    if loop is None or loop.is_closed() or not hub.streams:
        return None
    from twisted.internet import defer

    async def close_all() -> None:
        await hub.shutdown()
        await asyncio.sleep(0.05)  # let the last close frames leave the write buffers

    return defer.Deferred.fromFuture(asyncio.ensure_future(close_all(), loop=loop))


def install_shutdown_trigger() -> None:
    """Hook into the Twisted reactor Daphne runs on, if there is one.

    Only when it is already installed (Daphne's app config installs it): importing
    twisted.internet.reactor here would install a default one. Registered at import, before
    Daphne registers its own trigger that cancels every application; uvicorn closes
    WebSockets with 1012 itself on shutdown.
    """
    reactor = sys.modules.get("twisted.internet.reactor")
    if reactor is not None and hasattr(reactor, "addSystemEventTrigger"):
        reactor.addSystemEventTrigger("before", "shutdown", before_reactor_shutdown)


allow_registered_close_codes()
close_oversized_frames()
install_shutdown_trigger()
