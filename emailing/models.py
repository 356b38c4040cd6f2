"""Who wants which notifications by email, and which notification went out in which mail."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import OutgoingEmail
from hub.models import Notification, User

ALL_KINDS = "*"  # a preference row for every kind without a row of its own


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Direkt")
    DAILY = "daily", _("Dagligen, i en sammanfattning")
    WEEKLY = "weekly", _("Varje vecka, i en sammanfattning")
    NEVER = "never", _("Aldrig")


class EmailPreference(models.Model):
    """How often `user` wants notifications of `kind` by email (`*`: every other kind)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="email_preferences", verbose_name=_("person")
    )
    kind = models.CharField(_("typ"), max_length=60)
    frequency = models.CharField(_("hur ofta"), max_length=12, choices=Frequency.choices)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("e-postval")
        verbose_name_plural = _("e-postval")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_preference_once"),
            models.CheckConstraint(
                condition=models.Q(frequency__in=Frequency.values),
                name="email_preference_frequency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.frequency}"


class NotificationEmail(models.Model):
    """The record that `notification` went out by email, in `outgoing`.

    One row per notification at most (its primary key): a rerun, a second worker or a
    digest after an immediate mail finds the row and leaves the notification alone. The row
    commits in the same transaction as the queued mail, so either both exist or neither.
    """

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, primary_key=True, related_name="email_record"
    )
    outgoing = models.ForeignKey(
        OutgoingEmail, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skickad notis")
        verbose_name_plural = _("skickade notiser")

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.outgoing_id}"
