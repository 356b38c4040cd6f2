"""The API's edges: every error under /api/ in the documented shape, whoever answers it
(a view, Django's URL resolver, a server error with production settings, Daphne's body
parsing), and the root at /api/v1/ (issue 13)."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from daphne.http_protocol import WebRequest
from django.test import Client
from rest_framework.test import APIClient

from common.daphne import leave_bodies_to_django
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

B = "/api/v1"


@pytest.fixture
def client() -> Client:
    # With production's handling of exceptions: a 500 is answered, not raised into the test.
    return Client(raise_request_exception=False)


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture(autouse=True)
def production_debug(settings):
    settings.DEBUG = False  # as in production: Django answers errors with its pages


class TestEveryStatusIsJson:
    @pytest.mark.parametrize("path", [f"{B}/nope/", f"{B}/submissions/x/", "/api/v2/", "/api/"])
    def test_an_unknown_path_is_a_json_404(self, client, path):
        assert_error_shape(client.get(path), 404, "not_found")

    def test_a_page_outside_the_api_keeps_its_html_404(self, client):
        response = client.get("/finns-inte/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")

    def test_a_method_not_allowed_is_a_json_405_with_allow(self, client):
        response = client.put(f"{B}/auth/token/", "{}", content_type="application/json")
        assert_error_shape(response, 405, "method_not_allowed")
        assert "POST" in response["Allow"]

    def test_an_unsupported_media_type_is_a_json_415(self, client):
        response = client.post(f"{B}/auth/token/", "x", content_type="text/plain")
        assert_error_shape(response, 415, "unsupported_media_type")

    def test_a_body_too_large_is_a_json_413(self, client, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
        client.force_login(UserFactory())
        body = '{"ids": [' + ",".join(["1"] * 100) + "]}"
        response = client.post(
            f"{B}/notifications/mark-read/", body, content_type="application/json"
        )
        assert_error_shape(response, 413, "too_large")

    @pytest.mark.parametrize("path", [f"{B}/broken/", f"{B}/broken-api/"])
    def test_a_server_error_is_a_json_500(self, client, settings, path):
        settings.ROOT_URLCONF = "tests.api.edge_urls"
        body = assert_error_shape(client.get(path), 500, "server_error")
        assert "a bug" not in body["detail"]  # nothing of the exception reaches the client

    def test_a_server_error_on_a_page_keeps_the_html_page(self, client, settings):
        settings.ROOT_URLCONF = "tests.api.edge_urls"
        response = client.get("/broken/")
        assert response.status_code == 500
        assert response["Content-Type"].startswith("text/html")

    def test_the_detail_follows_the_request_language(self, client):
        response = client.get(f"{B}/nope/", headers={"accept-language": "en"})
        assert "not" in response.json()["detail"].lower()
        assert "Accept-Language" in response["Vary"]  # caches keep the languages apart


class TestClosingBoundaryOnly:
    """`--X--` alone: a multipart body with no parts."""

    BODY = b"--X--\r\n"
    TYPE = "multipart/form-data; boundary=X"

    def test_django_answers_it_with_a_field_error(self, client):
        response = client.generic("POST", f"{B}/boards/join/", self.BODY, content_type=self.TYPE)
        body = assert_error_shape(response, 400, "invalid")
        assert "join_code" in body["errors"]

    def test_daphne_hands_it_to_django_instead_of_a_bare_400(self):
        leave_bodies_to_django()
        channel = mock.Mock()
        request = WebRequest(channel)
        request.content = io.BytesIO(self.BODY)
        request.content.seek(0, io.SEEK_END)
        request.requestHeaders.setRawHeaders(b"content-type", [self.TYPE.encode()])
        with mock.patch.object(WebRequest, "process") as process:
            request.requestReceived(b"POST", b"/api/v1/boards/join/", b"HTTP/1.1")

        process.assert_called_once()
        channel._respondToBadRequestAndDisconnect.assert_not_called()

    def test_leaving_bodies_to_django_is_done_once(self):
        leave_bodies_to_django()
        init = WebRequest.__init__
        leave_bodies_to_django()
        assert WebRequest.__init__ is init


class TestRoot:
    def test_lists_the_resources_and_links_the_schema_and_docs(self):
        api = APIClient()
        response = api.get(f"{B}/")

        assert response.status_code == 200
        body = response.json()
        assert body["schema"] == "http://testserver/api/schema/"
        assert body["docs"] == "http://testserver/api/docs/"
        assert {"submissions", "events", "boards", "portfolios"} <= body["resources"].keys()

    def test_every_listed_resource_answers(self):
        api = APIClient()
        api.force_login(UserFactory())
        resources = api.get(f"{B}/").json()["resources"]
        for name, url in resources.items():
            response = api.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
