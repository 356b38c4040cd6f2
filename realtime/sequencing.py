"""Appending to a stream's event log (see realtime/models.py); reading it is realtime.log."""

from __future__ import annotations

import functools
from typing import Any

from django.db import connections, transaction
from django.db.models import F

from common import fastsql
from realtime import fanout
from realtime.log import event_message
from realtime.models import Stream, StreamEvent
from realtime.streams import Transport, checked


def append(
    *,
    stream_key: str,
    type: str,
    payload: dict[str, Any],
    actor: str = "",
    op_id: str | None = None,
) -> StreamEvent:
    """Give the event the stream's next number and store it; publish it after commit.

    Must run inside the caller's transaction, so the event commits with the change it
    describes or not at all. The stream row is locked while the number is taken: numbers
    are gapless and in commit order. The stream and the event type must be declared
    (realtime.streams).
    """
    checked(stream_key, type, Transport.LOG)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("append() must run inside the transaction that makes the change")
    fields = {"type": type, "payload": payload, "actor": actor, "op_id": op_id}
    store = _append_in_one if connection.vendor == "postgresql" else _append_in_two
    event = store(stream_key, fields)
    if event is None:  # the stream's first event
        Stream.objects.get_or_create(key=stream_key)
        event = store(stream_key, fields)
        assert event is not None  # noqa: S101 (the row exists now)
    message = event_message(event)
    transaction.on_commit(lambda: fanout.publish(stream_key, message), robust=True)
    return event


# The columns of an event that the caller gives (the stream and seq come from the UPDATE).
_LOGGED = ("type", "payload", "op_id", "actor", "created_at")


def _append_in_one(stream_key: str, fields: dict[str, Any]) -> StreamEvent | None:
    """PostgreSQL: take the number and store the event in one statement (one round trip,
    on the path of every board operation); None if the stream has no row yet."""
    connection = transaction.get_connection()
    event = StreamEvent(**fields)
    values = fastsql.db_values(event, _LOGGED, connection, add=True)
    with connection.cursor() as cursor:
        cursor.execute(_append_sql(connection.alias), [stream_key, *values])
        row = cursor.fetchone()
    if row is None:
        return None
    event.pk, event.stream_id, event.seq = int(row[0]), int(row[1]), int(row[2])
    event._state.adding = False
    return event


def _append_in_two(stream_key: str, fields: dict[str, Any]) -> StreamEvent | None:
    """Other databases: take the number, then store the event (a local file for SQLite:
    no round trips to save)."""
    taken = _take_number(stream_key)
    if taken is None:
        return None
    stream_id, seq = taken
    return StreamEvent.objects.create(stream_id=stream_id, seq=seq, **fields)


def _take_number(stream_key: str) -> tuple[int, int] | None:
    """Add one to the stream's last_seq; return (stream id, new number), None if no row.

    One UPDATE … RETURNING on SQLite ≥ 3.35, instead of a read, a locking read and a write.
    """
    connection = transaction.get_connection()
    if connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 35):
        with connection.cursor() as cursor:
            cursor.execute(_take_sql(connection.alias), [stream_key])
            row = cursor.fetchone()
        return (int(row[0]), int(row[1])) if row else None
    streams = Stream.objects.filter(key=stream_key)
    if not streams.update(last_seq=F("last_seq") + 1):
        return None
    return streams.values_list("pk", "last_seq").get()


# The UPDATE locks the stream row until commit: that is what keeps numbers gapless and in
# commit order.
@functools.cache
def _take_sql(alias: str) -> str:
    """UPDATE … RETURNING (stream id, new number), for a stream key."""
    name = connections[alias].ops.quote_name
    last = fastsql.column_name(Stream, "last_seq", alias)
    return (
        f"UPDATE {name(Stream._meta.db_table)} SET {last} = {last} + 1 "  # noqa: S608 (names)
        f"WHERE {fastsql.column_name(Stream, 'key', alias)} = %s "
        f"RETURNING {fastsql.column_name(Stream, Stream._meta.pk.name, alias)}, {last}"
    )


@functools.cache
def _append_sql(alias: str) -> str:
    """_take_sql and the event's INSERT as one data-modifying WITH (PostgreSQL)."""
    name = connections[alias].ops.quote_name

    def column(field: str) -> str:
        return fastsql.column_name(StreamEvent, field, alias)

    stream_id, last = (
        fastsql.column_name(Stream, Stream._meta.pk.name, alias),
        fastsql.column_name(Stream, "last_seq", alias),
    )
    inserted = ", ".join(column(field) for field in ("stream", "seq", *_LOGGED))
    placeholders = ", ".join(["%s"] * len(_LOGGED))
    return (
        f"WITH taken AS ({_take_sql(alias)}) "  # noqa: S608 (names)
        f"INSERT INTO {name(StreamEvent._meta.db_table)} ({inserted}) "
        f"SELECT {stream_id}, {last}, {placeholders} FROM taken "
        f"RETURNING {column(StreamEvent._meta.pk.name)}, {column('stream')}, {column('seq')}"
    )
