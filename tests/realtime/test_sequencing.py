"""The per-stream event log: gapless numbers, idempotent client operations, replay."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from boards import stream  # noqa: F401 (declares the board streams these tests append to)
from realtime import log, sequencing
from realtime.models import StreamEvent

pytestmark = pytest.mark.django_db


def append(key: str = "board.1", **kwargs) -> StreamEvent:
    with transaction.atomic():
        return sequencing.append(stream_key=key, type="card.added", payload=kwargs)


def test_numbers_start_at_one_and_increase_per_stream():
    assert [append().seq for _n in range(3)] == [1, 2, 3]
    assert append("board.2").seq == 1


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_a_programming_error():
    with pytest.raises(RuntimeError):
        sequencing.append(stream_key="board.1", type="card.added", payload={})


def test_a_rolled_back_change_leaves_no_event_and_no_gap():
    append()

    def change_that_fails() -> None:
        with transaction.atomic():
            sequencing.append(stream_key="board.1", type="card.added", payload={})
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        change_that_fails()
    assert append().seq == 2


def test_a_retried_client_operation_is_found():
    with transaction.atomic():
        first = sequencing.append(
            stream_key="board.1", type="card.added", payload={}, actor="p:1", op_id="op-1"
        )
    assert log.find_applied(stream_key="board.1", actor="p:1", op_id="op-1") == first
    assert log.find_applied(stream_key="board.1", actor="p:2", op_id="op-1") is None
    assert log.find_applied(stream_key="board.1", actor="p:1", op_id="op-2") is None


def test_replay_returns_exactly_what_was_missed_in_order():
    for n in range(5):
        append(n=n)
    replay = log.replay_after(stream_key="board.1", seq=2)
    assert [e.seq for e in replay.events] == [3, 4, 5]
    assert replay.last_seq == 5
    assert not replay.snapshot_needed
    assert log.replay_after(stream_key="board.1", seq=5).events == []


@pytest.mark.parametrize("seq", [-1, 6, 10**12])
def test_impossible_positions_ask_for_a_snapshot(seq):
    for _n in range(5):
        append()
    assert log.replay_after(stream_key="board.1", seq=seq).snapshot_needed


def test_a_client_too_far_behind_gets_a_snapshot(monkeypatch):
    monkeypatch.setattr(log, "MAX_REPLAY", 3)
    for _n in range(5):
        append()
    assert log.replay_after(stream_key="board.1", seq=1).snapshot_needed
    assert not log.replay_after(stream_key="board.1", seq=2).snapshot_needed


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_get_unique_gapless_numbers():
    workers = 8 if connection.vendor == "postgresql" else 4
    start = threading.Barrier(workers)

    def work(n: int) -> list[int]:
        try:
            start.wait(timeout=10)
            return [append(n=n, i=i).seq for i in range(10)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        numbers = sorted(seq for seqs in pool.map(work, range(workers)) for seq in seqs)

    assert numbers == list(range(1, workers * 10 + 1))
