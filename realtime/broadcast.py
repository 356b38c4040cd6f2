"""Publishing events after the transaction that caused them commits.

Nothing is announced that could still roll back: the event leaves only from
`transaction.on_commit`. Delivery here is best effort; what must not be lost is stored by
the service that publishes (see docs).
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from realtime.streams import Transport, checked

logger = logging.getLogger(__name__)

_pending: set[asyncio.Task[None]] = set()  # keeps fire-and-forget sends alive until done
_GROUP_NAME = re.compile(r"^[A-Za-z0-9._-]{1,99}$")


def publish(group: str, event: dict[str, Any]) -> None:
    """Send `event` to every consumer in `group` now. Failures are logged, never raised.

    The group is a stream of a declared kind (realtime.streams), and `event["type"]` one of
    its events: anything else is a programming error, raised.
    """
    if not _GROUP_NAME.match(group):
        raise ValueError(f"Invalid group name: {group!r}")
    checked(group, str(event.get("type", "")), Transport.GROUP)
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "hub.event", "event": event}
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    try:
        if loop is not None:
            # Called from a thread that runs an event loop: send from it, do not block it.
            task = loop.create_task(layer.group_send(group, message))
            _pending.add(task)
            task.add_done_callback(_pending.discard)
        else:
            async_to_sync(layer.group_send)(group, message)
    except Exception:  # the write is already durable; a lost broadcast must not fail it
        logger.exception("publish to %s failed", group)


def publish_on_commit(group: str, event: dict[str, Any]) -> None:
    """Publish `event` to `group` once the current transaction commits (now if none)."""
    checked(group, str(event.get("type", "")), Transport.GROUP)  # raised here, not lost later
    transaction.on_commit(lambda: publish(group, event), robust=True)
