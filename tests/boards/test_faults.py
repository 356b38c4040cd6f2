"""Faults: a Redis restart, a killed server, a connect burst, a graceful shutdown.

Real Daphne processes on PostgreSQL and Redis (tests/boards/procs.py). The guarantee under
test: the sequence log in the database, not Redis or any one process, decides what a
client gets, so after any of these faults every client ends with every operation exactly
once, in order, and with the same board as everyone else.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async
from django.db import connection

from realtime.consumers import CLOSE_SHUTDOWN
from realtime.models import Stream, StreamEvent
from tests.boards import procs
from tests.conftest import needs_postgres, needs_redis

pytestmark = [
    needs_postgres(),
    needs_redis(),
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),  # the servers must see the test's rows
]

CLIENTS = 20
OPS_PER_CLIENT = 15  # 300 operations on the board
OP_INTERVAL = 0.4  # seconds between one client's operations: ~50 ops/s on the board


def scratch_redis() -> str:
    return procs.scratch_redis_url(os.environ["REDIS_URL"], 1 + (os.getpid() + 4) % 9)


def start_servers(redis_url: str, count: int = 2, pool: int = 10) -> list[procs.Server]:
    env = procs.server_env(
        database_url=procs.database_url(connection.settings_dict),
        redis_url=redis_url,
        extra={"REDIS_POOL_SIZE": str(pool)},
    )
    return procs.start_all([procs.Server(procs.free_port(), env) for _n in range(count)])


@pytest.fixture
def cleanup() -> Iterator[list[Callable[[], None]]]:
    """Things to stop after the test, whatever happened."""
    stops: list[Callable[[], None]] = []
    yield stops
    for stop in reversed(stops):
        stop()


@dataclass
class Workload:
    """CLIENTS participants split over the servers, each doing OPS_PER_CLIENT operations.

    A client that loses its connection (close code 1012 on shutdown, or none when a server
    is killed) reconnects to a live server, resumes from the last seq it saw and resends
    the operations that were not acknowledged, under the same op ids.
    """

    setup: procs.BoardSetup
    servers: list[procs.Server]
    clients: list[procs.BoardClient]
    reconnects: int = 0

    @classmethod
    def create(cls, setup: procs.BoardSetup, servers: list[procs.Server]) -> Workload:
        clients = [
            procs.BoardClient(f"p{n:02d}", key, setup.board_id)
            for n, key in enumerate(setup.sessions)
        ]
        return cls(setup, servers, clients)

    def home(self, n: int) -> procs.Server:
        return self.servers[n % len(self.servers)]

    async def ensure_connected(self, n: int) -> None:
        client = self.clients[n]
        if client.connected:
            return
        for attempt in range(50):
            live = [s for s in self.servers if s.alive()]
            server = live[(n + attempt) % len(live)]
            try:
                await client.connect(server, timeout=10)
            except Exception:  # refused, reset, or closed with 1012 at once
                await asyncio.sleep(0.2)
                continue
            if attempt or client.close_codes:
                self.reconnects += 1
            return
        raise AssertionError(f"{client.name} could not reconnect")

    async def connect_all(self) -> None:
        await asyncio.gather(*(self.ensure_connected(n) for n in range(len(self.clients))))

    async def participant(self, n: int, ops: int) -> None:
        client = self.clients[n]
        section = self.setup.sections[n % len(self.setup.sections)]
        mine: list[int] = []  # ids of this client's cards, learnt from the events
        await asyncio.sleep(OP_INTERVAL * n / len(self.clients))  # spread the starts
        for i in range(ops):
            await self.ensure_connected(n)
            for ack in list(client.acks.values()):
                event = client.events.get(ack["seq"])
                if event and event["event"] == "card.added":
                    card = event["data"]["card"]["id"]
                    if card not in mine:
                        mine.append(card)
            if i % 3 == 0 or not mine:
                await client.op("card.add", section=section, text=f"{client.name} lapp {i}")
            elif i % 3 == 1:
                await client.op("card.edit", card=mine[i % len(mine)], text=f"{client.name} {i}")
            else:
                target = self.setup.sections[i % len(self.setup.sections)]
                await client.op("card.move", card=mine[i % len(mine)], section=target, position=0)
            await asyncio.sleep(OP_INTERVAL)

    async def run(self, fault: Callable[[], Awaitable[None]], fault_after: float) -> None:
        async def inject() -> None:
            await asyncio.sleep(fault_after)
            await fault()

        await asyncio.gather(
            inject(),
            *(self.participant(n, OPS_PER_CLIENT) for n in range(len(self.clients))),
        )

    async def settle(self, timeout: float = 25) -> int:
        """Wait until every op is acknowledged and every client has the whole log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for n in range(len(self.clients)):
                await self.ensure_connected(n)
            head = await database_sync_to_async(_log_head)(f"board.{self.setup.board_id}")
            if all(not c.pending and c.last_seq >= head for c in self.clients):
                return head
            await asyncio.sleep(0.2)
        stuck = {c.name: (c.last_seq, len(c.pending)) for c in self.clients}
        raise AssertionError(f"not settled: {stuck}\n" + "\n".join(s.tail() for s in self.servers))

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.clients))


