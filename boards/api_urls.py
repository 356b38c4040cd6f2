"""URL map of the boards API, mounted at /api/v1/boards/ (see docs/api.md, "Boards")."""

from django.urls import path

from boards.api import boards, guests, operations

urlpatterns = [
    path("", boards.BoardListCreateApi.as_view(), name="board-list"),
    path("join/", guests.BoardJoinApi.as_view(), name="board-join"),
    path("<id:pk>/", boards.BoardDetailApi.as_view(), name="board-detail"),
    path("<id:pk>/events/", boards.BoardEventsApi.as_view(), name="board-events"),
    path("<id:pk>/ops/", operations.BoardOpApi.as_view(), name="board-ops"),
    path("<id:pk>/cards/", operations.CardCreateApi.as_view(), name="board-cards"),
    path("<id:pk>/cards/<id:card>/", operations.CardDetailApi.as_view(), name="board-card"),
    path("<id:pk>/cards/<id:card>/move/", operations.CardMoveApi.as_view(), name="board-card-move"),
]
