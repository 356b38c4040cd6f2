"""Background work of the emailing app: immediate notification mail and the digests.

The digests are periodic jobs at 07:00 local time (TIME_ZONE, Europe/Stockholm): daily, and
weekly on Mondays. Each finds its work in the database, so running late or twice is safe.
"""

from __future__ import annotations

from datetime import time

from django.tasks import task

from common.periodic import periodic
from emailing.models import Frequency
from emailing.services import digests_send, immediate_emails_send

DIGEST_AT = time(7, 0)
MONDAY = 0


@task(queue_name="email")
def notification_emails_send(notification_ids: list[int]) -> None:
    immediate_emails_send(notification_ids=notification_ids)


@periodic(daily_at=DIGEST_AT)
@task(queue_name="email")
def digest_daily_send() -> None:
    digests_send(frequency=Frequency.DAILY)


@periodic(daily_at=DIGEST_AT, weekday=MONDAY)
@task(queue_name="email")
def digest_weekly_send() -> None:
    digests_send(frequency=Frequency.WEEKLY)
