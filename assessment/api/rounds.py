"""Rounds: set up, opened and closed by facilitators; followed by the Core Team and the
governing board through each assessor's progress (as counts)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessment import permissions
from assessment.api.common import (
    TAG_ROUNDS,
    AssessedIdeaOut,
    DecisionRuleField,
    PersonRefOut,
    RoundStatusField,
    VisibleIdeaField,
    errors,
)
from assessment.models import AssessmentRound, Criterion
from assessment.selectors import (
    AssessorProgress,
    round_detail,
    round_get,
    round_list,
    round_progress,
)
from assessment.services import RoundInput, round_close, round_create, round_open, round_update
from common.api import (
    CharField,
    IdField,
    IntegerField,
    Pagination,
    PrimaryKeyRelatedField,
    parse_body,
    parse_query,
    request_viewer,
)
from hub.api import FocusAreaField, FocusAreaRefOut, OrganisationRefOut, signed_in
from hub.selectors import focus_area_list


class RoundCriterionOut(serializers.Serializer):
    id = IdField(source="criterion_id", help_text="The criterion's id.")
    key = CharField(source="criterion.key")
    name = CharField(source="criterion.name")
    name_en = CharField(source="criterion.name_en", help_text="English name; empty: none given.")
    guiding_question = CharField(source="criterion.guiding_question")
    level_1 = CharField(source="criterion.level_1")
    level_3 = CharField(source="criterion.level_3")
    level_5 = CharField(source="criterion.level_5")
    weight = serializers.FloatField(help_text="Fixed when the round opened.")


class RoundItemOut(serializers.Serializer):
    id = IdField(help_text="The item's id in this round.")
    idea = AssessedIdeaOut()


class AssessorOut(serializers.Serializer):
    user = PersonRefOut()
    party = OrganisationRefOut()
    submitted_at = serializers.DateTimeField(allow_null=True)


class RoundOut(serializers.Serializer):
    id = IdField()
    title = CharField()
    description = CharField()
    focus_area = FocusAreaRefOut()
    status = RoundStatusField()
    status_label = CharField(source="get_status_display")
    deadline = serializers.DateTimeField()
    decision_rule = DecisionRuleField(help_text="Fixed when the round opened.")
    created_at = serializers.DateTimeField()
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    item_count = IntegerField()
    assessor_count = IntegerField()
    submitted_count = IntegerField(help_text="Assessors who have submitted.")


class RoundAbilitiesOut(serializers.Serializer):
    is_assessor = serializers.BooleanField()
    has_submitted = serializers.BooleanField()
    can_edit = serializers.BooleanField()
    can_open = serializers.BooleanField()
    can_close = serializers.BooleanField()
    can_score = serializers.BooleanField()
    can_view_results = serializers.BooleanField()
    can_view_all_scores = serializers.BooleanField()
    can_vote = serializers.BooleanField()
    can_record_decision = serializers.BooleanField()


class RoundDetailOut(RoundOut):
    criteria = RoundCriterionOut(many=True, source="round_criteria.all")
    items = RoundItemOut(many=True, source="items.all")
    assessors = AssessorOut(many=True, source="assessors.all")
    you = serializers.SerializerMethodField(help_text="What you may do in this round now.")

    @extend_schema_field(RoundAbilitiesOut)
    def get_you(self, round: AssessmentRound) -> dict[str, bool]:
        viewer = request_viewer(self)
        seat = next((s for s in round.assessors.all() if s.user_id == viewer.pk), None)
        return {
            "is_assessor": seat is not None,
            "has_submitted": bool(seat and seat.submitted_at),
            "can_edit": bool(permissions.can_edit_round(viewer, round)),
            "can_open": bool(permissions.can_open_round(viewer, round)),
            "can_close": bool(permissions.can_close_round(viewer, round)),
            "can_score": bool(permissions.can_score(viewer, round)),
            "can_view_results": bool(permissions.can_view_results(viewer, round)),
            "can_view_all_scores": bool(permissions.can_view_all_scores(viewer, round)),
            "can_vote": bool(permissions.can_vote(viewer, round)),
            "can_record_decision": bool(permissions.can_record_decision(viewer, round)),
        }


class AssessorProgressOut(serializers.Serializer):
    user = PersonRefOut(source="seat.user")
    party = OrganisationRefOut(source="seat.party")
    scored = IntegerField(help_text="Scores given so far (not their values).")
    needed = IntegerField()
    recused = IntegerField(help_text="Items this assessor is recused from.")
    submitted = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(source="seat.submitted_at", allow_null=True)


class RoundIn(serializers.Serializer):
    title = CharField(allow_blank=True)
    description = CharField(allow_blank=True, required=False, default="")
    focus_area = PrimaryKeyRelatedField(queryset=focus_area_list())
    deadline = serializers.DateTimeField()
    ideas = VisibleIdeaField(many=True, required=False, help_text="Submissions to assess.")
    criteria = PrimaryKeyRelatedField(
        queryset=Criterion.objects.all(),
        many=True,
        required=False,
        help_text="Leave out for every active criterion.",
    )


class RoundListQuery(serializers.Serializer):
    focus_area = FocusAreaField(required=False, allow_blank=True, help_text="Slug or id.")
    status = RoundStatusField(required=False, allow_blank=True)


def _round_input(data: dict[str, Any], current: AssessmentRound | None = None) -> RoundInput:
    if current is not None:
        data = {
            "title": current.title,
            "description": current.description,
            "focus_area": current.focus_area,
            "deadline": current.deadline,
            "ideas": [item.idea for item in current.items.select_related("idea")],
            "criteria": [rc.criterion for rc in current.round_criteria.select_related("criterion")],
            **data,
        }
    return RoundInput(
        title=data["title"],
        description=data.get("description", ""),
        focus_area=data["focus_area"],
        deadline=data["deadline"],
        ideas=data.get("ideas", []),
        criteria=data.get("criteria"),
    )


def _round_response(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    round = round_detail(viewer=request.user, pk=pk)
    return Response(RoundDetailOut(round, context={"request": request}).data, status=code)


class RoundListCreateApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filter_backends = []
    serializer_class = RoundOut

    @extend_schema(
        tags=TAG_ROUNDS,
        summary="Assessment rounds you may follow",
        description="Facilitators and administrators see every round; the governing board "
        "every round but drafts; Core Team members their focus area's.",
        parameters=[RoundListQuery],
        responses={200: RoundOut(many=True), **errors(400, 403)},
    )
    def get(self, request: Request) -> Response:
        query = parse_query(RoundListQuery, request)
        rounds = round_list(
            viewer=request.user,
            focus_area=query.get("focus_area") or None,
            status=query.get("status") or "",
        )
        page = self.paginate_queryset(rounds)
        return self.get_paginated_response(RoundOut(page, many=True).data)

    @extend_schema(
        tags=TAG_ROUNDS,
        summary="Set up a round as a draft (facilitators)",
        request=RoundIn,
        responses={201: RoundDetailOut, **errors(400, 403)},
    )
    def post(self, request: Request) -> Response:
        data = parse_body(RoundIn, request, context={"request": request})
        round = round_create(actor=signed_in(request), data=_round_input(data))
        return _round_response(request, round.pk, status.HTTP_201_CREATED)


class RoundDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_ROUNDS,
        summary="A round: its criteria, submissions and assessors (no scores)",
        responses={200: RoundDetailOut, **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _round_response(request, pk)

    @extend_schema(
        tags=TAG_ROUNDS,
        summary="Change a draft round",
        description="Fields left out keep their value; `ideas` and `criteria` replace the lists.",
        request=RoundIn(partial=True),
        responses={200: RoundDetailOut, **errors(400, 403, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        data = parse_body(RoundIn, request, partial=True, context={"request": request})
        round_update(actor=signed_in(request), round=round, data=_round_input(data, round))
        return _round_response(request, pk)


class RoundOpenApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_ROUNDS,
        summary="Open a draft round",
        description="The focus area's Core Team become the assessors, conflicts of interest "
        "are recused, and the submissions move to “in assessment”.",
        request=None,
        responses={200: RoundDetailOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        round_open(actor=signed_in(request), round=round)
        return _round_response(request, pk)


class RoundCloseApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_ROUNDS,
        summary="Close an open round",
        description="Scoring ends; results become readable to those who follow the focus "
        "area; the parties can vote. Only submitted assessments count.",
        request=None,
        responses={200: RoundDetailOut, **errors(403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        round_close(actor=signed_in(request), round=round)
        return _round_response(request, pk)


class RoundProgressApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_ROUNDS,
        summary="Each assessor's progress, as counts",
        responses={200: AssessorProgressOut(many=True), **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        progress: list[AssessorProgress] = round_progress(viewer=request.user, round=round)
        return Response(AssessorProgressOut(progress, many=True).data)
