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
import contextlib
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from load_clients import Clients, Result, analyse
from load_stack import CONFIGS, Config, Stack

RAMP = [20, 40, 60, 80, 120, 160, 240, 320]


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
