"""The REST API of assessment and portfolios, mounted at /api/v1/assessment/.

Each view reads through `assessment.selectors`, writes through `assessment.services` and
translates; who may do what, and blind scoring, are decided there, never here. Scores leave
only through three endpoints: your own sheet, the aggregated results and the full score
list, the last two only when `assessment.permissions` allows.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessment import permissions
from assessment.aggregation import CriterionStats, ItemResult
from assessment.exports import results_csv, results_xlsx
from assessment.models import (
    AssessmentRound,
    AssessmentSettings,
    Conflict,
    ConflictKind,
    Criterion,
    Decision,
    DecisionRule,
    InitiativeType,
    LifecycleStage,
    PortfolioInitiative,
    RoundCriterion,
    RoundItem,
    RoundStatus,
    StatusReport,
    TrafficLight,
    Vote,
    VoteChoice,
)
from assessment.selectors import (
    AssessorProgress,
    AssessorSheet,
    ItemVotes,
    RoundResults,
    SheetRow,
    assessment_settings_get,
    conflict_list,
    criterion_list,
    decision_for_idea,
    governing_board_report,
    initiative_get,
    initiative_list,
    my_sheet,
    portfolio_overview,
    round_decisions,
    round_detail,
    round_get,
    round_item_get,
    round_list,
    round_progress,
    round_results,
    round_scores,
    status_report_list,
)
from assessment.services import (
    InitiativeInput,
    RoundInput,
    ScoreInput,
    assessment_settings_update,
    assessment_submit,
    conflict_declare,
    decision_record,
    initiative_create,
    initiative_update,
    round_close,
    round_create,
    round_open,
    round_update,
    scores_save,
    status_report_create,
    vote_cast,
)
from common.api import Pagination, enum_field, error_responses, parse_query
from common.api_errors import ErrorOut
from common.errors import ErrorCode, ServiceError
from hub.api import FocusAreaField, FocusAreaRefOut, GoalRefOut, OrganisationRefOut, signed_in
from hub.models import User
from hub.selectors import focus_area_list, goal_list, organisation_list
from ideas.models import Idea
from ideas.selectors import visible_ideas_q

Viewer = User | AnonymousUser
RoundStatusField = enum_field(RoundStatus, "RoundStatus")
DecisionRuleField = enum_field(DecisionRule, "DecisionRule")
VoteChoiceField = enum_field(VoteChoice, "VoteChoice")
ConflictKindField = enum_field(ConflictKind, "ConflictKind")
InitiativeTypeField = enum_field(InitiativeType, "InitiativeType")
LifecycleStageField = enum_field(LifecycleStage, "LifecycleStage")
TrafficLightField = enum_field(TrafficLight, "TrafficLight")


class AssessmentErrorOut(ErrorOut):
    reason = serializers.CharField(
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


def _viewer(serializer: serializers.Field) -> Viewer:
    return serializer.context["request"].user


def _validated(serializer_class: type[serializers.Serializer], request: Request, **kw: Any) -> dict:
    data = serializer_class(data=request.data, context={"request": request}, **kw)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


# --- Output -----------------------------------------------------------------------------------


class PersonRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class AssessedIdeaOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")


class CriterionOut(serializers.ModelSerializer):
    weight = serializers.FloatField(help_text="Default weight in new rounds (1 = normal).")

    class Meta:
        model = Criterion
        fields = [
            "id",
            "key",
            "name",
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
    decision_rule_label = serializers.CharField(source="get_decision_rule_display")


class RoundCriterionOut(serializers.Serializer):
    id = serializers.IntegerField(source="criterion_id", help_text="The criterion's id.")
    key = serializers.CharField(source="criterion.key")
    name = serializers.CharField(source="criterion.name")
    guiding_question = serializers.CharField(source="criterion.guiding_question")
    level_1 = serializers.CharField(source="criterion.level_1")
    level_3 = serializers.CharField(source="criterion.level_3")
    level_5 = serializers.CharField(source="criterion.level_5")
    weight = serializers.FloatField(help_text="Fixed when the round opened.")


class RoundItemOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The item's id in this round.")
    idea = AssessedIdeaOut()


class AssessorOut(serializers.Serializer):
    user = PersonRefOut()
    party = OrganisationRefOut()
    submitted_at = serializers.DateTimeField(allow_null=True)


class RoundOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    focus_area = FocusAreaRefOut()
    status = RoundStatusField()
    status_label = serializers.CharField(source="get_status_display")
    deadline = serializers.DateTimeField()
    decision_rule = DecisionRuleField(help_text="Fixed when the round opened.")
    created_at = serializers.DateTimeField()
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    item_count = serializers.IntegerField()
    assessor_count = serializers.IntegerField()
    submitted_count = serializers.IntegerField(help_text="Assessors who have submitted.")


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
        viewer = _viewer(self)
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
    scored = serializers.IntegerField(help_text="Scores given so far (not their values).")
    needed = serializers.IntegerField()
    recused = serializers.IntegerField(help_text="Items this assessor is recused from.")
    submitted = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(source="seat.submitted_at", allow_null=True)


class OwnScoreOut(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    value = serializers.IntegerField(allow_null=True)
    rationale = serializers.CharField()
    updated_at = serializers.DateTimeField()


class AssessmentSheetRowOut(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
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
    round = serializers.IntegerField(source="round.pk")
    submitted_at = serializers.DateTimeField(source="seat.submitted_at", allow_null=True)
    scored = serializers.IntegerField()
    needed = serializers.IntegerField()
    complete = serializers.BooleanField()
    criteria = RoundCriterionOut(many=True)
    items = AssessmentSheetRowOut(many=True, source="rows")


class ConflictOut(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id")
    idea = AssessedIdeaOut(source="item.idea")
    assessor = PersonRefOut(source="assessor.user")
    party = OrganisationRefOut(source="assessor.party")
    kind = ConflictKindField()
    kind_label = serializers.CharField(source="get_kind_display")
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class CriterionRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.FloatField()


class CriterionStatsOut(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion.id")
    key = serializers.CharField(source="criterion.key")
    n = serializers.IntegerField(help_text="Assessors who scored (recused ones excluded).")
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    min = serializers.IntegerField(allow_null=True)
    max = serializers.IntegerField(allow_null=True)
    disagreement = serializers.BooleanField(help_text="Scores two or more points apart.")


class ItemResultOut(serializers.Serializer):
    item = serializers.IntegerField(source="item.id")
    idea = serializers.IntegerField(source="item.idea_id")
    title = serializers.CharField(source="item.title")
    rank = serializers.IntegerField(allow_null=True)
    weighted_total = serializers.FloatField(allow_null=True)
    disagreement = serializers.BooleanField()
    recused = serializers.IntegerField(help_text="Assessors recused from this item.")
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
    item = serializers.IntegerField(source="item.id")
    title = serializers.CharField(source="item.title")
    x = serializers.FloatField(allow_null=True, help_text="Citizen value (mean).")
    y = serializers.FloatField(allow_null=True, help_text="Innovation level (mean).")
    size = serializers.FloatField(allow_null=True, help_text="Partnership potential (mean).")
    rank = serializers.IntegerField(allow_null=True)


class PortfolioMatrixOut(serializers.Serializer):
    x = CriterionRefOut(allow_null=True)
    y = CriterionRefOut(allow_null=True)
    size = CriterionRefOut(allow_null=True)
    scale_min = serializers.IntegerField()
    scale_max = serializers.IntegerField()
    points = PortfolioMatrixPointOut(many=True)


class RoundResultsOut(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk")
    status = RoundStatusField(source="round.status")
    assessors = serializers.IntegerField()
    submitted = serializers.IntegerField(help_text="Assessors whose scores count.")
    criteria = CriterionRefOut(many=True, source="results.criteria")
    items = ItemResultOut(many=True, source="results.items", help_text="Best first.")
    matrix = PortfolioMatrixOut()


class ScoreOut(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    idea_title = serializers.CharField(source="item.idea.title")
    criterion = serializers.IntegerField(source="criterion_id")
    criterion_key = serializers.CharField(source="criterion.key")
    assessor = PersonRefOut(source="assessor.user")
    party = OrganisationRefOut(source="assessor.party")
    value = serializers.IntegerField(allow_null=True)
    rationale = serializers.CharField()


class VoteOut(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    party = OrganisationRefOut()
    choice = VoteChoiceField()
    choice_label = serializers.CharField(source="get_choice_display")
    comment = serializers.CharField()
    cast_by = PersonRefOut()
    created_at = serializers.DateTimeField()


class DecisionOut(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    idea = AssessedIdeaOut(source="item.idea")
    outcome = VoteChoiceField()
    outcome_label = serializers.CharField(source="get_outcome_display")
    rule = DecisionRuleField()
    rationale = serializers.CharField()
    decided_by = PersonRefOut()
    decided_at = serializers.DateTimeField()


class ItemVotesOut(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    idea = AssessedIdeaOut(source="item.idea")
    rule = DecisionRuleField(source="tally.rule")
    eligible_parties = serializers.IntegerField(source="tally.eligible")
    votes_cast = serializers.IntegerField(source="tally.cast")
    votes_needed = serializers.IntegerField(
        source="tally.needed", help_text="The fewest further votes that could decide."
    )
    ready = serializers.BooleanField(source="tally.ready")
    outcome = VoteChoiceField(
        source="tally.outcome", allow_null=True, help_text="What the votes decide, once ready."
    )
    recused_parties = serializers.ListField(
        child=serializers.IntegerField(), help_text="Parties whose representatives are recused."
    )
    votes = VoteOut(many=True)
    decision = DecisionOut(allow_null=True)


class InitiativeStatusOut(serializers.Serializer):
    light = TrafficLightField(allow_null=True)
    note = serializers.CharField()
    reported_on = serializers.DateField(allow_null=True)
    reported_by = serializers.CharField()


class InitiativeOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    focus_area = FocusAreaRefOut(source="portfolio.focus_area")
    idea = serializers.IntegerField(source="idea_id", allow_null=True)
    initiative_type = InitiativeTypeField()
    initiative_type_label = serializers.CharField(source="get_initiative_type_display")
    stage = LifecycleStageField()
    stage_label = serializers.CharField(source="get_stage_display")
    owner = PersonRefOut()
    owner_organisation = OrganisationRefOut(source="owner.organisation", allow_null=True)
    process_lead = PersonRefOut(allow_null=True)
    goals = GoalRefOut(many=True, source="goals.all")
    seed_funding_requested = serializers.IntegerField(allow_null=True, help_text="SEK.")
    seed_funding_granted = serializers.IntegerField(allow_null=True, help_text="SEK.")
    leveraged_funding = serializers.IntegerField(allow_null=True, help_text="SEK (uppväxling).")
    latest_status = serializers.SerializerMethodField(
        help_text="Null unless you follow the portfolio (or lead this initiative)."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(InitiativeStatusOut(allow_null=True))
    def get_latest_status(self, initiative: PortfolioInitiative) -> dict[str, Any] | None:
        shows = self.context.get("shows_status")
        if shows is None:
            shows = permissions.can_view_status_reports(_viewer(self), initiative)
        elif not shows:
            shows = permissions.is_initiative_lead(_viewer(self), initiative)
        if not shows:
            return None
        latest = getattr(initiative, "latest_light", None)
        return {
            "light": latest,
            "note": getattr(initiative, "latest_note", None) or "",
            "reported_on": getattr(initiative, "latest_reported_on", None),
            "reported_by": getattr(initiative, "latest_author", None) or "",
        }


class GoalGroupOut(serializers.Serializer):
    goal = GoalRefOut(allow_null=True, help_text="Null: not linked to a societal goal yet.")
    initiatives = InitiativeOut(many=True)


class PortfolioOut(serializers.Serializer):
    focus_area = FocusAreaRefOut()
    initiative_count = serializers.SerializerMethodField()
    by_stage = serializers.DictField(child=serializers.IntegerField())
    seed_funding_requested = serializers.IntegerField()
    seed_funding_granted = serializers.IntegerField()
    leveraged_funding = serializers.IntegerField()
    groups = GoalGroupOut(many=True, help_text="By societal goal.")

    def get_initiative_count(self, portfolio: Any) -> int:
        return len(portfolio.initiatives)


class PortfolioOverviewOut(serializers.Serializer):
    shows_status = serializers.BooleanField()
    portfolios = PortfolioOut(many=True)


class StatusReportOut(serializers.Serializer):
    id = serializers.IntegerField()
    reported_on = serializers.DateField()
    light = TrafficLightField()
    light_label = serializers.CharField(source="get_light_display")
    note = serializers.CharField()
    author = PersonRefOut()
    created_at = serializers.DateTimeField()


class GoverningBoardRowOut(serializers.Serializer):
    initiative = InitiativeOut()
    light = TrafficLightField(allow_null=True)
    note = serializers.CharField()
    reported_on = serializers.DateField(allow_null=True)
    reported_by = serializers.CharField()


class GoverningBoardSectionOut(serializers.Serializer):
    focus_area = FocusAreaRefOut()
    rows = GoverningBoardRowOut(many=True)


class GoverningBoardReportOut(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    totals = serializers.DictField(
        child=serializers.IntegerField(), help_text="Initiatives per traffic light (and none)."
    )
    sections = GoverningBoardSectionOut(many=True)


# --- Input ------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisibleIdeaField(serializers.PrimaryKeyRelatedField):
    """A submission by id, among those the requester may see."""

    def get_queryset(self) -> Any:
        viewer = self.context["request"].user
        return Idea.objects.filter(visible_ideas_q(viewer))


class AssessmentSettingsIn(serializers.Serializer):
    decision_rule = DecisionRuleField()


class RoundIn(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    focus_area = serializers.PrimaryKeyRelatedField(queryset=focus_area_list())
    deadline = serializers.DateTimeField()
    ideas = VisibleIdeaField(many=True, required=False, help_text="Submissions to assess.")
    criteria = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.all(),
        many=True,
        required=False,
        help_text="Leave out for every active criterion.",
    )


class ScoreIn(serializers.Serializer):
    item = serializers.IntegerField(help_text="The item's id in the round.")
    criterion = serializers.IntegerField(help_text="The criterion's id.")
    value = serializers.IntegerField(allow_null=True, help_text="1–5, or null to clear.")
    rationale = serializers.CharField(allow_blank=True, required=False, default="")


class ScoresIn(serializers.Serializer):
    scores = ScoreIn(many=True)


class ConflictIn(serializers.Serializer):
    item = serializers.IntegerField(help_text="The item's id in the round.")
    reason = serializers.CharField(allow_blank=True)
    assessor = serializers.IntegerField(
        required=False, allow_null=True, help_text="A user id (facilitators); you by default."
    )


class VoteIn(serializers.Serializer):
    choice = serializers.CharField(help_text="`promote`, `park` or `decline`.")
    party = serializers.PrimaryKeyRelatedField(
        queryset=organisation_list(),
        required=False,
        allow_null=True,
        help_text="The party you represent (checked); yours by default.",
    )
    comment = serializers.CharField(allow_blank=True, required=False, default="")


class DecisionIn(serializers.Serializer):
    rationale = serializers.CharField(allow_blank=True, help_text="The author reads this.")


class InitiativePatchIn(serializers.Serializer):
    """Every field optional: what is left out keeps its value."""

    title = serializers.CharField(allow_blank=True, required=False)
    summary = serializers.CharField(allow_blank=True, required=False)
    initiative_type = InitiativeTypeField(required=False)
    stage = LifecycleStageField(required=False)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False
    )
    process_lead = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    goals = serializers.PrimaryKeyRelatedField(queryset=goal_list(), many=True, required=False)
    seed_funding_requested = serializers.IntegerField(required=False, allow_null=True)
    seed_funding_granted = serializers.IntegerField(required=False, allow_null=True)
    leveraged_funding = serializers.IntegerField(required=False, allow_null=True)


class InitiativeIn(InitiativePatchIn):
    idea = VisibleIdeaField(help_text="A promoted submission.")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), help_text="From one of the parties."
    )


class StatusReportIn(serializers.Serializer):
    light = TrafficLightField()
    note = serializers.CharField(allow_blank=True)
    reported_on = serializers.DateField(required=False, help_text="Today by default.")


class RoundListQuery(serializers.Serializer):
    focus_area = FocusAreaField(required=False, allow_blank=True, help_text="Slug or id.")
    status = RoundStatusField(required=False, allow_blank=True)


class PortfolioQuery(serializers.Serializer):
    focus_area = FocusAreaField(required=False, allow_blank=True, help_text="Slug or id.")


class IgnoreAccept(BaseContentNegotiation):
    """For file downloads: errors are JSON whatever the client's Accept header says."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


