"""The durable event log behind every realtime stream.

A stream (e.g. one idea board) has a monotonically increasing sequence number. Every
event is stored with its number in the same transaction as the change it describes, so
the log, not the channel layer, is what guarantees delivery: a client that reconnects or
sees a gap refills it from here. This module knows nothing about boards.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class Stream(models.Model):
    key = models.CharField(max_length=100, unique=True)
    last_seq = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}@{self.last_seq}"


class StreamEvent(models.Model):
    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    type = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    # The client's id for the operation: a retried operation is recognised and not applied twice.
    op_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (NULL: no op id, never unique)
    # Who sent the operation, as the caller names them (e.g. "p:12"); scopes op ids.
    actor = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["stream", "seq"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["stream", "seq"], name="one_event_per_seq"),
            models.UniqueConstraint(
                fields=["stream", "actor", "op_id"],
                condition=models.Q(op_id__isnull=False),
                name="one_event_per_client_op",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stream_id}#{self.seq} {self.type}"
