"""URL map of the events API, mounted at /api/v1/events/ (see docs/api.md, "Events")."""

from django.urls import path

from events import api

urlpatterns = [
    path("", api.EventListCreateApi.as_view(), name="event-list"),
    path("series/", api.ForumSeriesListCreateApi.as_view(), name="forum-series-list"),
    path("<id:pk>/", api.EventDetailApi.as_view(), name="event-detail"),
]
