"""The notification bell: what is older than a week has been read; the rest waits."""

from __future__ import annotations

from datetime import timedelta

from demo.builder.state import Build
from demo.clock import as_of
from hub.selectors import notification_list
from hub.services import notifications_mark_read

READ_AFTER = timedelta(days=7)


def settle_notifications(build: Build) -> None:
    a_week_ago = build.timeline.now - READ_AFTER
    for person in build.people.values():
        older = [n.pk for n in notification_list(user=person) if n.created_at < a_week_ago]
        if older:
            with as_of(a_week_ago):
                notifications_mark_read(actor=person, ids=older)
