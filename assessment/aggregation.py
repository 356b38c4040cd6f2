"""Pure computations on plain data: results of a round, the portfolio matrix, item profiles
and the outcome of a vote. No database access here; selectors fetch and call these.

Results, per item and criterion: the number of assessors who scored (n), the mean, median,
minimum and maximum, and a disagreement flag when the scores are two or more points apart.
Per item: the weighted total, i.e. the weighted mean of the criterion means
(Σ weight·mean / Σ weight over the criteria that have scores), and a rank by that total
(ties share a rank: 1, 2, 2, 4). Scores of recused assessors never count.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from assessment.models import (
    CITIZEN_VALUE,
    INNOVATION_LEVEL,
    PARTNERSHIP_POTENTIAL,
    DecisionRule,
    VoteChoice,
)

DISAGREEMENT_SPREAD = 2
DECIMALS = 2


@dataclass(frozen=True)
class CriterionRef:
    id: int
    key: str
    name: str
    weight: float
    name_en: str = ""  # shown on English pages; empty: the (Swedish) name


@dataclass(frozen=True)
class ItemRef:
    id: int  # the RoundItem
    idea_id: int
    title: str


@dataclass(frozen=True)
class ScoreRow:
    item_id: int
    assessor_id: int  # the RoundAssessor
    criterion_id: int
    value: int | None


@dataclass(frozen=True)
class CriterionStats:
    criterion: CriterionRef
    n: int
    mean: float | None
    median: float | None
    min: int | None
    max: int | None
    disagreement: bool
    # The unrounded mean: totals are weighted from it, not from the rounded `mean`.
    exact_mean: float | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ItemResult:
    item: ItemRef
    criteria: list[CriterionStats]
    weighted_total: float | None
    disagreement: bool
    recused: int  # assessors recused from this item
    rank: int | None = None

    def stats(self, key: str) -> CriterionStats | None:
        return next((s for s in self.criteria if s.criterion.key == key), None)


@dataclass(frozen=True)
class Results:
    criteria: list[CriterionRef]
    items: list[ItemResult]  # ranked: best first, unscored last
    assessors_counted: int = 0


def _round(value: float) -> float:
    return round(value, DECIMALS)


def criterion_stats(criterion: CriterionRef, values: Sequence[int]) -> CriterionStats:
    if not values:
        return CriterionStats(criterion, 0, None, None, None, None, False)
    low, high = min(values), max(values)
    mean = statistics.fmean(values)
    return CriterionStats(
        criterion=criterion,
        n=len(values),
        mean=_round(mean),
        median=_round(float(statistics.median(values))),
        min=low,
        max=high,
        disagreement=high - low >= DISAGREEMENT_SPREAD,
        exact_mean=mean,
    )


def weighted_total(stats: Iterable[CriterionStats]) -> float | None:
    """Σ weight·mean / Σ weight over criteria with scores; None without any (or all weight 0)."""
    numerator = 0.0
    denominator = 0.0
    for stat in stats:
        mean = stat.exact_mean if stat.exact_mean is not None else stat.mean
        if mean is None:
            continue
        numerator += stat.criterion.weight * mean
        denominator += stat.criterion.weight
    if denominator <= 0:
        return None
    return _round(numerator / denominator)


def rank(results: Sequence[ItemResult]) -> list[ItemResult]:
    """Best total first, ties sharing a rank (1, 2, 2, 4); items without a total last."""
    ordered = sorted(
        results,
        key=lambda r: (
            r.weighted_total is None,
            -(r.weighted_total or 0.0),
            r.item.title,
            r.item.id,
        ),
    )
    ranked: list[ItemResult] = []
    previous: float | None = None
    current_rank = 0
    for position, result in enumerate(ordered, start=1):
        if result.weighted_total is None:
            ranked.append(result)
            continue
        if result.weighted_total != previous:
            current_rank = position
            previous = result.weighted_total
        ranked.append(
            ItemResult(
                item=result.item,
                criteria=result.criteria,
                weighted_total=result.weighted_total,
                disagreement=result.disagreement,
                recused=result.recused,
                rank=current_rank,
            )
        )
    return ranked


def aggregate(
    *,
    criteria: Sequence[CriterionRef],
    items: Sequence[ItemRef],
    scores: Iterable[ScoreRow],
    recusals: Iterable[tuple[int, int]] = (),
    counted_assessors: Iterable[int] | None = None,
) -> Results:
    """Results of a round.

    `recusals` are (item id, assessor id) pairs whose scores are ignored; with
    `counted_assessors`, only those assessors' scores count (the ones who submitted).
    """
    recused = set(recusals)
    counted = set(counted_assessors) if counted_assessors is not None else None
    criterion_ids = {c.id for c in criteria}
    values: dict[tuple[int, int], list[int]] = defaultdict(list)
    for row in scores:
        if row.value is None or row.criterion_id not in criterion_ids:
            continue
        if (row.item_id, row.assessor_id) in recused:
            continue
        if counted is not None and row.assessor_id not in counted:
            continue
        values[(row.item_id, row.criterion_id)].append(row.value)
    recused_per_item = Counter(item_id for item_id, _assessor in recused)
    results = []
    for item in items:
        stats = [criterion_stats(c, values.get((item.id, c.id), [])) for c in criteria]
        results.append(
            ItemResult(
                item=item,
                criteria=stats,
                weighted_total=weighted_total(stats),
                disagreement=any(s.disagreement for s in stats),
                recused=recused_per_item.get(item.id, 0),
            )
        )
    return Results(
        criteria=list(criteria),
        items=rank(results),
        assessors_counted=len(counted) if counted is not None else 0,
    )


def as_weight(value: Decimal | float | int) -> float:
    return float(value)


# --- Charts as data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixPoint:
    item: ItemRef
    x: float | None  # citizen value (mean)
    y: float | None  # innovation level (mean)
    size: float | None  # partnership potential (mean)
    weighted_total: float | None
    rank: int | None


@dataclass(frozen=True)
class PortfolioMatrix:
    """Citizen value against innovation level, bubble size for partnership potential."""

    x: CriterionRef | None
    y: CriterionRef | None
    size: CriterionRef | None
    points: list[MatrixPoint]
    scale_min: int = 1
    scale_max: int = 5


def portfolio_matrix(results: Results) -> PortfolioMatrix:
    by_key = {c.key: c for c in results.criteria}

    def mean(result: ItemResult, key: str) -> float | None:
        stat = result.stats(key)
        return stat.mean if stat is not None else None

    points = [
        MatrixPoint(
            item=r.item,
            x=mean(r, CITIZEN_VALUE),
            y=mean(r, INNOVATION_LEVEL),
            size=mean(r, PARTNERSHIP_POTENTIAL),
            weighted_total=r.weighted_total,
            rank=r.rank,
        )
        for r in results.items
    ]
    return PortfolioMatrix(
        x=by_key.get(CITIZEN_VALUE),
        y=by_key.get(INNOVATION_LEVEL),
        size=by_key.get(PARTNERSHIP_POTENTIAL),
        points=points,
    )


@dataclass(frozen=True)
class ProfileAxis:
    criterion: CriterionRef
    mean: float | None
    min: int | None
    max: int | None


@dataclass(frozen=True)
class ItemProfile:
    """One item's profile across the criteria (a small bar or radar chart)."""

    item: ItemRef
    axes: list[ProfileAxis]
    weighted_total: float | None


