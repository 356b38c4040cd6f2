"""Property-based test of the whole REST API against its own OpenAPI schema (issue 13).

For every operation the schema publishes, Hypothesis generates requests from the schema
itself: query parameters of list endpoints, JSON bodies of write endpoints, ids in paths,
signed in (as a facilitator) or not.
Values are mostly what the schema describes, mixed with the bad input that once caused
server errors (10**23, 1e400, "²", empty strings, wrong types, any JSON at all). Every
response must be no 5xx, a status the operation documents, and (for JSON) a body that
validates against the documented schema for that status. Before the random examples, each
query parameter and each body field alone gets each value that once overflowed, so those
are checked on every run rather than by chance.

Bounded: a few examples per operation and no deadline, so it stays within about a minute
on a loaded two-core machine (`EXAMPLES`). Run alone with `pytest tests/api -k schema`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import UTC
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from rest_framework.renderers import JSONRenderer

from hub.models import Role
from tests.boards.factories import CardFactory, ParticipantFactory
from tests.events.factories import EventFactory
from tests.factories import CommentFactory, FocusAreaFactory, IdeaFactory, UserFactory

# Per operation (about 90 of them); API_PROPERTY_EXAMPLES=100 digs deeper, off the clock.
EXAMPLES = int(os.environ.get("API_PROPERTY_EXAMPLES", "5"))
METHODS = ("get", "post", "put", "patch", "delete")
# Operations that would end the test's own session or account when Hypothesis is lucky.
SKIPPED = {("post", "/api/v1/me/erase/")}
RAW_INFINITY = "\x00hub-1e400\x00"  # replaced by a bare 1e400 in the JSON text

# The bad input that once caused 500s, and its relatives.
EDGE_VALUES = st.sampled_from(
    [10**23, -(10**23), 2**63, 2**31, -1, 0, 1.5, RAW_INFINITY, "", " ", "²", "1e400", None]
)
EDGE_TEXT = st.sampled_from(["", "99999999999999999999999", "1e400", "²", "-1", "x"]) | st.text(
    max_size=6
)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


def _load_schema() -> dict[str, Any]:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(JSONRenderer().render(generated))


SCHEMA = _load_schema()


def _operations() -> Iterator[Any]:
    for path, item in SCHEMA["paths"].items():
        for method in METHODS:
            if method in item and (method, path) not in SKIPPED:
                yield pytest.param(method, path, id=f"{method.upper()} {path}")


# --- OpenAPI 3.0 to JSON Schema -------------------------------------------------------------

OPENAPI_ONLY = {"nullable", "readOnly", "writeOnly", "example", "discriminator", "deprecated"}


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's dialect as plain JSON Schema (draft 4): `nullable` becomes a union with
    null; a `$ref` stands alone, as in OpenAPI."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return {"$ref": node["$ref"]}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in OPENAPI_ONLY:
            continue
        if key == "properties":
            out[key] = {name: _json_schema(prop) for name, prop in value.items()}
        else:
            out[key] = _json_schema(value)
    if node.get("nullable"):
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        return {"anyOf": [out, {"type": "null"}]}
    return out


COMPONENTS = _json_schema(SCHEMA["components"])


def _validator(schema: dict[str, Any]) -> Draft4Validator:
    return Draft4Validator({"allOf": [_json_schema(schema)], "components": COMPONENTS})


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = SCHEMA["components"]["schemas"][name]
    return schema


# --- Values from the schema -----------------------------------------------------------------


def _valid(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values the schema describes (roughly: enough to get past the first field errors)."""
    schema = _resolve(schema)
    for key in ("oneOf", "anyOf", "allOf"):
        if key in schema:
            return st.one_of([_valid(part, depth) for part in schema[key]])
    if "enum" in schema:
        return st.sampled_from([value for value in schema["enum"] if value is not None])
    kind = schema.get("type")
    if kind == "integer":
        low, high = schema.get("minimum", -5), schema.get("maximum", 50)
        return st.integers(min_value=low, max_value=min(high, max(low, 0) + 50))
    if kind == "number":
        return st.floats(min_value=-100, max_value=100, allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(_value(schema.get("items", {}), depth + 1), max_size=3)
    if kind == "object" or "properties" in schema:
        if depth > 2:
            return st.just({})
        return _object(schema, depth + 1)
    if schema.get("format") == "date-time":
        return st.datetimes(timezones=st.just(UTC)).map(lambda value: value.isoformat())
    if schema.get("format") == "date":
        return st.dates().map(lambda value: value.isoformat())
    if schema.get("format") == "binary":
        return st.just("")
    return st.text(max_size=min(schema.get("maxLength", 40), 40))


def _value(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Valid, an edge value, or anything at all, in equal parts."""
    # DRF reports every field's error at once: one request checks all its fields.
    return st.one_of(_valid(schema, depth), EDGE_VALUES, ANY_JSON)


def _object(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    schema = _resolve(schema)
    properties = {
        name: prop
        for name, prop in schema.get("properties", {}).items()
        if not _resolve(prop).get("readOnly")
    }
    required = set(schema.get("required", [])) & properties.keys()
    return st.fixed_dictionaries(
        {name: _value(properties[name], depth) for name in sorted(required)},
        optional={
            name: _value(prop, depth) for name, prop in properties.items() if name not in required
        },
    )


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _query(parameters: list[dict[str, Any]]) -> st.SearchStrategy[dict[str, str]]:
    values = {
        parameter["name"]: st.one_of(
            _valid(parameter.get("schema", {})).map(_query_text),
            EDGE_TEXT,
        )
        for parameter in parameters
        if parameter["in"] == "query"
    }
    return st.fixed_dictionaries({}, optional=values)


def _path_value(parameter: dict[str, Any]) -> st.SearchStrategy[str]:
    schema = parameter.get("schema", {})
    if schema.get("type") == "integer":
        return st.one_of(st.integers(min_value=1, max_value=4), st.just(2**63 - 1)).map(str)
    return st.sampled_from(["idea", "participate", "barn-och-unga", "x", "1"])


def _request(method: str, path: str) -> st.SearchStrategy[tuple[str, dict[str, str], Any]]:
    operation = SCHEMA["paths"][path][method]
    parameters = operation.get("parameters", [])
    path_values = st.fixed_dictionaries(
        {p["name"]: _path_value(p) for p in parameters if p["in"] == "path"}
    )
    content = operation.get("requestBody", {}).get("content", {})
    body_schema = content.get("application/json", {}).get("schema")
    body = (
        st.none()
        if body_schema is None
        else st.one_of(_object(body_schema), _object(body_schema), ANY_JSON)
    )

    def url(values: dict[str, str]) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: values[m[1]], path)

    return st.tuples(path_values.map(url), _query(parameters), body)


def _body_text(body: Any) -> str:
    return json.dumps(body).replace(json.dumps(RAW_INFINITY), "1e400")


# --- The data the requests find -------------------------------------------------------------


@pytest.fixture
def clients(db, settings) -> tuple[Client, Client]:
    """A facilitator (who may reach most write endpoints' validation) and someone not
    signed in, with a few rows of each kind at low ids for the paths to name, and no rate
    limits in the way."""
    settings.RATE_LIMITS = {
        scope: (10**6, limit[1]) for scope, limit in settings.RATE_LIMITS.items()
    }
    user = UserFactory(roles=[Role.FACILITATOR, Role.ADMINISTRATOR], is_staff=True)
    FocusAreaFactory(slug="barn-och-unga")
    idea = IdeaFactory(author=user)
    CommentFactory(idea=idea)
    EventFactory()
    card = CardFactory()
    ParticipantFactory(board=card.board, user=user)
    api = Client(raise_request_exception=False)
    api.force_login(user)
    return api, Client(raise_request_exception=False)


@pytest.mark.parametrize(("method", "path"), list(_operations()))
def test_every_operation_answers_as_its_schema_says(clients, method, path):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_request(method, path), st.sampled_from(clients))
    def check(request: tuple[str, dict[str, str], Any], client: Client) -> None:
        _answers_as_documented(client, method, path, *request)

    _refuses_the_values_that_overflowed(clients, method, path)
    check()


# Each once in every query parameter and every body field: the values that overflowed.
OVERFLOWS_IN_QUERIES = ["99999999999999999999999", "1e400", "²"]
OVERFLOWS_IN_BODIES = [10**23, RAW_INFINITY, "²", [10**23]]


def _refuses_the_values_that_overflowed(
    clients: tuple[Client, Client], method: str, path: str
) -> None:
    """Not left to chance: each query parameter and each body field of the operation alone
    set to each value that once overflowed, the rest left out."""
    operation = SCHEMA["paths"][path][method]
    parameters = operation.get("parameters", [])
    names = [parameter["name"] for parameter in parameters if parameter["in"] == "query"]
    content = operation.get("requestBody", {}).get("content", {})
    body_schema = content.get("application/json", {}).get("schema")
    fields = list(_resolve(body_schema).get("properties", {})) if body_schema else []
    url = re.sub(r"\{\w+\}", "1", path)
    signed_in = clients[0]
    for name in names:
        for text in OVERFLOWS_IN_QUERIES:
            _answers_as_documented(signed_in, method, path, url, {name: text}, None)
    for field in fields:
        for value in OVERFLOWS_IN_BODIES:
            _answers_as_documented(signed_in, method, path, url, {}, {field: value})


def _answers_as_documented(
    client: Client, method: str, path: str, url: str, query: dict[str, str], body: Any
) -> None:
    operation = SCHEMA["paths"][path][method]
    if query:
        url += "?" + "&".join(f"{name}={value}" for name, value in _encoded(query))
    kwargs: dict[str, Any] = {}
    if body is not None or method in {"post", "put", "patch"}:
        kwargs = {"data": _body_text(body), "content_type": "application/json"}
    response = getattr(client, method)(url, **kwargs)

    where = f"{method.upper()} {url} {kwargs.get('data', '')}"
    status = str(response.status_code)
    assert response.status_code < 500, f"{where} -> {status} {response.content[:500]!r}"
    documented = operation["responses"]
    assert status in documented, (
        f"{where} -> {status} not in {sorted(documented)}: {response.content[:300]!r}"
    )
    content = documented[status].get("content", {})
    if response.get("Content-Type", "").startswith("application/json") and content:
        schema = content.get("application/json", {}).get("schema")
        assert schema is not None, f"{where} -> {status} answers JSON, documents {list(content)}"
        errors = sorted(_validator(schema).iter_errors(response.json()), key=str)
        assert not errors, (
            f"{where} -> {status}: {errors[0].message} at {list(errors[0].absolute_path)}"
        )


def _encoded(query: dict[str, str]) -> Iterator[tuple[str, str]]:
    for name, value in query.items():
        yield quote(name), quote(value)
