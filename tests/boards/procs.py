"""Real server processes for the scale-out and fault tests (and bench/board_load.py).

Starts Daphne (or uvicorn) and, for fault tests, a private redis-server, each as a
subprocess on a free loopback port, and stops them again. Also: Django sessions made the
way `django.contrib.auth.login` makes them, and a small WebSocket board client.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {HOST}:{port} after {timeout} s")


def database_url(settings_dict: dict[str, Any]) -> str:
    """A DATABASE_URL for the database Django is using now (e.g. pytest's test_… database)."""
    engine = settings_dict["ENGINE"]
    if "postgresql" not in engine:
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "postgres")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}" if password else user
    host = settings_dict.get("HOST") or HOST
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}"


def scratch_redis_url(base_url: str, db: int) -> str:
    """`base_url` with its database number replaced (pub/sub channels are namespaced by it)."""
    head = base_url.split("?", 1)[0].rstrip("/")
    scheme, rest = head.split("://", 1)
    netloc = rest.split("/", 1)[0]
    return f"{scheme}://{netloc}/{db}"


def _log_file() -> Path:
    fd, path = tempfile.mkstemp(prefix="hub-server-", suffix=".log")
    os.close(fd)
    return Path(path)


@dataclass
class Server:
    """One hub process (Daphne or uvicorn) on a loopback port."""

    port: int
    env: dict[str, str]
    # HUB_TEST_SERVER=uvicorn runs the real-server tests under uvicorn (as .ci/run does).
    kind: str = field(default_factory=lambda: os.environ.get("HUB_TEST_SERVER", "daphne"))
    proc: subprocess.Popen | None = None
    log: Path = field(default_factory=_log_file)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str) -> str:
        return f"ws://{HOST}:{self.port}{path}"

    def command(self) -> list[str]:
        if self.kind == "uvicorn":
            return [
                sys.executable, "-m", "uvicorn", "--host", HOST, "--port", str(self.port),
                "--no-access-log", "--log-level", "warning", "--backlog", "1024",
                "--ws-max-size", "65536", "hub.asgi:application",
            ]  # fmt: skip
        # An endpoint string instead of -b/-p: the same listener with a listen backlog that
        # a burst of hundreds of connects does not overflow (Twisted's default is 50), and
        # the handshake timeout of the production command (Daphne's default 5 s drops the
        # handshakes of a whole room connecting at once while they wait for the database).
        return [
            sys.executable, "-m", "daphne", "-e",
            f"tcp:port={self.port}:interface={HOST}:backlog=1024",
            "--websocket_connect_timeout", "30", "hub.asgi:application",
        ]  # fmt: skip

    def start(self, timeout: float = 40.0) -> Server:
        start_all([self], timeout)
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(sig)

    def wait(self, timeout: float) -> int | None:
        assert self.proc is not None
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it has not gone after `timeout` seconds."""
        if not self.alive():
            return
        self.signal(signal.SIGTERM)
        if self.wait(timeout) is None:
            self.kill()

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        if self.proc is not None:
            self.wait(10)

    def close(self, graceful: bool = False) -> None:
        """Stop it (SIGTERM first if `graceful`, else SIGKILL) and remove its log."""
        if graceful:
            self.stop()
        self.kill()
        with contextlib.suppress(OSError):
            self.log.unlink()

    def cpu_seconds(self) -> float:
        """utime + stime of the whole process, all threads (from /proc/<pid>/stat)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""


