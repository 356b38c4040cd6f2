"""One connection's failed write never costs the others their frames.

At the end of a large board run, when the clients closed at once, one socket's write raised
("Disconnected") out of the fan-out loop, so every connection after it missed that frame
and had to refill from the log. Each connection's write is isolated: the failing one is
dropped and closed, everyone else gets every frame once, in order, with no database replay.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from autobahn.exception import Disconnected
from channels.testing import WebsocketCommunicator

from realtime import consumers, fanout

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


class OrderedConnections:
    """A stand-in for a stream's connection set that iterates in a chosen order, so a test
    can put the failing connection before the healthy ones."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        self.items: dict[Any, None] = dict.fromkeys(items)

    def add(self, item: Any) -> None:
        self.items[item] = None

    def discard(self, item: Any) -> None:
        self.items.pop(item, None)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, item: object) -> bool:
        return item in self.items


async def no_refill(key: str, after: int, upto: int) -> list[dict[str, Any]]:
    raise AssertionError(f"the hub refilled {key} from the log ({after}..{upto})")


def no_replay(**kwargs: Any) -> Any:
    raise AssertionError(f"a connection replayed from the log: {kwargs}")


# --- The hub's loop, with stand-in connections ---------------------------------------------


class Receiver:
    """A connection that records the seq of every frame it gets."""

    def __init__(self, name: str, fail_at: int | None = None, error: Exception | None = None):
        self.name = name
        self.delivered: int | None = 0
        self.seqs: list[int] = []
        self.presence = 0
        self.fail_at = fail_at
        self.error = error or Disconnected("Attempt to send on a closed protocol")
        self.shutdowns = 0

    async def deliver(self, envelope: fanout.Envelope) -> None:
        if self.fail_at is not None and envelope.seq >= self.fail_at:
            raise self.error
        self.seqs.append(envelope.seq)
        self.delivered = envelope.seq

    async def deliver_presence(self, envelope: fanout.Envelope) -> None:
        if self.fail_at is not None:
            raise self.error
        self.presence += 1

    async def shutdown(self) -> None:
        self.shutdowns += 1
        if self.fail_at is not None:
            raise self.error  # a closed socket cannot send its close frame either


def stream(receivers: list[Receiver]) -> fanout.StreamState:
    hub = fanout.LocalHub()
    hub.refill = no_refill
    state = fanout.StreamState("board.1", hub)
    state.connections = OrderedConnections(receivers)  # type: ignore[assignment]
    return state


def event(seq: int) -> dict[str, Any]:
    return {"type": "event", "event": "card.added", "seq": seq, "data": {"n": seq}}


async def settle() -> None:
    for _turn in range(5):  # the dropped connections' closes run as tasks of their own
        await asyncio.sleep(0)


@pytest.mark.parametrize("error", [Disconnected("gone"), OSError("broken pipe"), ValueError("x")])
async def test_a_connection_failing_mid_fan_out_costs_the_others_nothing(error):
    healthy = [Receiver(f"h{n}") for n in range(4)]
    failing = Receiver("f", fail_at=3, error=error)
    state = stream([healthy[0], failing, *healthy[1:]])  # the failing one before most

    for seq in range(1, 8):
        await state._handle(event(seq))
    await settle()

    for receiver in healthy:
        assert receiver.seqs == list(range(1, 8)), receiver.name
    assert failing.seqs == [1, 2]
    assert failing not in state.connections  # dropped: tried once, not on every frame
    assert failing.shutdowns == 1  # and closed, so that a client still there resumes
    assert state.delivered == 7


async def test_several_connections_failing_at_once(caplog):
    caplog.set_level("DEBUG", logger="realtime.fanout")
    receivers = [Receiver(f"r{n}", fail_at=2 if n % 2 else None) for n in range(10)]
    state = stream(receivers)

    for seq in range(1, 5):
        await state._handle(event(seq))
    await settle()

    for receiver in receivers:
        assert receiver.seqs == ([1] if receiver.fail_at else [1, 2, 3, 4]), receiver.name
    assert len(state.connections) == 5
    dropped = [r for r in caplog.records if "dropped a connection" in r.getMessage()]
    assert len(dropped) == 5  # once per connection
    assert all(r.levelname == "DEBUG" for r in dropped)  # a client going away is routine
    assert not [r for r in caplog.records if "fan-out of" in r.getMessage()]


async def test_a_fault_that_is_not_a_closed_socket_is_logged_with_its_traceback(caplog):
    healthy = Receiver("h")
    failing = Receiver("f", fail_at=1, error=KeyError("audience"))
    state = stream([failing, healthy])

    await state._handle(event(1))
    await settle()

    assert healthy.seqs == [1]
    (record,) = [r for r in caplog.records if "dropped a connection" in r.getMessage()]
    assert record.levelname == "WARNING" and record.exc_info is not None


