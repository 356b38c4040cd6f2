"""Refusals specific to portfolios, each with a clear message.

Shaped like assessment's: a `PortfolioError` carries one of the hub's codes (so every edge
maps it to one HTTP status as usual) and a `reason` that says exactly what was refused, e.g.
`{"code": "conflict", "reason": "already_in_portfolio", "detail": "…"}`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.errors import ErrorCode, ServiceError


class Reason(StrEnum):
    NOT_PROMOTED = "not_promoted"
    ALREADY_IN_PORTFOLIO = "already_in_portfolio"


REASONS: dict[Reason, tuple[ErrorCode, Promise]] = {
    Reason.NOT_PROMOTED: (
        ErrorCode.INVALID_TRANSITION,
        _("Bara bidrag som har lyfts till portföljen kan bli initiativ."),
    ),
    Reason.ALREADY_IN_PORTFOLIO: (
        ErrorCode.CONFLICT,
        _("Bidraget finns redan som initiativ i portföljen."),
    ),
}


class PortfolioError(ServiceError):
    """A refusal with a hub error code and a portfolio-specific reason and message."""

    def __init__(self, reason: Reason, **detail: Any) -> None:
        self.reason = reason
        super().__init__(REASONS[reason][0], reason=reason.value, **detail)

    @property
    def message(self) -> str:
        return str(REASONS[self.reason][1])
