"""The one table infrastructure keeps: which run of a periodic job was already enqueued."""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class PeriodicRun(models.Model):
    """One slot of one periodic job (e.g. the daily digest of 6 December), enqueued once.

    The unique pair is what lets several workers share a database: the first to insert the
    row enqueues the task, every other one sees the row and does nothing.
    """

    job = models.CharField(max_length=100)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "periodisk körning"
        verbose_name_plural = "periodiska körningar"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["job", "slot"], name="periodic_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot.isoformat()}"
