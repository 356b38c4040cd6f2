"""Every read of assessment. Query counts do not grow with the number of rows.

Blind scoring is enforced here as well as in the services: a score leaves the database only
through `my_sheet` (the assessor's own), `round_results` (aggregates) and `round_scores`
(everyone's), and each checks `assessment.permissions` first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from assessment import permissions
from assessment.aggregation import (
    CriterionRef,
    ItemProfile,
    ItemRef,
    PortfolioMatrix,
    Results,
    ScoreRow,
    Tally,
    aggregate,
    as_weight,
    item_profiles,
    portfolio_matrix,
    tally_from,
)
from assessment.errors import AssessmentError, Reason
from assessment.models import (
    AssessmentRound,
    AssessmentSettings,
    Conflict,
    Criterion,
    Decision,
    DecisionRule,
    RoundAssessor,
    RoundCriterion,
    RoundItem,
    RoundStatus,
    Score,
    Vote,
)
from common.errors import ErrorCode, ServiceError
from common.ids import lookup_id, parse_id
from hub.models import FocusArea
from hub.permissions import is_authenticated, is_governing_board

# --- Configuration ----------------------------------------------------------------------------


def criterion_list(*, active_only: bool = True) -> QuerySet[Criterion]:
    criteria = Criterion.objects.all()
    return criteria.filter(is_active=True) if active_only else criteria


def assessment_settings_get(*, focus_area: FocusArea) -> AssessmentSettings:
    """The focus area's settings, or the defaults (unsaved) when never configured."""
    settings = AssessmentSettings.objects.filter(focus_area=focus_area).first()
    return settings or AssessmentSettings(
        focus_area=focus_area, decision_rule=DecisionRule.MAJORITY
    )


# --- Rounds -----------------------------------------------------------------------------------


def visible_rounds_q(viewer: Any) -> Q | None:
    """The rounds `viewer` may know of, as a filter (None: none). Mirrors `can_view_round`."""
    if not is_authenticated(viewer):
        return None
    if permissions.can_run_rounds(viewer):
        return Q()
    not_draft = ~Q(status=RoundStatus.DRAFT)
    if is_governing_board(viewer):
        return not_draft
    areas = viewer.core_teams.values("focus_area_id")
    seats = RoundAssessor.objects.filter(user_id=viewer.pk).values("round_id")
    return not_draft & (Q(focus_area_id__in=areas) | Q(pk__in=seats))


def round_list(
    *, viewer: Any, focus_area: FocusArea | None = None, status: str = ""
) -> QuerySet[AssessmentRound]:
    visible = visible_rounds_q(viewer)
    if visible is None:
        return AssessmentRound.objects.none()
    rounds = (
        AssessmentRound.objects.filter(visible)
        .select_related("focus_area", "created_by")
        .annotate(
            item_count=Count("items", distinct=True),
            assessor_count=Count("assessors", distinct=True),
            submitted_count=Count(
                "assessors", filter=Q(assessors__submitted_at__isnull=False), distinct=True
            ),
        )
    )
    if focus_area is not None:
        rounds = rounds.filter(focus_area=focus_area)
    if status:
        rounds = rounds.filter(status=status)
    return rounds.order_by("-created_at", "-pk")


