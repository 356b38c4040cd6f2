"""Every change to notifications: creating them for their readers, marking them read."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from common.errors import ErrorCode, ServiceError
from hub import permissions
from hub.models import Notification, User
from hub.notifications import deliver
from realtime.broadcast import publish_on_commit


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    actor: User | None,
    target_url: str,
    data: dict[str, object],
) -> list[Notification]:
    """Notify each recipient once (never the actor about their own action)."""
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
                f"user.{row.recipient_id}",
                {"type": "notification.new", "kind": kind, "id": row.pk},
            )
        ids = [row.pk for row in created]
        if ids:
            # Email and any other delivery (registered by higher packages) after commit.
            transaction.on_commit(lambda: deliver(ids), robust=True)
    return created


def notifications_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    """Mark the actor's notifications read: the given ones, or all. Returns how many."""
    if not permissions.is_authenticated(actor):
        raise ServiceError(ErrorCode.FORBIDDEN)
    rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
