"""The results of a round (statistics, ranking, the portfolio matrix and item profiles),
the same as files, and every counted score for the calibration meeting. Blind scoring is
the selectors' to enforce: a viewer who may not see results gets the error page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessment.exports import EXPORT_FORMATS, results_download
from assessment.models import RoundItem, Score
from assessment.selectors import RoundResults, round_get, round_results, round_scores
from common.errors import ErrorCode, ServiceError
from frontend.views.assessment.charts import matrix_chart, profile_chart
from frontend.views.assessment.common import round_abilities
from frontend.views.common import AuthedRequest, HtmxHttpRequest


def results_context(request: HtmxHttpRequest, data: RoundResults) -> dict[str, Any]:
    items = data.results.items
    profiles = {p.item.id: profile_chart(p) for p in data.profiles}
    return {
        "round": data.round,
        "data": data,
        "criteria": data.results.criteria,
        "items": [(result, profiles[result.item.id]) for result in items],
        "matrix": data.matrix,
        "chart": matrix_chart(data.matrix, items),
        "disagreements": sum(1 for r in items if r.disagreement),
        "you": round_abilities(request.user, data.round),
    }


def _results(request: HtmxHttpRequest, pk: int) -> RoundResults:
    return round_results(viewer=request.user, round=round_get(viewer=request.user, pk=pk))


@login_required
@require_GET
def results_page(request: AuthedRequest, pk: int) -> HttpResponse:
    data = _results(request, pk)
    return render(request, "assessment/results.html", results_context(request, data))


@login_required
@require_GET
def results_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The results as a file, under the same rule as the page (the exports read only what
    `round_results` returns)."""
    if fmt not in EXPORT_FORMATS:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return results_download(_results(request, pk), fmt)


@login_required
@require_GET
def scores_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """Every counted score with its rationale, per item: for the calibration meeting."""
    round = round_get(viewer=request.user, pk=pk)
    scores = list(round_scores(viewer=request.user, round=round))
    groups: list[tuple[RoundItem, list[Score]]] = []
    for score in scores:
        if not groups or groups[-1][0].pk != score.item_id:
            groups.append((score.item, []))
        groups[-1][1].append(score)
    context = {"round": round, "groups": groups, "you": round_abilities(request.user, round)}
    return render(request, "assessment/scores.html", context)
