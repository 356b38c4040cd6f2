"""Rate limits in the shared cache (Redis in production): fixed windows of attempts, and
sliding windows of failures (signing in).

Services call `rate_limit_check` so every edge (page, API, socket) is limited the same way.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from common.errors import ErrorCode, ServiceError
from common.redis_io import Sent

logger = logging.getLogger(__name__)


def _count(cache_key: str, window: int) -> Callable[[], int]:
    """Count one attempt in the window's counter; the returned call gives the count so far.

    With Redis the counter is sent at once and its reply read by that call, so the round
    trip can overlap other work (see `rate_limited`).
    """
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip, where the cache API takes three (SET NX, then EXISTS and INCR).
        key = backend.make_and_validate_key(cache_key)
        sent = Sent(
            _redis_client(backend).connection_pool,
            [
                ("MULTI",),
                ("INCR", key),
                ("EXPIRE", key, window + 1, "NX"),  # the first attempt in a window sets it
                ("EXEC",),
            ],
        )

        def counted() -> int:
            *_queued, (count, _expiry_set) = sent.replies()
            if isinstance(count, RedisError):  # an error inside EXEC comes back as a value
                raise count
            return int(count)

        return counted
    # add() is atomic: only the first request in a window creates the counter.
    backend.add(cache_key, 0, timeout=window + 1)
    try:
        count = backend.incr(cache_key)
    except ValueError:  # expired between add and incr
        backend.set(cache_key, 1, timeout=window + 1)
        count = 1
    return lambda: count


# One client (and connection pool) per cache location for the whole process.
_write_clients: dict[str, Any] = {}


def _redis_client(backend: RedisCache) -> Any:
    """The process's Redis client for the cache's counters.

    Django keeps a cache backend per async context, and each RedisCache backend builds its
    own connection pool (and a new client object per call). Under ASGI every WebSocket
    connection's first operation would open a new Redis connection (~2 ms of handshake on
    the path of the operation) and leave a pool behind. Writes go to the first server.
    """
    location = str(settings.CACHES["default"].get("LOCATION"))
    client = _write_clients.get(location)
    if client is None:
        client = _write_clients.setdefault(location, backend._cache.get_client(write=True))
    return client


def rate_limit_check(*, scope: str, key: str | int) -> None:
    """Count one attempt for `key` in `scope`; raise RATE_LIMITED once over the limit.

    When the cache cannot count (Redis down), scopes in RATE_LIMITS_FAIL_OPEN let the
    attempt through and the others fail.
    """
    with rate_limited(scope=scope, key=key):
        pass


@contextmanager
def rate_limited(*, scope: str, key: str | int) -> Iterator[None]:
    """`rate_limit_check` around a block, with the cache's round trip overlapping it.

    The attempt is counted before the block runs and the answer read after it; an attempt
    over the limit raises RATE_LIMITED then, so the block must be one that the exception
    undoes: the inside of the caller's `transaction.atomic()`. Board operations use it to
    keep the Redis round trip off their path. Once a key is over its limit, this process
    refuses it at once until the window ends, before the block does any work. For scopes
    that do not fail open, a cache error after the block replaces the block's own error.
    """
    limit, window = settings.RATE_LIMITS.get(scope, (0, 0))
    if not limit:
        yield
        return
    now = time.time()
    cache_key = f"rl:{scope}:{key}:{int(now // window)}"
    if cache_key in _over_limit:
        raise _refusal(window, now)
    try:
        counted = _count(cache_key, window)
    except (RedisError, OSError):
        if not _fails_open(scope):
            raise
        counted = _uncounted
    try:
        yield
    finally:
        try:
            count = counted()
        except (RedisError, OSError):
            if not _fails_open(scope):
                raise
            count = 0
    if count > limit:
        _remember_over_limit(cache_key, until=(int(now // window) + 1) * window)
        raise _refusal(window, time.time())


# Keys over their limit in this process, and when their window ends: a flood is refused
# before it takes locks or does work, not only after.
_over_limit: dict[str, float] = {}


def _remember_over_limit(cache_key: str, *, until: float) -> None:
    now = time.time()
    if len(_over_limit) > 1000:  # keep it small: forget windows that have ended
        for ended in [k for k, end in _over_limit.items() if end <= now]:
            _over_limit.pop(ended, None)
    _over_limit[cache_key] = until


def _refusal(window: int, now: float) -> ServiceError:
    return ServiceError(ErrorCode.RATE_LIMITED, retry_after=window - int(now) % window)


def _fails_open(scope: str) -> bool:
    """The cache could not count: whether the scope lets the attempt through anyway."""
    if scope not in settings.RATE_LIMITS_FAIL_OPEN:
        return False
    logger.warning("rate limit %s not counted: the cache is unreachable", scope)
    return True


def _uncounted() -> int:
    return 0


# --- Sliding windows of failures (signing in) ------------------------------------------
#
# A fixed window lets twice its limit through across its edge. These count failures only
# (a sign-in that works costs nothing, so everyone behind one address is not locked out by
# their own successes) in an exact sliding window: a log of when each failure happened, in
# a Redis sorted set (one atomic round trip) or, without Redis, in the cache under a lock.


def failures_check(*, scope: str, key: str) -> None:
    """Refuse (RATE_LIMITED, with when to retry) while `key` has had its scope's limit of
    failures within the last window. Counts nothing: see `failure_record`."""
    limit, window = settings.RATE_LIMITS.get(scope, (0, 0))
    if not limit:
        return
    now = _now()
    try:
        times = _failure_times(scope, key, window, now)
    except (RedisError, OSError):
        if _fails_open(scope):
            return
        raise
    if len(times) >= limit:
        # Below the limit again once the oldest failures that put it there have aged out.
        frees_at = times[len(times) - limit] + window
        raise ServiceError(ErrorCode.RATE_LIMITED, retry_after=max(1, math.ceil(frees_at - now)))


def failure_record(*, scope: str, key: str) -> None:
    """Count one failure for `key` now."""
    limit, window = settings.RATE_LIMITS.get(scope, (0, 0))
    if not limit:
        return
    now = _now()
    backend = caches["default"]
    cache_key = f"rlf:{scope}:{key}"
    try:
        if isinstance(backend, RedisCache):
            client = _redis_client(backend)
            full_key = backend.make_and_validate_key(cache_key)
            with client.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(full_key, "-inf", now - window)
                pipe.zadd(full_key, {f"{now:.6f}:{uuid.uuid4().hex[:8]}": now})
                pipe.expire(full_key, window + 1)
                pipe.execute()
            return
        with _local_lock:
            times = [t for t in backend.get(cache_key, []) if t > now - window]
            backend.set(cache_key, [*times, now], timeout=window + 1)
    except (RedisError, OSError):
        if not _fails_open(scope):
            raise


def failures_clear(*, scope: str, key: str) -> None:
    """Forget `key`'s failures (e.g. the owner proved the account theirs by a reset)."""
    backend = caches["default"]
    cache_key = f"rlf:{scope}:{key}"
    if isinstance(backend, RedisCache):
        _redis_client(backend).delete(backend.make_and_validate_key(cache_key))
    else:
        backend.delete(cache_key)


def _failure_times(scope: str, key: str, window: int, now: float) -> list[float]:
    """When `key`'s failures in the window happened, oldest first."""
    backend = caches["default"]
    cache_key = f"rlf:{scope}:{key}"
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(cache_key)
        scored = _redis_client(backend).zrangebyscore(
            full_key, now - window, "+inf", withscores=True
        )
        return [float(score) for _member, score in scored]
    return sorted(t for t in backend.get(cache_key, []) if t > now - window)


_local_lock = threading.Lock()


def _now() -> float:
    return time.time()  # a function of its own, for tests to move the clock
