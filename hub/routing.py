"""WebSocket routes. Each app's consumers are mounted here (the composition root)."""

from django.urls import path

from boards.consumers import BoardConsumer
from realtime.consumers import UserEventsConsumer

websocket_urlpatterns = [
    path("ws/me/", UserEventsConsumer.as_asgi()),
    path("ws/boards/<int:board_id>/", BoardConsumer.as_asgi()),
]
