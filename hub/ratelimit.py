"""Fixed-window rate limits in the shared cache (Redis in production).

Services call `rate_limit_check` so every edge (page, API, socket) is limited the same way.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from hub.errors import ErrorCode, ServiceError

logger = logging.getLogger(__name__)


def _count(cache_key: str, window: int) -> int:
    """Count one attempt in the window's counter and return the count so far."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip, where the cache API takes three (SET NX, then EXISTS and INCR):
        # board operations pay this on every write.
        key = backend.make_and_validate_key(cache_key)
        pipe = backend._cache.get_client(key, write=True).pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, window + 1, nx=True)  # the first attempt in a window sets it
        count, _expiry_set = pipe.execute()
        return int(count)
    # add() is atomic: only the first request in a window creates the counter.
    backend.add(cache_key, 0, timeout=window + 1)
    try:
        return backend.incr(cache_key)
    except ValueError:  # expired between add and incr
        backend.set(cache_key, 1, timeout=window + 1)
        return 1


def rate_limit_check(*, scope: str, key: str | int) -> None:
    """Count one attempt for `key` in `scope`; raise RATE_LIMITED once over the limit.

    When the cache cannot count (Redis down), scopes in RATE_LIMITS_FAIL_OPEN let the
    attempt through and the others fail.
    """
    limit, window = settings.RATE_LIMITS.get(scope, (0, 0))
    if not limit:
        return
    try:
        count = _count(f"rl:{scope}:{key}:{int(time.time() // window)}", window)
    except (RedisError, OSError):
        if scope not in settings.RATE_LIMITS_FAIL_OPEN:
            raise
        logger.warning("rate limit %s not counted: the cache is unreachable", scope)
        return
    if count > limit:
        raise ServiceError(ErrorCode.RATE_LIMITED, retry_after=window - int(time.time()) % window)
