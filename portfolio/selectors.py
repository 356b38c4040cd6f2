"""Every read of portfolios. Query counts do not grow with the number of initiatives.

Portfolios and initiatives are public; an initiative's status reports are shown only to who
`portfolio.permissions.can_view_status_reports` allows (callers check before showing the
latest report that `initiative_list` annotates).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from common.errors import ErrorCode, ServiceError
from common.ids import parse_id
from hub.models import FocusArea, SocietalGoal
from portfolio import permissions
from portfolio.models import LifecycleStage, PortfolioInitiative, StatusReport


def _latest(field_name: str) -> Subquery:
    latest = StatusReport.objects.filter(initiative=OuterRef("pk")).order_by("-reported_on", "-pk")
    return Subquery(latest.values(field_name)[:1])


def initiative_list(
    *, viewer: Any, focus_area: FocusArea | None = None
) -> QuerySet[PortfolioInitiative]:
    """Portfolio initiatives (public), each annotated with its latest status report
    (`latest_light`, `latest_note`, `latest_reported_on`, `latest_author`); callers show
    those only to who `can_view_status_reports`."""
    initiatives = (
        PortfolioInitiative.objects.select_related(
            "portfolio__focus_area", "owner", "owner__organisation", "process_lead", "idea"
        )
        .prefetch_related(Prefetch("goals", queryset=SocietalGoal.objects.order_by("order", "pk")))
        .annotate(
            latest_light=_latest("light"),
            latest_note=_latest("note"),
            latest_reported_on=_latest("reported_on"),
            latest_author=_latest("author__display_name"),
        )
        .order_by("portfolio__focus_area__order", "portfolio__focus_area__name", "title", "pk")
    )
    if focus_area is not None:
        initiatives = initiatives.filter(portfolio__focus_area=focus_area)
    return initiatives


def initiative_get(*, viewer: Any, pk: Any) -> PortfolioInitiative:
    initiative = initiative_list(viewer=viewer).filter(pk=_int(pk)).first()
    return initiative or _not_found()


def status_report_list(*, viewer: Any, initiative: PortfolioInitiative) -> QuerySet[StatusReport]:
    if not permissions.can_view_status_reports(viewer, initiative):
        raise ServiceError(ErrorCode.FORBIDDEN)
    return initiative.status_reports.select_related("author").order_by("-reported_on", "-pk")


@dataclass
class GoalGroup:
    goal: SocietalGoal | None  # None: initiatives not yet linked to a goal
    initiatives: list[PortfolioInitiative] = field(default_factory=list)


@dataclass
class PortfolioSummary:
    focus_area: FocusArea
    groups: list[GoalGroup]
    initiatives: list[PortfolioInitiative]
    by_stage: dict[str, int]
    seed_funding_requested: int
    seed_funding_granted: int
    leveraged_funding: int


@dataclass
class PortfolioOverview:
    portfolios: list[PortfolioSummary]
    shows_status: bool  # whether latest status reports may be shown to this viewer

    @property
    def initiative_count(self) -> int:
        return sum(len(p.initiatives) for p in self.portfolios)


def portfolio_overview(*, viewer: Any, focus_area: FocusArea | None = None) -> PortfolioOverview:
    """Each focus area's portfolio (or one), its initiatives grouped by the societal goals
    they serve (an initiative serving two goals appears under both), with stage counts and
    funding sums. Four queries, whatever the size."""
    areas = FocusArea.objects.prefetch_related(
        Prefetch("goals", queryset=SocietalGoal.objects.order_by("order", "pk"))
    ).order_by("order", "name")
    if focus_area is not None:
        areas = areas.filter(pk=focus_area.pk)
    initiatives = list(initiative_list(viewer=viewer, focus_area=focus_area))
    per_area: dict[int, list[PortfolioInitiative]] = defaultdict(list)
    for initiative in initiatives:
        per_area[initiative.portfolio.focus_area_id].append(initiative)
    summaries = []
    for area in areas:
        mine = per_area.get(area.pk, [])
        groups = [GoalGroup(goal=goal) for goal in area.goals.all()]
        by_goal = {g.goal.pk: g for g in groups if g.goal is not None}
        unlinked = GoalGroup(goal=None)
        for initiative in mine:
            linked = [by_goal[g.pk] for g in initiative.goals.all() if g.pk in by_goal]
            for group in linked or [unlinked]:
                group.initiatives.append(initiative)
        if unlinked.initiatives:
            groups.append(unlinked)
        by_stage = {stage.value: 0 for stage in LifecycleStage}
        for initiative in mine:
            by_stage[initiative.stage] = by_stage.get(initiative.stage, 0) + 1
        summaries.append(
            PortfolioSummary(
                focus_area=area,
                groups=groups,
                initiatives=mine,
                by_stage=by_stage,
                seed_funding_requested=sum(i.seed_funding_requested or 0 for i in mine),
                seed_funding_granted=sum(i.seed_funding_granted or 0 for i in mine),
                leveraged_funding=sum(i.leveraged_funding or 0 for i in mine),
            )
        )
    return PortfolioOverview(
        portfolios=summaries, shows_status=bool(permissions.can_follow_portfolio(viewer))
    )


@dataclass(frozen=True)
class GoverningBoardReportRow:
    initiative: PortfolioInitiative
    light: str | None
    note: str
    reported_on: date | None
    reported_by: str


@dataclass(frozen=True)
class GoverningBoardReport:
    """Every initiative's latest status, per focus area, for the governing board."""

    generated_at: datetime
    sections: list[tuple[FocusArea, list[GoverningBoardReportRow]]]
    totals: dict[str, int]  # by traffic light, plus "none"


def governing_board_report(*, viewer: Any) -> GoverningBoardReport:
    if not permissions.can_follow_portfolio(viewer):
        raise ServiceError(ErrorCode.FORBIDDEN)
    sections: dict[int, tuple[FocusArea, list[GoverningBoardReportRow]]] = {}
    totals: dict[str, int] = defaultdict(int)
    for initiative in initiative_list(viewer=viewer):
        area = initiative.portfolio.focus_area
        row = GoverningBoardReportRow(
            initiative=initiative,
            light=initiative.latest_light,  # type: ignore[attr-defined]
            note=initiative.latest_note or "",  # type: ignore[attr-defined]
            reported_on=initiative.latest_reported_on,  # type: ignore[attr-defined]
            reported_by=initiative.latest_author or "",  # type: ignore[attr-defined]
        )
        sections.setdefault(area.pk, (area, []))[1].append(row)
        totals[row.light or "none"] += 1
    return GoverningBoardReport(
        generated_at=timezone.now(), sections=list(sections.values()), totals=dict(totals)
    )


# --- Helpers ----------------------------------------------------------------------------------


def _int(value: Any) -> int:
    pk = parse_id(value)
    if pk is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return pk


def _not_found() -> Any:
    raise ServiceError(ErrorCode.NOT_FOUND)
