"""An assessor's own sheet (scores saved as they go, then submitted) and conflicts of
interest. Never anyone else's scores."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessment.api.common import (
    TAG_SCORES,
    AssessedIdeaOut,
    ConflictKindField,
    PersonRefOut,
    errors,
)
from assessment.api.rounds import RoundCriterionOut
from assessment.models import AssessmentRound, Conflict
from assessment.selectors import (
    AssessorSheet,
    SheetRow,
    conflict_list,
    my_sheet,
    round_get,
    round_item_get,
    score_cells,
)
from assessment.services import ScoreInput, assessment_submit, conflict_declare, scores_save
from common.api import CharField, IdField, IntegerField, parse_body
from hub.api import OrganisationRefOut, signed_in
from hub.models import User


class OwnScoreOut(serializers.Serializer):
    criterion = IntegerField(source="criterion_id")
    value = IntegerField(allow_null=True)
    rationale = CharField()
    updated_at = serializers.DateTimeField()


class AssessmentSheetRowOut(serializers.Serializer):
    item = IntegerField(source="item.pk")
    idea = AssessedIdeaOut(source="item.idea")
    recused = serializers.BooleanField()
    recusal_reason = serializers.SerializerMethodField()
    scores = serializers.SerializerMethodField()

    def get_recusal_reason(self, row: SheetRow) -> str | None:
        if row.conflict is None:
            return None
        return row.conflict.reason or str(row.conflict.get_kind_display())

    @extend_schema_field(OwnScoreOut(many=True))
    def get_scores(self, row: SheetRow) -> list[dict[str, Any]]:
        return list(OwnScoreOut(row.scores.values(), many=True).data)


class AssessmentSheetOut(serializers.Serializer):
    round = IntegerField(source="round.pk")
    submitted_at = serializers.DateTimeField(source="seat.submitted_at", allow_null=True)
    scored = IntegerField()
    needed = IntegerField()
    complete = serializers.BooleanField()
    criteria = RoundCriterionOut(many=True)
    items = AssessmentSheetRowOut(many=True, source="rows")


class ScoreIn(serializers.Serializer):
    item = IdField(help_text="The item's id in the round.")
    criterion = IdField(help_text="The criterion's id.")
    value = IntegerField(allow_null=True, help_text="1–5, or null to clear.")
    rationale = CharField(allow_blank=True, required=False, default="")


class ScoresIn(serializers.Serializer):
    scores = ScoreIn(many=True)


class ConflictOut(serializers.Serializer):
    id = IdField()
    item = IntegerField(source="item_id")
    idea = AssessedIdeaOut(source="item.idea")
    assessor = PersonRefOut(source="assessor.user")
    party = OrganisationRefOut(source="assessor.party")
    kind = ConflictKindField()
    kind_label = CharField(source="get_kind_display")
    reason = CharField()
    created_at = serializers.DateTimeField()


class ConflictIn(serializers.Serializer):
    item = IdField(help_text="The item's id in the round.")
    reason = CharField(allow_blank=True)
    assessor = IdField(
        required=False, allow_null=True, help_text="A user id (facilitators); you by default."
    )


def _sheet_response(request: Request, round: AssessmentRound) -> Response:
    sheet: AssessorSheet = my_sheet(viewer=request.user, round=round)
    return Response(AssessmentSheetOut(sheet).data)


class MyScoresApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_SCORES,
        summary="Your own assessment sheet in a round",
        description="Your scores and rationales, the items you are recused from, and your "
        "progress. Never anyone else's scores.",
        responses={200: AssessmentSheetOut, **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        return _sheet_response(request, round)

    @extend_schema(
        tags=TAG_SCORES,
        summary="Save scores as you go (autosave)",
        description="Upserts each (item, criterion) you send, all or none. Idempotent. "
        "Scores are 1–5; null saves a rationale without a score.",
        request=ScoresIn,
        responses={200: AssessmentSheetOut, **errors(400, 403, 404, 409)},
    )
    def put(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        data = parse_body(ScoresIn, request)
        cells = score_cells(
            round=round, cells=[(e["item"], e["criterion"]) for e in data["scores"]]
        )
        entries = [
            ScoreInput(item=item, criterion=criterion, value=e["value"], rationale=e["rationale"])
            for (item, criterion), e in zip(cells, data["scores"], strict=True)
        ]
        scores_save(actor=signed_in(request), round=round, entries=entries)
        return _sheet_response(request, round)


class MyScoresSubmitApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_SCORES,
        summary="Submit your assessment",
        description="It must be complete. Afterwards it cannot change, and you can read the "
        "others' scores and the results.",
        request=None,
        responses={200: AssessmentSheetOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        assessment_submit(actor=signed_in(request), round=round)
        return _sheet_response(request, round)


class ConflictListCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_SCORES,
        summary="Who is recused from which submission, and why",
        responses={200: ConflictOut(many=True), **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        conflicts = conflict_list(viewer=request.user, round=round)
        return Response(ConflictOut(conflicts, many=True).data)

    @extend_schema(
        tags=TAG_SCORES,
        summary="Declare a conflict of interest",
        description="For yourself, or (facilitators) for an assessor. The assessor is recused "
        "from the item and their scores of it are removed. Idempotent.",
        request=ConflictIn,
        responses={201: ConflictOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        data = parse_body(ConflictIn, request)
        item = round_item_get(viewer=request.user, round=round, pk=data["item"])
        assessor = None
        if data.get("assessor") is not None:
            assessor = User.objects.filter(pk=data["assessor"]).first()
            if assessor is None:
                raise serializers.ValidationError({"assessor": [_("Okänd person.")]})
        conflict: Conflict = conflict_declare(
            actor=signed_in(request),
            round=round,
            item=item,
            reason=data["reason"],
            assessor=assessor,
        )
        conflict = conflict_list(viewer=request.user, round=round).get(pk=conflict.pk)
        return Response(ConflictOut(conflict).data, status=status.HTTP_201_CREATED)
