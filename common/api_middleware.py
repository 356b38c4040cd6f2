"""Every answer under /api/ in the API's error shape (`{"code", "detail"}`, see
`common.api_errors`), whoever produced it.

DRF's views answer their own errors through `common.api_errors.exception_handler`. What
happens outside them was a Django HTML page: a path no view matches (404), a server error
(500), a body Django refuses before any view runs (400, 413). This middleware, one place,
turns each such non-JSON error response under /api/ into the JSON body, keeping its status
and the headers a client (or a cache) needs (`Allow`, `Retry-After`, `Vary`). Knows no
domain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.api_errors import NON_FIELD
from common.errors import ErrorCode, message_for

API_PREFIX = "/api/"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary", "Content-Language")

# Status -> (code, message): the codes DRF's own views use for the same statuses.
STATUS_ERRORS: dict[int, tuple[str, Promise | None]] = {
    400: ("parse_error", _("Förfrågan kunde inte läsas.")),
    403: (ErrorCode.FORBIDDEN.value, None),
    404: (ErrorCode.NOT_FOUND.value, None),
    405: ("method_not_allowed", _("Metoden är inte tillåten här.")),
    413: ("too_large", _("Förfrågan är för stor.")),
    415: ("unsupported_media_type", _("Innehållstypen stöds inte.")),
    429: (ErrorCode.RATE_LIMITED.value, None),
    500: ("server_error", _("Något gick fel hos oss. Försök igen om en stund.")),
}
OTHER_ERROR = ("error", _("Förfrågan kunde inte genomföras."))


def error_body(status: int) -> dict[str, Any]:
    """The body the API answers `status` with when nothing more specific is known; a 400
    has `errors` too, as every 400 of the API does."""
    code, message = STATUS_ERRORS.get(status, OTHER_ERROR)
    detail = message_for(ErrorCode(code)) if message is None else str(message)
    body: dict[str, Any] = {"code": code, "detail": detail}
    if status == 400:
        body["errors"] = {NON_FIELD: [detail]}
    return body


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


class ApiErrorMiddleware:
    """Outermost but for security headers (see MIDDLEWARE), so it sees every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith(API_PREFIX)
            or _is_json(response)
        ):
            return response
        status = response.status_code
        replacement = JsonResponse(
            error_body(status), status=status, json_dumps_params={"ensure_ascii": False}
        )
        for header in KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement
