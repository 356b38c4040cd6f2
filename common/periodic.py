"""Periodic background work: each job is a `django.tasks` task enqueued once per slot.

Apps declare their periodic jobs in their `tasks.py`:

    @periodic(every=timedelta(minutes=5))
    @task()
    def email_outbox_sweep() -> None: ...

    @periodic(daily_at=time(7, 0))
    @task()
    def digest_daily_send() -> None: ...

The `worker` command (common/management/commands/worker.py) runs the tasks and, between them,
enqueues every job whose slot has come. A slot is enqueued once across all workers (a unique
row in `PeriodicRun`); a slot missed while no worker ran is not caught up, except the latest
one: a worker that starts at 09:00 sends the 07:00 digest, not the digests of the days it was
off. The tasks themselves must be safe to run late or twice (they find their work in the
database, not in their arguments).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Any  # a django.tasks Task
    every: timedelta | None = None
    daily_at: time | None = None
    weekday: int | None = None  # with daily_at: only on this day (0 = Monday)

    def latest_slot(self, now: datetime) -> datetime:
        """The start of the newest slot that has begun at `now`."""
        if self.every is not None:
            seconds = int(self.every.total_seconds())
            epoch = int(now.timestamp())
            return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)
        assert self.daily_at is not None  # noqa: S101 (checked in periodic())
        local = timezone.localtime(now)
        slot = local.replace(
            hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
        )
        if slot > local:
            slot -= timedelta(days=1)
        if self.weekday is not None:
            slot -= timedelta(days=(slot.weekday() - self.weekday) % 7)
        return slot


JOBS: dict[str, PeriodicJob] = {}


def periodic(
    *, every: timedelta | None = None, daily_at: time | None = None, weekday: int | None = None
) -> Callable[[T], T]:
    """Declare a task periodic: every `every`, or daily (or weekly, with `weekday`) at a
    local time."""
    if (every is None) == (daily_at is None):
        raise ValueError("give either every= or daily_at=")
    if weekday is not None and daily_at is None:
        raise ValueError("weekday= needs daily_at=")

    def register(task: T) -> T:
        name = f"{task.module_path}"  # type: ignore[attr-defined]
        JOBS[name] = PeriodicJob(name, task, every, daily_at, weekday)
        return task

    return register


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue each job whose latest slot has not been enqueued yet; the names enqueued."""
    from common.models import PeriodicRun

    now = now or timezone.now()
    enqueued = []
    for job in JOBS.values():
        slot = job.latest_slot(now)
        if PeriodicRun.objects.filter(job=job.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=job.name, slot=slot)
                job.task.enqueue()
        except IntegrityError:  # another worker took this slot first
            continue
        enqueued.append(job.name)
        logger.info("enqueued periodic job %s for %s", job.name, slot.isoformat())
    return enqueued