def _log_head(key: str) -> int:
    return Stream.objects.filter(key=key).values_list("last_seq", flat=True).first() or 0


def _op_ids(key: str) -> list[str]:
    return list(StreamEvent.objects.filter(stream__key=key).values_list("op_id", flat=True))


async def assert_everyone_has_everything_once(work: Workload, head: int) -> None:
    sent = {op_id for c in work.clients for op_id in c.acks}
    applied = await database_sync_to_async(_op_ids)(f"board.{work.setup.board_id}")
    # Every operation was applied exactly once, whatever was retried.
    assert len(applied) == len(set(applied)) == head
    assert set(applied) == sent
    assert len(sent) == CLIENTS * OPS_PER_CLIENT
    reference = sorted(work.clients[0].events.items())
    for client in work.clients:
        assert client.errors == [], client.errors
        assert client.anomalies == [], client.anomalies  # no repeat, no gap, no reordering
        assert sorted(client.events) == list(range(1, head + 1))
        # The same board everywhere: the same events, with the same numbers.
        assert sorted(client.events.items()) == reference


@pytest.mark.skipif(not procs.RedisServer.available(), reason="needs the redis-server binary")
async def test_a_redis_restart_loses_no_operation(cleanup):
    redis = procs.RedisServer().start()
    cleanup.append(redis.kill)
    setup = await database_sync_to_async(procs.board_with_people)(CLIENTS)
    servers = await database_sync_to_async(start_servers)(redis.url)
    cleanup.extend(s.close for s in servers)
    work = Workload.create(setup, servers)

    async def restart_redis() -> None:
        # kill -9: no goodbye to subscribers; then down for a second, mid-run.
        await asyncio.to_thread(redis.restart, 1.0)

    async with asyncio.timeout(50):
        await work.connect_all()
        await work.run(restart_redis, fault_after=OPS_PER_CLIENT * OP_INTERVAL / 2)
        head = await work.settle()
    await assert_everyone_has_everything_once(work, head)
    await work.close()


async def test_killing_a_server_loses_no_operation(cleanup):
    setup = await database_sync_to_async(procs.board_with_people)(CLIENTS)
    servers = await database_sync_to_async(start_servers)(scratch_redis())
    cleanup.extend(s.close for s in servers)
    work = Workload.create(setup, servers)

    async def kill_one() -> None:
        await asyncio.to_thread(servers[0].kill)  # SIGKILL: no close frames, no cleanup

    async with asyncio.timeout(50):
        await work.connect_all()
        await work.run(kill_one, fault_after=OPS_PER_CLIENT * OP_INTERVAL / 2)
        head = await work.settle()
    await assert_everyone_has_everything_once(work, head)
    # Half of the clients were on the killed server and had to move.
    assert work.reconnects >= CLIENTS // 2
    await work.close()


async def test_a_graceful_shutdown_closes_with_the_restart_code_and_loses_nothing(cleanup):
    setup = await database_sync_to_async(procs.board_with_people)(CLIENTS)
    servers = await database_sync_to_async(start_servers)(scratch_redis())
    cleanup.extend(s.close for s in servers)
    work = Workload.create(setup, servers)
    stopping = servers[0]
    on_stopping: list[procs.BoardClient] = []

    async def sigterm() -> None:
        on_stopping.extend(c for c in work.clients if c.connected and c.server is stopping)
        stopping.signal(signal.SIGTERM)
        assert await asyncio.to_thread(stopping.wait, 15) == 0, stopping.tail()

    async with asyncio.timeout(50):
        await work.connect_all()
        await work.run(sigterm, fault_after=OPS_PER_CLIENT * OP_INTERVAL / 2)
        head = await work.settle()
    assert len(on_stopping) >= CLIENTS // 2 - 1
    for client in on_stopping:
        assert CLOSE_SHUTDOWN in client.close_codes, (client.name, client.close_codes)
    await assert_everyone_has_everything_once(work, head)
    await work.close()


async def test_a_burst_of_300_connects_all_succeed(cleanup):
    count = 300
    setup = await database_sync_to_async(procs.board_with_people)(count)
    # A small, explicit pool: connects wait for a Redis connection instead of failing.
    (server,) = await database_sync_to_async(start_servers)(scratch_redis(), count=1, pool=8)
    cleanup.append(server.close)
    clients = [
        procs.BoardClient(f"b{n:03d}", key, setup.board_id) for n, key in enumerate(setup.sessions)
    ]
    async with asyncio.timeout(55):
        started = time.monotonic()
        results = await asyncio.gather(
            *(c.connect(server, timeout=40) for c in clients), return_exceptions=True
        )
        failures = [r for r in results if isinstance(r, BaseException)]
        assert failures == [], (len(failures), failures[:3], server.tail(400))
        connect_seconds = time.monotonic() - started
        # Every one of them is live: one operation reaches all 300.
        await clients[0].op("card.add", section=setup.sections[0], text="Alla med?")
        for client in clients:
            assert await client.wait_for(lambda c=client: c.last_seq >= 1, 15), client.name
        assert all(c.connected for c in clients)
        await asyncio.gather(*(c.close() for c in clients))
    print(f"300 connects in {connect_seconds:.1f} s")  # shown with -s
