"""What every edge (page, API, socket) reads off an HTTP request the same way."""

from __future__ import annotations

from typing import Any


def client_ip(request: Any) -> str:
    """The client's address, to key anonymous rate limits (a Django or a DRF request).

    Only REMOTE_ADDR: behind the reverse proxy Daphne's `--proxy-headers` puts the real
    client there. Reading X-Forwarded-For here would let a client pick its own bucket.
    """
    return request.META.get("REMOTE_ADDR") or "unknown"
