"""The health check for pooled PostgreSQL connections (settings: OPTIONS["pool"]["check"])."""

from __future__ import annotations

import select
from typing import Any

import psycopg


def check_idle_connection(conn: Any) -> None:
    """psycopg_pool's `check`, run on every connection the pool lends: no round trip.

    The pool's own check (`ConnectionPool.check_connection`, what Django installs with
    CONN_HEALTH_CHECKS) sends an empty query: one round trip to PostgreSQL on the path of
    every board operation, as each one borrows a connection. An idle connection has
    nothing to read; once the server has closed it (a restart, pg_terminate_backend, an
    idle timeout) its socket is readable with the server's goodbye or end of file.
    The connection is closed before the check fails: the pool puts a connection that
    failed its check back among the idle ones unless it is closed, and lends another.
    (A message the server may send an idle connection unasked, such as a changed
    setting after a reload, costs a reconnect, not an error.)
    """
    if conn.closed or conn.broken:
        conn.close()
        raise psycopg.OperationalError("the pooled connection is closed")
    poller = select.poll()  # not select(): descriptors above 1024 in a busy server
    poller.register(conn.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
    if poller.poll(0):
        conn.close()
        raise psycopg.OperationalError("the server has closed the pooled connection")
