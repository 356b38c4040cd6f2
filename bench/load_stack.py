"""The servers of one benchmark configuration and their scratch stores (bench/board_load.py)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.boards.procs import HOST, Server, free_port, start_all, wait_for_port  # noqa: E402

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PREPARE = [sys.executable, str(ROOT / "bench" / "board_load.py"), "prepare"]
REDIS_BASE = "redis://127.0.0.1:6379"


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
            [
                sys.executable,
                str(ROOT / "bench" / "board_load.py"),
                "prepare",
                "--participants",
                str(participants),
            ],
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
