"""WebSocket routes. Each app's consumers are mounted here (the composition root)."""

from django.urls import path

from realtime.consumers import UserEventsConsumer

websocket_urlpatterns = [
    path("ws/me/", UserEventsConsumer.as_asgi()),
]
