"""Background work of registrations: the day-before reminders, and clearing what
registrations no longer need to hold (services/retention.py)."""

from __future__ import annotations

from datetime import time, timedelta

from django.tasks import task

from common.periodic import periodic
from registrations.services import reminders_send
from registrations.services.retention import registrations_retention_apply


@periodic(every=timedelta(hours=1))
@task()
def registration_reminders_send() -> None:
    reminders_send()


@periodic(daily_at=time(3, 30))
@task()
def registrations_retention() -> None:
    registrations_retention_apply()
