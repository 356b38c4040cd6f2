"""Simulated board participants in worker processes, and the statistics of a phase
(bench/board_load.py)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import random
import resource
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from load_stack import Stack

P99_LIMIT = 0.100  # seconds
MAX_COMMANDS = 1000


# --- Simulated participants (worker processes) ---------------------------------------------


@dataclass
class Participant:
    idx: int
    url: str
    origin: str
    session: str | None
    ws: Any = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    cards: list[int] = field(default_factory=list)
    ops: int = 0


class Worker:
    """One client process: a slice of the participants, their sockets and their records."""

    def __init__(self, conn: Connection, number: int, mode: str, spec: dict[str, Any]) -> None:
        self.conn = conn
        self.mix: str = spec["mix"]
        self.number = number
        self.mode = mode  # "hub" or "relay"
        self.sections: list[int] = spec["sections"]
        self.participants = [Participant(**p) for p in spec["participants"]]
        self.sends: list[tuple[str, float, int]] = []
        self.acks: dict[str, int] = {}
        self.recv: list[tuple[Any, int, float]] = []
        self.errors: list[dict[str, Any]] = []
        self.added: dict[int, int] = {}  # seq of a card.added event → card id
        self.waiting: dict[int, Participant] = {}  # seq of an own add whose event is due
        self.my_adds: dict[str, Participant] = {}
        self.rng = random.Random(number)
        self.readers: set[asyncio.Task[None]] = set()

    async def main(self) -> None:
        loop = asyncio.get_running_loop()
        for _n in range(MAX_COMMANDS):
            command = await loop.run_in_executor(None, self.conn.recv)
            if command["cmd"] == "connect":
                self.conn.send(await self.connect_all())
            elif command["cmd"] == "run":
                self.conn.send(await self.run(command))
            else:
                for p in self.participants:
                    with contextlib.suppress(Exception):
                        await p.ws.close()
                self.conn.send({"closed": True})
                return

    async def connect_all(self) -> dict[str, Any]:
        from websockets.asyncio.client import connect

        limit = asyncio.Semaphore(20)  # a steady trickle, not a measured burst

        async def one(p: Participant) -> None:
            headers = {"Cookie": f"sessionid={p.session}"} if p.session else {}
            async with limit:
                p.ws = await connect(
                    p.url,
                    origin=p.origin,  # type: ignore[arg-type]
                    additional_headers=headers,
                    open_timeout=60,
                    ping_interval=None,
                    max_size=2**24,
                    compression=None,  # no permessage-deflate anywhere: the same work for all
                )
                self.readers.add(asyncio.get_running_loop().create_task(self.read(p)))
                if self.mode == "relay":
                    p.ready.set()
                await asyncio.wait_for(p.ready.wait(), 60)

        started = time.perf_counter()
        await asyncio.gather(*(one(p) for p in self.participants))
        return {"connected": len(self.participants), "seconds": time.perf_counter() - started}

    async def read(self, p: Participant) -> None:
        from websockets.exceptions import ConnectionClosed

        loads, clock, recv = json.loads, time.perf_counter, self.recv
        with contextlib.suppress(ConnectionClosed):
            async for raw in p.ws:
                at = clock()
                message = loads(raw)
                kind = message.get("type")
                if kind == "event":
                    seq = message["seq"]
                    recv.append((seq, p.idx, at))
                    if message["event"] == "card.added" and seq not in self.added:
                        self.added[seq] = message["data"]["card"]["id"]
                        owner = self.waiting.pop(seq, None)
                        if owner is not None:
                            owner.cards.append(self.added[seq])
                elif kind == "op":  # the relay echoes operations as they are
                    recv.append((message["op_id"], p.idx, at))
                elif kind == "ack":
                    self.acks[message["op_id"]] = message["seq"]
                    owner = self.my_adds.pop(message["op_id"], None)
                    if owner is not None:
                        if message["seq"] in self.added:
                            owner.cards.append(self.added[message["seq"]])
                        else:
                            self.waiting[message["seq"]] = owner
                elif kind == "error":
                    self.errors.append(message)
                elif kind in ("replayed", "snapshot"):
                    p.ready.set()

    def make_op(self, p: Participant, op_id: str) -> str:
        """A realistic mix: add (up to two cards each), then move and edit them (or, with
        --mix add-edit, only edit them)."""
        p.ops += 1
        section = self.rng.choice(self.sections)
        if not p.cards or (p.ops % 3 == 0 and len(p.cards) < 2):
            op, data = "card.add", {"section": section, "text": f"Idé {op_id} från {p.idx}"}
            self.my_adds[op_id] = p
        elif p.ops % 2 or self.mix == "add-edit":
            op, data = "card.edit", {"card": self.rng.choice(p.cards), "text": f"Ändrad {op_id}"}
        else:
            position = self.rng.randrange(6)
            op, data = "card.move", {"card": p.cards[0], "section": section, "position": position}
        return json.dumps({"type": "op", "op": op, "op_id": op_id, "data": data})

    async def run(self, command: dict[str, Any]) -> dict[str, Any]:
        from websockets.exceptions import ConnectionClosed

        for record in (self.sends, self.acks, self.recv, self.errors):
            record.clear()  # in place: the readers hold on to these
        rate, count, start = command["rate"], command["count"], command["start"]
        cpu_before = _own_cpu()
        lag = 0.0
        for k in range(count):
            due = start + k / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            lag = max(lag, -delay)
            p = self.participants[self.rng.randrange(len(self.participants))]
            op_id = f"{command['tag']}-{self.number}-{k}"
            frame = self.make_op(p, op_id)
            self.sends.append((op_id, time.perf_counter(), p.idx))
            with contextlib.suppress(ConnectionClosed):
                await p.ws.send(frame)
        # Drain: until every own op is acknowledged (hub) and nothing arrived for a second,
        # at most `drain` seconds. What has not arrived by then counts as lost.
        deadline = time.perf_counter() + command["drain"]
        while time.perf_counter() < deadline:
            await asyncio.sleep(0.25)
            last = self.recv[-1][2] if self.recv else 0.0
            failed = {e.get("op_id") for e in self.errors}
            acked = self.mode == "relay" or all(
                s[0] in self.acks or s[0] in failed for s in self.sends
            )
            if acked and time.perf_counter() - last >= 1.0:
                break
        return {
            "sends": self.sends,
            "acks": self.acks,
            "recv": self.recv,
            "errors": self.errors[:20],
            "error_count": len(self.errors),
            "lag": lag,
            "cpu": _own_cpu() - cpu_before,
        }


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_entry(conn: Connection, number: int, mode: str, spec: dict[str, Any]) -> None:
    asyncio.run(Worker(conn, number, mode, spec).main())


# --- Phases and statistics -----------------------------------------------------------------


@dataclass
class Result:
    config: str
    participants: int
    rate: float
    ops: int
    p50: float = 0.0
    p99: float = 0.0
    max: float = 0.0
    last_p50: float = 0.0
    last_p99: float = 0.0
    lost: int = 0
    order_errors: int = 0
    errors: int = 0
    cpu_us_per_event: float = 0.0
    server_cpu_percent: float = 0.0
    client_cpu_percent: float = 0.0
    lag: float = 0.0
    error_samples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sustained(self) -> bool:
        return self.lost == 0 and self.order_errors == 0 and self.p99 < P99_LIMIT and self.lag < 0.5


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


def analyse(
    config: str, participants: int, rate: float, replies: list[dict[str, Any]], mode: str
) -> Result:
    sends = [s for r in replies for s in r["sends"]]
    acks = {k: v for r in replies for k, v in r["acks"].items()}
    received: dict[Any, dict[int, float]] = {}
    order_errors = 0
    last_seen: dict[int, int] = {}
    for reply in replies:
        for key, receiver, at in reply["recv"]:
            received.setdefault(key, {}).setdefault(receiver, at)
            if mode == "hub":  # each participant must see seq go up by exactly one
                before = last_seen.get(receiver)
                if before is not None and key != before + 1:
                    order_errors += 1
                last_seen[receiver] = key
    pairs: list[float] = []
    lasts: list[float] = []
    lost = 0
    for op_id, sent_at, sender in sends:
        key = acks.get(op_id) if mode == "hub" else op_id
        got = received.get(key, {}) if key is not None else {}
        delays = [at - sent_at for who, at in got.items() if who != sender]
        if key is None or len(delays) < participants - 1:
            lost += 1
            continue
        pairs.extend(delays)
        lasts.append(max(delays))
    pairs.sort()
    lasts.sort()
    return Result(
        config=config,
        participants=participants,
        rate=rate,
        ops=len(sends),
        p50=percentile(pairs, 0.50),
        p99=percentile(pairs, 0.99),
        max=pairs[-1] if pairs else float("nan"),
        last_p50=percentile(lasts, 0.50),
        last_p99=percentile(lasts, 0.99),
        lost=lost,
        order_errors=order_errors,
        errors=sum(r["error_count"] for r in replies),
        lag=max(r["lag"] for r in replies),
        error_samples=[e for r in replies for e in r["errors"]][:5],
    )


class Clients:
    """The worker processes of one run, driven over pipes."""

    def __init__(self, stack: Stack, board: dict[str, Any], workers: int, mix: str) -> None:
        self.mode = "relay" if stack.config.kind == "relay" else "hub"
        ctx = multiprocessing.get_context("fork")
        self.pipes: list[Connection] = []
        self.procs: list[Any] = []
        sessions = board["sessions"]
        for number in range(workers):
            people = []
            for idx in range(number, len(sessions), workers):
                server = stack.servers[idx % len(stack.servers)]
                path = "/" if self.mode == "relay" else f"/ws/boards/{board['board']}/?last_seq=0"
                people.append(
                    {"idx": idx, "url": server.url(path), "origin": server.origin,
                     "session": sessions[idx]}
                )  # fmt: skip
            ours, theirs = ctx.Pipe()
            spec = {"sections": board["sections"], "participants": people, "mix": mix}
            proc = ctx.Process(target=worker_entry, args=(theirs, number, self.mode, spec))
            proc.start()
            self.pipes.append(ours)
            self.procs.append(proc)

    def ask(self, command: dict[str, Any], timeout: float) -> list[dict[str, Any]]:
        for pipe in self.pipes:
            pipe.send(command)
        replies = []
        for pipe in self.pipes:
            if not pipe.poll(timeout):
                raise TimeoutError(f"client worker did not answer {command['cmd']}")
            replies.append(pipe.recv())
        return replies

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ask({"cmd": "close"}, 20)
        for proc in self.procs:
            proc.join(10)
            if proc.is_alive():
                proc.kill()
