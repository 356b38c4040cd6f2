"""URL map of the assessment API. The hub mounts it at /api/v1/assessment/
(`path("assessment/", include("assessment.api_urls"))` in `hub/api_urls.py`); the portfolio
API shares that prefix (`portfolio/api_urls.py`)."""

from django.urls import path

from assessment.api import configuration, decisions, results, rounds, scoring

app_name = "assessment"

urlpatterns = [
    # Configuration
    path("criteria/", configuration.CriterionListApi.as_view(), name="criterion-list"),
    path("settings/<slug:slug>/", configuration.SettingsApi.as_view(), name="settings"),
    # Rounds
    path("rounds/", rounds.RoundListCreateApi.as_view(), name="round-list"),
    path("rounds/<id:pk>/", rounds.RoundDetailApi.as_view(), name="round-detail"),
    path("rounds/<id:pk>/open/", rounds.RoundOpenApi.as_view(), name="round-open"),
    path("rounds/<id:pk>/close/", rounds.RoundCloseApi.as_view(), name="round-close"),
    path("rounds/<id:pk>/progress/", rounds.RoundProgressApi.as_view(), name="round-progress"),
    path(
        "rounds/<id:pk>/conflicts/",
        scoring.ConflictListCreateApi.as_view(),
        name="round-conflicts",
    ),
    # Scoring (your own)
    path("rounds/<id:pk>/my-scores/", scoring.MyScoresApi.as_view(), name="my-scores"),
    path(
        "rounds/<id:pk>/my-scores/submit/",
        scoring.MyScoresSubmitApi.as_view(),
        name="my-scores-submit",
    ),
    # Results (when allowed)
    path("rounds/<id:pk>/results/", results.ResultsApi.as_view(), name="round-results"),
    path("rounds/<id:pk>/results.csv", results.ResultsCsvApi.as_view(), name="round-results-csv"),
    path(
        "rounds/<id:pk>/results.xlsx",
        results.ResultsXlsxApi.as_view(),
        name="round-results-xlsx",
    ),
    path("rounds/<id:pk>/scores/", results.ScoreListApi.as_view(), name="round-scores"),
    # Decisions
    path("rounds/<id:pk>/decisions/", decisions.DecisionListApi.as_view(), name="round-decisions"),
    path(
        "rounds/<id:pk>/items/<id:item_pk>/votes/",
        decisions.VoteApi.as_view(),
        name="item-vote",
    ),
    path(
        "rounds/<id:pk>/items/<id:item_pk>/decision/",
        decisions.DecisionApi.as_view(),
        name="item-decision",
    ),
    path(
        "submissions/<id:pk>/decision/",
        decisions.IdeaDecisionApi.as_view(),
        name="submission-decision",
    ),
]
