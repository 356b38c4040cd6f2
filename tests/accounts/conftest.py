"""Account tests read the mails a flow sends while the test's transaction is still open:
callbacks registered for after commit run at once here (pages answer after commit anyway)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction


@pytest.fixture(autouse=True)
def _mail_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def run_now(func: Any, using: Any = None, robust: bool = False) -> None:
        func()

    monkeypatch.setattr(transaction, "on_commit", run_now)
