"""The API kit every app's JSON edge shares: pagination, error bodies for the schema, the
client address, query and body parsing, enum fields documented once.

Knows no domain: apps build their serializers and views on it (see docs/api.md).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Choices
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from common.api_errors import ErrorOut, RateLimitedOut, ValidationErrorOut
from common.http import client_ip
from common.text import validate_text

__all__ = [
    "ERROR_BODIES",
    "CharField",
    "EnumField",
    "Pagination",
    "client_ip",  # re-exported: defined in common.http for pages and APIs alike
    "enum_field",
    "error_responses",
    "parse_body",
    "parse_query",
    "request_viewer",
]


class Pagination(PageNumberPagination):
    """`?page=N`, and `?page_size=` up to 100 so a client can fetch a whole list in a few calls."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


ERROR_BODIES: dict[int, tuple[type[serializers.Serializer], str]] = {
    400: (ValidationErrorOut, "Invalid input: `code` is `invalid`, messages per field."),
    403: (ErrorOut, "`not_authenticated`, `authentication_failed` or `forbidden`."),
    404: (ErrorOut, "`not_found`: missing, or not visible to you."),
    409: (ErrorOut, "`invalid_transition` or `conflict`."),
    429: (RateLimitedOut, "`rate_limited`; the `Retry-After` header says when to retry."),
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the error statuses an endpoint can answer with."""
    return {
        code: OpenApiResponse(response=ERROR_BODIES[code][0], description=ERROR_BODIES[code][1])
        for code in statuses
    }


def request_viewer(serializer: serializers.Field) -> Any:
    """The person a serializer renders for: whose permissions decide what it shows."""
    return serializer.context["request"].user


def parse_query(serializer_class: type[serializers.Serializer], request: Request) -> dict:
    """Validate query parameters; a bad value is a 400 with errors per parameter."""
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


def parse_body(serializer_class: type[serializers.Serializer], request: Request, **kw: Any) -> dict:
    """Validate the request body (`partial=True` for a PATCH); a bad value is a 400 with
    errors per field."""
    body = serializer_class(data=request.data, **kw)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


class EnumField(serializers.ChoiceField):
    """A ChoiceField over one `Choices` class; see `enum_field`."""

    choices_class: type[Choices]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(self.choices_class.choices, **kwargs)


def enum_field(choices: type[Choices], name: str) -> type[EnumField]:
    """A field over `choices`, documented once as the schema component `name`.

    Without it drf-spectacular derives enum names from field names, and `kind` or `status`
    mean different choice sets on different resources.
    """
    field = type(f"{name}Field", (EnumField,), {"choices_class": choices})
    schema = {"type": "string", "enum": list(choices.values)}
    return extend_schema_field(schema, component_name=name)(field)


# --- Text -------------------------------------------------------------------------------


class CharField(serializers.CharField):
    """The API's text field: every api.py uses it, never DRF's own (a test checks).

    Refuses control characters as every edge does (common.text), with a message per field.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_text)
