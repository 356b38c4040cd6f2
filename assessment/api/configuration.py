"""The criteria and each focus area's decision rule."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessment.api.common import TAG_CONFIG, DecisionRuleField, errors
from assessment.models import AssessmentSettings, Criterion
from assessment.selectors import assessment_settings_get, criterion_list
from assessment.services import assessment_settings_update
from common.api import CharField, parse_body
from common.errors import ErrorCode, ServiceError
from hub.api import FocusAreaRefOut, signed_in
from hub.selectors import focus_area_list


class CriterionOut(serializers.ModelSerializer):
    weight = serializers.FloatField(help_text="Default weight in new rounds (1 = normal).")

    class Meta:
        model = Criterion
        fields = [
            "id",
            "key",
            "name",
            "name_en",
            "guiding_question",
            "level_1",
            "level_3",
            "level_5",
            "weight",
            "order",
        ]


class AssessmentSettingsOut(serializers.Serializer):
    focus_area = FocusAreaRefOut()
    decision_rule = DecisionRuleField()
    decision_rule_label = CharField(source="get_decision_rule_display")


class AssessmentSettingsIn(serializers.Serializer):
    decision_rule = DecisionRuleField()


class CriterionListApi(APIView):
    @extend_schema(
        tags=TAG_CONFIG,
        summary="The assessment criteria used in new rounds",
        responses={200: CriterionOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(CriterionOut(criterion_list(), many=True).data)


class SettingsApi(APIView):
    def _focus_area(self, slug: str) -> Any:
        focus_area = focus_area_list().filter(slug=slug).first()
        if focus_area is None:
            raise ServiceError(ErrorCode.NOT_FOUND)
        return focus_area

    @extend_schema(
        tags=TAG_CONFIG,
        summary="How a focus area decides (majority of parties, or all parties)",
        responses={200: AssessmentSettingsOut, **errors(404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        settings = assessment_settings_get(focus_area=self._focus_area(slug))
        return Response(AssessmentSettingsOut(settings).data)

    @extend_schema(
        tags=TAG_CONFIG,
        summary="Set a focus area's decision rule (administrators)",
        description="Rounds that are already open keep the rule they opened with.",
        request=AssessmentSettingsIn,
        responses={200: AssessmentSettingsOut, **errors(400, 403, 404)},
    )
    def put(self, request: Request, slug: str) -> Response:
        focus_area = self._focus_area(slug)
        data = parse_body(AssessmentSettingsIn, request)
        settings: AssessmentSettings = assessment_settings_update(
            actor=signed_in(request), focus_area=focus_area, decision_rule=data["decision_rule"]
        )
        return Response(AssessmentSettingsOut(settings).data)
