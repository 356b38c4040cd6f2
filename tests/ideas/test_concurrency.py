"""Support is one per person and kind, held by the database under concurrent requests."""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from ideas import services
from ideas.models import Support
from tests.factories import IdeaFactory, UserFactory

REQUESTS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_identical_support_requests_create_one_row_and_all_succeed():
    idea = IdeaFactory()
    supporter = UserFactory()
    start = threading.Barrier(REQUESTS if connection.vendor == "postgresql" else 10)

    def add() -> bool:
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=10)
            _support, created = services.support_add(user=supporter, idea=idea, kind="participate")
            return created
        finally:
            connection.close()

    workers = REQUESTS if connection.vendor == "postgresql" else 10
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda _n: add(), range(REQUESTS)))

    # Every request got an answer (no exception escaped), exactly one of them created the row.
    assert len(results) == REQUESTS
    assert results.count(True) == 1
    assert Support.objects.filter(idea=idea, user=supporter).count() == 1
