"""Refusals specific to challenges, each with a clear message.

Shaped like registrations': a `ChallengeError` carries one of the hub's codes (so every edge
maps it to one HTTP status as usual) and a `reason` that says exactly what was refused, e.g.
`{"code": "conflict", "reason": "filled", "detail": "…"}`.
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
    FILLED = "filled"
    ALREADY_APPLIED = "already_applied"
    NOT_A_STUDENT = "not_a_student"
    PARTNER_NOT_STUDENT = "partner_not_student"
    ALREADY_DECIDED = "already_decided"
    NOT_ON_CHALLENGE = "not_on_challenge"
    BAD_STATUS_CHANGE = "bad_status_change"


REASONS: dict[Reason, tuple[ErrorCode, Promise]] = {
    Reason.NOT_OPEN: (ErrorCode.INVALID_TRANSITION, _("Utmaningen tar inte emot ansökningar.")),
    Reason.DEADLINE_PASSED: (ErrorCode.INVALID_TRANSITION, _("Sista ansökningsdag har passerat.")),
    Reason.FILLED: (
        ErrorCode.CONFLICT,
        _("Utmaningen är tillsatt: alla platser är fyllda."),
    ),
    Reason.ALREADY_APPLIED: (ErrorCode.CONFLICT, _("Du har redan sökt den här utmaningen.")),
    Reason.NOT_A_STUDENT: (
        ErrorCode.FORBIDDEN,
        _("Bara studenter kan söka utmaningar. Ange i din profil att du är student."),
    ),
    Reason.PARTNER_NOT_STUDENT: (
        ErrorCode.INVALID_TRANSITION,
        _("Den du söker tillsammans med måste vara student i hubben."),
    ),
    Reason.ALREADY_DECIDED: (
        ErrorCode.INVALID_TRANSITION,
        _("Ansökan är redan besvarad eller återtagen."),
    ),
    Reason.NOT_ON_CHALLENGE: (
        ErrorCode.FORBIDDEN,
        _("Bara studenter som antagits till utmaningen kan publicera dess resultat."),
    ),
    Reason.BAD_STATUS_CHANGE: (
        ErrorCode.INVALID_TRANSITION,
        _("Utmaningen kan inte byta till den statusen härifrån."),
    ),
}


class ChallengeError(ServiceError):
    """A refusal with a hub error code and a challenge-specific reason and message."""

    def __init__(self, reason: Reason, **detail: Any) -> None:
        self.reason = reason
        super().__init__(REASONS[reason][0], reason=reason.value, **detail)

    @property
    def message(self) -> str:
        return str(REASONS[self.reason][1])
