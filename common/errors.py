"""Domain errors: the base every app's refusals build on.

A service raises `ServiceError(ErrorCode.X)` when a request is well-formed but not allowed in
the current state, and Django's `ValidationError` (with field names) for bad input. The edges
translate both in one place each: the API in `common.api_errors`, pages in the frontend's
error middleware, sockets in `realtime.consumers`.

The codes here are the ones every app shares. An app with refusals of its own declares them
in its own `errors.py`: a `StrEnum` of codes and a `ServiceError` subclass whose `specs` add
an HTTP status and a message for each (see `boards/errors.py`). The code travels on the wire
as it is (`{"code": "locked"}`), so clients can tell refusals apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    INVALID_TRANSITION = "invalid_transition"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class ErrorSpec:
    """How a code answers: its HTTP status and its message for people."""

    http_status: int
    message: Promise


SHARED_SPECS: Mapping[str, ErrorSpec] = {
    ErrorCode.NOT_FOUND: ErrorSpec(
        404, _("Det du söker finns inte, eller så saknar du behörighet.")
    ),
    ErrorCode.FORBIDDEN: ErrorSpec(403, _("Du har inte behörighet att göra detta.")),
    ErrorCode.INVALID_TRANSITION: ErrorSpec(
        409, _("Det går inte att byta till den statusen härifrån.")
    ),
    ErrorCode.CONFLICT: ErrorSpec(409, _("Åtgärden krockar med det som redan finns.")),
    ErrorCode.RATE_LIMITED: ErrorSpec(
        429, _("För många försök på kort tid. Vänta en stund och försök igen.")
    ),
}


def message_for(code: ErrorCode) -> str:
    """The shared message of `code`, in the active language."""
    return str(SHARED_SPECS[code].message)


class ServiceError(Exception):
    """A refusal: a code (from `ErrorCode` or an app's own codes) and extra detail."""

    specs: ClassVar[Mapping[str, ErrorSpec]] = SHARED_SPECS

    def __init__(self, code: StrEnum, **detail: Any) -> None:
        if code not in self.specs:
            raise ValueError(f"{type(self).__name__} has no error code {code!r}")
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else str(code))

    @property
    def spec(self) -> ErrorSpec:
        return self.specs[self.code]

    @property
    def message(self) -> str:
        return str(self.spec.message)

    @property
    def http_status(self) -> int:
        return self.spec.http_status
