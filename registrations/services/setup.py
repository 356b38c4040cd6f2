"""How an event takes registrations: opening them, the capacity, the deadline and the waiting
list, set by the event's organisers (or facilitators)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from events.models import Event
from hub.models import User
from registrations import permissions
from registrations.models import CAPACITY_MAX, RegistrationSettings
from registrations.services.registrations import confirmed_count, waiting_list_move_up


@dataclass(frozen=True)
class SettingsInput:
    is_open: bool = True
    capacity: int | None = None
    deadline: datetime | None = None
    waiting_list: bool = True


def registration_settings_set(
    *, actor: User, event: Event, data: SettingsInput
) -> RegistrationSettings:
    """Open (or change) registrations for `event`. A larger capacity gives the new places to
    the waiting list at once; a smaller one never takes a place from anyone who has it."""
    if not permissions.can_manage_registrations(actor, event):
        raise ServiceError(ErrorCode.FORBIDDEN)
    errors: dict[str, list[str]] = {}
    if data.capacity is not None and not 1 <= data.capacity <= CAPACITY_MAX:
        errors["capacity"] = [
            _("Ange ett antal platser mellan 1 och %(n)d, eller lämna tomt.") % {"n": CAPACITY_MAX}
        ]
    if data.deadline is not None and data.deadline > event.starts_at:
        errors["deadline"] = [_("Sista anmälningsdag kan inte ligga efter att evenemanget börjat.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        setup, _created = RegistrationSettings.objects.update_or_create(
            event=locked,
            defaults={
                "is_open": data.is_open,
                "capacity": data.capacity,
                "deadline": data.deadline,
                "waiting_list": data.waiting_list,
            },
        )
        waiting_list_move_up(event=locked)
    setup.confirmed = confirmed_count(event)  # type: ignore[attr-defined]
    return setup
