"""Refusals specific to assessment, each with a clear message.

An `AssessmentError` is a `ServiceError`: it carries one of the hub's codes (so the API and
the pages map it to one HTTP status as usual) and a `reason` that says exactly what was
refused, e.g. `{"code": "conflict", "reason": "already_voted", "detail": "…"}`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.errors import ErrorCode, ServiceError


class Reason(StrEnum):
    ROUND_NOT_DRAFT = "round_not_draft"
    ROUND_NOT_OPEN = "round_not_open"
    ROUND_NOT_CLOSED = "round_not_closed"
    NOT_ASSESSOR = "not_assessor"
    RECUSED = "recused"
    ALREADY_SUBMITTED = "already_submitted"
    RESULTS_NOT_AVAILABLE = "results_not_available"
    ALREADY_VOTED = "already_voted"
    NOT_YOUR_PARTY = "not_your_party"
    VOTES_MISSING = "votes_missing"
    NO_ELIGIBLE_PARTIES = "no_eligible_parties"
    ALREADY_DECIDED = "already_decided"


REASONS: dict[Reason, tuple[ErrorCode, Promise]] = {
    Reason.ROUND_NOT_DRAFT: (
        ErrorCode.INVALID_TRANSITION,
        _("Rundan har redan öppnats och kan inte längre ändras."),
    ),
    Reason.ROUND_NOT_OPEN: (
        ErrorCode.INVALID_TRANSITION,
        _("Rundan är inte öppen för bedömning."),
    ),
    Reason.ROUND_NOT_CLOSED: (
        ErrorCode.INVALID_TRANSITION,
        _("Det går att rösta och besluta först när rundan är stängd."),
    ),
    Reason.NOT_ASSESSOR: (ErrorCode.FORBIDDEN, _("Du är inte bedömare i den här rundan.")),
    Reason.RECUSED: (
        ErrorCode.FORBIDDEN,
        _("Du är jävig för det här bidraget och deltar inte i bedömningen av det."),
    ),
    Reason.ALREADY_SUBMITTED: (
        ErrorCode.CONFLICT,
        _("Du har redan lämnat in din bedömning; den kan inte ändras."),
    ),
    Reason.RESULTS_NOT_AVAILABLE: (
        ErrorCode.FORBIDDEN,
        _(
            "Resultatet visas när du har lämnat in din egen bedömning, "
            "och för andra när rundan är stängd."
        ),
    ),
    Reason.ALREADY_VOTED: (ErrorCode.CONFLICT, _("Din part har redan röstat om bidraget.")),
    Reason.NOT_YOUR_PARTY: (
        ErrorCode.FORBIDDEN,
        _("Du kan bara rösta för den part du företräder."),
    ),
    Reason.VOTES_MISSING: (
        ErrorCode.CONFLICT,
        _("Beslutsregeln kräver fler röster innan beslutet kan fattas."),
    ),
    Reason.NO_ELIGIBLE_PARTIES: (
        ErrorCode.CONFLICT,
        _("Ingen part kan rösta om bidraget: alla företrädare är jäviga."),
    ),
    Reason.ALREADY_DECIDED: (ErrorCode.CONFLICT, _("Bidraget är redan beslutat.")),
}


class AssessmentError(ServiceError):
    """A refusal with a hub error code and an assessment-specific reason and message."""

    def __init__(self, reason: Reason, **detail: Any) -> None:
        self.reason = reason
        super().__init__(REASONS[reason][0], reason=reason.value, **detail)

    @property
    def message(self) -> str:
        return str(REASONS[self.reason][1])
