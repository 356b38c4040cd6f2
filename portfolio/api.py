"""The REST API of portfolios. Its paths stay where they have always been, under
/api/v1/assessment/ (`portfolios/`, `initiatives/`, `governing-board-report/`; see
`portfolio/api_urls.py`).

Each view reads through `portfolio.selectors`, writes through `portfolio.services` and
translates. Portfolios and initiatives are public; the latest status report of each is
shown only to who `portfolio.permissions` allows.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import (
    BigIntegerField,
    CharField,
    IdField,
    IntegerField,
    Pagination,
    PrimaryKeyRelatedField,
    enum_field,
    error_responses,
    parse_body,
    parse_query,
    request_viewer,
)
from common.api_errors import ErrorOut
from hub.api import (
    FocusAreaField,
    FocusAreaRefOut,
    GoalRefOut,
    OrganisationRefOut,
    ShownNameField,
    signed_in,
)
from hub.models import User
from hub.selectors import goal_list
from ideas.models import Idea
from ideas.selectors import visible_ideas_q
from portfolio import permissions
from portfolio.models import (
    InitiativeType,
    LifecycleStage,
    PortfolioInitiative,
    StatusReport,
    TrafficLight,
)
from portfolio.selectors import (
    governing_board_report,
    initiative_get,
    initiative_list,
    portfolio_overview,
    status_report_list,
)
from portfolio.services import (
    InitiativeInput,
    initiative_create,
    initiative_update,
    status_report_create,
)

InitiativeTypeField = enum_field(InitiativeType, "InitiativeType")
LifecycleStageField = enum_field(LifecycleStage, "LifecycleStage")
TrafficLightField = enum_field(TrafficLight, "TrafficLight")
TAG_PORTFOLIO = ["portfolio"]


class PortfolioErrorOut(ErrorOut):
    reason = CharField(
        required=False,
        help_text="What exactly was refused: `not_promoted` or `already_in_portfolio`.",
    )


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses; 403 and 409 may carry a portfolio `reason`."""
    responses = error_responses(*codes)
    for code in {403, 409} & set(codes):
        responses[code] = OpenApiResponse(
            PortfolioErrorOut,
            description=f"{responses[code].description} May carry a `reason`.",
        )
    return responses


class PortfolioPersonOut(serializers.Serializer):
    """A person by id and name (the same shape as assessment's `PersonRefOut`)."""

    id = IdField()
    display_name = ShownNameField(source="*")


@extend_schema_field(OpenApiTypes.INT)
class VisibleIdeaField(PrimaryKeyRelatedField):
    """A submission by id, among those the requester may see."""

    def get_queryset(self) -> Any:
        viewer = request_viewer(self)
        return Idea.objects.filter(visible_ideas_q(viewer))


class InitiativeStatusOut(serializers.Serializer):
    light = TrafficLightField(allow_null=True)
    note = CharField()
    reported_on = serializers.DateField(allow_null=True)
    reported_by = CharField()


class InitiativeOut(serializers.Serializer):
    id = IdField()
    title = CharField()
    summary = CharField()
    focus_area = FocusAreaRefOut(source="portfolio.focus_area")
    idea = IntegerField(source="idea_id", allow_null=True)
    initiative_type = InitiativeTypeField()
    initiative_type_label = CharField(source="get_initiative_type_display")
    stage = LifecycleStageField()
    stage_label = CharField(source="get_stage_display")
    owner = PortfolioPersonOut()
    owner_organisation = OrganisationRefOut(source="owner.organisation", allow_null=True)
    process_lead = PortfolioPersonOut(allow_null=True)
    goals = GoalRefOut(many=True, source="goals.all")
    seed_funding_requested = IntegerField(allow_null=True, help_text="SEK.")
    seed_funding_granted = IntegerField(allow_null=True, help_text="SEK.")
    leveraged_funding = BigIntegerField(allow_null=True, help_text="SEK (uppväxling).")
    latest_status = serializers.SerializerMethodField(
        help_text="Null unless you follow the portfolio (or lead this initiative)."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(InitiativeStatusOut(allow_null=True))
    def get_latest_status(self, initiative: PortfolioInitiative) -> dict[str, Any] | None:
        shows = self.context.get("shows_status")
        if shows is None:
            shows = permissions.can_view_status_reports(request_viewer(self), initiative)
        elif not shows:
            shows = permissions.is_initiative_lead(request_viewer(self), initiative)
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
    by_stage = serializers.DictField(child=IntegerField())
    seed_funding_requested = IntegerField()
    seed_funding_granted = IntegerField()
    leveraged_funding = BigIntegerField()
    groups = GoalGroupOut(many=True, help_text="By societal goal.")

    def get_initiative_count(self, portfolio: Any) -> int:
        return len(portfolio.initiatives)


class PortfolioOverviewOut(serializers.Serializer):
    shows_status = serializers.BooleanField()
    portfolios = PortfolioOut(many=True)


class StatusReportOut(serializers.Serializer):
    id = IdField()
    reported_on = serializers.DateField()
    light = TrafficLightField()
    light_label = CharField(source="get_light_display")
    note = CharField()
    author = PortfolioPersonOut()
    created_at = serializers.DateTimeField()


class GoverningBoardRowOut(serializers.Serializer):
    initiative = InitiativeOut()
    light = TrafficLightField(allow_null=True)
    note = CharField()
    reported_on = serializers.DateField(allow_null=True)
    reported_by = CharField()


class GoverningBoardSectionOut(serializers.Serializer):
    focus_area = FocusAreaRefOut()
    rows = GoverningBoardRowOut(many=True)


class GoverningBoardReportOut(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    totals = serializers.DictField(
        child=IntegerField(), help_text="Initiatives per traffic light (and none)."
    )
    sections = GoverningBoardSectionOut(many=True)


class InitiativePatchIn(serializers.Serializer):
    """Every field optional: what is left out keeps its value."""

    title = CharField(allow_blank=True, required=False)
    summary = CharField(allow_blank=True, required=False)
    initiative_type = InitiativeTypeField(required=False)
    stage = LifecycleStageField(required=False)
    owner = PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), required=False)
    process_lead = PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    goals = PrimaryKeyRelatedField(queryset=goal_list(), many=True, required=False)
    seed_funding_requested = IntegerField(min_value=0, required=False, allow_null=True)
    seed_funding_granted = IntegerField(min_value=0, required=False, allow_null=True)
    leveraged_funding = BigIntegerField(min_value=0, required=False, allow_null=True)


class InitiativeIn(InitiativePatchIn):
    idea = VisibleIdeaField(help_text="A promoted submission.")
    owner = PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), help_text="From one of the parties."
    )


class StatusReportIn(serializers.Serializer):
    light = TrafficLightField()
    note = CharField(allow_blank=True)
    reported_on = serializers.DateField(required=False, help_text="Today by default.")


class PortfolioQuery(serializers.Serializer):
    focus_area = FocusAreaField(required=False, allow_blank=True, help_text="Slug or id.")


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
        data = parse_body(InitiativeIn, request, context={"request": request})
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
        data = parse_body(InitiativePatchIn, request, partial=True)
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
        data = parse_body(StatusReportIn, request)
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
