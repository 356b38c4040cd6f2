"""Who may do what in assessment: every role against every action, through the services and
selectors themselves (not only the predicates), each attempt rolled back before the next.
Portfolios have their own matrix (tests/portfolio/test_permissions.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from assessment import permissions, selectors, services
from assessment.exports import results_csv
from assessment.models import RoundStatus, VoteChoice
from common.errors import ServiceError
from ideas.models import IdeaStatus
from tests.assessment.conftest import ROLES, World

pytestmark = pytest.mark.django_db

EVERYONE = frozenset(ROLES)
RUNNERS = frozenset({"facilitator", "administrator"})
FOLLOWERS = RUNNERS | {"core_team", "board_member"}  # of this focus area's rounds


def draft(world: World) -> dict:
    return {"round": world.create_round()}


def opened(world: World) -> dict:
    return {"round": world.open()}


def opened_and_submitted(world: World) -> dict:
    world.open()
    world.score_all(world.core_team, 4)
    world.submit(world.core_team)
    return {"round": world.round}


def closed(world: World) -> dict:
    world.open()
    world.score_and_submit_all(4)
    return {"round": world.close(), "item": world.item_for(world.ideas[0])}


def voted(world: World) -> dict:
    ctx = closed(world)
    for index in (0, 1):
        services.vote_cast(actor=world.assessors[index], item=ctx["item"], choice="promote")
    return ctx


def decided(world: World) -> dict:
    ctx = voted(world)
    services.decision_record(actor=world.facilitator, item=ctx["item"], rationale="Lyfts.")
    return ctx


def round_input(world: World) -> services.RoundInput:
    return services.RoundInput(
        title="Ny runda",
        focus_area=world.focus_area,
        deadline=world.round.deadline if world.round else None,  # type: ignore[arg-type]
        ideas=world.ideas,
        criteria=world.criteria,
    )


Action = tuple[Callable[[World], dict], Callable[[World, Any, dict], Any], frozenset[str]]

# action -> (set the scene, act as `user`, the roles allowed)
ACTIONS: dict[str, Action] = {
    "view criteria": (
        lambda w: {},
        lambda w, u, c: permissions.can_view_criteria.test(u) or _refuse(),
        EVERYONE,
    ),
    "configure the decision rule": (
        lambda w: {},
        lambda w, u, c: services.assessment_settings_update(
            actor=u, focus_area=w.focus_area, decision_rule="unanimous"
        ),
        frozenset({"administrator"}),
    ),
    "create a round": (
        draft,
        lambda w, u, c: services.round_create(actor=u, data=round_input(w)),
        RUNNERS,
    ),
    "see a draft round": (
        draft,
        lambda w, u, c: selectors.round_get(viewer=u, pk=c["round"].pk),
        RUNNERS,
    ),
    "change a draft round": (
        draft,
        lambda w, u, c: services.round_update(actor=u, round=c["round"], data=round_input(w)),
        RUNNERS,
    ),
    "open a round": (
        draft,
        lambda w, u, c: services.round_open(actor=u, round=c["round"]),
        RUNNERS,
    ),
    "see an open round": (
        opened,
        lambda w, u, c: selectors.round_detail(viewer=u, pk=c["round"].pk),
        FOLLOWERS,
    ),
    "see assessors' progress": (
        opened,
        lambda w, u, c: selectors.round_progress(viewer=u, round=c["round"]),
        FOLLOWERS,
    ),
    "score": (
        opened,
        lambda w, u, c: services.score_save(
            actor=u, round=c["round"], item=w.items()[0], criterion=w.criteria[0], value=4
        ),
        frozenset({"core_team"}),
    ),
    "submit an assessment": (
        lambda w: {**opened(w), "_": w.score_all(w.core_team, 3)},
        lambda w, u, c: services.assessment_submit(actor=u, round=c["round"]),
        frozenset({"core_team"}),
    ),
    "read one's own sheet": (
        opened,
        lambda w, u, c: selectors.my_sheet(viewer=u, round=c["round"]),
        frozenset({"core_team"}),
    ),
    "declare one's own conflict": (
        opened,
        lambda w, u, c: services.conflict_declare(
            actor=u, round=c["round"], item=w.items()[0], reason="Jäv"
        ),
        frozenset({"core_team"}),
    ),
    "record an assessor's conflict": (
        opened,
        lambda w, u, c: services.conflict_declare(
            actor=u, round=c["round"], item=w.items()[0], reason="Jäv", assessor=w.assessors[1]
        ),
        RUNNERS,
    ),
    "read results while open, before submitting": (
        opened,
        lambda w, u, c: selectors.round_results(viewer=u, round=c["round"]),
        frozenset(),
    ),
    "read results while open, after submitting": (
        opened_and_submitted,
        lambda w, u, c: selectors.round_results(viewer=u, round=c["round"]),
        frozenset({"core_team"}),
    ),
    "read everyone's scores while open, after submitting": (
        opened_and_submitted,
        lambda w, u, c: list(selectors.round_scores(viewer=u, round=c["round"])),
        frozenset({"core_team"}),
    ),
    "close a round": (
        opened,
        lambda w, u, c: services.round_close(actor=u, round=c["round"]),
        RUNNERS,
    ),
    "read results once closed": (
        closed,
        lambda w, u, c: selectors.round_results(viewer=u, round=c["round"]),
        FOLLOWERS,
    ),
    "export results once closed": (
        closed,
        lambda w, u, c: results_csv(selectors.round_results(viewer=u, round=c["round"])),
        FOLLOWERS,
    ),
    "read everyone's scores once closed": (
        closed,
        lambda w, u, c: list(selectors.round_scores(viewer=u, round=c["round"])),
        RUNNERS | {"core_team"},
    ),
    "vote": (
        closed,
        lambda w, u, c: services.vote_cast(actor=u, item=c["item"], choice=VoteChoice.PROMOTE),
        frozenset({"core_team"}),
    ),
    "see the votes": (
        voted,
        lambda w, u, c: selectors.round_decisions(viewer=u, round=w.round),
        FOLLOWERS,
    ),
    "record a decision": (
        voted,
        lambda w, u, c: services.decision_record(actor=u, item=c["item"], rationale="Ja."),
        RUNNERS,
    ),
    "read a decision and its rationale": (
        decided,
        lambda w, u, c: selectors.decision_for_idea(viewer=u, idea_id=c["item"].idea_id),
        FOLLOWERS | {"author"},
    ),
}


def _refuse() -> None:
    raise ServiceError(code=None)  # type: ignore[arg-type]


def attempt(action: Callable[[], Any]) -> bool:
    """Whether the action went through; rolled back either way."""
    savepoint = transaction.savepoint_create()
    try:
        action()
    except ServiceError:
        return False
    else:
        return True
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.mark.parametrize("name", ACTIONS)
def test_permission_matrix(world, name):
    setup, act, allowed = ACTIONS[name]
    context = setup(world)
    outcome = {
        role: attempt(lambda user=user: act(world, user, context))
        for role, user in world.users().items()
    }
    assert outcome == {role: role in allowed for role in ROLES}


def test_refusals_change_nothing(world):
    """The state a refused attempt leaves behind is the state before it."""
    world.open()
    for role in ("participant", "author", "other_core_team", "board_member"):
        user = world.users()[role]
        assert not attempt(lambda user=user: services.round_close(actor=user, round=world.round))
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.OPEN
    world.ideas[0].refresh_from_db()
    assert world.ideas[0].status == IdeaStatus.IN_ASSESSMENT