def round_get(*, viewer: Any, pk: Any) -> AssessmentRound:
    """One round the viewer may know of; missing and not visible look the same."""
    try:
        return round_list(viewer=viewer).get(pk=lookup_id(pk))
    except (AssessmentRound.DoesNotExist, ValueError, TypeError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None


def round_detail(*, viewer: Any, pk: Any) -> AssessmentRound:
    """A round with its criteria, submissions and assessors (no scores)."""
    return (
        round_list(viewer=viewer)
        .prefetch_related(
            Prefetch("round_criteria", queryset=RoundCriterion.objects.select_related("criterion")),
            Prefetch(
                "items", queryset=RoundItem.objects.select_related("idea", "idea__focus_area")
            ),
            Prefetch(
                "assessors",
                queryset=RoundAssessor.objects.select_related("user", "party"),
            ),
        )
        .filter(pk=_int(pk))
        .first()
    ) or _not_found()


def round_item_get(*, viewer: Any, round: AssessmentRound, pk: Any) -> RoundItem:
    """A submission of a round the viewer may know of."""
    item = (
        RoundItem.objects.select_related("idea", "round").filter(round=round, pk=_int(pk)).first()
    )
    if item is None or not permissions.can_view_round(viewer, item.round):
        raise ServiceError(ErrorCode.NOT_FOUND)
    return item


@dataclass(frozen=True)
class AssessorProgress:
    seat: RoundAssessor
    scored: int
    needed: int
    recused: int

    @property
    def submitted(self) -> bool:
        return self.seat.submitted_at is not None


def round_progress(*, viewer: Any, round: AssessmentRound) -> list[AssessorProgress]:
    """How far each assessor has come, as counts (never values): for the facilitator's
    overview and the assessors' own."""
    if not permissions.can_view_progress(viewer, round):
        raise ServiceError(ErrorCode.NOT_FOUND)
    items = round.items.count()
    criteria = round.round_criteria.count()
    seats = (
        RoundAssessor.objects.filter(round=round)
        .select_related("user", "party")
        .annotate(
            scored=Count("scores", filter=Q(scores__value__isnull=False), distinct=True),
            recused=Count("conflicts", distinct=True),
        )
    )
    return [
        AssessorProgress(
            seat=seat,
            scored=seat.scored,
            needed=(items - seat.recused) * criteria,
            recused=seat.recused,
        )
        for seat in seats
    ]


def conflict_list(*, viewer: Any, round: AssessmentRound) -> QuerySet[Conflict]:
    """Who is recused from what, and why: open to those who follow the round."""
    if not permissions.can_view_progress(viewer, round):
        raise ServiceError(ErrorCode.NOT_FOUND)
    return (
        Conflict.objects.filter(item__round=round)
        .select_related("item__idea", "assessor__user", "assessor__party", "declared_by")
        .order_by("item__order", "item_id", "pk")
    )


# --- An assessor's own sheet ------------------------------------------------------------------


@dataclass
class SheetRow:
    item: RoundItem
    conflict: Conflict | None
    scores: dict[int, Score] = field(default_factory=dict)  # by criterion id

    @property
    def recused(self) -> bool:
        return self.conflict is not None


@dataclass
class AssessorSheet:
    round: AssessmentRound
    seat: RoundAssessor
    criteria: list[RoundCriterion]
    rows: list[SheetRow]

    @property
    def submitted(self) -> bool:
        return self.seat.submitted_at is not None

    @property
    def needed(self) -> int:
        return sum(len(self.criteria) for row in self.rows if not row.recused)

    @property
    def scored(self) -> int:
        return sum(
            1
            for row in self.rows
            if not row.recused
            for score in row.scores.values()
            if score.value is not None
        )

    @property
    def complete(self) -> bool:
        return self.scored >= self.needed


def my_sheet(*, viewer: Any, round: AssessmentRound) -> AssessorSheet:
    """The viewer's own scores in a round, with the items they are recused from. Nothing of
    anyone else's."""
    if not permissions.can_view_round(viewer, round):
        raise ServiceError(ErrorCode.NOT_FOUND)
    seat = (
        RoundAssessor.objects.select_related("user", "party")
        .filter(round=round, user_id=viewer.pk)
        .first()
    )
    if seat is None:
        raise AssessmentError(Reason.NOT_ASSESSOR)
    criteria = list(round.round_criteria.select_related("criterion"))
    items = list(round.items.select_related("idea", "idea__focus_area"))
    conflicts = {c.item_id: c for c in seat.conflicts.all()}
    rows = {item.pk: SheetRow(item=item, conflict=conflicts.get(item.pk)) for item in items}
    for score in Score.objects.filter(assessor=seat):
        if score.item_id in rows:
            rows[score.item_id].scores[score.criterion_id] = score
    return AssessorSheet(round=round, seat=seat, criteria=criteria, rows=list(rows.values()))


def score_cells(
    *, round: AssessmentRound, cells: Sequence[tuple[Any, Any]]
) -> list[tuple[RoundItem, Criterion]]:
    """The round's items and criteria for (item id, criterion id) pairs, in the order given:
    what the cells of an assessor's sheet refer to, in two queries however many there are.

    An id that is not the round's is bad input, keyed like the service's own errors
    (`scores.<index>.item`, `scores.<index>.criterion`)."""
    item_ids = {item_id for item_id, _criterion_id in cells}
    items = {item.pk: item for item in RoundItem.objects.filter(round=round, pk__in=item_ids)}
    criteria = {
        rc.criterion_id: rc.criterion
        for rc in RoundCriterion.objects.filter(round=round).select_related("criterion")
    }
    errors: dict[str, list[str]] = {}
    found = []
    for index, (item_id, criterion_id) in enumerate(cells):
        item, criterion = items.get(item_id), criteria.get(criterion_id)
        if item is None:
            errors[f"scores.{index}.item"] = [_("Bidraget ingår inte i rundan.")]
        if criterion is None:
            errors[f"scores.{index}.criterion"] = [_("Kriteriet används inte i rundan.")]
        if item is not None and criterion is not None:
            found.append((item, criterion))
    if errors:
        raise ValidationError(errors)
    return found


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundResults:
    round: AssessmentRound
    results: Results
    matrix: PortfolioMatrix
    profiles: list[ItemProfile]
    assessors: int
    submitted: int


def _check_results(viewer: Any, round: AssessmentRound, predicate: Any) -> None:
    if not permissions.can_view_round(viewer, round):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not predicate(viewer, round):
        raise AssessmentError(Reason.RESULTS_NOT_AVAILABLE)


def _criterion_refs(round: AssessmentRound) -> list[CriterionRef]:
    return [
        CriterionRef(
            id=rc.criterion_id,
            key=rc.criterion.key,
            name=rc.criterion.name,
            name_en=rc.criterion.name_en,
            weight=as_weight(rc.weight),
        )
        for rc in round.round_criteria.select_related("criterion")
    ]


def compute_results(round: AssessmentRound) -> Results:
    """The aggregates of a round, without a permission check: callers check first."""
    criteria = _criterion_refs(round)
    items = [
        ItemRef(id=pk, idea_id=idea_id, title=title)
        for pk, idea_id, title in round.items.order_by("order", "pk").values_list(
            "pk", "idea_id", "idea__title"
        )
    ]
    submitted = list(
        RoundAssessor.objects.filter(round=round, submitted_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    scores = [
        ScoreRow(item_id=i, assessor_id=a, criterion_id=c, value=v)
        for i, a, c, v in Score.objects.filter(
            item__round=round, assessor__submitted_at__isnull=False
        ).values_list("item_id", "assessor_id", "criterion_id", "value")
    ]
    recusals = Conflict.objects.filter(item__round=round).values_list("item_id", "assessor_id")
    return aggregate(
        criteria=criteria,
        items=items,
        scores=scores,
        recusals=list(recusals),
        counted_assessors=submitted,
    )


def round_results(*, viewer: Any, round: AssessmentRound) -> RoundResults:
    """Per item and criterion n, mean, median, min, max and disagreement; weighted totals,
    ranking, the portfolio matrix and item profiles. Blind: see `permissions`."""
    _check_results(viewer, round, permissions.can_view_results)
    results = compute_results(round)
    counts = RoundAssessor.objects.filter(round=round).aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    return RoundResults(
        round=round,
        results=results,
        matrix=portfolio_matrix(results),
        profiles=item_profiles(results),
        assessors=counts["total"],
        submitted=counts["submitted"],
    )


def round_scores(*, viewer: Any, round: AssessmentRound) -> QuerySet[Score]:
    """Every counted score with its assessor and rationale (for the calibration meeting):
    submitted assessments only, recusals excluded."""
    _check_results(viewer, round, permissions.can_view_all_scores)
    recused = Conflict.objects.filter(
        item_id=OuterRef("item_id"), assessor_id=OuterRef("assessor_id")
    )
    return (
        Score.objects.filter(item__round=round, assessor__submitted_at__isnull=False)
        .exclude(Exists(recused))
        .select_related("item__idea", "assessor__user", "assessor__party", "criterion")
        .order_by("item__order", "item_id", "assessor__party__name", "assessor_id", "criterion_id")
    )


# --- Decisions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemVotes:
    item: RoundItem
    tally: Tally
    votes: list[Vote]
    decision: Decision | None
    recused_parties: list[int]


def round_decisions(*, viewer: Any, round: AssessmentRound) -> list[ItemVotes]:
    """Per item: the parties' votes, where the rule stands, and the decision if recorded."""
    if not permissions.can_view_votes(viewer, round):
        raise ServiceError(ErrorCode.NOT_FOUND)
    items = list(
        round.items.select_related("idea", "decision", "decision__decided_by").order_by(
            "order", "pk"
        )
    )
    seats = list(RoundAssessor.objects.filter(round=round).values_list("pk", "party_id"))
    recused: dict[int, set[int]] = defaultdict(set)
    for item_id, seat_id in Conflict.objects.filter(item__round=round).values_list(
        "item_id", "assessor_id"
    ):
        recused[item_id].add(seat_id)
    votes: dict[int, list[Vote]] = defaultdict(list)
    for vote in Vote.objects.filter(item__round=round).select_related("party", "cast_by"):
        votes[vote.item_id].append(vote)
    parties = {party for _seat, party in seats}
    out = []
    for item in items:
        eligible = {party for seat, party in seats if seat not in recused[item.pk]}
        out.append(
            ItemVotes(
                item=item,
                tally=tally_from(
                    rule=round.decision_rule,
                    seats=seats,
                    recused=recused[item.pk],
                    votes=[(v.party_id, v.choice) for v in votes[item.pk]],
                ),
                votes=votes[item.pk],
                decision=getattr(item, "decision", None),
                recused_parties=sorted(parties - eligible),
            )
        )
    return out


def decision_for_idea(*, viewer: Any, idea_id: Any) -> Decision:
    """The decision on a submission, for its author and those who follow the round."""
    return latest_decision(viewer=viewer, idea_id=idea_id) or _not_found()


def latest_decision(*, viewer: Any, idea_id: int) -> Decision | None:
    """The latest decision on a submission if there is one this viewer may read, else None:
    for a page that has something else to show instead."""
    decision = (
        Decision.objects.select_related("item__idea", "item__round", "decided_by")
        .filter(item__idea_id=_int(idea_id))
        .order_by("-decided_at", "-pk")
        .first()
    )
    if decision is None or not permissions.can_view_decision(viewer, decision.item):
        return None
    return decision


# --- Helpers ----------------------------------------------------------------------------------


def _int(value: Any) -> int:
    pk = parse_id(value)
    if pk is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return pk


def _not_found() -> Any:
    raise ServiceError(ErrorCode.NOT_FOUND)
