"""The board socket through a real server process: Daphne, or uvicorn with HUB_TEST_SERVER.

In-process tests talk to the application directly; these go through the server's own
WebSocket stack, where the fan-out writes (straight to Daphne's sockets unless
REALTIME_FAST_WRITE=0) and where a restart closes every socket. .ci/run runs them under
Daphne, with the fast path off, and under uvicorn.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Iterator

import pytest
from django.db import connection

from realtime import daphne_fastpath
from realtime.consumers import CLOSE_SHUTDOWN
from tests.boards import procs

pytestmark = pytest.mark.django_db(transaction=True)  # the server must see the test's rows

PEOPLE = 8
FAST_PATH_ON = "fan-out frames go straight to Daphne's sockets"


@pytest.fixture
def setup() -> procs.BoardSetup:
    return procs.board_with_people(PEOPLE)


@pytest.fixture
def server(setup) -> Iterator[procs.Server]:
    env = procs.server_env(
        database_url=procs.database_url(connection.settings_dict),
        extra={"LOG_LEVEL": "INFO"},  # one process, no Redis: everything local
    )
    started = procs.Server(procs.free_port(), env).start()
    yield started
    started.close(graceful=True)


def clients(setup: procs.BoardSetup) -> list[procs.BoardClient]:
    return [procs.BoardClient(f"c{n}", key, setup.board_id) for n, key in enumerate(setup.sessions)]


async def test_clients_dropping_at_once_cost_the_others_nothing(setup, server):
    people = clients(setup)
    writer, *others = people
    section = setup.sections[0]
    async with asyncio.timeout(60):
        for client in people:
            await client.connect(server)
        for n in range(10):
            await writer.op("card.add", section=section, text=f"Lapp {n}")
        for client in people:
            assert await client.wait_for(lambda c=client: c.last_seq >= 10, 10), client.name

        # Half the audience goes away at once while a burst of events is on its way to
        # everyone: some close (a socket in its closing handshake refuses frames: autobahn's
        # "Disconnected"), one just drops the connection. (The exact race is timing-bound;
        # test_fanout_isolation.py forces it.)
        leaving, staying = others[: PEOPLE // 2], [writer, *others[PEOPLE // 2 :]]
        for n in range(20):
            await writer.op("card.add", section=section, text=f"Skur {n}")
            if n == 3:
                closing = [asyncio.create_task(c.ws.close()) for c in leaving[1:]]
                leaving[0].ws.transport.abort()
        await asyncio.gather(*closing)
        for client in staying:
            assert await client.wait_for(lambda c=client: c.last_seq >= 30, 10), (
                client.name,
                client.last_seq,
                server.tail(),
            )
        # One of them comes back and resumes from where it was.
        returning = leaving[0]
        await returning.reader  # type: ignore[misc]
        await returning.connect(server)
        assert await returning.wait_for(lambda: returning.last_seq >= 30, 10)

    for client in [*staying, returning]:
        assert client.anomalies == [], client.anomalies
        assert sorted(client.events) == list(range(1, 31))
        assert client.errors == []
    log = server.tail(400)
    assert "fan-out of" not in log and "Traceback" not in log, log
    for client in people:
        await client.close()


async def test_the_fast_path_is_on_exactly_under_daphne_unless_turned_off(setup, server):
    client = clients(setup)[0]
    async with asyncio.timeout(30):
        await client.connect(server)
        await client.op("card.add", section=setup.sections[0], text="Lapp")
        assert await client.wait_for(lambda: client.last_seq >= 1, 10)
        await client.close()
    on = server.kind == "daphne" and daphne_fastpath.FAST_WRITE
    assert (FAST_PATH_ON in server.tail(400)) == on, server.tail()
    assert "take Daphne's own (slower) path" not in server.tail(400)


async def test_a_restart_closes_every_socket_with_service_restart(setup, server):
    people = clients(setup)[:3]
    async with asyncio.timeout(40):
        for client in people:
            await client.connect(server)
        await people[0].op("card.add", section=setup.sections[0], text="Lapp")
        for client in people:
            assert await client.wait_for(lambda c=client: c.last_seq >= 1, 10)
        server.signal(signal.SIGTERM)
        for client in people:
            await client.reader  # type: ignore[misc]
    assert [client.close_codes for client in people] == [[CLOSE_SHUTDOWN]] * 3, server.tail()
    assert server.wait(15) is not None


def test_the_server_kind_comes_from_the_environment():
    assert procs.Server(1, {}).kind == os.environ.get("HUB_TEST_SERVER", "daphne")


async def test_refusals_and_oversized_frames_get_their_codes_through_the_server(setup, server):
    """Through the server's own WebSocket stack: a refusal is a close with its code (not an
    HTTP 403), a frame over the message limit is `too_large`, one over the server's hard
    limit is closed with 1009 (not cut off: 1006)."""
    from django.conf import settings
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    path = f"/ws/boards/{setup.board_id}/"
    async with asyncio.timeout(30):
        async with connect(server.url(path), origin=server.origin) as anonymous:
            with pytest.raises(ConnectionClosed) as refused:
                await anonymous.recv()
        assert refused.value.rcvd is not None and refused.value.rcvd.code == 4401

        cookie = {"Cookie": f"sessionid={setup.sessions[0]}"}
        url = server.url(path + "?last_seq=0")
        async with connect(url, origin=server.origin, additional_headers=cookie) as ws:
            await ws.send("x" * (settings.REALTIME_MAX_MESSAGE_BYTES + 1))
            while (message := json.loads(await ws.recv()))["type"] != "error":
                pass
            assert message["code"] == "too_large"
            # uvicorn's hard limit is its --ws-max-size (procs.Server.command).
            hard = 65536 if server.kind == "uvicorn" else settings.REALTIME_MAX_FRAME_BYTES
            await ws.send("x" * (hard + 1))
            await ws.wait_closed()
        assert ws.close_code == 1009
