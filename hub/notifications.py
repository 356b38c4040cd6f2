"""In-app notifications: stored with a kind and data, rendered in the reader's language.

Apps register the message for each kind they create (see `ideas/notifications.py`), so the
hub core needs no knowledge of what an idea is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.functional import Promise

from realtime.broadcast import publish_on_commit

if TYPE_CHECKING:
    from hub.models import Notification, User

Prepare = Callable[[dict[str, Any]], dict[str, Any]]
_MESSAGES: dict[str, tuple[Promise, Prepare | None]] = {}


def register_message(kind: str, message: Promise, prepare: Prepare | None = None) -> None:
    """Declare how a notification kind reads, e.g. `"Ny kommentar på {title}"`.

    `prepare` turns stored data into display values at read time (e.g. a status code into
    its label in the reader's language).
    """
    _MESSAGES[kind] = (message, prepare)


def render_message(notification: Notification) -> str:
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


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    actor: User | None,
    target_url: str,
    data: dict[str, object],
) -> list[Notification]:
    """Notify each recipient once (never the actor about their own action)."""
    from hub.models import Notification

    seen: set[int] = set()
    rows = []
    for recipient in recipients:
        if recipient.pk in seen or (actor is not None and recipient.pk == actor.pk):
            continue
        seen.add(recipient.pk)
        rows.append(
            Notification(
                recipient=recipient, actor=actor, kind=kind, target_url=target_url, data=data
            )
        )
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        for row in created:
            publish_on_commit(
                f"user.{row.recipient_id}", {"type": "notification.new", "kind": kind}
            )
    return created
