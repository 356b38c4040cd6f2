"""URL map of the events API, mounted at /api/v1/events/ (see docs/api.md, "Events")."""

from django.urls import path

from boards import api_events

urlpatterns = [
    path("", api_events.EventListCreateApi.as_view(), name="event-list"),
    path("series/", api_events.ForumSeriesListCreateApi.as_view(), name="forum-series-list"),
    path("<int:pk>/", api_events.EventDetailApi.as_view(), name="event-detail"),
]
