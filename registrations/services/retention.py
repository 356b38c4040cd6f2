"""What registrations keep after the event: the counts the annual report needs (sector,
attendance), not the people's needs or a guest's name and address.

Dietary and accessibility needs can be health data: they serve the organiser until the event
is over, and go `REGISTRATION_NEEDS_DAYS` after it. A guest has no account to erase, so their
name and address go `REGISTRATION_GUEST_DAYS` after the event (their registration stays, as
"a guest", in the counts).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from registrations.models import Registration


def registrations_retention_apply(*, now: datetime | None = None) -> int:
    """Clear what is past its time; returns how many registrations changed."""
    now = now or timezone.now()
    needs_before = now - timedelta(days=settings.REGISTRATION_NEEDS_DAYS)
    guests_before = now - timedelta(days=settings.REGISTRATION_GUEST_DAYS)
    with transaction.atomic():
        changed = (
            Registration.objects.filter(event__ends_at__lt=needs_before)
            .filter(~Q(dietary_needs="") | ~Q(accessibility_needs=""))
            .update(dietary_needs="", accessibility_needs="")
        )
        changed += (
            Registration.objects.filter(event__ends_at__lt=guests_before, person__isnull=True)
            .filter(~Q(guest_name="") | ~Q(guest_email=""))
            .update(guest_name="", guest_email="")
        )
    return changed
