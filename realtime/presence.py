"""Who is connected to a stream, across processes.

Without Redis a process knows everyone. With Redis each process keeps its own entry of
connected members per stream, refreshed with a short expiry, so a killed process's members
disappear by themselves; the list is the union of the live entries. A per-stream index
(a sorted set of process ids by expiry) finds the entries without scanning the keyspace.

Announcements are coalesced: the first change on a quiet stream is announced at once,
further changes within the interval (see _interval) go out together in one announcement.
Without this a burst of N joins would send N growing lists to N connections (O(N²) frames).
Presence is best effort: a Redis failure here never breaks a connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import Counter
from typing import Any

from asgiref.sync import sync_to_async

from realtime import fanout

logger = logging.getLogger(__name__)

TTL_SECONDS = 45
# The shortest time between two announcements on a stream: each one is a list of everyone
# written to every local connection, so the gap grows with the audience (0.25 s for a small
# group, 1.5 s at 300 people).
ANNOUNCE_INTERVAL = 0.25
ANNOUNCE_INTERVAL_MAX = 2.0
ANNOUNCE_AUDIENCE = 200  # connections per second of interval
_local: dict[str, Counter[str]] = {}
_names: dict[str, dict[str, str]] = {}
_last_announced: dict[str, float] = {}
_scheduled: dict[str, asyncio.Task[None]] = {}  # stream key → its pending announcement


def _key(stream_key: str) -> str:
    return f"hub.presence.{stream_key}.{fanout.PROCESS_ID}"


def _index(stream_key: str) -> str:
    return f"hub.presence.{stream_key}"


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
    await _changed(stream_key)


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
    await _changed(stream_key)


async def _changed(stream_key: str) -> None:
    """Announce now if the stream was quiet, else once at the end of the interval."""
    pending = _scheduled.get(stream_key)
    if pending is not None and not pending.done() and not pending.get_loop().is_closed():
        return  # the pending announcement reads the members when it goes out
    wait = _last_announced.get(stream_key, 0.0) + _interval(stream_key) - time.monotonic()
    if wait <= 0:
        _last_announced[stream_key] = time.monotonic()
        await _sync(stream_key)
        return
    _scheduled[stream_key] = asyncio.get_running_loop().create_task(_sync_later(stream_key, wait))


def _interval(stream_key: str) -> float:
    audience = fanout.hub.connection_count(stream_key)
    return min(ANNOUNCE_INTERVAL_MAX, max(ANNOUNCE_INTERVAL, audience / ANNOUNCE_AUDIENCE))


async def _sync_later(stream_key: str, wait: float) -> None:
    await asyncio.sleep(wait)
    _scheduled.pop(stream_key, None)  # before reading: a change from here on schedules anew
    _last_announced[stream_key] = time.monotonic()
    await _sync(stream_key)


async def _sync(stream_key: str) -> None:
    try:
        if fanout.redis_url():
            members = _local_members(stream_key)
            await sync_to_async(_write_redis)(stream_key, members)
        await announce(stream_key)
    except Exception as exc:  # presence is best effort; the next change or beat repairs it
        logger.warning("presence update for %s failed (%s)", stream_key, exc)
    if stream_key not in _local:
        _last_announced.pop(stream_key, None)


def _local_members(stream_key: str) -> dict[str, str]:
    names = _names.get(stream_key, {})
    return {m: names[m] for m in _local.get(stream_key, {}) if m in names}


def _write_redis(stream_key: str, members: dict[str, str]) -> None:
    client = fanout._publisher()
    key, index = _key(stream_key), _index(stream_key)
    with client.pipeline(transaction=False) as pipe:
        if members:
            pipe.set(key, json.dumps(members), ex=TTL_SECONDS)
            pipe.zadd(index, {fanout.PROCESS_ID: time.time() + TTL_SECONDS})
            pipe.expire(index, TTL_SECONDS)
        else:
            pipe.delete(key)
            pipe.zrem(index, fanout.PROCESS_ID)
        pipe.execute()


def _read_redis(stream_key: str) -> dict[str, str]:
    client = fanout._publisher()
    index = _index(stream_key)
    with client.pipeline(transaction=False) as pipe:
        pipe.zremrangebyscore(index, "-inf", time.time())  # processes that stopped beating
        pipe.zrange(index, 0, -1)
        _removed, processes = pipe.execute()
    keys = [f"hub.presence.{stream_key}.{p.decode()}" for p in processes]
    members: dict[str, str] = {}
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
    """Keep this process's entries alive (called periodically by connected consumers)."""
    if fanout.redis_url():
        for stream_key in list(_local):
            await sync_to_async(_write_redis)(stream_key, _local_members(stream_key))
