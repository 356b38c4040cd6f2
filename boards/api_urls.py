"""URL map of the boards API, mounted at /api/v1/boards/ (see docs/api.md, "Boards")."""

from django.urls import path

from boards import api

urlpatterns = [
    path("", api.BoardListCreateApi.as_view(), name="board-list"),
    path("join/", api.BoardJoinApi.as_view(), name="board-join"),
    path("<int:pk>/", api.BoardDetailApi.as_view(), name="board-detail"),
    path("<int:pk>/events/", api.BoardEventsApi.as_view(), name="board-events"),
    path("<int:pk>/ops/", api.BoardOpApi.as_view(), name="board-ops"),
    path("<int:pk>/cards/", api.CardCreateApi.as_view(), name="board-cards"),
    path("<int:pk>/cards/<int:card>/", api.CardDetailApi.as_view(), name="board-card"),
    path("<int:pk>/cards/<int:card>/move/", api.CardMoveApi.as_view(), name="board-card-move"),
]
