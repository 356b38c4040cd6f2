"""How the REST API reports errors: one shape for every failure, one place that maps them.

Every error body has a machine-readable `code` and a human `detail`:

- a domain error (`ServiceError`) keeps its code and status, plus its extra data;
- bad input (Django's or DRF's `ValidationError`) is 400 `invalid` with `errors` per field;
- a body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413 `too_large`;
- everything else DRF knows (authentication, method, parse errors) keeps its status, with
  DRF's code renamed where the hub already has a word for it; a 400 (`parse_error`) also
  has `errors`, the message under `non_field_errors`, so every 400 has the same shape.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from common.errors import ErrorCode, ServiceError, message_for

INVALID = "invalid"
INVALID_MESSAGE = _("Uppgifterna är inte giltiga. Se felen per fält.")
TOO_LARGE = "too_large"
TOO_LARGE_MESSAGE = _("Förfrågan är för stor.")
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY

# DRF's codes for its own exceptions, renamed to the hub's where they mean the same thing.
DRF_CODES = {
    "permission_denied": ErrorCode.FORBIDDEN.value,
    "throttled": ErrorCode.RATE_LIMITED.value,
}

ErrorDict = dict[str, list[str]]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER (see settings). Returns None for a real server error."""
    if isinstance(exc, ServiceError):
        return _service_error(exc)
    if isinstance(exc, DjangoValidationError):
        return _invalid(django_errors(exc))
    if isinstance(exc, exceptions.ValidationError):
        return _invalid(flatten_errors(exc.detail))
    if isinstance(exc, RequestDataTooBig):
        # Django would answer with an HTML page; API clients get the JSON shape.
        return Response({"code": TOO_LARGE, "detail": str(TOO_LARGE_MESSAGE)}, status=413)
    if isinstance(exc, Http404):
        set_rollback()
        return Response(
            {"code": ErrorCode.NOT_FOUND.value, "detail": message_for(ErrorCode.NOT_FOUND)},
            status=404,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        detail = str(response.data["detail"])
        response.data = {"code": _drf_code(exc), "detail": detail}
        if response.status_code == 400:
            # Every 400 has the one shape, `errors` included (here: about the whole body).
            response.data["errors"] = {NON_FIELD: [detail]}
    return response


def _service_error(exc: ServiceError) -> Response:
    set_rollback()
    headers = {}
    retry_after = exc.detail.get("retry_after")
    if exc.code == ErrorCode.RATE_LIMITED and retry_after is not None:
        headers["Retry-After"] = str(max(1, int(retry_after)))
    # Extra data first, so it can never overwrite the code or the message.
    body = {**exc.detail, "code": exc.code.value, "detail": exc.message}
    return Response(body, status=exc.http_status, headers=headers)


def _invalid(errors: ErrorDict) -> Response:
    set_rollback()
    return Response({"code": INVALID, "detail": str(INVALID_MESSAGE), "errors": errors}, status=400)


def django_errors(exc: DjangoValidationError) -> ErrorDict:
    """Field -> messages, with Django's `__all__` under DRF's `non_field_errors`."""
    if not hasattr(exc, "error_dict"):
        return {NON_FIELD: [str(message) for message in exc.messages]}
    return {
        (NON_FIELD if field == NON_FIELD_ERRORS else field): [str(m) for m in messages]
        for field, messages in exc.message_dict.items()
    }


def flatten_errors(detail: Any, prefix: str = "") -> ErrorDict:
    """DRF's nested error detail as flat `field` / `field.0.sub` keys, each a list of strings."""
    errors: ErrorDict = {}

    def add(more: ErrorDict) -> None:
        for key, messages in more.items():
            errors.setdefault(key, []).extend(messages)

    if isinstance(detail, dict):
        for key, value in detail.items():
            add(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        # One entry per item of a list field; valid items have empty entries.
        for index, item in enumerate(detail):
            add(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    elif detail not in (None, "", []):
        items = detail if isinstance(detail, list) else [detail]
        add({prefix or NON_FIELD: [str(item) for item in items]})
    return errors


def _drf_code(exc: Exception) -> str:
    if isinstance(exc, DjangoPermissionDenied):
        return ErrorCode.FORBIDDEN.value
    if isinstance(exc, exceptions.APIException):
        code = exc.get_codes()
        if isinstance(code, str):
            return DRF_CODES.get(code, code)
    return "error"


# --- Schema -----------------------------------------------------------------------------
# The bodies above, described for the OpenAPI document.


class ErrorOut(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable error code, e.g. `not_found`.")
    detail = serializers.CharField(help_text="A message for people, in the request's language.")


class ValidationErrorOut(ErrorOut):
    # Shadows `Serializer.errors` only in the class body: DRF pops declared fields.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field; errors about the whole request under `non_field_errors`.",
    )


class RateLimitedOut(ErrorOut):
    retry_after = serializers.IntegerField(help_text="Seconds until a new attempt may succeed.")


class InvalidTransitionOut(ErrorOut):
    current = serializers.CharField(help_text="The submission's status now.")
    to = serializers.CharField(help_text="The status that was asked for.")
