"""The reminder the day before: once to everyone with a place, by the periodic task."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from registrations import notifications
from registrations.models import Registration, RegistrationStatus
from registrations.services.registrations import _tell_participant

# Events starting within this window from now get their reminders.
REMINDER_AHEAD = timedelta(hours=24)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone with a place at an event that starts within a day; each person once
    (the row is marked in the same transaction, so a rerun or a second worker skips it)."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_AHEAD,
    ).values_list("pk", flat=True)
    sent = 0
    for registration_id in list(due):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(of=("self",))
                .select_related("event", "person")
                .filter(pk=registration_id, reminded_at__isnull=True)
                .first()
            )
            if registration is None or registration.status != RegistrationStatus.CONFIRMED:
                continue
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            _tell_participant(registration, kind=notifications.REMINDER)
            sent += 1
    return sent
