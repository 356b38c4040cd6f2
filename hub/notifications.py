"""How each kind of notification reads: stored with a kind and data, rendered in the
reader's language when read.

Apps register the message for each kind they create (see `ideas/notifications.py`), so the
hub core needs no knowledge of what an idea is. Creating notifications is a service
(`hub.services.notifications.notify`).

Delivery beyond the hub itself (email) lives in higher packages, which the core must not
import. They register a callback instead (`register_delivery`, from their AppConfig.ready);
`notify` calls each one after the transaction that created the notifications commits, with
the new notifications' ids.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.functional import Promise

logger = logging.getLogger(__name__)


class Renderable(Protocol):
    kind: str
    data: Any


Prepare = Callable[[dict[str, Any]], dict[str, Any]]
Delivery = Callable[[Sequence[int]], None]
_MESSAGES: dict[str, tuple[Promise, Prepare | None]] = {}


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification as people choose how to hear about it (e.g. by email)."""

    kind: str
    label: Promise | str  # what the kind is about, e.g. "Svar på dina kommentarer"
    addressed: bool  # about something of yours or asked of you (not just news)


_KINDS: dict[str, NotificationKind] = {}
_DELIVERIES: list[Delivery] = []


def register_message(
    kind: str,
    message: Promise,
    prepare: Prepare | None = None,
    *,
    label: Promise | str | None = None,
    addressed: bool = False,
) -> None:
    """Declare how a notification kind reads, e.g. `"Ny kommentar på {title}"`.

    `prepare` turns stored data into display values at read time (e.g. a status code into
    its label in the reader's language). `label` names the kind where people choose how to
    hear about it; `addressed` marks kinds about the reader's own things or asking something
    of them (emailed immediately unless the reader chooses otherwise).
    """
    _MESSAGES[kind] = (message, prepare)
    _KINDS[kind] = NotificationKind(kind=kind, label=label or kind, addressed=addressed)


def notification_kinds() -> list[NotificationKind]:
    """Every registered kind, in the order they were registered."""
    return list(_KINDS.values())


def register_delivery(callback: Delivery) -> None:
    """Have `callback(ids)` called with the ids of new notifications once they are committed.

    Registering the same callback twice has no effect.
    """
    if callback not in _DELIVERIES:
        _DELIVERIES.append(callback)


def unregister_delivery(callback: Delivery) -> None:
    if callback in _DELIVERIES:
        _DELIVERIES.remove(callback)


def deliver(ids: Sequence[int]) -> None:
    """Hand committed notifications to every registered delivery. A failing delivery is
    logged and never stops the others, nor the change that notified."""
    if not ids:
        return
    for callback in list(_DELIVERIES):
        try:
            callback(list(ids))
        except Exception:
            logger.exception("notification delivery %s failed", getattr(callback, "__name__", "?"))


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
