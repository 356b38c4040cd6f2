"""The hub's URLs with the assessment API mounted where `hub/api_urls.py` mounts it
(/api/v1/assessment/, namespace `api:assessment`), whether or not it already does."""

from django.urls import URLPattern, URLResolver, include, path

from hub import api_urls
from hub import urls as hub_urls

_mounted = any(str(p.pattern) == "assessment/" for p in api_urls.urlpatterns)
_api: list[URLPattern | URLResolver] = [*api_urls.urlpatterns]
if not _mounted:
    _api.append(path("assessment/", include("assessment.api_urls")))

urlpatterns = [
    path("api/v1/", include((_api, "api"))),
    *[p for p in hub_urls.urlpatterns if str(p.pattern) != "api/v1/"],
]