def server_env(
    *,
    database_url: str,
    redis_url: str = "",
    settings_module: str | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "PYTEST_XDIST_WORKER"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module
        or os.environ.get("DJANGO_SETTINGS_MODULE", "hub.settings.test"),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL=os.environ.get("HUB_SERVER_LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra or {})
    return env


@dataclass
class RedisServer:
    """A private redis-server (no persistence) that a test may kill and restart."""

    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        assert binary is not None
        self.proc = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [binary, "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly",
             "no", "--daemonize", "no", "--maxclients", "2000"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        wait_for_port(self.port, 10, self.proc)
        return self

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def restart(self, down_for: float = 0.0) -> None:
        self.kill()
        time.sleep(down_for)
        self.start()


def login_session(user: Any) -> str:
    """A saved session for `user`, as django.contrib.auth.login leaves it; its key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    assert session.session_key is not None
    return session.session_key


# --- A board client ------------------------------------------------------------------------


_op_ids = itertools.count(1)
RETRYABLE = {"internal", "rate_limited"}  # docs/realtime-protocol.md: retry, same op id
RETRY_DELAY = 0.3
MAX_RETRIES = 200  # per client, over its whole life


class BoardClient:
    """A participant with a WebSocket: tracks the last seq seen, resumes, retries un-acked ops.

    Every event it receives is kept in `events` (seq → event); a repeated or out-of-order
    seq is recorded in `anomalies`, so a test can assert exactly-once, in-order delivery.
    """

    def __init__(self, name: str, session_key: str, board_id: int) -> None:
        self.name = name
        self.session_key = session_key
        self.board_id = board_id
        self.last_seq = 0
        self.events: dict[int, dict[str, Any]] = {}
        self.anomalies: list[str] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self.pending: dict[str, dict[str, Any]] = {}  # op id → op message, until acked
        self.errors: list[dict[str, Any]] = []
        self.close_codes: list[int | None] = []
        self.retries = 0
        self.server: Server | None = None
        self.ws: Any = None
        self.reader: asyncio.Task[None] | None = None
        self.changed = asyncio.Event()

    async def connect(self, server: Server, timeout: float = 20.0) -> None:
        from websockets.asyncio.client import connect

        self.server = server
        self.ws = await connect(
            server.url(f"/ws/boards/{self.board_id}/?last_seq={self.last_seq}"),
            origin=server.origin,  # type: ignore[arg-type]
            additional_headers={"Cookie": f"sessionid={self.session_key}"},
            open_timeout=timeout,
            max_size=2**22,
            ping_interval=None,
        )
        self.reader = asyncio.get_running_loop().create_task(self._read(self.ws))
        # Operations sent to the previous connection but never acknowledged are retried with
        # the same op id: the server applies each op id once.
        for message in list(self.pending.values()):
            await self.ws.send(json.dumps(message))

    async def _read(self, ws: Any) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for raw in ws:
                self._handle(json.loads(raw))
        except ConnectionClosed:
            pass
        finally:
            self.close_codes.append(ws.close_code)
            self.changed.set()

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "event":
            seq = int(message["seq"])
            if seq in self.events:
                self.anomalies.append(f"{self.name}: seq {seq} twice")
            elif seq != self.last_seq + 1:
                self.anomalies.append(f"{self.name}: seq {seq} after {self.last_seq}")
            self.events[seq] = message
            self.last_seq = max(self.last_seq, seq)
        elif kind == "ack":
            self.acks[message["op_id"]] = message
            self.pending.pop(message["op_id"], None)
        elif kind == "error":
            op_id = message.get("op_id")
            if message.get("code") in RETRYABLE and op_id in self.pending:
                # As the protocol says: the op was not applied; retry under the same op id.
                self.retries += 1
                if self.retries <= MAX_RETRIES:
                    asyncio.get_running_loop().call_later(RETRY_DELAY, self._resend, op_id)
                    return
            self.errors.append(message)
            if op_id:
                self.pending.pop(op_id, None)
        elif kind == "snapshot":
            self.anomalies.append(f"{self.name}: unexpected snapshot at {message.get('seq')}")
            self.last_seq = int(message["seq"])
        self.changed.set()

    def _resend(self, op_id: str) -> None:
        message = self.pending.get(op_id)
        if message is not None and self.connected:
            asyncio.get_running_loop().create_task(self._send_quietly(message))

    async def _send_quietly(self, message: dict[str, Any]) -> None:
        from websockets.exceptions import ConnectionClosed

        with contextlib.suppress(ConnectionClosed):  # a reconnect resends what is pending
            await self.ws.send(json.dumps(message))

    @property
    def connected(self) -> bool:
        return self.reader is not None and not self.reader.done()

    async def op(self, op: str, **data: Any) -> str:
        op_id = f"{self.name}-{next(_op_ids)}"
        message = {"type": "op", "op": op, "op_id": op_id, "data": data}
        self.pending[op_id] = message
        if self.connected:
            await self._send_quietly(message)
        return op_id

    async def wait_for(self, predicate: Any, timeout: float) -> bool:
        """Wait until `predicate()` holds (checked after every message), up to `timeout`."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return False
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout=min(left, 0.5))
        return True

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        if self.reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.reader, 5)


# --- Test data -----------------------------------------------------------------------------


@dataclass
class BoardSetup:
    board_id: int
    sections: list[int]
    sessions: list[str]  # one signed-in session per participant


def board_with_people(count: int, template: str = "forum") -> BoardSetup:
    """A board made by a facilitator, and `count` signed-in people with sessions."""
    from boards import services
    from hub.models import Role
    from tests.factories import UserFactory

    facilitator = UserFactory(display_name="Fia Processtöd", roles=[Role.FACILITATOR])
    board = services.board_create(actor=facilitator, title="Forumträff", template=template)
    people = [UserFactory(display_name=f"Deltagare {n:03d}") for n in range(count)]
    return BoardSetup(
        board_id=board.pk,
        sections=list(board.sections.order_by("position").values_list("pk", flat=True)),
        sessions=[login_session(person) for person in people],
    )


def start_all(servers: list[Server], timeout: float = 40.0) -> list[Server]:
    """Start several servers at once (each needs a second or two to import Django)."""
    for server in servers:
        with server.log.open("ab") as out:
            server.proc = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
                server.command(),
                cwd=ROOT,
                env=server.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
    try:
        for server in servers:
            wait_for_port(server.port, timeout, server.proc)
    except Exception:
        logs = "\n".join(s.tail() for s in servers)
        for server in servers:
            server.kill()
        raise RuntimeError(f"servers did not start:\n{logs}") from None
    return servers
