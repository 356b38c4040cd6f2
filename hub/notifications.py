"""How each kind of notification reads: stored with a kind and data, rendered in the
reader's language when read.

Apps register the message for each kind they create (see `ideas/notifications.py`), so the
hub core needs no knowledge of what an idea is. Creating notifications is a service
(`hub.services.notifications.notify`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.utils.functional import Promise


class Renderable(Protocol):
    kind: str
    data: Any


Prepare = Callable[[dict[str, Any]], dict[str, Any]]
_MESSAGES: dict[str, tuple[Promise, Prepare | None]] = {}


def register_message(kind: str, message: Promise, prepare: Prepare | None = None) -> None:
    """Declare how a notification kind reads, e.g. `"Ny kommentar på {title}"`.

    `prepare` turns stored data into display values at read time (e.g. a status code into
    its label in the reader's language).
    """
    _MESSAGES[kind] = (message, prepare)


def render_message(notification: Renderable) -> str:
    if notification.kind not in _MESSAGES:
        return notification.kind
    template, prepare = _MESSAGES[notification.kind]
    data = dict(notification.data)
    if prepare is not None:
        data = prepare(data)
    try:
        return str(template).format(**data)
    except (KeyError, IndexError, ValueError):
        return str(template)