# --- Configuration ----------------------------------------------------------------------------

TAG_CONFIG = ["assessment: configuration"]
TAG_ROUNDS = ["assessment: rounds"]
TAG_SCORES = ["assessment: scoring"]
TAG_RESULTS = ["assessment: results"]
TAG_DECISIONS = ["assessment: decisions"]
TAG_PORTFOLIO = ["portfolio"]


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
        data = _validated(AssessmentSettingsIn, request)
        settings: AssessmentSettings = assessment_settings_update(
            actor=signed_in(request), focus_area=focus_area, decision_rule=data["decision_rule"]
        )
        return Response(AssessmentSettingsOut(settings).data)


# --- Rounds -----------------------------------------------------------------------------------


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
        data = _validated(RoundIn, request)
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
        data = _validated(RoundIn, request, partial=True)
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
        data = _validated(ConflictIn, request)
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


# --- Scoring ----------------------------------------------------------------------------------


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
        data = _validated(ScoresIn, request)
        items = {item.pk: item for item in RoundItem.objects.filter(round=round)}
        criteria = {
            rc.criterion_id: rc.criterion
            for rc in RoundCriterion.objects.filter(round=round).select_related("criterion")
        }
        bad: dict[str, list[str]] = {}
        entries = []
        for index, entry in enumerate(data["scores"]):
            item, criterion = items.get(entry["item"]), criteria.get(entry["criterion"])
            if item is None:
                bad[f"scores.{index}.item"] = [_("Bidraget ingår inte i rundan.")]
            if criterion is None:
                bad[f"scores.{index}.criterion"] = [_("Kriteriet används inte i rundan.")]
            if item is not None and criterion is not None:
                entries.append(
                    ScoreInput(
                        item=item,
                        criterion=criterion,
                        value=entry["value"],
                        rationale=entry["rationale"],
                    )
                )
        if bad:
            raise serializers.ValidationError(bad)
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


