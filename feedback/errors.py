"""Refusals specific to feedback, each with a clear message (shaped like registrations').

A `FeedbackError` carries one of the hub's codes (so every edge maps it to one HTTP status)
and a `reason` that says exactly what was refused, e.g. `{"code": "conflict", "reason":
"already_answered", "detail": "…"}`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.errors import ErrorCode, ServiceError


class Reason(StrEnum):
    NO_FORM = "no_form"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    ALREADY_ANSWERED = "already_answered"
    NOT_A_PARTICIPANT = "not_a_participant"
    BAD_LINK = "bad_link"
    HAS_ANSWERS = "has_answers"
    TOO_MANY_QUESTIONS = "too_many_questions"


REASONS: dict[Reason, tuple[ErrorCode, Promise]] = {
    Reason.NO_FORM: (ErrorCode.NOT_FOUND, _("Evenemanget har ingen utvärdering.")),
    Reason.NOT_YET_OPEN: (
        ErrorCode.INVALID_TRANSITION,
        _("Utvärderingen har inte öppnat ännu."),
    ),
    Reason.CLOSED: (ErrorCode.INVALID_TRANSITION, _("Utvärderingen är stängd.")),
    Reason.ALREADY_ANSWERED: (
        ErrorCode.CONFLICT,
        _("Du har redan svarat på utvärderingen. Tack!"),
    ),
    Reason.NOT_A_PARTICIPANT: (
        ErrorCode.FORBIDDEN,
        _(
            "Utvärderingen är för dem som deltog: anmälda deltagare, deltagare på "
            "evenemangets tavlor och den som fått länken på plats."
        ),
    ),
    Reason.BAD_LINK: (
        ErrorCode.NOT_FOUND,
        _("Länken gäller inte. Kontrollera att du använt hela länken eller skanna QR-koden igen."),
    ),
    Reason.HAS_ANSWERS: (
        ErrorCode.CONFLICT,
        _("Frågan har redan fått svar och kan inte tas bort."),
    ),
    Reason.TOO_MANY_QUESTIONS: (
        ErrorCode.CONFLICT,
        _("Utvärderingen har redan så många egna frågor som går."),
    ),
}


class FeedbackError(ServiceError):
    """A refusal with a hub error code and a feedback-specific reason and message."""

    def __init__(self, reason: Reason, **detail: Any) -> None:
        self.reason = reason
        super().__init__(REASONS[reason][0], reason=reason.value, **detail)

    @property
    def message(self) -> str:
        return str(REASONS[self.reason][1])
