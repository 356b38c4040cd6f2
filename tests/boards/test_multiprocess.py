"""Scale-out: two Daphne processes on one PostgreSQL and one Redis serve one board.

Real server processes (tests/boards/procs.py), real sockets, real Django sessions: a client
on one process sees what a client on the other does, in order, and the other way round.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

import pytest
from django.db import connection

from tests.boards import procs
from tests.conftest import needs_postgres, needs_redis

pytestmark = [
    needs_postgres(),
    needs_redis(),
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),  # the servers must see the test's rows
]


@pytest.fixture
def setup() -> procs.BoardSetup:
    return procs.board_with_people(4)


@pytest.fixture
def servers(setup) -> Iterator[list[procs.Server]]:
    # A scratch database number: its pub/sub channels are its own (see fanout.channel_prefix)
    redis_url = procs.scratch_redis_url(os.environ["REDIS_URL"], 1 + os.getpid() % 9)
    env = procs.server_env(
        database_url=procs.database_url(connection.settings_dict),
        redis_url=redis_url,
        extra={"REDIS_POOL_SIZE": "10"},
    )
    started = procs.start_all([procs.Server(procs.free_port(), env) for _n in range(2)])
    yield started
    for server in started:
        server.close(graceful=True)


def texts_by(client: procs.BoardClient, prefix: str) -> list[str]:
    return [
        e["data"]["card"]["text"]
        for _seq, e in sorted(client.events.items())
        if e["event"] == "card.added" and e["data"]["card"]["text"].startswith(prefix)
    ]


async def test_each_process_sees_the_others_operations_in_order(setup, servers):
    a, b = servers
    clients = [
        procs.BoardClient(f"c{n}", key, setup.board_id) for n, key in enumerate(setup.sessions)
    ]
    on_a, on_b = clients[:2], clients[2:]
    async with asyncio.timeout(45):
        for client in on_a:
            await client.connect(a)
        for client in on_b:
            await client.connect(b)

        # Interleaved writers on both processes, then a burst from each side.
        section = setup.sections[0]
        for n in range(10):
            await on_a[0].op("card.add", section=section, text=f"A{n:02d}")
            await on_b[0].op("card.add", section=section, text=f"B{n:02d}")
        await asyncio.gather(
            *(on_a[1].op("card.add", section=section, text=f"A-burst{n:02d}") for n in range(10)),
            *(on_b[1].op("card.add", section=section, text=f"B-burst{n:02d}") for n in range(10)),
        )
        total = 40
        for client in clients:
            assert await client.wait_for(lambda c=client: c.last_seq >= total, 20), (
                client.name,
                client.last_seq,
                a.tail(),
                b.tail(),
            )
        # Acks name the numbers the events carried.
        for client in clients:
            assert await client.wait_for(lambda c=client: not c.pending, 10), client.pending

    for client in clients:
        assert client.anomalies == [], client.anomalies  # seq went up by exactly one each time
        assert sorted(client.events) == list(range(1, total + 1))
        assert client.errors == []
        # What one writer did arrives in the order it was done, on either process.
        assert texts_by(client, "A0") == [f"A{n:02d}" for n in range(10)]
        assert texts_by(client, "B0") == [f"B{n:02d}" for n in range(10)]
        assert len(texts_by(client, "B-burst")) == len(texts_by(client, "A-burst")) == 10
    # Everyone saw the same events with the same numbers.
    reference = clients[0].events
    for client in clients[1:]:
        assert [(s, e["event"], e["data"]) for s, e in sorted(client.events.items())] == [
            (s, e["event"], e["data"]) for s, e in sorted(reference.items())
        ]
    seq_of = {ack["op_id"]: ack["seq"] for c in clients for ack in c.acks.values()}
    assert sorted(seq_of.values()) == list(range(1, total + 1))
    for client in clients:
        await client.close()