async def test_presence_fan_out_is_isolated_too():
    healthy = [Receiver(f"h{n}") for n in range(3)]
    failing = Receiver("f", fail_at=1)
    state = stream([failing, *healthy])

    await state._handle({"type": "presence", "participants": []})
    await state._handle(event(1))
    await settle()

    assert [r.presence for r in healthy] == [1, 1, 1]
    assert [r.seqs for r in healthy] == [[1], [1], [1]]
    assert failing not in state.connections


# --- Real board consumers, on both write paths ---------------------------------------------


class FastWire:
    """A stand-in for fanout.direct_writer: records the frames it writes to the socket."""

    def __init__(self) -> None:
        self.frames: list[bytes] = []

    def __call__(self, frame: bytes) -> bool:
        self.frames.append(frame)
        return True

    def seqs(self) -> list[int]:
        return [json.loads(unframe(f))["seq"] for f in self.frames]


def unframe(frame: bytes) -> bytes:
    size = frame[1] & 0x7F
    offset = 2 if size < 126 else 4 if size == 126 else 10
    return frame[offset:]


def closed_socket(frame: bytes) -> bool:
    return False  # the direct writer meets a closed socket and leaves it to Daphne's path


async def gone(message: dict[str, Any]) -> None:
    raise Disconnected("Attempt to send on a closed protocol")  # what autobahn raises


async def join(board, user, query: str = "?last_seq=0") -> WebsocketCommunicator:
    from hub.asgi import application

    comm = WebsocketCommunicator(application, f"/ws/boards/{board.pk}/{query}", headers=[ORIGIN])
    comm.scope["user"] = user
    connected, code = await comm.connect()
    assert connected, code
    while (await comm.receive_json_from(timeout=2))["type"] != "replayed":
        pass
    return comm


async def events_of(comm: WebsocketCommunicator, count: int) -> list[int]:
    seqs: list[int] = []
    while len(seqs) < count:
        message = await comm.receive_json_from(timeout=2)
        if message["type"] == "event":
            seqs.append(message["seq"])
    return seqs


def consumer_of(state: fanout.StreamState, name: str) -> consumers.SequencedConsumer:
    (found,) = [c for c in state.connections if c.member_name == name]  # type: ignore[attr-defined]
    return found


@pytest.fixture
def people(facilitator):
    from tests.factories import UserFactory

    return [facilitator] + [UserFactory(display_name=f"Deltagare {n}") for n in range(4)]


@pytest.fixture
def board(facilitator):
    from boards import services

    return services.board_create(actor=facilitator, title="Forumträff", template="forum")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fast", [True, False], ids=["direct-write", "asgi-send"])
async def test_a_closed_socket_on_a_board_costs_the_others_nothing(
    board, people, fast, monkeypatch
):
    from asgiref.sync import sync_to_async

    from boards import services

    comms = [await join(board, person) for person in people]
    # From here on, any read of the log fails the test (joining replayed from it).
    monkeypatch.setattr(fanout.hub, "refill", no_refill)
    monkeypatch.setattr(consumers, "replay_after", no_replay)
    state = fanout.hub.streams[f"board.{board.pk}"]
    host, failing, *others = (consumer_of(state, p.display_name) for p in people)
    healthy = [host, *others]
    # The failing connection first in the loop, the healthy ones after it.
    state.connections = OrderedConnections([failing, *healthy])  # type: ignore[assignment]
    fast_wires = {consumer: FastWire() for consumer in healthy}
    if fast:  # under Daphne: frames straight to the socket (fanout.direct_writer)
        for consumer in healthy:
            consumer.__dict__["direct"] = fast_wires[consumer]
        failing.__dict__["direct"] = closed_socket
    failing.__dict__["wire"] = gone

    participant = await sync_to_async(services.participant_for_user)(board=board, user=people[0])
    section = await sync_to_async(lambda: board.sections.order_by("position").first().pk)()
    for n in range(5):
        await sync_to_async(services.board_apply)(
            participant=participant, op="card.add", data={"section": section, "text": f"Lapp {n}"}
        )
    await settle()

    if fast:
        for consumer in healthy:
            assert fast_wires[consumer].seqs() == [1, 2, 3, 4, 5], consumer.member_name
    else:
        for comm in (comms[0], *comms[2:]):
            assert await events_of(comm, 5) == [1, 2, 3, 4, 5]
    assert failing not in state.connections
    assert state.delivered == 5
    # The failing connection was closed with "service restart": a client still there
    # reconnects and resumes from the log.
    closed = await comms[1].receive_output(timeout=2)
    while closed["type"] != "websocket.close":
        closed = await comms[1].receive_output(timeout=2)
    assert closed["code"] == consumers.CLOSE_SHUTDOWN
    for comm in comms:
        await comm.disconnect()
