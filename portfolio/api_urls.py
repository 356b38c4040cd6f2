"""URL map of the portfolio API. Its paths were under /api/v1/assessment/ before portfolios
had an app of their own, and stay there: the hub mounts this map at the same prefix
(`hub/api_urls.py`)."""

from django.urls import path

from portfolio import api

app_name = "portfolio"

urlpatterns = [
    path("portfolios/", api.PortfolioOverviewApi.as_view(), name="portfolio-overview"),
    path("initiatives/", api.InitiativeListCreateApi.as_view(), name="initiative-list"),
    path("initiatives/<id:pk>/", api.InitiativeDetailApi.as_view(), name="initiative-detail"),
    path(
        "initiatives/<id:pk>/status-reports/",
        api.StatusReportListCreateApi.as_view(),
        name="initiative-status-reports",
    ),
    path(
        "governing-board-report/",
        api.GoverningBoardReportApi.as_view(),
        name="governing-board-report",
    ),
]
