"""The pool's connection check: closed connections are refused without a round trip."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection

from common.dbpool import check_idle_connection
from tests.conftest import needs_postgres

pytestmark = [needs_postgres(), pytest.mark.postgres]


def open_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def test_an_idle_open_connection_passes_and_stays_usable():
    with open_connection() as conn:
        check_idle_connection(conn)
        check_idle_connection(conn)
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_connection_the_server_ended_is_refused():
    with open_connection() as doomed, open_connection() as other:
        pid = doomed.info.backend_pid
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 5
        while True:  # the server's goodbye reaches the socket shortly after
            try:
                check_idle_connection(doomed)
            except psycopg.OperationalError:
                break
            assert time.monotonic() < deadline, "the ended connection still passed the check"
            time.sleep(0.01)


def test_the_pool_replaces_a_connection_the_server_ended():
    from psycopg_pool import ConnectionPool

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with ConnectionPool(
        kwargs={**params, "autocommit": True},
        min_size=1,
        max_size=1,
        check=check_idle_connection,
        timeout=10,
    ) as pool:
        with pool.connection() as conn:
            pid = conn.info.backend_pid
        with open_connection() as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        time.sleep(0.2)  # the server's goodbye reaches the idle socket
        with pool.connection() as conn:
            assert conn.info.backend_pid != pid
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert pool.get_stats().get("connections_lost", 0) == 1


def test_a_closed_connection_is_refused():
    conn = open_connection()
    conn.close()
    with pytest.raises(psycopg.OperationalError):
        check_idle_connection(conn)


def test_the_pool_uses_it():
    from django.conf import settings

    assert settings.DATABASES["default"]["OPTIONS"]["pool"]["check"] is check_idle_connection
