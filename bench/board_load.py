"""Load benchmark for one live idea board, with a bare WebSocket relay as the floor.

Starts the hub (Daphne, or uvicorn) on a scratch SQLite database with the in-memory layer
(one process) and on a scratch PostgreSQL database with Redis (one process, and two), creates a
board and N people with real sessions, connects N simulated participants and has them
perform card.add / card.move / card.edit:

* at a fixed total rate (default 10 operations a second), then
* on a ramp of rising rates, to find the highest rate sustained with p99 under 100 ms,
  zero loss and the schedule kept.

Latency is measured from the moment an operation is sent to the moment each *other*
participant receives its event (every pair), and per operation until the last of them has
it. Lost = an operation that was not acknowledged or did not reach every other participant.
Server CPU per delivered event = utime+stime of the server process(es) (/proc/<pid>/stat)
over the phase, divided by the events written to sockets (operations x N). The same
figures, in the same run, for bench/relay.py. Loopback only; every loop is bounded.

    .venv/bin/python bench/board_load.py                      # everything (~15 minutes)
    .venv/bin/python bench/board_load.py --configs relay daphne-sqlite --participants 50
    .venv/bin/python bench/board_load.py --profile daphne-sqlite   # py-spy while it runs

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and Redis on 127.0.0.1:6379 for
the -pg configurations; it creates database bench_<pid> and uses Redis db --redis-db
(flushed before and after), and removes both afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import platform
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.boards.procs import HOST, Server, free_port, start_all, wait_for_port  # noqa: E402

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_BASE = "redis://127.0.0.1:6379"
RAMP = [20, 40, 60, 80, 120, 160, 240, 320]
P99_LIMIT = 0.100  # seconds
MAX_COMMANDS = 1000


@dataclass(frozen=True)
class Config:
    key: str
    title: str
    kind: str  # relay | daphne | uvicorn
    store: str  # none | sqlite | postgres
    processes: int


CONFIGS = {
    c.key: c
    for c in [
        Config("relay", "bare relay (websockets, 1 process)", "relay", "none", 1),
        Config("daphne-sqlite", "Daphne, SQLite, in-memory layer", "daphne", "sqlite", 1),
        Config("uvicorn-sqlite", "uvicorn, SQLite, in-memory layer", "uvicorn", "sqlite", 1),
        Config("daphne-pg1", "1 × Daphne, PostgreSQL + Redis", "daphne", "postgres", 1),
        Config("daphne-pg", "2 × Daphne, PostgreSQL + Redis", "daphne", "postgres", 2),
        Config("uvicorn-pg", "2 × uvicorn, PostgreSQL + Redis", "uvicorn", "postgres", 2),
    ]
}


# --- Preparing a board (runs in a subprocess with the servers' settings) -------------------


def prepare_main(participants: int) -> None:
    """Migrate, create a board and `participants` people with sessions; print them as JSON."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from boards import services
    from hub.models import User

    call_command("migrate", verbosity=0, interactive=False)
    tag = secrets.token_hex(4)
    unusable = make_password(None)  # signed in through the session only
    host = User.objects.create(email=f"host-{tag}@bench.invalid", display_name="Processtöd")
    board = services.board_create(actor=host, title="Benchmark", template="forum")
    people = User.objects.bulk_create(
        User(
            email=f"p{n}-{tag}@bench.invalid", display_name=f"Deltagare {n:03d}", password=unusable
        )
        for n in range(participants)
    )
    sessions = []
    for person in people:
        session = SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.save()
        sessions.append(session.session_key)
    sections = list(board.sections.order_by("position").values_list("pk", flat=True))
    print(json.dumps({"board": board.pk, "sections": sections, "sessions": sessions}))


# --- Servers and their stores --------------------------------------------------------------


