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


class OutgoingEmailStatus(models.TextChoices):
    PENDING = "pending", "väntar"
    SENDING = "sending", "skickas"
    SENT = "sent", "skickat"
    FAILED = "failed", "misslyckades"


class OutgoingEmail(models.Model):
    """One email on its way out: stored with the change that caused it, sent by a task.

    Storing it first is what makes mail durable: the row commits with the transaction that
    asked for it (a password reset, a notification), so a crash or a mail server that is
    down loses nothing; `common.tasks.email_send` sends it and retries with a growing
    delay. The Message-ID is fixed when the row is made, so a retry after an unclear failure
    carries the same one and mail clients show a duplicate as one message.
    """

    to = models.EmailField()
    subject = models.CharField(max_length=255)
    text = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    category = models.CharField(max_length=50)
    status = models.CharField(
        max_length=10, choices=OutgoingEmailStatus.choices, default=OutgoingEmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "utgående e-post"
        verbose_name_plural = "utgående e-post"
        indexes: ClassVar = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.category} #{self.pk} ({self.status})"
