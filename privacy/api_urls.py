"""The privacy API's routes, mounted under /api/v1/me/ (hub/api_urls.py)."""

from django.urls import path

from privacy import api

urlpatterns = [
    path("exports/", api.DataExportListCreateApi.as_view(), name="data-export-list"),
    path("exports/<id:pk>/", api.DataExportDetailApi.as_view(), name="data-export-detail"),
    path(
        "exports/<id:pk>/download/",
        api.DataExportDownloadApi.as_view(),
        name="data-export-download",
    ),
    path("erase/", api.AccountEraseApi.as_view(), name="account-erase"),
]