class Stack:
    """The servers of one configuration, with a scratch store, for one N."""

    def __init__(self, config: Config, args: argparse.Namespace) -> None:
        self.config = config
        self.args = args
        self.servers: list[Server] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="board-load-"))
        self.pg_db = ""
        self.env: dict[str, str] = {}

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def up(self, participants: int) -> dict[str, Any]:
        if self.config.kind == "relay":
            server = Server(free_port(), dict(os.environ), kind="relay")
            server.proc = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
                [sys.executable, str(ROOT / "bench" / "relay.py"), "--port", str(server.port)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            wait_for_port(server.port, 20, server.proc)
            self.servers = [server]
            return {"board": 0, "sections": [1, 2, 3], "sessions": [None] * participants}
        self.env = self.server_env()
        out = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "prepare", "--participants", str(participants)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        board = json.loads(out.stdout.strip().splitlines()[-1])
        self.servers = start_all(
            [
                Server(free_port(), self.env, kind=self.config.kind)
                for _n in range(self.config.processes)
            ]
        )
        return board

    def server_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update(
            DJANGO_SETTINGS_MODULE="hub.settings.production",
            SECRET_KEY=secrets.token_urlsafe(64),
            SECURE_SSL_REDIRECT="0",
            ALLOWED_HOSTS=HOST,
            HUB_DATA_DIR=str(self.tmp),
            STATIC_ROOT=str(self.tmp / "static"),
            MEDIA_ROOT=str(self.tmp / "media"),
            LOG_LEVEL="WARNING",
            REDIS_POOL_SIZE=str(self.args.redis_pool),
            PYTHONUNBUFFERED="1",
        )
        if self.args.conn_max_age is not None:
            env["DB_CONN_MAX_AGE"] = str(self.args.conn_max_age)
        if self.config.store == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{self.tmp / 'bench.sqlite3'}"
        else:
            self.pg_db = self.pg_db or create_pg_database()
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{self.pg_db}"
            env["REDIS_URL"] = f"{REDIS_BASE}/{self.args.redis_db}"
            flush_redis(env["REDIS_URL"])
        return env

    def cpu(self) -> float:
        return sum(s.cpu_seconds() for s in self.servers)

    def stop(self) -> None:
        for server in self.servers:
            server.stop(timeout=10)
            with contextlib.suppress(OSError):
                server.log.unlink()
        self.servers = []
        if self.pg_db:
            drop_pg_database(self.pg_db)
            flush_redis(f"{REDIS_BASE}/{self.args.redis_db}")
            self.pg_db = ""
        shutil.rmtree(self.tmp, ignore_errors=True)


def create_pg_database() -> str:
    import psycopg

    name = f"bench_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # our own generated name
    return name


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()  # our scratch database number only
    client.close()


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


def phase(
    stack: Stack, clients: Clients, participants: int, rate: float, seconds: float, tag: str
) -> Result:
    workers = len(clients.pipes)
    count = max(1, round(rate * seconds / workers))
    drain = 20.0  # at most; workers stop draining once every event has arrived
    start = time.perf_counter() + 0.5
    cpu_before, wall_before = stack.cpu(), time.perf_counter()
    replies = []
    for number, pipe in enumerate(clients.pipes):  # interleaved schedules, one per worker
        offset = number / rate
        pipe.send({"cmd": "run", "rate": rate / workers, "count": count,
                   "start": start + offset, "drain": drain, "tag": tag})  # fmt: skip
    for pipe in clients.pipes:
        if not pipe.poll(seconds + drain + 60):
            raise TimeoutError("client worker did not finish the phase")
        replies.append(pipe.recv())
    cpu, wall = stack.cpu() - cpu_before, time.perf_counter() - wall_before
    result = analyse(stack.config.key, participants, rate, replies, clients.mode)
    delivered = max(1, result.ops * participants)
    result.cpu_us_per_event = cpu / delivered * 1e6
    result.server_cpu_percent = 100 * cpu / wall
    result.client_cpu_percent = 100 * sum(r["cpu"] for r in replies) / wall
    return result


@dataclass
class Run:
    config: str
    participants: int
    fixed: Result
    ramp: list[Result]
    connect_seconds: float

    @property
    def sustained(self) -> float:
        best = self.fixed.rate if self.fixed.sustained else 0.0
        for step in self.ramp:
            if not step.sustained:
                break
            best = step.rate
        return best


def run_one(config: Config, participants: int, args: argparse.Namespace) -> Run:
    with Stack(config, args) as stack:
        board = stack.up(participants)
        clients = Clients(stack, board, args.workers, args.mix)
        profiler: subprocess.Popen | None = None
        try:
            connected = clients.ask({"cmd": "connect"}, 300)
            connect_seconds = max(r["seconds"] for r in connected)
            phase(stack, clients, participants, args.rate, 3, "warm")  # cards, caches, JIT-free
            if config.key in args.profile and participants == max(args.participants):
                profiler = start_profiler(stack, config, participants)
            fixed = phase(stack, clients, participants, args.rate, args.seconds, "fixed")
            report(fixed)
            ramp: list[Result] = []
            for rate in [r for r in RAMP if r > args.rate][: args.ramp_steps]:
                step = phase(stack, clients, participants, rate, args.ramp_seconds, f"r{rate}")
                report(step)
                for attempt in range(args.step_retries):
                    if step.sustained:
                        break
                    # One stall of a shared machine should not end the ramp: a rate fails
                    # only if it fails again.
                    step = phase(
                        stack, clients, participants, rate, args.ramp_seconds, f"r{rate}-{attempt}"
                    )
                    report(step)
                ramp.append(step)
                if not step.sustained:
                    break
        finally:
            if profiler is not None:
                profiler.send_signal(2)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    profiler.wait(30)
            clients.close()
    return Run(config.key, participants, fixed, ramp, connect_seconds)


def start_profiler(stack: Stack, config: Config, participants: int) -> subprocess.Popen:
    """py-spy on the first server process, for the fixed phase and the ramp."""
    out = Path(tempfile.gettempdir()) / f"board-load-profile-{config.key}-{participants}"
    print(f"  py-spy profile of {stack.servers[0].kind} → {out}.txt", flush=True)
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    return subprocess.Popen(  # noqa: S603 (fixed arguments)
        [pyspy, "record", "--pid", str(stack.servers[0].pid), "--rate", "250",
         "--format", "raw", "--output", f"{out}.txt", "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def report(result: Result) -> None:
    print(
        f"  {result.config:15} N={result.participants:3} {result.rate:5.0f} ops/s: "
        f"ops {result.ops:5} p50 {result.p50 * 1e3:6.1f} ms p99 {result.p99 * 1e3:6.1f} ms "
        f"max {result.max * 1e3:6.1f} ms lost {result.lost} order {result.order_errors} "
        f"errors {result.errors} cpu {result.cpu_us_per_event:5.1f} µs/event "
        f"(server {result.server_cpu_percent:3.0f}%, clients {result.client_cpu_percent:3.0f}%) "
        f"lag {result.lag * 1e3:.0f} ms",
        flush=True,
    )
    if result.error_samples:
        print(f"    errors: {result.error_samples[:2]}", flush=True)


def table(runs: list[Run], rate: float) -> str:
    relay = {r.participants: r.fixed for r in runs if r.config == "relay"}
    lines = [
        "| configuration | N | p50 ms | p99 ms | max ms | last p99 ms | lost | order | "
        "µs CPU/event | p50 × relay | p99 × relay | sustained ops/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        f = run.fixed
        floor = relay.get(run.participants)
        x50 = f"{f.p50 / floor.p50:.1f}×" if floor and run.config != "relay" else "—"
        x99 = f"{f.p99 / floor.p99:.1f}×" if floor and run.config != "relay" else "—"
        top = run.ramp[-1].rate if run.ramp and run.ramp[-1].sustained else None
        sustained = f"{run.sustained:.0f}" + ("+" if top else "")
        lines.append(
            f"| {CONFIGS[run.config].title} | {run.participants} | {f.p50 * 1e3:.1f} | "
            f"{f.p99 * 1e3:.1f} | {f.max * 1e3:.1f} | {f.last_p99 * 1e3:.1f} | {f.lost} | "
            f"{f.order_errors} | {f.cpu_us_per_event:.0f} | {x50} | {x99} | {sustained} |"
        )
    return f"Fixed phase at {rate:g} operations/s:\n\n" + "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average before the run "
        f"{load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")
    prep = sub.add_parser("prepare", help=argparse.SUPPRESS)
    prep.add_argument("--participants", type=int, required=True)
    parser.add_argument("--configs", nargs="+", choices=list(CONFIGS), default=list(CONFIGS))
    parser.add_argument("--participants", type=int, nargs="+", default=[50, 300])
    parser.add_argument("--rate", type=float, default=10.0, help="fixed phase, ops/s")
    parser.add_argument("--seconds", type=float, default=20.0, help="fixed phase length")
    parser.add_argument("--ramp-seconds", type=float, default=8.0, help="length of a ramp step")
    parser.add_argument("--ramp-steps", type=int, default=len(RAMP))
    parser.add_argument("--step-retries", type=int, default=1, help="re-runs of a failed step")
    parser.add_argument("--workers", type=int, default=2, help="client processes")
    parser.add_argument(
        "--mix",
        choices=["add-move-edit", "add-edit"],
        default="add-move-edit",
        help="operations: add up to 2 cards each, then move/edit them (or edit only)",
    )
    parser.add_argument(
        "--conn-max-age", type=int, help="DB_CONN_MAX_AGE (default: the hub's default)"
    )
    parser.add_argument("--redis-pool", type=int, default=50, help="REDIS_POOL_SIZE")
    parser.add_argument("--redis-db", type=int, default=8, help="scratch Redis db (flushed)")
    parser.add_argument("--profile", nargs="*", default=[], help="configs to run py-spy on")
    parser.add_argument("--json", type=Path, help="also write every result here")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare_main(args.participants)
        return
    print(f"# board load benchmark\n{machine()}", flush=True)
    print(
        f"options: mix={args.mix} rate={args.rate:g}/s for {args.seconds:g} s, ramp steps "
        f"{args.ramp_seconds:g} s, {args.workers} client processes, "
        f"DB_CONN_MAX_AGE={args.conn_max_age or 'default'}, REDIS_POOL_SIZE={args.redis_pool}, "
        f"REALTIME_FAST_WRITE={os.environ.get('REALTIME_FAST_WRITE', '1')}, "
        f"GIL_SWITCH_INTERVAL={os.environ.get('GIL_SWITCH_INTERVAL', 'default')}\n",
        flush=True,
    )
    started = time.monotonic()
    runs: list[Run] = []
    for participants in args.participants:
        for key in args.configs:
            print(f"{key}, N={participants}", flush=True)
            run = run_one(CONFIGS[key], participants, args)
            print(
                f"  connected in {run.connect_seconds:.1f} s; sustained {run.sustained:.0f} ops/s"
            )
            runs.append(run)
    runs.sort(key=lambda r: (r.participants, list(CONFIGS).index(r.config)))
    load = os.getloadavg()
    print(f"\nfinished in {time.monotonic() - started:.0f} s; load average {load[0]:.2f}\n")
    print(table(runs, args.rate))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs], indent=1, default=str))


if __name__ == "__main__":
    main()
