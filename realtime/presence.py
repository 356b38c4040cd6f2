"""Who is connected to a stream, across processes.

Without Redis a process knows everyone. With Redis each process keeps its own hash of
connected members per stream, refreshed with a short expiry, so a killed process's members
disappear by themselves; the list is the union of the live hashes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter
from typing import Any

from asgiref.sync import sync_to_async

from realtime import fanout

TTL_SECONDS = 45
_local: dict[str, Counter[str]] = {}
_names: dict[str, dict[str, str]] = {}


def _key(stream_key: str) -> str:
    return f"hub.presence.{stream_key}.{fanout.PROCESS_ID}"


_heartbeat: asyncio.Task[None] | None = None


def _ensure_heartbeat() -> None:
    global _heartbeat
    if fanout.redis_url() and (_heartbeat is None or _heartbeat.done()):
        _heartbeat = asyncio.get_running_loop().create_task(_beat())


async def _beat() -> None:
    while _local:
        await asyncio.sleep(TTL_SECONDS / 3)
        with contextlib.suppress(Exception):  # Redis away: the next beat tries again
            await refresh_all()


async def join(stream_key: str, member: str, name: str) -> None:
    _ensure_heartbeat()
    counts = _local.setdefault(stream_key, Counter())
    counts[member] += 1
    _names.setdefault(stream_key, {})[member] = name
    await _sync(stream_key)


async def leave(stream_key: str, member: str) -> None:
    counts = _local.get(stream_key)
    if counts is None:
        return
    counts[member] -= 1
    if counts[member] <= 0:
        del counts[member]
        _names.get(stream_key, {}).pop(member, None)
    if not counts:
        _local.pop(stream_key, None)
        _names.pop(stream_key, None)
    await _sync(stream_key)


async def _sync(stream_key: str) -> None:
    if fanout.redis_url():
        members = {m: _names[stream_key][m] for m in _local.get(stream_key, {})}
        await sync_to_async(_write_redis)(stream_key, members)
    await announce(stream_key)


def _write_redis(stream_key: str, members: dict[str, str]) -> None:
    client = fanout._publisher()
    key = _key(stream_key)
    if members:
        client.set(key, json.dumps(members), ex=TTL_SECONDS)
    else:
        client.delete(key)


def _read_redis(stream_key: str) -> dict[str, str]:
    client = fanout._publisher()
    members: dict[str, str] = {}
    keys = list(client.scan_iter(match=f"hub.presence.{stream_key}.*", count=100))
    for raw in client.mget(keys) if keys else []:
        if raw:
            members.update(json.loads(raw))
    return members


async def members(stream_key: str) -> list[dict[str, Any]]:
    if fanout.redis_url():
        everyone = await sync_to_async(_read_redis)(stream_key)
    else:
        everyone = dict(_names.get(stream_key, {}))
    return [{"id": m, "name": n} for m, n in sorted(everyone.items(), key=lambda kv: kv[1])]


async def announce(stream_key: str) -> None:
    """Tell every process's connections on the stream who is here now."""
    message = {"type": "presence", "participants": await members(stream_key)}
    if fanout.redis_url():
        await sync_to_async(fanout.publish)(stream_key, message)
    else:
        fanout.hub.local_deliver(stream_key, message)


async def refresh_all() -> None:
    """Keep this process's hashes alive (called periodically by connected consumers)."""
    if fanout.redis_url():
        for stream_key in list(_local):
            members_now = {m: _names[stream_key][m] for m in _local[stream_key]}
            await sync_to_async(_write_redis)(stream_key, members_now)
