"""Background work of boards: guests' names go once they have been gone long enough
(services/retention.py)."""

from __future__ import annotations

from datetime import time

from django.tasks import task

from boards.services import guests_retention_apply
from common.periodic import periodic


@periodic(daily_at=time(3, 45))
@task()
def board_guests_retention() -> None:
    guests_retention_apply()
