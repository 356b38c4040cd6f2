"""Commands sent now and read later: replies in order, and the connection always returned."""

from __future__ import annotations

import os

import pytest
import redis
from redis.exceptions import ConnectionError as RedisConnectionError

from common.redis_io import Sent
from tests.conftest import needs_redis

pytestmark = [needs_redis()]


@pytest.fixture
def pool():
    pool = redis.ConnectionPool.from_url(os.environ["REDIS_URL"], max_connections=2)
    yield pool
    pool.disconnect()


def in_use(pool) -> int:
    return len(pool._in_use_connections)


def test_replies_come_back_in_order_and_the_connection_is_returned(pool):
    key = f"hub-test:redis-io:{os.getpid()}"
    sent = Sent(pool, [("SET", key, "1", "EX", 60), ("INCR", key), ("GET", key), ("DEL", key)])
    assert in_use(pool) == 1  # held until the replies are read
    assert sent.replies() == [b"OK", 2, b"2", 1]
    assert in_use(pool) == 0


def test_other_work_can_run_between_send_and_read(pool):
    key = f"hub-test:redis-io-overlap:{os.getpid()}"
    sent = Sent(pool, [("INCR", key), ("EXPIRE", key, 60)])
    other = redis.Redis(connection_pool=pool)
    assert int(other.get(key) or 0) in (0, 1)  # a second connection meanwhile
    assert sent.replies() == [1, 1]
    other.delete(key)


def test_a_connection_that_failed_mid_reply_is_not_reused(pool):
    sent = Sent(pool, [("PING",)])
    connection = sent._connection
    connection._sock.close()  # the socket breaks before the reply is read
    with pytest.raises((RedisConnectionError, OSError)):
        sent.replies()
    assert in_use(pool) == 0
    assert connection._sock is None  # disconnected: the next user opens a fresh socket
    assert Sent(pool, [("PING",)]).replies() == [b"PONG"]


def test_an_error_reply_raises_and_returns_the_connection(pool):
    sent = Sent(pool, [("NOT-A-COMMAND",)])
    with pytest.raises(redis.exceptions.ResponseError):
        sent.replies()
    assert in_use(pool) == 0
