"""Status reports (lägesrapporter): a dated traffic light and a note, for the governing
board."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from hub.models import User
from portfolio import permissions
from portfolio.models import STATUS_NOTE_MAX, PortfolioInitiative, StatusReport, TrafficLight

Errors = dict[str, list[str]]


def status_report_create(
    *,
    actor: User,
    initiative: PortfolioInitiative,
    light: str,
    note: str,
    reported_on: date | None = None,
) -> StatusReport:
    """Report an initiative's status with a traffic light and a short note."""
    if not permissions.can_report_status(actor, initiative):
        raise ServiceError(ErrorCode.FORBIDDEN)
    note = (note or "").strip()
    today = timezone.localdate()
    reported_on = reported_on or today
    errors: Errors = {}
    if light not in TrafficLight.values:
        errors["light"] = [_("Välj grön, gul, orange eller röd.")]
    if not note:
        errors["note"] = [_("Skriv en kort kommentar till läget.")]
    elif len(note) > STATUS_NOTE_MAX:
        errors["note"] = [_("Kommentaren får vara högst %(n)d tecken.") % {"n": STATUS_NOTE_MAX}]
    if reported_on > today:
        errors["reported_on"] = [_("Datumet kan inte ligga i framtiden.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = StatusReport.objects.create(
            initiative=initiative, reported_on=reported_on, light=light, note=note, author=actor
        )
    return report