def item_profiles(results: Results) -> list[ItemProfile]:
    return [
        ItemProfile(
            item=r.item,
            axes=[ProfileAxis(s.criterion, s.mean, s.min, s.max) for s in r.criteria],
            weighted_total=r.weighted_total,
        )
        for r in results.items
    ]


# --- Votes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Where the parties' votes on one item stand under a decision rule."""

    rule: str
    eligible: int  # parties that may vote (at least one representative not recused)
    votes: Mapping[str, int] = field(default_factory=dict)
    outcome: str | None = None  # what the decision will be, once `ready`
    needed: int = 0  # votes the rule still needs before a decision

    @property
    def cast(self) -> int:
        return sum(self.votes.values())

    @property
    def ready(self) -> bool:
        return self.outcome is not None


def tally(*, rule: str, eligible: int, choices: Iterable[str]) -> Tally:
    """The outcome of a vote, or None while the rule needs more votes.

    Majority: an option chosen by more than half of the eligible parties wins as soon as it
    has that many votes. Unanimity: every eligible party must have voted, and the outcome is
    the option all chose. When every eligible party has voted and no option meets the rule,
    the item is parked: not taken on now, and not declined.
    """
    votes = Counter(choices)
    cast = sum(votes.values())
    outcome: str | None = None
    if eligible <= 0:
        return Tally(rule=rule, eligible=0, votes=dict(votes), outcome=None, needed=0)
    if rule == DecisionRule.UNANIMOUS:
        if cast >= eligible:
            outcome = next(iter(votes)) if len(votes) == 1 else VoteChoice.PARK.value
        needed = max(0, eligible - cast)
    else:
        threshold = eligible // 2 + 1
        leader = max(votes.values(), default=0)
        if leader >= threshold:
            outcome = next(choice for choice, n in votes.items() if n == leader)
        elif cast >= eligible:
            outcome = VoteChoice.PARK.value
        # The fewest further votes that could bring a decision.
        needed = 0 if outcome else min(threshold - leader, eligible - cast)
    return Tally(rule=rule, eligible=eligible, votes=dict(votes), outcome=outcome, needed=needed)


def tally_from(
    *,
    rule: str,
    seats: Iterable[tuple[int, int]],
    recused: set[int],
    votes: Iterable[tuple[int, str]],
) -> Tally:
    """The tally from plain rows: seats as (seat id, party id), recused seat ids, votes as
    (party id, choice). A party may vote when at least one of its representatives is not
    recused; votes of other parties are ignored."""
    eligible = {party_id for seat_id, party_id in seats if seat_id not in recused}
    choices = [choice for party_id, choice in votes if party_id in eligible]
    return tally(rule=rule, eligible=len(eligible), choices=choices)
