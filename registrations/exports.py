"""The registration list as a CSV file for the organisers (the same rows as their page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheets import csv_bytes
from hub.display_names import shown_name
from registrations.models import Registration


def registrant_name(registration: Registration, viewer: Any) -> str:
    """Who registered, as `viewer` sees them: the account's name, or the guest's own (gone
    after the retention period)."""
    if registration.person is not None:
        return shown_name(person=registration.person, viewer=viewer)
    return registration.guest_name or _("Gäst (uppgifterna borttagna)")


def registrant_email(registration: Registration) -> str:
    if registration.person is not None:
        return "" if registration.person.erased_at else registration.person.email
    return registration.guest_email


def registrations_csv(registrations: Iterable[Registration], *, viewer: Any) -> bytes:
    headers = [
        _("Namn"),
        _("E-postadress"),
        _("Organisation"),
        _("Sektor"),
        _("Status"),
        _("Anmäld"),
        _("Närvarade"),
        _("Kost"),
        _("Tillgänglighet"),
        _("Gäst"),
    ]
    rows = (
        [
            registrant_name(registration, viewer),
            registrant_email(registration),
            registration.organisation_name,
            registration.get_sector_display(),
            registration.get_status_display(),
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            _("ja") if registration.attended else _("nej"),
            registration.dietary_needs,
            registration.accessibility_needs,
            _("ja") if registration.is_guest else _("nej"),
        ]
        for registration in registrations
    )
    return csv_bytes(headers, rows)
