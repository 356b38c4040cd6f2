"""A URL map for tests/api/test_edges.py: the hub's, and views under /api/ that fail."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.urls import urlpatterns as hub_urlpatterns


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


class BrokenApi(APIView):
    def get(self, request: Request) -> Response:
        raise RuntimeError("a bug in an API view")


urlpatterns = [
    path("api/v1/broken/", broken_view),
    path("api/v1/broken-api/", BrokenApi.as_view()),
    path("broken/", broken_view),
    *hub_urlpatterns,
]
