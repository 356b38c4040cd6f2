"""The API kit every app's JSON edge shares: pagination, error bodies for the schema, the
client address, query and body parsing, enum fields documented once.

Knows no domain: apps build their serializers and views on it (see docs/api.md).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Choices
from django.http import QueryDict
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from common.api_errors import ErrorOut, RateLimitedOut, ValidationErrorOut
from common.http import client_ip
from common.ids import BIGINT_MAX, BIGINT_MIN, ID_MAX, ID_MIN, INT_MAX, INT_MIN, parse_id
from common.text import validate_text

__all__ = [
    "ERROR_BODIES",
    "BigIntegerField",
    "CharField",
    "EnumField",
    "IdField",
    "IntegerField",
    "Pagination",
    "PrimaryKeyRelatedField",
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
    413: (ErrorOut, "`too_large`: the request body is too large."),
    415: (ErrorOut, "`unsupported_media_type`: a content type this endpoint does not read."),
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
    """Validate query parameters; a bad value is a 400 with errors per parameter.

    The one way an API view reads its query string (FilterSets read theirs through
    django-filter's backend): an empty parameter means "any", so it is left out here and
    the view sees the same as when it was not sent.
    """
    data = QueryDict(mutable=True)
    for name, values in request.query_params.lists():
        if given := [value for value in values if value != ""]:
            data.setlist(name, given)
    query = serializer_class(data=data)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


def parse_body(serializer_class: type[serializers.Serializer], request: Request, **kw: Any) -> dict:
    """Validate the request body (`partial=True` for a PATCH); a bad value is a 400 with
    errors per field."""
    body = serializer_class(data=request.data, **kw)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


# --- Bounded numbers and ids ------------------------------------------------------------
# Every api.py takes its whole numbers and ids from here (tests/test_architecture.py checks
# it): DRF's own fields have no bounds, so 10**23 or 1e400 reached the database as an
# OverflowError (a 500) instead of a field error.


class IntegerField(serializers.IntegerField):
    """A whole number within the database's `integer` range unless narrower bounds are given."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", INT_MIN)
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(**kwargs)


class BigIntegerField(IntegerField):
    """A whole number within the database's `bigint` range (`BigIntegerField` columns)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", BIGINT_MIN)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(**kwargs)


class IdField(IntegerField):
    """An id as a plain number (a row's primary key: 1 up to `bigint`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", ID_MIN)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A row named by its id. Anything that cannot be an id (a float, a word, a number past
    the key's range) is a field error before the database sees it."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        pk = parse_id(data)
        if pk is None:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)


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
