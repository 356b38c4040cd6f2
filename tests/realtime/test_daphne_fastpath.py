"""Each assumption realtime.daphne_fastpath makes about Daphne, Twisted and autobahn.

The fast path reads private attributes of the installed versions; if a version bump changes
one, the path silently steps aside (slower) or, worse, writes wrongly. These tests build a
real Daphne WebSocket protocol on a real Twisted TCP transport and check each assumption,
so that the bump fails here instead.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import socket
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from autobahn.twisted.websocket import WebSocketServerProtocol
from autobahn.websocket.protocol import WebSocketProtocol as AutobahnProtocol
from autobahn.websocket.protocol import WebSocketServerProtocol as AutobahnServerProtocol
from daphne.server import Server
from daphne.ws_protocol import WebSocketFactory, WebSocketProtocol
from twisted.internet import defer, tcp

from realtime import daphne_fastpath, fanout
from realtime.daphne_fastpath import direct_writer, text_frame


class NoReactor:
    """The file-descriptor part of a reactor, doing nothing: bytes Twisted buffers stay
    buffered, so a test can see them."""

    def addReader(self, reader: Any) -> None: ...  # noqa: N802 (Twisted's names)
    def addWriter(self, writer: Any) -> None: ...  # noqa: N802 (Twisted's names)
    def removeReader(self, reader: Any) -> None: ...  # noqa: N802 (Twisted's names)
    def removeWriter(self, writer: Any) -> None: ...  # noqa: N802 (Twisted's names)


class Socket:
    """A Daphne WebSocket protocol, open, on a TCP connection to `peer` (the client)."""

    def __init__(self) -> None:
        self.server = Server(application=None, endpoints=["tcp:port=0:interface=127.0.0.1"])
        self.protocol = WebSocketFactory(self.server).buildProtocol(("127.0.0.1", 50000))
        listener = socket.create_server(("127.0.0.1", 0))
        self.peer = socket.create_connection(listener.getsockname())
        accepted, _addr = listener.accept()
        listener.close()
        accepted.setblocking(False)
        # The transport class of Daphne's TCP listener (twisted.internet.tcp.Port).
        self.transport = tcp.Server(
            accepted, self.protocol, ("127.0.0.1", 50000), None, 1, NoReactor()
        )  # type: ignore[arg-type]
        self.protocol.makeConnection(self.transport)
        # What autobahn's succeedHandshake does once Daphne's application accepted (see
        # test_a_handshake_opens_the_protocol_without_extensions).
        self.protocol.state = AutobahnProtocol.STATE_OPEN
        self.protocol.websocket_extensions_in_use = []
        self.send = functools.partial(self.server.handle_reply, self.protocol)

    def buffered(self) -> bytes:
        """What Twisted holds for the socket, not yet written."""
        held = b"".join(self.transport._tempDataBuffer)
        return self.transport.dataBuffer[self.transport.offset :] + held

    def received(self, size: int) -> bytes:
        self.peer.settimeout(2)
        data = b""
        while len(data) < size:
            data += self.peer.recv(size - len(data))
        return data

    def close(self) -> None:
        self.peer.close()
        self.transport.socket.close()


@pytest.fixture(autouse=True)
def fast_write_on(monkeypatch) -> None:
    """What is tested here is the path itself, also in the run with REALTIME_FAST_WRITE=0."""
    monkeypatch.setattr(daphne_fastpath, "FAST_WRITE", True)


@pytest.fixture
def sock() -> Iterator[Socket]:
    made = Socket()
    yield made
    made.close()


# --- How Daphne hands an application its `send` -----------------------------------------


async def test_daphne_sends_through_a_partial_of_its_servers_handle_reply(sock):
    sends: list[Any] = []

    async def application(scope: Any, receive: Any, send: Any) -> None:
        sends.append(send)

    sock.server.application = application
    sock.server.connections = {sock.protocol: {}}  # as Server.run and protocol_connected do
    sock.server.create_application(sock.protocol, {"type": "websocket"})
    await asyncio.sleep(0)

    (send,) = sends
    assert isinstance(send, functools.partial)
    assert send.func.__name__ == daphne_fastpath.DAPHNE_SEND
    assert send.func.__self__ is sock.server
    assert type(send.func.__self__).__module__.startswith(daphne_fastpath.DAPHNE_PACKAGE)
    assert send.args == (sock.protocol,)
    assert inspect.iscoroutinefunction(Server.handle_reply)
    assert list(inspect.signature(Server.handle_reply).parameters) == [
        "self",
        "protocol",
        "message",
    ]
    assert direct_writer(send) is not None


# --- What the writer reads ------------------------------------------------------------------


def test_the_protocol_and_its_transport_have_what_the_writer_reads(sock):
    assert issubclass(WebSocketProtocol, WebSocketServerProtocol)
    assert isinstance(sock.transport, tcp.Connection)
    for name in daphne_fastpath.PROTOCOL_ATTRIBUTES:
        assert hasattr(sock.protocol, name), name
    for name in daphne_fastpath.TRANSPORT_ATTRIBUTES:
        assert hasattr(sock.transport, name), name
    assert sock.protocol.send_state == AutobahnProtocol.SEND_STATE_GROUND
    assert not sock.protocol.send_queue
    assert sock.transport._tempDataLen == 0 and sock.transport.offset == 0
    assert sock.transport.dataBuffer == b""
    assert sock.transport.connected and not sock.transport.disconnecting


def test_a_handshake_opens_the_protocol_without_extensions():
    """The Socket fixture stands in for the handshake: it must do what autobahn does."""
    source = inspect.getsource(AutobahnServerProtocol.succeedHandshake)
    assert "self.websocket_extensions_in_use = []" in source
    assert "self.state = WebSocketProtocol.STATE_OPEN" in source


@pytest.mark.parametrize("size", [3, 125, 126, 200, 65535, 65536, 70000])
def test_a_frame_built_here_is_the_frame_autobahn_writes(sock, size):
    text = ("å" * size)[: size // 2] + "x" * (size - size // 2)
    sock.protocol.sendMessage(text.encode())  # Daphne's own path: autobahn's framing
    assert sock.buffered() == text_frame(text)


def test_the_writer_writes_the_frame_to_the_socket(sock):
    write = direct_writer(sock.send)
    assert write is not None
    frame = text_frame('{"type":"event","seq":1}')
    assert write(frame) is True
    assert sock.received(len(frame)) == frame
    assert sock.buffered() == b""  # nothing left with Twisted


def test_the_writer_queues_behind_what_twisted_still_holds(sock):
    write = direct_writer(sock.send)
    assert write is not None
    sock.transport.write(b"earlier")
    frame = text_frame("later")
    assert write(frame) is True
    assert sock.buffered() == b"earlier" + frame  # in order, behind the earlier bytes


@pytest.mark.parametrize(
    "change",
    ["closing", "mid-message", "queued", "extension", "disconnecting", "disconnected"],
)
def test_the_writer_leaves_anything_unusual_to_daphne(sock, change):
    write = direct_writer(sock.send)
    assert write is not None
    if change == "closing":
        sock.protocol.state = AutobahnProtocol.STATE_CLOSING
    elif change == "mid-message":
        sock.protocol.send_state = AutobahnProtocol.SEND_STATE_INSIDE_MESSAGE
    elif change == "queued":
        sock.protocol.send_queue.append((b"x", False))
    elif change == "extension":
        sock.protocol.websocket_extensions_in_use = [object()]
    elif change == "disconnecting":
        sock.transport.disconnecting = True
    else:
        sock.transport.connected = False
    assert write(text_frame("x")) is False
    assert sock.buffered() == b""


def test_a_broken_socket_is_left_to_daphne(sock):
    write = direct_writer(sock.send)
    assert write is not None
    sock.peer.close()
    sock.transport.socket.shutdown(socket.SHUT_WR)
    assert write(text_frame("x")) is False


def test_no_writer_off_daphne_or_when_turned_off(sock, monkeypatch):
    async def uvicorn_like_send(message: Any) -> None:
        return None

    assert direct_writer(uvicorn_like_send) is None
    assert direct_writer(functools.partial(uvicorn_like_send)) is None
    monkeypatch.setattr(daphne_fastpath, "FAST_WRITE", False)  # REALTIME_FAST_WRITE=0
    assert direct_writer(sock.send) is None


def test_a_tls_transport_gets_no_writer(sock):
    sock.protocol.transport = object()  # e.g. TLSMemoryBIOProtocol around the TCP one
    assert direct_writer(sock.send) is None


def test_missing_internals_step_aside_with_one_warning(sock, monkeypatch, caplog):
    monkeypatch.setattr(daphne_fastpath, "_warned", False)
    monkeypatch.setattr(daphne_fastpath, "TRANSPORT_ATTRIBUTES", ("_renamed_in_a_new_twisted",))
    assert direct_writer(sock.send) is None
    assert direct_writer(sock.send) is None
    warnings = [r for r in caplog.records if r.name == "realtime.daphne_fastpath"]
    assert len(warnings) == 1 and "_renamed_in_a_new_twisted" in warnings[0].getMessage()


# --- Close codes ------------------------------------------------------------------------------


def test_daphne_closes_through_autobahns_sendclose_which_refuses_1012(sock):
    """Why the patch exists; if autobahn starts accepting 1012 here, the patch can go."""
    assert "self.sendClose(code=code)" in inspect.getsource(daphne_fastpath_original_server_close())
    with pytest.raises(Exception, match="invalid close code 1012"):
        sock.protocol.sendClose(code=1012)
    assert list(inspect.signature(AutobahnProtocol.sendCloseFrame).parameters) == [
        "self",
        "code",
        "reasonUtf8",
        "isReply",
    ]


def daphne_fastpath_original_server_close() -> Any:
    patched = WebSocketProtocol.serverClose
    assert patched.registered_codes  # installed when realtime.consumers was imported
    cell = dict(zip(patched.__code__.co_freevars, patched.__closure__ or (), strict=True))
    return cell["original"].cell_contents


@pytest.mark.parametrize("code", daphne_fastpath.REGISTERED_CLOSE_CODES)
def test_daphne_sends_the_registered_server_close_codes(sock, code):
    sock.protocol.handle_reply({"type": "websocket.close", "code": code})
    assert sock.buffered() == bytes((0x88, 2)) + code.to_bytes(2, "big")
    assert sock.protocol.state == AutobahnProtocol.STATE_CLOSING


@pytest.mark.parametrize("code", [None, 1000, 4401, 4429])
def test_other_close_codes_take_daphnes_own_path(sock, code):
    sock.protocol.handle_reply({"type": "websocket.close", "code": code})
    assert sock.buffered() == bytes((0x88, 2)) + (code or 1000).to_bytes(2, "big")


# --- Shutdown -------------------------------------------------------------------------------


def test_the_shutdown_trigger_is_registered_with_daphnes_reactor(monkeypatch):
    reactor = sys.modules["twisted.internet.reactor"]  # installed by daphne's app config
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(reactor, "addSystemEventTrigger", lambda *args: calls.append(args))
    daphne_fastpath.install_shutdown_trigger()
    assert calls == [("before", "shutdown", daphne_fastpath.before_reactor_shutdown)]
    parameters = inspect.signature(type(reactor).addSystemEventTrigger).parameters
    assert list(parameters)[:4] == ["self", "phase", "eventType", "callable"]


async def test_the_shutdown_trigger_closes_every_connection_before_the_reactor_stops(
    monkeypatch,
):
    class Closing:
        delivered: int | None = 0
        closed = False

        async def shutdown(self) -> None:
            self.closed = True

    hub = fanout.LocalHub()
    hub.loop = asyncio.get_running_loop()
    connection = Closing()
    state = fanout.StreamState("board.1", hub)
    state.connections.add(connection)  # type: ignore[arg-type]
    hub.streams["board.1"] = state
    monkeypatch.setattr(fanout, "hub", hub)

    deferred = daphne_fastpath.before_reactor_shutdown()
    assert isinstance(deferred, defer.Deferred)
    done: list[Any] = []
    deferred.addCallback(done.append)
    for _turn in range(50):
        if done:
            break
        await asyncio.sleep(0.01)
    assert done and connection.closed and hub.shutting_down
