"""What the assessment API's modules share: enum fields, references to people and
submissions, error bodies with a `reason`, tags for the schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request

from assessment.models import ConflictKind, DecisionRule, RoundStatus, VoteChoice
from common.api import (
    CharField,
    IdField,
    PrimaryKeyRelatedField,
    enum_field,
    error_responses,
    request_viewer,
)
from common.api_errors import ErrorOut
from hub.api import ShownNameField
from ideas.models import Idea
from ideas.selectors import visible_ideas_q

RoundStatusField = enum_field(RoundStatus, "RoundStatus")
DecisionRuleField = enum_field(DecisionRule, "DecisionRule")
VoteChoiceField = enum_field(VoteChoice, "VoteChoice")
ConflictKindField = enum_field(ConflictKind, "ConflictKind")

TAG_CONFIG = ["assessment: configuration"]
TAG_ROUNDS = ["assessment: rounds"]
TAG_SCORES = ["assessment: scoring"]
TAG_RESULTS = ["assessment: results"]
TAG_DECISIONS = ["assessment: decisions"]


class AssessmentErrorOut(ErrorOut):
    reason = CharField(
        required=False,
        help_text="What exactly was refused, e.g. `already_voted`, `recused`, "
        "`round_not_open`, `votes_missing`, `results_not_available`.",
    )


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses; 403 and 409 may carry an assessment `reason`."""
    responses = error_responses(*codes)
    for code in {403, 409} & set(codes):
        responses[code] = OpenApiResponse(
            AssessmentErrorOut,
            description=f"{responses[code].description} May carry a `reason`.",
        )
    return responses


class PersonRefOut(serializers.Serializer):
    id = IdField()
    display_name = ShownNameField(source="*")


class AssessedIdeaOut(serializers.Serializer):
    id = IdField()
    title = CharField()
    kind = CharField()
    status = CharField()
    status_label = CharField(source="get_status_display")


@extend_schema_field(OpenApiTypes.INT)
class VisibleIdeaField(PrimaryKeyRelatedField):
    """A submission by id, among those the requester may see."""

    def get_queryset(self) -> Any:
        viewer = request_viewer(self)
        return Idea.objects.filter(visible_ideas_q(viewer))


class IgnoreAccept(BaseContentNegotiation):
    """For file downloads: errors are JSON whatever the client's Accept header says."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type
