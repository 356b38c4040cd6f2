"""The board socket: operations, ordering, retries, resume, secrecy, presence, bad input."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings

from boards import services
from boards.consumers import GUEST_SESSION_KEY
from boards.models import Board, Card
from hub.asgi import application
from realtime import consumers as base
from realtime.models import StreamEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://127.0.0.1:8000")


@pytest.fixture
def board(facilitator) -> Board:
    return services.board_create(actor=facilitator, title="Forumträff", template="forum")


@pytest.fixture
def section_id(board) -> int:
    return board.sections.order_by("position").first().pk


async def connect(board, user, query="", headers=None) -> WebsocketCommunicator:
    comm = WebsocketCommunicator(
        application, f"/ws/boards/{board.pk}/{query}", headers=headers or [ORIGIN]
    )
    comm.scope["user"] = user
    connected, code = await comm.connect()
    assert connected, code
    if "last_seq=" in query:
        # The server catches the client up after accepting it: wait until it has (what it
        # sent stays in the backlog for `receive`), so a test's next operation is live.
        backlog = comm.__dict__.setdefault("backlog", [])
        while not backlog or backlog[-1]["type"] not in ("replayed", "snapshot"):
            message = await comm.receive_json_from(timeout=2)
            if message["type"] != "presence":
                backlog.append(message)
    return comm


async def receive(comm, wanted: str, timeout: float = 2) -> dict:
    """The next message of type `wanted`. Presence updates are skipped; other messages are
    kept for a later call (an ack and its event may arrive in either order)."""
    backlog = comm.__dict__.setdefault("backlog", [])
    for message in backlog:
        if message["type"] == wanted:
            backlog.remove(message)
            return message
    while True:
        message = await comm.receive_json_from(timeout=timeout)
        if message["type"] == wanted:
            return message
        if message["type"] != "presence":
            backlog.append(message)


async def op(comm, name, op_id=None, **data) -> None:
    await comm.send_json_to({"type": "op", "op": name, "op_id": op_id, "data": data})


async def quiet(comm) -> bool:
    """Nothing but presence arrives for a moment (receive_nothing does not stop the app)."""
    backlog = [m for m in comm.__dict__.get("backlog", []) if m["type"] != "replayed"]
    assert not backlog, backlog
    while not await comm.receive_nothing(timeout=0.3):
        message = await comm.receive_json_from()
        if message["type"] != "presence":
            raise AssertionError(f"unexpected {message}")
    return True


@pytest.fixture
def people(facilitator):
    return {
        "host": facilitator,
        "alice": UserFactory(display_name="Alice"),
        "bob": UserFactory(display_name="Bob"),
    }


async def test_an_operation_reaches_everyone_and_the_sender_gets_an_ack(board, section_id, people):
    alice = await connect(board, people["alice"], "?last_seq=0")
    bob = await connect(board, people["bob"], "?last_seq=0")
    await receive(alice, "replayed")
    await receive(bob, "replayed")

    await op(alice, "card.add", op_id="o1", section=section_id, text="Fler mötesplatser")

    ack = await receive(alice, "ack")
    assert ack == {"type": "ack", "op_id": "o1", "seq": 1, "duplicate": False}
    for comm in (alice, bob):
        event = await receive(comm, "event")
        assert event["seq"] == 1 and event["event"] == "card.added"
        assert event["data"]["card"]["text"] == "Fler mötesplatser"
    await alice.disconnect()
    await bob.disconnect()


async def test_events_arrive_in_order(board, section_id, people):
    alice = await connect(board, people["alice"], "?last_seq=0")
    bob = await connect(board, people["bob"], "?last_seq=0")
    for n in range(10):
        await op(alice if n % 2 else bob, "card.add", section=section_id, text=f"Lapp {n}")
    seqs = [(await receive(alice, "event"))["seq"] for _n in range(10)]
    assert seqs == list(range(1, 11))
    seqs = [(await receive(bob, "event"))["seq"] for _n in range(10)]
    assert seqs == list(range(1, 11))
    await alice.disconnect()
    await bob.disconnect()


async def test_a_retry_with_the_same_op_id_applies_once(board, section_id, people):
    alice = await connect(board, people["alice"], "?last_seq=0")
    bob = await connect(board, people["bob"], "?last_seq=0")
    for _attempt in range(2):
        await op(alice, "card.add", op_id="retry-1", section=section_id, text="En gång")
    first, second = await receive(alice, "ack"), await receive(alice, "ack")
    assert first["seq"] == second["seq"] == 1
    assert (first["duplicate"], second["duplicate"]) == (False, True)
    assert (await receive(bob, "event"))["seq"] == 1
    assert await quiet(bob)
    assert await sync_to_async(Card.objects.count)() == 1
    await alice.disconnect()
    await bob.disconnect()


async def test_resume_gives_exactly_the_missed_events_in_order(board, section_id, people):
    alice = await connect(board, people["alice"], "?last_seq=0")
    bob = await connect(board, people["bob"], "?last_seq=0")
    await op(alice, "card.add", section=section_id, text="Före")
    assert (await receive(alice, "event"))["seq"] == 1
    await alice.disconnect()

    for n in range(3):
        await op(bob, "card.add", section=section_id, text=f"Medan {n}")
        await receive(bob, "ack")

    alice = await connect(board, people["alice"], "?last_seq=1")
    missed = [await receive(alice, "event") for _n in range(3)]
    assert [m["seq"] for m in missed] == [2, 3, 4]
    assert [m["data"]["card"]["text"] for m in missed] == ["Medan 0", "Medan 1", "Medan 2"]
    assert (await receive(alice, "replayed"))["seq"] == 4
    await op(bob, "card.add", section=section_id, text="Efter")
    assert (await receive(alice, "event"))["seq"] == 5
    await alice.disconnect()
    await bob.disconnect()


async def test_a_client_without_a_position_gets_a_snapshot(board, section_id, people):
    alice = await connect(board, people["alice"], "?last_seq=0")
    await op(alice, "card.add", section=section_id, text="Synlig")
    await receive(alice, "ack")
    bob = await connect(board, people["bob"])
    await bob.send_json_to({"type": "resume"})
    snapshot = await receive(bob, "snapshot")
    assert snapshot["seq"] == 1
    assert [c["text"] for c in snapshot["cards"]] == ["Synlig"]
    assert [s["title"] for s in snapshot["sections"]] == ["Utmaningar", "Samhällsmål", "Idéer"]
    for position in ("?last_seq=99", "?last_seq=-5", "?last_seq=abc"):
        late = await connect(board, people["bob"], position)
        assert (await receive(late, "snapshot"))["seq"] == 1
        await late.disconnect()
    await alice.disconnect()
    await bob.disconnect()


async def test_silent_writing_never_leaks_through_the_socket(board, section_id, people):
    host = await connect(board, people["host"], "?last_seq=0")
    bob = await connect(board, people["bob"], "?last_seq=0")
    await op(host, "board.phase", phase="silent")
    await receive(bob, "event")
    alice = await connect(board, people["alice"], "?last_seq=1")
    await receive(alice, "replayed")

    await op(alice, "card.add", section=section_id, text="Hemlig tanke")
    mine = await receive(alice, "event")
    theirs = await receive(bob, "event")
    assert mine["data"]["card"]["text"] == "Hemlig tanke"
    assert "Hemlig tanke" not in json.dumps(theirs)
    assert theirs["data"]["card"]["hidden"] is True

    late = await connect(board, people["bob"], "?last_seq=0")  # replay is redacted too
    replayed = [await receive(late, "event") for _n in range(2)]
    assert "Hemlig tanke" not in json.dumps(replayed)
    await late.send_json_to({"type": "resume"})
    assert "Hemlig tanke" not in json.dumps(await receive(late, "snapshot"))

    await op(host, "board.phase", phase="open")
    reveal = await receive(bob, "event")
    assert [c["text"] for c in reveal["data"]["revealed"]] == ["Hemlig tanke"]
    for comm in (host, bob, alice, late):
        await comm.disconnect()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{not json", "bad_json"),
        ("[1, 2]", "bad_message"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": "op", "op": "card.add", "data": {"text": "x"}}', "invalid"),
        ('{"type": "op", "op": "card.fly", "data": {}}', "invalid"),
        ('{"type": "op", "data": {}}', "invalid"),
        ('{"type": "op", "op": "card.add", "op_id": 7, "data": {}}', "invalid"),
        ('{"type": "op", "op": "board.lock", "data": {"locked": true}}', "forbidden"),
        ('{"type": "op", "op": "card.edit", "data": {"card": 424242, "text": "x"}}', "not_found"),
        ('{"type": "op", "op": "vote.add", "data": {"card": 1}}', "wrong_phase"),
    ],
)
async def test_bad_input_gets_an_error_only_to_the_sender_and_changes_nothing(
    board, people, raw, code
):
    alice = await connect(board, people["alice"], "?last_seq=0")
    bob = await connect(board, people["bob"], "?last_seq=0")
    await receive(alice, "replayed")
    await receive(bob, "replayed")
    await alice.send_to(text_data=raw)
    error = await receive(alice, "error")
    assert error["code"] == code
    assert error["message"]
    assert await quiet(bob)
    assert await sync_to_async(StreamEvent.objects.count)() == 0
    await alice.disconnect()
    await bob.disconnect()


async def test_oversized_frames_count_against_the_flood_limit(board, people, monkeypatch):
    monkeypatch.setattr(base, "RATE_BURST", 3.0)
    monkeypatch.setattr(base, "RATE_PER_SECOND", 0.001)
    monkeypatch.setattr(base, "MAX_STRIKES", 2)
    alice = await connect(board, people["alice"], "?last_seq=0")
    for _n in range(6):
        await alice.send_to(text_data="x" * 20000)
    codes = [(await receive(alice, "error"))["code"] for _n in range(5)]
    assert codes == ["too_large"] * 3 + ["rate_limited"] * 2
    closed = await alice.receive_output(timeout=2)
    while closed["type"] != "websocket.close":
        closed = await alice.receive_output(timeout=2)
    assert closed["code"] == base.CLOSE_FLOOD


@override_settings(REALTIME_MAX_MESSAGE_BYTES=100)
async def test_the_message_limit_is_the_setting(board, people):
    alice = await connect(board, people["alice"], "?last_seq=0")
    await alice.send_to(text_data=json.dumps({"type": "ping", "pad": "å" * 45}))  # 101 bytes
    error = await receive(alice, "error")
    assert error["code"] == "too_large" and "100" in error["message"]
    await alice.send_to(text_data=json.dumps({"type": "ping", "pad": "a" * 70}))
    await receive(alice, "pong")
    await alice.disconnect()


async def test_oversized_and_over_limit_text(board, section_id, people):
    alice = await connect(board, people["alice"], "?last_seq=0")
    await alice.send_to(
        text_data=json.dumps({"type": "op", "op": "card.add", "data": {"text": "x" * 20000}})
    )
    assert (await receive(alice, "error"))["code"] == "too_large"
    await op(alice, "card.add", section=section_id, text="x" * 501)
    error = await receive(alice, "error")
    assert error["code"] == "invalid" and "text" in error["fields"]
    await alice.disconnect()


async def test_locked_and_closed_boards(board, section_id, people):
    host = await connect(board, people["host"], "?last_seq=0")
    alice = await connect(board, people["alice"], "?last_seq=0")
    await op(host, "board.lock", locked=True)
    await receive(host, "ack")
    await op(alice, "card.add", section=section_id, text="x")
    assert (await receive(alice, "error"))["code"] == "locked"
    await op(host, "board.phase", phase="closed")
    await receive(host, "ack")
    await op(alice, "card.add", section=section_id, text="x")
    assert (await receive(alice, "error"))["code"] == "closed"
    await host.disconnect()
    await alice.disconnect()


async def test_a_flood_is_refused_then_closed(board, section_id, people, monkeypatch):
    monkeypatch.setattr(base, "RATE_BURST", 3.0)
    monkeypatch.setattr(base, "RATE_PER_SECOND", 0.001)
    monkeypatch.setattr(base, "MAX_STRIKES", 5)
    alice = await connect(board, people["alice"], "?last_seq=0")
    for _n in range(3):
        await alice.send_json_to({"type": "ping"})
        await receive(alice, "pong")
    codes = []
    for _n in range(6):
        await alice.send_json_to({"type": "ping"})
    for _n in range(5):
        codes.append((await receive(alice, "error"))["code"])
    assert codes == ["rate_limited"] * 5
    closed = await alice.receive_output(timeout=2)
    while closed["type"] != "websocket.close":
        closed = await alice.receive_output(timeout=2)
    assert closed["code"] == base.CLOSE_FLOOD


async def test_presence_follows_joins_and_leaves(board, people):
    alice = await connect(board, people["alice"])  # live only: presence is the first message
    names = [p["name"] for p in (await alice.receive_json_from(timeout=2))["participants"]]
    assert names == ["Alice"]
    bob = await connect(board, people["bob"])
    while True:
        message = await alice.receive_json_from(timeout=2)
        if message["type"] == "presence" and len(message["participants"]) == 2:
            break
    assert sorted(p["name"] for p in message["participants"]) == ["Alice", "Bob"]
    await bob.disconnect()
    while True:
        message = await alice.receive_json_from(timeout=2)
        if message["type"] == "presence":
            break
    assert [p["name"] for p in message["participants"]] == ["Alice"]
    await alice.disconnect()


async def closed_with(comm: WebsocketCommunicator) -> int:
    """The close code of a socket refused after its handshake (accepted, then closed)."""
    connected, code = await comm.connect()
    assert connected, code
    message = await comm.receive_output(timeout=2)
    assert message["type"] == "websocket.close", message
    return message["code"]


def guest_session(board, guest) -> str:
    session = SessionStore()
    session[GUEST_SESSION_KEY] = {str(board.pk): guest.pk}
    session.save()
    return session.session_key


async def test_refusals_are_closes_with_the_documented_codes(board, facilitator):
    """Anonymous, a bad session, an unknown board, a guest on another board: each is
    accepted and closed with its code, so a client can tell them apart."""
    anonymous = WebsocketCommunicator(application, f"/ws/boards/{board.pk}/", headers=[ORIGIN])
    anonymous.scope["user"] = AnonymousUser()
    assert await closed_with(anonymous) == base.CLOSE_UNAUTHORISED

    bad_session = WebsocketCommunicator(
        application,
        f"/ws/boards/{board.pk}/",
        headers=[ORIGIN, (b"cookie", b"sessionid=not-a-session-at-all")],
    )
    assert await closed_with(bad_session) == base.CLOSE_UNAUTHORISED

    user = await sync_to_async(UserFactory)()
    missing = WebsocketCommunicator(application, "/ws/boards/999999/", headers=[ORIGIN])
    missing.scope["user"] = user
    assert await closed_with(missing) == base.CLOSE_NOT_FOUND

    other = await sync_to_async(services.board_create)(
        actor=facilitator, title="En annan tavla", template="forum"
    )
    guest = await sync_to_async(services.guest_join)(join_code=other.join_code, name="Gäst")
    key = await sync_to_async(guest_session)(other, guest)
    elsewhere = WebsocketCommunicator(
        application,
        f"/ws/boards/{board.pk}/",
        headers=[ORIGIN, (b"cookie", f"sessionid={key}".encode())],
    )
    assert await closed_with(elsewhere) == base.CLOSE_UNAUTHORISED


async def test_foreign_origins_are_refused_at_the_handshake(board):
    user = await sync_to_async(UserFactory)()
    foreign = WebsocketCommunicator(
        application, f"/ws/boards/{board.pk}/", headers=[(b"origin", b"https://evil.example")]
    )
    foreign.scope["user"] = user
    connected, _code = await foreign.connect()
    assert not connected


@override_settings(REALTIME_MAX_SOCKETS_PER_PERSON=3, REALTIME_MAX_SOCKETS_PER_ADDRESS=5)
async def test_sockets_are_capped_per_person_and_per_address(board, people):
    alice = [await connect(board, people["alice"]) for _n in range(3)]
    extra = WebsocketCommunicator(application, f"/ws/boards/{board.pk}/", headers=[ORIGIN])
    extra.scope["user"] = people["alice"]
    assert await closed_with(extra) == base.CLOSE_FLOOD

    # Others on the same address (the communicator gives none: "unknown") share its cap of 5.
    bob = [await connect(board, people["bob"]) for _n in range(2)]
    host = WebsocketCommunicator(application, f"/ws/boards/{board.pk}/", headers=[ORIGIN])
    host.scope["user"] = people["host"]
    assert await closed_with(host) == base.CLOSE_FLOOD
    # From another address the host gets in.
    elsewhere = WebsocketCommunicator(application, f"/ws/boards/{board.pk}/", headers=[ORIGIN])
    elsewhere.scope.update(user=people["host"], client=("192.0.2.7", 50000))
    connected, _code = await elsewhere.connect()
    assert connected

    # A socket that goes frees its place.
    await alice[0].disconnect()
    again = await connect(board, people["alice"])
    for comm in [*alice[1:], *bob, elsewhere, again]:
        await comm.disconnect()
    assert not [key for key in base._open_sockets if key[0] == f"board.{board.pk}"]


async def test_a_guest_with_a_pass_in_their_session_takes_part(board, section_id):
    guest = await sync_to_async(services.guest_join)(join_code=board.join_code, name="Gäst")
    key = await sync_to_async(guest_session)(board, guest)
    comm = WebsocketCommunicator(
        application,
        f"/ws/boards/{board.pk}/?last_seq=0",
        headers=[ORIGIN, (b"cookie", f"sessionid={key}".encode())],
    )
    connected, _code = await comm.connect()
    assert connected
    await op(comm, "card.add", section=section_id, text="Från en gäst")
    assert (await receive(comm, "event"))["data"]["card"]["author_name"] == "Gäst"
    await comm.disconnect()


@override_settings(ALLOWED_HOSTS=["127.0.0.1"])
async def test_rest_and_socket_share_one_log(board, section_id, people):
    """A write through the service from elsewhere (REST, admin) reaches socket clients."""
    alice = await connect(board, people["alice"], "?last_seq=0")
    participant = await sync_to_async(services.participant_for_user)(
        board=board, user=people["bob"]
    )
    await sync_to_async(services.board_apply)(
        participant=participant, op="card.add", data={"section": section_id, "text": "Via REST"}
    )
    event = await receive(alice, "event")
    assert event["data"]["card"]["text"] == "Via REST"
    await alice.disconnect()


async def test_control_characters_in_card_text_are_refused(board, section_id, people):
    alice = await connect(board, people["alice"], "?last_seq=0")
    await alice.send_to(
        text_data=json.dumps(
            {"type": "op", "op": "card.add", "data": {"section": section_id, "text": "a\u0000b"}}
        )
    )
    error = await receive(alice, "error")
    assert error["code"] == "invalid" and "text" in error["fields"]
    await op(alice, "cluster.create", section=section_id, heading="Rubrik\u001b", cards=[])
    error = await receive(alice, "error")
    assert error["code"] == "invalid" and "heading" in error["fields"]
    await op(alice, "card.add", op_id="id\u0000", section=section_id, text="Fin")
    error = await receive(alice, "error")
    assert error["code"] == "invalid" and "op_id" in error["fields"]
    assert not await sync_to_async(Card.objects.exists)()
    await alice.disconnect()
