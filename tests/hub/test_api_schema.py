"""The OpenAPI document and the interactive docs page: valid, warning-free, self-hosted."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}  # the test settings allow only local hosts
EXPECTED_PATHS = {
    "/api/v1/me/",
    "/api/v1/auth/token/",
    "/api/v1/auth/signup/",
    "/api/v1/notifications/",
    "/api/v1/notifications/mark-read/",
    "/api/v1/organisations/",
    "/api/v1/focus-areas/",
    "/api/v1/goals/",
    "/api/v1/submissions/",
    "/api/v1/submissions/mine/",
    "/api/v1/submissions/{id}/",
    "/api/v1/submissions/{id}/history/",
    "/api/v1/submissions/{id}/transition/",
    "/api/v1/submissions/{id}/hide/",
    "/api/v1/submissions/{id}/unhide/",
    "/api/v1/submissions/{id}/attachments/{attachment_pk}/",
    "/api/v1/submissions/{id}/comments/",
    "/api/v1/comments/{id}/hide/",
    "/api/v1/submissions/{id}/support/",
    "/api/v1/submissions/{id}/support/{kind}/",
    "/api/v1/events/",
    "/api/v1/events/{id}/",
    "/api/v1/events/series/",
}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema() -> dict:
    response = APIClient().get("/api/schema/", **HOST)
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema


def test_schema_documents_every_endpoint_with_auth(schema):
    assert set(schema["paths"]) >= EXPECTED_PATHS
    assert {"cookieAuth", "tokenAuth"} <= schema["components"]["securitySchemes"].keys()


def test_every_operation_has_a_summary_a_success_and_documented_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            codes = set(operation["responses"])
            assert any(code.startswith("2") for code in codes), where
            for code in codes - {"200", "201", "204"}:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]
                assert ref["$ref"].endswith("Out"), where  # an error body, not a bare status


def test_errors_and_pages_have_their_shapes(schema):
    components = schema["components"]["schemas"]
    assert {"code", "detail", "errors"} <= components["ValidationErrorOut"]["properties"].keys()
    assert {"count", "next", "previous", "results"} <= components["PaginatedIdeaSummaryOutList"][
        "properties"
    ].keys()
    create = schema["paths"]["/api/v1/submissions/"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= create.keys()
    idea = components["IdeaOut"]["properties"]
    assert "author_name" in idea
    assert not {"author", "author_id", "author_email", "email"} & idea.keys()


def test_generation_raises_no_warnings_and_validates(tmp_path: Path):
    """What `manage.py spectacular --validate --fail-on-warn` checks, in the test suite."""
    GENERATOR_STATS.reset()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert yaml.safe_load((tmp_path / "schema.yml").read_text())["paths"]


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in {"src", "href"} and value]


def test_docs_page_works_offline():
    api = APIClient()
    response = api.get("/api/docs/", **HOST)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    parser = _Assets()
    parser.feed(response.content.decode())
    assert parser.urls
    for url in parser.urls:
        assert not re.match(r"^([a-z]+:)?//", url), f"{url} is on another host"
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file"
        else:
            assert url.startswith("/api/docs/?script"), url

    script = api.get("/api/docs/?script=", **HOST)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert not re.search(r"https?://", script.content.decode())
    assert '"/api/schema/"' in script.content.decode()
