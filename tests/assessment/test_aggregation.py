"""Results against values computed by hand, with weights and recusals; vote tallies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import services
from assessment.aggregation import (
    CriterionRef,
    ItemRef,
    ScoreRow,
    aggregate,
    item_profiles,
    portfolio_matrix,
    tally,
)
from assessment.models import CITIZEN_VALUE, INNOVATION_LEVEL, PARTNERSHIP_POTENTIAL
from assessment.selectors import round_results
from tests.assessment.factories import ScoreFactory

pytestmark = pytest.mark.django_db

# assessor -> item title -> (citizen value, innovation level, partnership potential)
SCORES = {
    0: {"Läxhjälp i biblioteket": (5, 4, 3), "Sommarjobb i staden": (2, 5, 4),
        "Mentorer från MDU": (4, 3, 3)},
    1: {"Läxhjälp i biblioteket": (3, 4, 3), "Sommarjobb i staden": (2, 3, 4),
        "Mentorer från MDU": (3, 3, 3)},
    2: {"Läxhjälp i biblioteket": (4, 2, 5), "Mentorer från MDU": (3, 3, 3)},
}  # fmt: skip


@pytest.fixture
def scored(world):
    """Citizen value weighs 2; the third assessor is recused from "Sommarjobb i staden"."""
    world.criteria[0].weight = Decimal("2.00")
    world.criteria[0].save()
    world.open()
    summer = world.item_for(world.ideas[1])
    services.conflict_declare(
        actor=world.assessors[2], round=world.round, item=summer, reason="Min son söker jobbet"
    )
    for index, assessor in enumerate(world.assessors):
        mine = SCORES[index]
        world.score_all(
            assessor,
            lambda item, criterion, mine=mine: mine[item.idea.title][criterion.order - 1],
        )
        world.submit(assessor)
    world.close()
    return world


def by_title(results):
    return {r.item.title: r for r in results.results.items}


def test_per_item_and_criterion_statistics(scored):
    results = by_title(round_results(viewer=scored.facilitator, round=scored.round))

    homework = results["Läxhjälp i biblioteket"]
    cv, il, pp = (
        homework.stats(k) for k in (CITIZEN_VALUE, INNOVATION_LEVEL, PARTNERSHIP_POTENTIAL)
    )
    # citizen value 5, 3, 4
    assert (cv.n, cv.mean, cv.median, cv.min, cv.max, cv.disagreement) == (3, 4.0, 4.0, 3, 5, True)
    # innovation level 4, 4, 2
    assert (il.n, il.mean, il.median, il.min, il.max, il.disagreement) == (3, 3.33, 4.0, 2, 4, True)
    # partnership potential 3, 3, 5
    assert (pp.n, pp.mean, pp.median, pp.min, pp.max) == (3, 3.67, 3.0, 3, 5)
    assert homework.disagreement
    assert homework.recused == 0

    mentors = results["Mentorer från MDU"]
    cv = mentors.stats(CITIZEN_VALUE)
    # citizen value 4, 3, 3: one point apart is no disagreement
    assert (cv.mean, cv.median, cv.disagreement) == (3.33, 3.0, False)
    assert not mentors.disagreement


def test_recused_assessors_do_not_count(scored):
    summer = by_title(round_results(viewer=scored.facilitator, round=scored.round))[
        "Sommarjobb i staden"
    ]
    assert summer.recused == 1
    assert [s.n for s in summer.criteria] == [2, 2, 2]
    # innovation level 5 and 3: two apart
    il = summer.stats(INNOVATION_LEVEL)
    assert (il.mean, il.median, il.disagreement) == (4.0, 4.0, True)


def test_a_score_row_of_a_recused_assessor_is_ignored_even_if_present(scored):
    """Defence in depth: the service never stores one, but aggregation would skip it."""
    summer = scored.item_for(scored.ideas[1])
    seat = summer.conflicts.get().assessor
    ScoreFactory(item=summer, assessor=seat, criterion=scored.criteria[0], value=1)

    result = by_title(round_results(viewer=scored.facilitator, round=scored.round))
    assert result["Sommarjobb i staden"].stats(CITIZEN_VALUE).n == 2


def test_weighted_totals_and_ranking(scored):
    results = round_results(viewer=scored.facilitator, round=scored.round)
    # weights 2, 1, 1:
    #   homework (2·4 + 3⅓ + 3⅔) / 4 = 3.75
    #   mentors  (2·3⅓ + 3 + 3) / 4 = 3.1666… → 3.17
    #   summer   (2·2 + 4 + 4) / 4 = 3.0
    assert [(r.item.title, r.weighted_total, r.rank) for r in results.results.items] == [
        ("Läxhjälp i biblioteket", 3.75, 1),
        ("Mentorer från MDU", 3.17, 2),
        ("Sommarjobb i staden", 3.0, 3),
    ]
    assert results.submitted == results.assessors == 3


def test_unsubmitted_assessments_do_not_count(world):
    world.open()
    world.score_all(world.assessors[0], 5)
    world.submit(world.assessors[0])
    world.score_all(world.assessors[1], 1)  # saved, never submitted
    world.close()

    results = round_results(viewer=world.facilitator, round=world.round)
    assert results.submitted == 1
    assert {r.weighted_total for r in results.results.items} == {5.0}
    assert all(s.n == 1 for r in results.results.items for s in r.criteria)


def test_matrix_and_profiles_are_plain_data(scored):
    results = round_results(viewer=scored.facilitator, round=scored.round)
    matrix = results.matrix
    assert (matrix.x.key, matrix.y.key, matrix.size.key) == (
        CITIZEN_VALUE,
        INNOVATION_LEVEL,
        PARTNERSHIP_POTENTIAL,
    )
    homework = next(p for p in matrix.points if p.item.title == "Läxhjälp i biblioteket")
    assert (homework.x, homework.y, homework.size, homework.rank) == (4.0, 3.33, 3.67, 1)
    profile = next(p for p in results.profiles if p.item.title == "Läxhjälp i biblioteket")
    assert [(a.criterion.key, a.mean, a.min, a.max) for a in profile.axes] == [
        (CITIZEN_VALUE, 4.0, 3, 5),
        (INNOVATION_LEVEL, 3.33, 2, 4),
        (PARTNERSHIP_POTENTIAL, 3.67, 3, 5),
    ]


# --- Pure functions ---------------------------------------------------------------------------

A = CriterionRef(id=1, key="a", name="A", weight=1.0)
B = CriterionRef(id=2, key="b", name="B", weight=3.0)


def test_ties_share_a_rank_and_unscored_items_come_last():
    items = [ItemRef(i, i, t) for i, t in ((1, "Ett"), (2, "Två"), (3, "Tre"), (4, "Fyra"))]
    scores = [
        ScoreRow(1, 10, 1, 4),
        ScoreRow(2, 10, 1, 5),
        ScoreRow(3, 10, 1, 4),
    ]
    results = aggregate(criteria=[A], items=items, scores=scores)
    assert [(r.item.title, r.rank) for r in results.items] == [
        ("Två", 1),
        ("Ett", 2),
        ("Tre", 2),
        ("Fyra", None),
    ]


def test_weights_and_a_criterion_without_scores():
    item = ItemRef(1, 1, "Ett")
    # A: 2 and 4 (mean 3), B: 5 → (1·3 + 3·5) / 4 = 4.5
    scores = [ScoreRow(1, 10, 1, 2), ScoreRow(1, 11, 1, 4), ScoreRow(1, 10, 2, 5)]
    assert aggregate(criteria=[A, B], items=[item], scores=scores).items[0].weighted_total == 4.5
    # Only A scored: the total is A's mean (B has no scores to weigh).
    only_a = [ScoreRow(1, 10, 1, 2), ScoreRow(1, 11, 1, 4)]
    assert aggregate(criteria=[A, B], items=[item], scores=only_a).items[0].weighted_total == 3.0
    # An even number of scores: the median is the mean of the middle two.
    stats = aggregate(criteria=[A], items=[item], scores=only_a).items[0].criteria[0]
    assert (stats.median, stats.disagreement) == (3.0, True)


def test_recusals_and_counted_assessors_filter_scores():
    item = ItemRef(1, 1, "Ett")
    scores = [ScoreRow(1, 10, 1, 5), ScoreRow(1, 11, 1, 1), ScoreRow(1, 12, 1, 3)]
    results = aggregate(
        criteria=[A], items=[item], scores=scores, recusals=[(1, 11)], counted_assessors=[10, 11]
    )
    stats = results.items[0].criteria[0]
    assert (stats.n, stats.mean, results.items[0].recused) == (1, 5.0, 1)
    assert portfolio_matrix(results).x is None  # no citizen-value criterion
    assert item_profiles(results)[0].axes[0].mean == 5.0


@pytest.mark.parametrize(
    ("rule", "eligible", "choices", "outcome", "needed"),
    [
        # Majority of three: two alike decide at once.
        ("majority", 3, [], None, 2),
        ("majority", 3, ["promote"], None, 1),
        ("majority", 3, ["promote", "promote"], "promote", 0),
        ("majority", 3, ["promote", "decline"], None, 1),
        ("majority", 3, ["promote", "decline", "park"], "park", 0),  # no majority: parked
        ("majority", 2, ["promote"], None, 1),  # one recused party: two left, both needed
        ("majority", 2, ["promote", "promote"], "promote", 0),
        # All parties: every eligible party votes, and all agree.
        ("unanimous", 3, ["promote", "promote"], None, 1),
        ("unanimous", 3, ["promote", "promote", "promote"], "promote", 0),
        ("unanimous", 3, ["decline", "decline", "decline"], "decline", 0),
        ("unanimous", 3, ["promote", "promote", "decline"], "park", 0),
        ("unanimous", 0, [], None, 0),
    ],
)
def test_decision_rules(rule, eligible, choices, outcome, needed):
    result = tally(rule=rule, eligible=eligible, choices=choices)
    assert (result.outcome, result.needed, result.ready) == (outcome, needed, outcome is not None)