# --- Results ----------------------------------------------------------------------------------


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
    extension = ""
    content_type = ""

    def render(self, data: RoundResults) -> bytes:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> HttpResponse:
        round = round_get(viewer=request.user, pk=pk)
        data = round_results(viewer=request.user, round=round)
        response = HttpResponse(self.render(data), content_type=self.content_type)
        filename = f"bedomningsrunda-{round.pk}-resultat.{self.extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class ResultsCsvApi(_ExportApi):
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def render(self, data: RoundResults) -> bytes:
        return results_csv(data)

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
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, data: RoundResults) -> bytes:
        return results_xlsx(data)

    @extend_schema(
        tags=TAG_RESULTS,
        summary="Results as an Excel workbook",
        description="Same rule as the results. Cells are neutralised against formulas.",
        responses={
            (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX."),
            **errors(403, 404),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        return super().get(request, pk)


# --- Decisions --------------------------------------------------------------------------------


class DecisionListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_DECISIONS,
        summary="Per item: the parties' votes, where the rule stands, and the decision",
        responses={200: ItemVotesOut(many=True), **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        rows: list[ItemVotes] = round_decisions(viewer=request.user, round=round)
        return Response(ItemVotesOut(rows, many=True).data)


class VoteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_DECISIONS,
        summary="Cast your party's vote on an item",
        description="One vote per party per item, by its Core Team representative in the "
        "round, once the round is closed. A second vote is refused (`already_voted`).",
        request=VoteIn,
        responses={201: VoteOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int, item_pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        item = round_item_get(viewer=request.user, round=round, pk=item_pk)
        data = _validated(VoteIn, request)
        vote: Vote = vote_cast(
            actor=signed_in(request),
            item=item,
            choice=data["choice"],
            party=data.get("party"),
            comment=data["comment"],
        )
        vote = Vote.objects.select_related("party", "cast_by").get(pk=vote.pk)
        return Response(VoteOut(vote).data, status=status.HTTP_201_CREATED)


class DecisionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_DECISIONS,
        summary="Record the decision the votes give, with a rationale (facilitators)",
        description="Refused (`votes_missing`) until the votes the rule needs are in. The "
        "submission becomes promoted, parked or declined; its author is notified.",
        request=DecisionIn,
        responses={201: DecisionOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int, item_pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        item = round_item_get(viewer=request.user, round=round, pk=item_pk)
        data = _validated(DecisionIn, request)
        decision = decision_record(actor=signed_in(request), item=item, rationale=data["rationale"])
        decision = decision_for_idea(viewer=request.user, idea_id=decision.item.idea_id)
        return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)


class IdeaDecisionApi(APIView):
    @extend_schema(
        tags=TAG_DECISIONS,
        summary="The decision on a submission: outcome and rationale",
        description="For the submission's author, and those who follow the round.",
        responses={200: DecisionOut, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        decision: Decision = decision_for_idea(viewer=request.user, idea_id=pk)
        return Response(DecisionOut(decision).data)


# --- Portfolio --------------------------------------------------------------------------------


def _initiative_response(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    initiative = initiative_get(viewer=request.user, pk=pk)
    return Response(InitiativeOut(initiative, context={"request": request}).data, status=code)


def _initiative_input(data: dict[str, Any], current: PortfolioInitiative | None) -> InitiativeInput:
    base: dict[str, Any] = {}
    if current is not None:
        base = {
            "owner": current.owner,
            "initiative_type": current.initiative_type,
            "title": current.title,
            "summary": current.summary,
            "process_lead": current.process_lead,
            "goals": list(current.goals.all()),
            "stage": current.stage,
            "seed_funding_requested": current.seed_funding_requested,
            "seed_funding_granted": current.seed_funding_granted,
            "leveraged_funding": current.leveraged_funding,
        }
    merged = {**base, **{k: v for k, v in data.items() if k != "idea"}}
    return InitiativeInput(**merged)


class PortfolioOverviewApi(APIView):
    @extend_schema(
        tags=TAG_PORTFOLIO,
        summary="The portfolios: initiatives by societal goal, per focus area or across both",
        description="Public. Latest status reports are included for those who follow the "
        "portfolio (governing board, Core Team, facilitators, administrators).",
        parameters=[PortfolioQuery],
        responses={200: PortfolioOverviewOut, **errors(400)},
    )
    def get(self, request: Request) -> Response:
        query = parse_query(PortfolioQuery, request)
        overview = portfolio_overview(viewer=request.user, focus_area=query.get("focus_area"))
        context = {"request": request, "shows_status": overview.shows_status}
        return Response(PortfolioOverviewOut(overview, context=context).data)


class InitiativeListCreateApi(GenericAPIView):
    pagination_class = Pagination
    filter_backends = []
    serializer_class = InitiativeOut

    @extend_schema(
        tags=TAG_PORTFOLIO,
        summary="Portfolio initiatives",
        parameters=[PortfolioQuery],
        responses={200: InitiativeOut(many=True), **errors(400)},
    )
    def get(self, request: Request) -> Response:
        query = parse_query(PortfolioQuery, request)
        initiatives = initiative_list(viewer=request.user, focus_area=query.get("focus_area"))
        page = self.paginate_queryset(initiatives)
        shows = bool(permissions.can_follow_portfolio(request.user))
        context = {"request": request, "shows_status": shows}
        return self.get_paginated_response(InitiativeOut(page, many=True, context=context).data)

    @extend_schema(
        tags=TAG_PORTFOLIO,
        summary="Add a promoted submission to its focus area's portfolio (facilitators)",
        request=InitiativeIn,
        responses={201: InitiativeOut, **errors(400, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        data = _validated(InitiativeIn, request)
        initiative = initiative_create(
            actor=signed_in(request), idea=data["idea"], data=_initiative_input(data, None)
        )
        return _initiative_response(request, initiative.pk, status.HTTP_201_CREATED)


class InitiativeDetailApi(APIView):
    @extend_schema(
        tags=TAG_PORTFOLIO,
        summary="A portfolio initiative",
        responses={200: InitiativeOut, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _initiative_response(request, pk)

    @extend_schema(
        tags=TAG_PORTFOLIO,
        summary="Change an initiative",
        description="Facilitators and administrators change anything; the owner and process "
        "lead the `stage` and `leveraged_funding`.",
        request=InitiativePatchIn,
        responses={200: InitiativeOut, **errors(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        initiative = initiative_get(viewer=request.user, pk=pk)
        data = _validated(InitiativePatchIn, request, partial=True)
        initiative_update(
            actor=signed_in(request),
            initiative=initiative,
            data=_initiative_input(data, initiative),
        )
        return _initiative_response(request, pk)


class StatusReportListCreateApi(APIView):
    @extend_schema(
        tags=TAG_PORTFOLIO,
        summary="An initiative's status reports, newest first",
        responses={200: StatusReportOut(many=True), **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        initiative = initiative_get(viewer=request.user, pk=pk)
        reports = status_report_list(viewer=request.user, initiative=initiative)
        return Response(StatusReportOut(reports, many=True).data)

    @extend_schema(
        tags=TAG_PORTFOLIO,
        summary="Report an initiative's status with a traffic light",
        request=StatusReportIn,
        responses={201: StatusReportOut, **errors(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        initiative = initiative_get(viewer=request.user, pk=pk)
        data = _validated(StatusReportIn, request)
        report: StatusReport = status_report_create(
            actor=signed_in(request),
            initiative=initiative,
            light=data["light"],
            note=data["note"],
            reported_on=data.get("reported_on"),
        )
        report = StatusReport.objects.select_related("author").get(pk=report.pk)
        return Response(StatusReportOut(report).data, status=status.HTTP_201_CREATED)


class GoverningBoardReportApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_PORTFOLIO,
        summary="The governing board's report: every initiative's latest status",
        responses={200: GoverningBoardReportOut, **errors(403)},
    )
    def get(self, request: Request) -> Response:
        report = governing_board_report(viewer=request.user)
        shows = {"request": request, "shows_status": True}
        data = {
            "generated_at": report.generated_at,
            "totals": report.totals,
            "sections": [{"focus_area": area, "rows": rows} for area, rows in report.sections],
        }
        return Response(GoverningBoardReportOut(data, context=shows).data)
