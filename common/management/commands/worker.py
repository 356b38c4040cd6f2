"""`manage.py worker`: run background tasks, and enqueue periodic jobs when they are due.

django-tasks-db's `db_worker`, plus a thread that every `--periodic-interval` seconds
enqueues each job of common/periodic.py whose slot has come. Any number of workers may run;
each slot is enqueued once (see common.periodic).
"""

from __future__ import annotations

import logging
import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from common import periodic

logger = logging.getLogger(__name__)


def _schedule_forever(interval: float, stop: threading.Event) -> None:
    while not stop.wait(interval):
        close_old_connections()
        try:
            periodic.enqueue_due()
        except Exception:  # the database away for a moment: the next round tries again
            logger.exception("enqueueing periodic jobs failed")
        finally:
            close_old_connections()


class Command(DbWorkerCommand):
    help = "Run background tasks (django-tasks-db's db_worker) and enqueue periodic jobs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--periodic-interval",
            type=float,
            default=30.0,
            help="Seconds between checks for due periodic jobs; 0 turns them off "
            "(default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        autodiscover_modules("tasks")  # each app's tasks.py declares its periodic jobs
        interval = float(options.pop("periodic_interval"))
        # Under the autoreloader only the child process works; the parent only watches files.
        in_worker_process = not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV)
        if interval > 0 and in_worker_process:
            stop = threading.Event()
            threading.Thread(
                target=_schedule_forever, args=(interval, stop), name="periodic", daemon=True
            ).start()
        super().handle(*args, **options)
