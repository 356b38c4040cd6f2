"""Bad query parameters and ids: a 400 with field errors (or "any" when empty), never a 500.

Each case here was a server error once (issue 13).
"""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from tests.factories import FocusAreaFactory, UserFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient(raise_request_exception=True)


@pytest.fixture
def signed_in() -> APIClient:
    api = APIClient(raise_request_exception=True)
    api.force_authenticate(UserFactory())
    return api


@pytest.mark.parametrize(
    "path", ["/api/v1/assessment/initiatives/", "/api/v1/assessment/portfolios/"]
)
def test_an_empty_focus_area_means_any(anonymous, path):
    FocusAreaFactory()
    response = anonymous.get(path, {"focus_area": ""})
    assert response.status_code == 200, response.content


def test_an_integer_filter_past_the_database_range_is_a_field_error(anonymous):
    response = anonymous.get("/api/v1/events/", {"series": HUGE})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "series" in response.json()["errors"]


def test_an_infinite_id_in_a_body_is_a_field_error(signed_in):
    FocusAreaFactory()
    body = '{"title": "t", "kind": "idea", "summary": "s", "focus_area": 1e400}'
    response = signed_in.post("/api/v1/submissions/", body, content_type="application/json")
    assert response.status_code == 400
    assert "focus_area" in response.json()["errors"]


def test_an_id_list_past_the_database_range_is_a_field_error(signed_in):
    body = json.dumps({"ids": [int(HUGE)]})
    response = signed_in.post(
        "/api/v1/notifications/mark-read/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "ids.0" in response.json()["errors"]


@pytest.mark.parametrize(
    "query",
    [
        {"goal": HUGE},
        {"organisation": HUGE},
        {"goal": "1e400"},
        {"focus_area": HUGE},
        {"focus_area": "²"},
    ],
)
def test_filter_values_that_are_no_id_are_field_errors(anonymous, query):
    response = anonymous.get("/api/v1/submissions/", query)
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == set(query)


@pytest.mark.parametrize(
    "path", [f"/api/v1/submissions/{HUGE}/", f"/api/v1/events/{HUGE}/", "/api/v1/events/0/"]
)
def test_an_id_past_the_range_in_a_path_is_not_found(anonymous, path):
    assert anonymous.get(path).status_code == 404


def test_a_page_with_an_id_past_the_range_is_not_found(client):
    assert client.get(f"/evenemang/{HUGE}/").status_code == 404
