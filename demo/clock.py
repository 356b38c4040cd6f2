"""The demo's history, replayed: run a service call as of a moment in the past.

The services stamp what they write with `django.utils.timezone.now()`: `auto_now` fields, a
submission's `submitted_at`, a round's `opened_at`, a status report's default date, and rules
such as "a deadline lies in the future". Instead of writing timestamps into rows afterwards,
the builder runs every step at the moment it happened (`as_of`), so each row gets its time from
the service that writes it and every rule is checked against the "now" the step happened in.

`Timeline` turns the content's days ("-30: a month ago") into moments, all relative to when
the build started, so the demo always looks current.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone

_real_now: Callable[[], datetime] = timezone.now
WORKDAY_START, WORKDAY_HOURS = 8, 10


@contextmanager
def as_of(moment: datetime) -> Iterator[None]:
    """Run the block as if it were `moment` (in the past): `timezone.now()` returns it.

    For the demo builder only. It moves the clock of the whole process, which is safe because
    `manage.py demo_data` builds in a process of its own, before any server runs in it, and
    tests build the demo in one thread. Blocks nest; each restores the moment before it.
    """
    if timezone.is_naive(moment):
        raise ValueError("as_of needs an aware datetime")
    if moment > _real_now():
        raise ValueError(f"as_of is for history: {moment.isoformat()} has not happened yet")
    previous = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = previous


class Timeline:
    """Moments from the content's days, counted from the day the build started."""

    def __init__(self) -> None:
        self.now = _real_now()
        self.today: date = timezone.localdate(self.now)

    def at(self, day: float, hour: float = 10.0) -> datetime:
        """Local `hour` on the day `day` days from today (fractions of a day add hours)."""
        midnight = timezone.make_aware(datetime.combine(self.today, time()))
        return midnight + timedelta(days=day, hours=hour)

    def date(self, day: int) -> date:
        return self.today + timedelta(days=day)

    def working_hours(self, moment: datetime) -> datetime:
        """The same day, with its 24 hours squeezed into 08:00–18:00 (order is kept): for
        moments spread evenly over days, so nobody comments at three in the morning."""
        local = timezone.localtime(moment)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        into_day = (local - midnight) / timedelta(days=1)
        squeezed = midnight + timedelta(hours=WORKDAY_START + into_day * WORKDAY_HOURS)
        return squeezed.replace(second=0, microsecond=0)

    def past(self, moment: datetime) -> datetime:
        """`moment`, or now if it has not happened yet (something made today, ahead of time)."""
        return min(moment, self.now)
