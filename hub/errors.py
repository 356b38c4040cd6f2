"""Domain errors shared by every app.

A service raises `ServiceError(ErrorCode.X)` when a request is well-formed but not allowed in
the current state, and Django's `ValidationError` (with field names) for bad input. The edges
translate both: the API in `hub.api_errors`, pages by showing the form again, sockets with an
error message carrying the code.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    INVALID_TRANSITION = "invalid_transition"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"
    LOCKED = "locked"
    CLOSED = "closed"
    WRONG_PHASE = "wrong_phase"
    BUDGET_EXCEEDED = "budget_exceeded"


HTTP_STATUS = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.INVALID_TRANSITION: 409,
    ErrorCode.CONFLICT: 409,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.LOCKED: 409,
    ErrorCode.CLOSED: 409,
    ErrorCode.WRONG_PHASE: 409,
    ErrorCode.BUDGET_EXCEEDED: 409,
}

MESSAGES = {
    ErrorCode.NOT_FOUND: _("Det du söker finns inte, eller så saknar du behörighet."),
    ErrorCode.FORBIDDEN: _("Du har inte behörighet att göra detta."),
    ErrorCode.INVALID_TRANSITION: _("Det går inte att byta till den statusen härifrån."),
    ErrorCode.CONFLICT: _("Åtgärden krockar med det som redan finns."),
    ErrorCode.RATE_LIMITED: _("För många försök på kort tid. Vänta en stund och försök igen."),
    ErrorCode.LOCKED: _("Tavlan är låst av processtödet."),
    ErrorCode.CLOSED: _("Tavlan är stängd."),
    ErrorCode.WRONG_PHASE: _("Det går inte i den här fasen."),
    ErrorCode.BUDGET_EXCEEDED: _("Du har inga röster kvar."),
}


class ServiceError(Exception):
    def __init__(self, code: ErrorCode, **detail: Any) -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else str(code))

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]
