"""Periodic jobs and the worker: each slot enqueued once, tasks run by `manage.py worker`."""

from __future__ import annotations

import threading
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.tasks import task
from django.test import override_settings
from django.utils import timezone

from common import periodic
from common.management.commands.worker import _schedule_forever
from common.models import PeriodicRun

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
RUNS: list[str] = []


@task()
def remember(label: str = "ran") -> None:
    RUNS.append(label)


@pytest.fixture
def jobs() -> Iterator[dict[str, periodic.PeriodicJob]]:
    saved = dict(periodic.JOBS)
    periodic.JOBS.clear()
    RUNS.clear()
    yield periodic.JOBS
    periodic.JOBS.clear()
    periodic.JOBS.update(saved)


def test_every_slots_start_on_the_interval() -> None:
    job = periodic.PeriodicJob("j", remember, every=timedelta(minutes=5))
    now = datetime(2026, 12, 6, 10, 7, 30, tzinfo=UTC)
    assert job.latest_slot(now) == datetime(2026, 12, 6, 10, 5, tzinfo=UTC)


@override_settings(TIME_ZONE="Europe/Stockholm")
def test_daily_slot_is_local_time_and_yesterday_before_it() -> None:
    job = periodic.PeriodicJob("j", remember, daily_at=time(7, 0))
    with timezone.override(STOCKHOLM):
        before = datetime(2026, 12, 6, 5, 30, tzinfo=UTC)  # 06:30 in Stockholm
        after = datetime(2026, 12, 6, 6, 30, tzinfo=UTC)  # 07:30 in Stockholm
        assert job.latest_slot(before) == datetime(2026, 12, 5, 7, 0, tzinfo=STOCKHOLM)
        assert job.latest_slot(after) == datetime(2026, 12, 6, 7, 0, tzinfo=STOCKHOLM)


@override_settings(TIME_ZONE="Europe/Stockholm")
def test_weekly_slot_falls_on_its_weekday() -> None:
    job = periodic.PeriodicJob("j", remember, daily_at=time(8, 0), weekday=0)  # Mondays
    with timezone.override(STOCKHOLM):
        sunday = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
        assert job.latest_slot(sunday) == datetime(2026, 11, 30, 8, 0, tzinfo=STOCKHOLM)


def test_a_job_needs_exactly_one_schedule() -> None:
    with pytest.raises(ValueError):
        periodic.periodic()
    with pytest.raises(ValueError):
        periodic.periodic(every=timedelta(minutes=1), daily_at=time(7, 0))
    with pytest.raises(ValueError):
        periodic.periodic(every=timedelta(minutes=1), weekday=1)


@pytest.mark.django_db(transaction=True)
def test_each_slot_is_enqueued_once(jobs: dict[str, periodic.PeriodicJob]) -> None:
    periodic.periodic(every=timedelta(minutes=5))(remember)
    now = datetime(2026, 12, 6, 10, 7, tzinfo=UTC)

    assert periodic.enqueue_due(now) == [remember.module_path]
    assert periodic.enqueue_due(now + timedelta(minutes=1)) == []  # same slot
    assert RUNS == ["ran"]
    assert periodic.enqueue_due(now + timedelta(minutes=5)) == [remember.module_path]
    assert RUNS == ["ran", "ran"]
    assert PeriodicRun.objects.filter(job=remember.module_path).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_slot_another_worker_took_is_left_alone(jobs: dict[str, periodic.PeriodicJob]) -> None:
    periodic.periodic(every=timedelta(minutes=5))(remember)
    now = datetime(2026, 12, 6, 10, 7, tzinfo=UTC)
    PeriodicRun.objects.create(
        job=remember.module_path, slot=datetime(2026, 12, 6, 10, 5, tzinfo=UTC)
    )

    assert periodic.enqueue_due(now) == []
    assert RUNS == []


DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
}


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_what_was_enqueued() -> None:
    RUNS.clear()
    with override_settings(TASKS=DATABASE_TASKS):  # Django drops its cached backends
        result = remember.enqueue("from the queue")
        assert RUNS == []  # stored, not run: the request that queued it answers at once
        call_command(
            "worker", "--batch", "--no-startup-delay", "--periodic-interval", "0", verbosity=0
        )
        result.refresh()
        assert result.status == "SUCCESSFUL"
    assert RUNS == ["from the queue"]


class OneRound(threading.Event):
    """Lets the scheduling loop run one round, then stops it."""

    def __init__(self) -> None:
        super().__init__()
        self.rounds = 0

    def wait(self, timeout: float | None = None) -> bool:
        self.rounds += 1
        return self.rounds > 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_enqueues_due_jobs(jobs: dict[str, periodic.PeriodicJob]) -> None:
    periodic.periodic(every=timedelta(minutes=5))(remember)

    _schedule_forever(0.01, OneRound())

    assert RUNS == ["ran"]
    assert PeriodicRun.objects.filter(job=remember.module_path).exists()
