"""Results (aggregates, the matrix), every counted score for calibration, and the same
results as files. Blind scoring is the selectors' to enforce: these only translate."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessment.aggregation import CriterionStats, ItemResult
from assessment.api.common import TAG_RESULTS, IgnoreAccept, PersonRefOut, RoundStatusField, errors
from assessment.exports import XLSX_CONTENT_TYPE, results_download
from assessment.selectors import RoundResults, round_get, round_results, round_scores
from common.api import CharField, IdField, IntegerField
from hub.api import OrganisationRefOut


class CriterionRefOut(serializers.Serializer):
    id = IdField()
    key = CharField()
    name = CharField()
    name_en = CharField(help_text="English name; empty: none given.")
    weight = serializers.FloatField()


class CriterionStatsOut(serializers.Serializer):
    criterion = IntegerField(source="criterion.id")
    key = CharField(source="criterion.key")
    n = IntegerField(help_text="Assessors who scored (recused ones excluded).")
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    min = IntegerField(allow_null=True)
    max = IntegerField(allow_null=True)
    disagreement = serializers.BooleanField(help_text="Scores two or more points apart.")


class ItemResultOut(serializers.Serializer):
    item = IntegerField(source="item.id")
    idea = IntegerField(source="item.idea_id")
    title = CharField(source="item.title")
    rank = IntegerField(allow_null=True)
    weighted_total = serializers.FloatField(allow_null=True)
    disagreement = serializers.BooleanField()
    recused = IntegerField(help_text="Assessors recused from this item.")
    criteria = CriterionStatsOut(many=True)

    def to_representation(self, result: ItemResult) -> dict[str, Any]:
        # Written out by hand: 200 items × 3 criteria through nested DRF fields is the
        # slowest part of the results endpoint otherwise. Same shape as the fields declare.
        return {
            "item": result.item.id,
            "idea": result.item.idea_id,
            "title": result.item.title,
            "rank": result.rank,
            "weighted_total": result.weighted_total,
            "disagreement": result.disagreement,
            "recused": result.recused,
            "criteria": [_stats(s) for s in result.criteria],
        }


def _stats(stats: CriterionStats) -> dict[str, Any]:
    return {
        "criterion": stats.criterion.id,
        "key": stats.criterion.key,
        "n": stats.n,
        "mean": stats.mean,
        "median": stats.median,
        "min": stats.min,
        "max": stats.max,
        "disagreement": stats.disagreement,
    }


class PortfolioMatrixPointOut(serializers.Serializer):
    item = IntegerField(source="item.id")
    title = CharField(source="item.title")
    x = serializers.FloatField(allow_null=True, help_text="Citizen value (mean).")
    y = serializers.FloatField(allow_null=True, help_text="Innovation level (mean).")
    size = serializers.FloatField(allow_null=True, help_text="Partnership potential (mean).")
    rank = IntegerField(allow_null=True)


class PortfolioMatrixOut(serializers.Serializer):
    x = CriterionRefOut(allow_null=True)
    y = CriterionRefOut(allow_null=True)
    size = CriterionRefOut(allow_null=True)
    scale_min = IntegerField()
    scale_max = IntegerField()
    points = PortfolioMatrixPointOut(many=True)


class RoundResultsOut(serializers.Serializer):
    round = IntegerField(source="round.pk")
    status = RoundStatusField(source="round.status")
    assessors = IntegerField()
    submitted = IntegerField(help_text="Assessors whose scores count.")
    criteria = CriterionRefOut(many=True, source="results.criteria")
    items = ItemResultOut(many=True, source="results.items", help_text="Best first.")
    matrix = PortfolioMatrixOut()


class ScoreOut(serializers.Serializer):
    item = IntegerField(source="item_id")
    idea_title = CharField(source="item.idea.title")
    criterion = IntegerField(source="criterion_id")
    criterion_key = CharField(source="criterion.key")
    assessor = PersonRefOut(source="assessor.user")
    party = OrganisationRefOut(source="assessor.party")
    value = IntegerField(allow_null=True)
    rationale = CharField()


class ResultsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_RESULTS,
        summary="Results: per item and criterion n, mean, median, min, max; ranking; matrix",
        description="While the round is open: only for assessors who have submitted. Once "
        "closed: for facilitators, administrators, the governing board and the focus area's "
        "Core Team.",
        responses={200: RoundResultsOut, **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        data: RoundResults = round_results(viewer=request.user, round=round)
        return Response(RoundResultsOut(data).data)


class ScoreListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_RESULTS,
        summary="Every counted score with its rationale (calibration)",
        description="While open: assessors who have submitted. Once closed: the round's "
        "assessors, facilitators and administrators.",
        responses={200: ScoreOut(many=True), **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        scores = round_scores(viewer=request.user, round=round)
        return Response(ScoreOut(scores, many=True).data)


class _ExportApi(APIView):
    permission_classes = [IsAuthenticated]
    content_negotiation_class = IgnoreAccept
    fmt = ""  # a key of `assessment.exports.EXPORT_FORMATS`

    def get(self, request: Request, pk: int) -> HttpResponse:
        round = round_get(viewer=request.user, pk=pk)
        return results_download(round_results(viewer=request.user, round=round), self.fmt)


class ResultsCsvApi(_ExportApi):
    fmt = "csv"

    @extend_schema(
        tags=TAG_RESULTS,
        summary="Results as CSV",
        description="Same rule as the results. Cells are neutralised against formulas.",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="UTF-8 CSV."),
            **errors(403, 404),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        return super().get(request, pk)


class ResultsXlsxApi(_ExportApi):
    fmt = "xlsx"

    @extend_schema(
        tags=TAG_RESULTS,
        summary="Results as an Excel workbook",
        description="Same rule as the results. Cells are neutralised against formulas.",
        responses={
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX."),
            **errors(403, 404),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        return super().get(request, pk)
