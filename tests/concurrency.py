"""Running service calls at the same moment from several threads (each with its own database
connection), to prove that locks and constraints hold under concurrent requests."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls at once; each returns its result or the exception it raised."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=10)
            return call()
        except Exception as exc:  # collected for the assertions
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
