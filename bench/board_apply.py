"""What one board operation costs the server: `board_apply` timed op by op, without sockets.

    .venv/bin/python bench/board_apply.py                    # SQLite, local-memory cache
    .venv/bin/python bench/board_apply.py --store pg         # PostgreSQL (pool) + Redis cache
    .venv/bin/python bench/board_apply.py --store pg --no-pool

Builds a board in a scratch database (a temporary SQLite file, or a database
`bench_<pid>_…` on 127.0.0.1:5432 that is dropped afterwards; Redis db 9 is flushed) with
`--participants` people holding two cards each, then applies each kind of operation
`--repeat` times. Every call is wrapped as Channels wraps a socket's database work
(`close_old_connections()` before and after), so connection handling (pool checkout, or
a new SQLite connection per call) is part of the cost. Reports median and p95 wall time,
process CPU time and queries per operation. Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The scratch database and Redis helpers of the load benchmark, next to this file.
from bench.board_load import create_pg_database, drop_pg_database, flush_redis

REDIS_URL = "redis://127.0.0.1:6379/9"


def configure(args: argparse.Namespace, tmp: Path) -> str | None:
    """Environment for hub.settings.production on a scratch store; the PG database name."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        HUB_DATA_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        LOG_LEVEL="WARNING",
    )
    if not args.pool:
        os.environ["DB_POOL_SIZE"] = "0"
    if args.conn_max_age is not None:
        os.environ["DB_CONN_MAX_AGE"] = str(args.conn_max_age)
    if args.store == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'apply.sqlite3'}"
        os.environ.pop("REDIS_URL", None)
        return None
    name = create_pg_database()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ["REDIS_URL"] = REDIS_URL
    flush_redis(REDIS_URL)
    return name


def drop(name: str | None) -> None:
    if name is not None:
        drop_pg_database(name)


def measure(args: argparse.Namespace) -> list[tuple[str, dict[str, float]]]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import close_old_connections, connection, connections
    from django.test.utils import CaptureQueriesContext

    from boards import services
    from boards.models import BoardPhase, Card, Section
    from hub.models import User

    call_command("migrate", verbosity=0, interactive=False)
    host = User.objects.create(email="host@bench.invalid", display_name="Processtöd")
    board = services.board_create(actor=host, title="Benchmark", template="forum")
    sections = list(Section.objects.filter(board=board).order_by("position"))
    people = User.objects.bulk_create(
        User(email=f"p{n}@bench.invalid", display_name=f"Deltagare {n:03d}")
        for n in range(args.participants)
    )
    places = [services.participant_for_user(board=board, user=p) for p in people]
    for n, place in enumerate(places):
        for text in ("Fler mötesplatser", "Öppna data"):
            services.board_apply(
                participant=place,
                op="card.add",
                data={"section": sections[n % len(sections)].pk, "text": text},
            )
    connections.close_all()

    def card_of(place: Any) -> int:
        return Card.objects.filter(author=place).values_list("pk", flat=True).first() or 0

    cards = {place.pk: card_of(place) for place in places}
    counter = iter(range(10**9))

    def op(name: str) -> Callable[[Any], tuple[str, dict[str, Any]]]:
        def make(place: Any) -> tuple[str, dict[str, Any]]:
            n = next(counter)
            data: dict[str, Any] = {
                "card.add": {"section": sections[n % 3].pk, "text": f"Idé {n}"},
                "card.edit": {"card": cards[place.pk], "text": f"Ändrad {n}"},
                "card.move": {"card": cards[place.pk], "section": sections[n % 3].pk,
                              "position": n % 6},
                "vote.add": {"card": cards[place.pk]},
            }[name]  # fmt: skip
            return name, data

        return make

    def timed(kind: str, places_for_op: list[Any]) -> dict[str, float]:
        make = op(kind)
        walls, cpus, queries = [], [], []
        for place in places_for_op:
            name, data = make(place)
            with CaptureQueriesContext(connection) as captured:
                close_old_connections()
                wall, cpu = time.perf_counter(), time.process_time()
                services.board_apply(participant=place, op=name, data=data, op_id=None)
                close_old_connections()
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            queries.append(len(captured))
        walls.sort()
        return {
            "wall_p50": statistics.median(walls) * 1e3,
            "wall_p95": walls[int(len(walls) * 0.95)] * 1e3,
            "cpu_p50": statistics.median(cpus) * 1e3,
            "queries": statistics.median(queries),
        }

    results = []
    sample = [places[n % len(places)] for n in range(args.repeat)]
    for kind in ("card.add", "card.edit", "card.move"):
        results.append((kind, timed(kind, sample)))
    board.phase = BoardPhase.VOTING
    board.votes_per_participant = args.repeat
    board.save()
    results.append(("vote.add", timed("vote.add", sample)))
    connections.close_all()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--store", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=200, help="operations of each kind")
    parser.add_argument("--no-pool", dest="pool", action="store_false", help="DB_POOL_SIZE=0")
    parser.add_argument("--conn-max-age", type=int, help="DB_CONN_MAX_AGE")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-apply-") as tmp:
        name = configure(args, Path(tmp))
        try:
            results = measure(args)
        finally:
            drop(name)
    pool = "pool" if args.pool and args.store == "pg" else f"CONN_MAX_AGE={args.conn_max_age}"
    print(f"\n{args.store}, {pool}, {args.participants} participants, {args.repeat} each\n")
    print("| operation | wall p50 ms | wall p95 ms | CPU p50 ms | queries |")
    print("|---|---:|---:|---:|---:|")
    for kind, row in results:
        print(
            f"| `{kind}` | {row['wall_p50']:.2f} | {row['wall_p95']:.2f} | {row['cpu_p50']:.2f} "
            f"| {row['queries']:.0f} |"
        )


if __name__ == "__main__":
    main()
