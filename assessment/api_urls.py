"""URL map of the assessment and portfolio API. The hub mounts it at /api/v1/assessment/
(`path("assessment/", include("assessment.api_urls"))` in `hub/api_urls.py`)."""

from django.urls import path

from assessment import api

app_name = "assessment"

urlpatterns = [
    # Configuration
    path("criteria/", api.CriterionListApi.as_view(), name="criterion-list"),
    path("settings/<slug:slug>/", api.SettingsApi.as_view(), name="settings"),
    # Rounds
    path("rounds/", api.RoundListCreateApi.as_view(), name="round-list"),
    path("rounds/<int:pk>/", api.RoundDetailApi.as_view(), name="round-detail"),
    path("rounds/<int:pk>/open/", api.RoundOpenApi.as_view(), name="round-open"),
    path("rounds/<int:pk>/close/", api.RoundCloseApi.as_view(), name="round-close"),
    path("rounds/<int:pk>/progress/", api.RoundProgressApi.as_view(), name="round-progress"),
    path(
        "rounds/<int:pk>/conflicts/",
        api.ConflictListCreateApi.as_view(),
        name="round-conflicts",
    ),
    # Scoring (your own)
    path("rounds/<int:pk>/my-scores/", api.MyScoresApi.as_view(), name="my-scores"),
    path(
        "rounds/<int:pk>/my-scores/submit/",
        api.MyScoresSubmitApi.as_view(),
        name="my-scores-submit",
    ),
    # Results (when allowed)
    path("rounds/<int:pk>/results/", api.ResultsApi.as_view(), name="round-results"),
    path("rounds/<int:pk>/results.csv", api.ResultsCsvApi.as_view(), name="round-results-csv"),
    path("rounds/<int:pk>/results.xlsx", api.ResultsXlsxApi.as_view(), name="round-results-xlsx"),
    path("rounds/<int:pk>/scores/", api.ScoreListApi.as_view(), name="round-scores"),
    # Decisions
    path("rounds/<int:pk>/decisions/", api.DecisionListApi.as_view(), name="round-decisions"),
    path(
        "rounds/<int:pk>/items/<int:item_pk>/votes/",
        api.VoteApi.as_view(),
        name="item-vote",
    ),
    path(
        "rounds/<int:pk>/items/<int:item_pk>/decision/",
        api.DecisionApi.as_view(),
        name="item-decision",
    ),
    path(
        "submissions/<int:pk>/decision/",
        api.IdeaDecisionApi.as_view(),
        name="submission-decision",
    ),
    # Portfolio
    path("portfolios/", api.PortfolioOverviewApi.as_view(), name="portfolio-overview"),
    path("initiatives/", api.InitiativeListCreateApi.as_view(), name="initiative-list"),
    path("initiatives/<int:pk>/", api.InitiativeDetailApi.as_view(), name="initiative-detail"),
    path(
        "initiatives/<int:pk>/status-reports/",
        api.StatusReportListCreateApi.as_view(),
        name="initiative-status-reports",
    ),
    path(
        "governing-board-report/",
        api.GoverningBoardReportApi.as_view(),
        name="governing-board-report",
    ),
]
