"""Every change to registrations goes through these functions (docs/architecture.md)."""

from registrations.services.attendance import attendance_set
from registrations.services.calendar_feed import calendar_feed_create, calendar_feed_revoke
from registrations.services.registrations import (
    GuestInput,
    RegistrationInput,
    guest_registration_cancel,
    guest_registration_create,
    guest_registration_for_token,
    registration_cancel,
    registration_create,
    waiting_list_move_up,
)
from registrations.services.reminders import reminders_send
from registrations.services.setup import SettingsInput, registration_settings_set

__all__ = [
    "GuestInput",
    "RegistrationInput",
    "SettingsInput",
    "attendance_set",
    "calendar_feed_create",
    "calendar_feed_revoke",
    "guest_registration_cancel",
    "guest_registration_create",
    "guest_registration_for_token",
    "registration_cancel",
    "registration_create",
    "registration_settings_set",
    "reminders_send",
    "waiting_list_move_up",
]
