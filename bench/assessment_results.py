"""Benchmark: the results of a round of 200 items × 9 assessors × 3 criteria.

Builds the round in a scratch SQLite database (a temporary directory, deleted afterwards),
then times the results selector, the API serialisation, the whole results endpoint and the
exports, and counts their queries. Run from the repository root:

    .venv/bin/python bench/assessment_results.py [--items 200] [--assessors 9] [--runs 30]

The figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def measure(label: str, runs: int, action: Callable[[], Any]) -> tuple[str, float, float, float]:
    action()  # warm up (imports, caches)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return label, statistics.median(timings), p95, timings[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--assessors", type=int, default=9)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory(prefix="hub-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.test"
    os.environ["HUB_DATA_DIR"] = scratch.name
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch.name) / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.renderers import JSONRenderer
    from rest_framework.test import APIRequestFactory, force_authenticate

    from assessment.api.results import ResultsApi, RoundResultsOut
    from assessment.exports import results_csv, results_xlsx
    from assessment.selectors import round_results
    from hub.models import Role
    from tests.assessment.factories import build_scored_round
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    round = build_scored_round(items=args.items, assessors=args.assessors)
    built = time.perf_counter() - started
    viewer = UserFactory(roles=[Role.FACILITATOR])
    viewer.has_role(Role.FACILITATOR)  # what a request's middleware would have warmed

    data = round_results(viewer=viewer, round=round)
    view = ResultsApi.as_view()
    factory = APIRequestFactory()

    def endpoint() -> Any:
        request = factory.get(f"/api/v1/assessment/rounds/{round.pk}/results/")
        force_authenticate(request, user=viewer)
        response = view(request, pk=round.pk)
        response.render()
        assert response.status_code == 200, response.content
        return response

    def queries(action: Callable[[], Any]) -> int:
        with CaptureQueriesContext(connection) as captured:
            action()
        return len(captured.captured_queries)

    rows = [
        measure(
            "results selector (round_results)",
            args.runs,
            lambda: round_results(viewer=viewer, round=round),
        ),
        measure(
            "API serialisation (RoundResultsOut + JSON)",
            args.runs,
            lambda: JSONRenderer().render(RoundResultsOut(data).data),
        ),
        measure("results endpoint (GET …/results/)", args.runs, endpoint),
        measure("CSV export", args.runs, lambda: results_csv(data)),
        measure("XLSX export", max(5, args.runs // 3), lambda: results_xlsx(data)),
    ]
    scores = args.items * args.assessors * 3
    payload = len(endpoint().content)

    print(f"Assessment results benchmark — {args.items} items × {args.assessors} assessors × 3")
    print(f"criteria ({scores} scores before recusals), SQLite, Python {platform.python_version()}")
    print(f"on {platform.machine()} {platform.system()}; built in {built:.1f} s.")
    print()
    print(f"| {'step':<42} | median ms | p95 ms | best ms |")
    print(f"|{'-' * 44}|----------:|-------:|--------:|")
    for label, median, p95, best in rows:
        print(f"| {label:<42} | {median:9.1f} | {p95:6.1f} | {best:7.1f} |")
    print()
    selector_queries = queries(lambda: round_results(viewer=viewer, round=round))
    print(f"queries: selector {selector_queries}, endpoint {queries(endpoint)}; ", end="")
    print(f"response body {payload / 1024:.0f} KiB")
    scratch.cleanup()


if __name__ == "__main__":
    main()
