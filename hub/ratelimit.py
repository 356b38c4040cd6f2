"""Fixed-window rate limits in the shared cache (Redis in production).

Services call `rate_limit_check` so every edge (page, API, socket) is limited the same way.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from hub.errors import ErrorCode, ServiceError


def rate_limit_check(*, scope: str, key: str | int) -> None:
    """Count one attempt for `key` in `scope`; raise RATE_LIMITED once over the limit."""
    limit, window = settings.RATE_LIMITS.get(scope, (0, 0))
    if not limit:
        return
    bucket = int(time.time() // window)
    cache_key = f"rl:{scope}:{key}:{bucket}"
    # add() is atomic: only the first request in a window creates the counter.
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        raise ServiceError(ErrorCode.RATE_LIMITED, retry_after=window - int(time.time()) % window)
