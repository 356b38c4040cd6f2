"""The demo, built once per test module in a transaction rolled back at its end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from demo import builder


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker) -> Iterator[builder.Summary]:
    with django_db_blocker.unblock(), transaction.atomic():
        summary = builder.create()
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_db, db) -> builder.Summary:
    """The demo, for one test; the test's own changes (a sign-in, say) are rolled back."""
    return demo_db
