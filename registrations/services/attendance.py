"""Attendance: organisers mark who came, from the day before the event on."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common.errors import ErrorCode, ServiceError
from hub.models import User
from registrations import permissions
from registrations.errors import Reason, RegistrationError
from registrations.models import Registration, RegistrationStatus

# Attendance is taken at the door: from the day before (a check-in list printed the evening
# before) until any time after the event.
MARKABLE_FROM = timedelta(days=1)


def attendance_set(*, actor: User, registration: Registration, attended: bool) -> Registration:
    """Mark whether the person with `registration` came."""
    event = registration.event
    if not permissions.can_manage_registrations(actor, event):
        raise ServiceError(ErrorCode.NOT_FOUND)  # the list is private to those who run it
    with transaction.atomic():
        current = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        if current.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(Reason.NOT_CONFIRMED)
        if timezone.now() < current.event.starts_at - MARKABLE_FROM:
            raise RegistrationError(Reason.TOO_EARLY)
        if current.attended != attended:
            current.attended = attended
            current.save(update_fields=["attended"])
    return current
