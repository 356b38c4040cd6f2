"""The notification kinds the registrations app creates, and how each reads.

Organisers hear about each registration and cancellation; participants get a confirmation
(or their place on the waiting list), word when they move up, and a reminder the day
before. Guests have no account: they get the same by email (`registrations/mails.py`).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from hub.notifications import register_message

CONFIRMED = "registrations.confirmed"
WAITLISTED = "registrations.waitlisted"
PROMOTED = "registrations.promoted"
REMINDER = "registrations.reminder"
NEW_REGISTRATION = "registrations.new"
CANCELLED = "registrations.cancelled"


def _when(data: dict) -> dict:
    """The stored start time (ISO 8601) as a date and time in the reader's language."""
    try:
        starts_at = datetime.fromisoformat(str(data.get("starts_at")))
    except ValueError:
        return data
    local = timezone.localtime(starts_at)
    return {**data, "when": formats.date_format(local, "DATETIME_FORMAT")}


register_message(
    CONFIRMED,
    _("Du är anmäld till ”{title}”."),
    label=_("Bekräftelse när du anmält dig"),
    addressed=True,
)
register_message(
    WAITLISTED,
    _("”{title}” är fullt: du står på väntelistan och får besked om en plats blir ledig."),
    label=_("Besked när du hamnat på väntelistan"),
    addressed=True,
)
register_message(
    PROMOTED,
    _("En plats blev ledig: du är nu anmäld till ”{title}”."),
    label=_("Besked när du fått en plats från väntelistan"),
    addressed=True,
)
register_message(
    REMINDER,
    _("Påminnelse: ”{title}” börjar {when}."),
    prepare=_when,
    label=_("Påminnelser inför evenemang du anmält dig till"),
    addressed=True,
)
register_message(
    NEW_REGISTRATION,
    _("Ny anmälan till ”{title}” ({confirmed} anmälda)."),
    label=_("Nya anmälningar till evenemang du arrangerar"),
)
register_message(
    CANCELLED,
    _("En avanmälan från ”{title}” ({confirmed} anmälda)."),
    label=_("Avanmälningar från evenemang du arrangerar"),
)
