"""Refusals that only a live board has, besides the shared ones in `common.errors`.

Their codes go to the client as they are (`docs/realtime-protocol.md`, "Errors").
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from common.errors import SHARED_SPECS, ErrorSpec, ServiceError


class BoardErrorCode(StrEnum):
    LOCKED = "locked"
    CLOSED = "closed"
    WRONG_PHASE = "wrong_phase"
    BUDGET_EXCEEDED = "budget_exceeded"


BOARD_SPECS: Mapping[str, ErrorSpec] = {
    BoardErrorCode.LOCKED: ErrorSpec(409, _("Tavlan är låst av processtödet.")),
    BoardErrorCode.CLOSED: ErrorSpec(409, _("Tavlan är stängd.")),
    BoardErrorCode.WRONG_PHASE: ErrorSpec(409, _("Det går inte i den här fasen.")),
    BoardErrorCode.BUDGET_EXCEEDED: ErrorSpec(409, _("Du har inga röster kvar.")),
}


class BoardError(ServiceError):
    """A refusal by a board: a shared code or one of `BoardErrorCode`."""

    specs = {**SHARED_SPECS, **BOARD_SPECS}
