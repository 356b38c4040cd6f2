"""A signed-in person's browser receives their own events; strangers are refused."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from hub.asgi import application
from hub.services import notify
from tests.conftest import needs_redis
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def communicator(user, origin=ORIGIN) -> WebsocketCommunicator:
    comm = WebsocketCommunicator(application, "/ws/me/", headers=[origin] if origin else [])
    comm.scope["user"] = user
    return comm


async def test_a_new_notification_is_pushed_to_its_recipient_only():
    recipient = await sync_to_async(UserFactory)()
    bystander = await sync_to_async(UserFactory)()
    mine, theirs = communicator(recipient), communicator(bystander)
    assert (await mine.connect())[0]
    assert (await theirs.connect())[0]

    await sync_to_async(notify)(
        recipients=[recipient], kind="idea.comment", actor=None, target_url="/", data={}
    )

    event = await mine.receive_json_from(timeout=2)
    assert {k: event[k] for k in ("type", "kind")} == {
        "type": "notification.new",
        "kind": "idea.comment",
    }
    assert isinstance(event["id"], int)
    assert await theirs.receive_nothing(timeout=0.2)
    await mine.disconnect()
    await theirs.disconnect()


async def test_anonymous_connections_are_accepted_then_closed_with_4401():
    # Closed after the handshake: a refused handshake is an HTTP 403 that carries no code.
    comm = communicator(AnonymousUser())
    connected, _code = await comm.connect()
    assert connected
    closed = await comm.receive_output(timeout=2)
    assert (closed["type"], closed["code"]) == ("websocket.close", 4401)


async def test_foreign_origins_are_refused():
    user = await sync_to_async(UserFactory)()
    comm = communicator(user, origin=(b"origin", b"https://evil.example"))
    connected, _code = await comm.connect()
    assert not connected


@needs_redis()
async def test_events_cross_processes_through_redis():
    """With REDIS_URL the channel layer is channels-redis, shared by every Daphne process."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisChannelLayer"
    user = await sync_to_async(UserFactory)()
    comm = communicator(user)
    assert (await comm.connect())[0]
    await sync_to_async(notify)(
        recipients=[user], kind="idea.status", actor=None, target_url="/", data={}
    )
    assert (await comm.receive_json_from(timeout=3))["type"] == "notification.new"
    await comm.disconnect()


async def test_publishing_from_a_thread_with_a_running_loop_does_not_block_it():
    """E.g. a service called from async code: the event is sent from that loop."""
    from realtime.broadcast import publish

    user = await sync_to_async(UserFactory)()
    comm = communicator(user)
    assert (await comm.connect())[0]
    publish(f"user.{user.pk}", {"type": "notification.new", "kind": "x"})
    assert (await comm.receive_json_from(timeout=2))["kind"] == "x"
    await comm.disconnect()


@needs_redis()
async def test_an_idle_connection_stays_open_on_redis():
    """channels-redis waits for messages with a 5 s blocking pop; a Redis socket timeout of
    5 s (redis-py's default) would end that wait with an error and close the socket (1011)."""
    user = await sync_to_async(UserFactory)()
    comm = communicator(user)
    assert (await comm.connect())[0]
    assert await comm.receive_nothing(timeout=7, interval=0.5)
    await sync_to_async(notify)(
        recipients=[user], kind="idea.status", actor=None, target_url="/", data={}
    )
    assert (await comm.receive_json_from(timeout=3))["type"] == "notification.new"
    await comm.disconnect()
