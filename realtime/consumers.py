"""Consumer base classes with no domain knowledge."""

from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

CLOSE_UNAUTHORISED = 4401


class UserEventsConsumer(AsyncJsonWebsocketConsumer):
    """Pushes a signed-in person's own events (e.g. a new notification) to their browser."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHORISED)
            return
        self.group = f"user.{user.pk}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The stream is one-way; anything a client sends is ignored.
        return

    async def hub_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
