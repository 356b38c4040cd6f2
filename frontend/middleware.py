"""Service refusals become pages in one place.

A page view calls services and lets a `ServiceError` propagate: this middleware answers it
with the matching error page (404, 403, 429 with Retry-After, or the general one), as a
fragment that htmx swaps into the alert area. Refusals that belong on a form (bad input, a
rate limit on a sign-in form) are put there by `frontend.views.common.form_errors`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from common.errors import ServiceError
from frontend.views.common import service_error_response


class ServiceErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ServiceError):
            return service_error_response(request, exception)
        return None
