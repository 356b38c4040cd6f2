"""Refusals specific to registrations, each with a clear message.

Shaped like portfolio's: a `RegistrationError` carries one of the hub's codes (so every edge
maps it to one HTTP status as usual) and a `reason` that says exactly what was refused, e.g.
`{"code": "conflict", "reason": "full", "detail": "…"}`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.errors import ErrorCode, ServiceError


class Reason(StrEnum):
    NOT_OPEN = "not_open"
    DEADLINE_PASSED = "deadline_passed"
    FULL = "full"
    ALREADY_REGISTERED = "already_registered"
    ALREADY_CANCELLED = "already_cancelled"
    NOT_CONFIRMED = "not_confirmed"
    TOO_EARLY = "too_early"
    BAD_LINK = "bad_link"
    EVENT_OVER = "event_over"


REASONS: dict[Reason, tuple[ErrorCode, Promise]] = {
    Reason.NOT_OPEN: (
        ErrorCode.INVALID_TRANSITION,
        _("Evenemanget tar inte emot anmälningar."),
    ),
    Reason.DEADLINE_PASSED: (
        ErrorCode.INVALID_TRANSITION,
        _("Sista anmälningsdag har passerat."),
    ),
    Reason.FULL: (
        ErrorCode.CONFLICT,
        _("Evenemanget är fullt och har ingen väntelista."),
    ),
    Reason.ALREADY_REGISTERED: (
        ErrorCode.CONFLICT,
        _("Du är redan anmäld till evenemanget."),
    ),
    Reason.ALREADY_CANCELLED: (
        ErrorCode.INVALID_TRANSITION,
        _("Anmälan är redan avanmäld."),
    ),
    Reason.NOT_CONFIRMED: (
        ErrorCode.INVALID_TRANSITION,
        _("Bara den som har en plats kan markeras som närvarande."),
    ),
    Reason.TOO_EARLY: (
        ErrorCode.INVALID_TRANSITION,
        _("Närvaro kan markeras från dagen före evenemanget."),
    ),
    Reason.EVENT_OVER: (
        ErrorCode.INVALID_TRANSITION,
        _("Evenemanget är redan över."),
    ),
    Reason.BAD_LINK: (
        ErrorCode.NOT_FOUND,
        _("Länken gäller inte längre. Kontrollera att du använt hela länken från mejlet."),
    ),
}


class RegistrationError(ServiceError):
    """A refusal with a hub error code and a registration-specific reason and message."""

    def __init__(self, reason: Reason, **detail: Any) -> None:
        self.reason = reason
        super().__init__(REASONS[reason][0], reason=reason.value, **detail)

    @property
    def message(self) -> str:
        return str(REASONS[self.reason][1])
