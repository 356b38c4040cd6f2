"""Who may do what with portfolios: every role against every action, through the services
and selectors themselves (each attempt rolled back before the next), and the predicates as a
matrix. Besides the roles of the assessment tests, an initiative's own owner and process
lead, who are nothing else in the partnership."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assessment import services as assessment_services
from portfolio import permissions, selectors, services
from portfolio.models import LifecycleStage, PortfolioInitiative, TrafficLight
from tests.assessment.conftest import ROLES, World
from tests.assessment.test_permissions import attempt
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LEADS = frozenset({"initiative_owner", "process_lead"})
EVERYONE = frozenset(ROLES) | LEADS
RUNNERS = frozenset({"facilitator", "administrator"})
# Those who follow the portfolios: the governing board and every Core Team member.
FOLLOWERS = RUNNERS | {"core_team", "other_core_team", "board_member"}


def promoted(world: World) -> dict:
    """The first submission, promoted by the parties' votes in a closed round."""
    world.open()
    world.score_and_submit_all(4)
    world.close()
    item = world.item_for(world.ideas[0])
    for index in (0, 1):
        assessment_services.vote_cast(actor=world.assessors[index], item=item, choice="promote")
    assessment_services.decision_record(actor=world.facilitator, item=item, rationale="Lyfts.")
    world.ideas[0].refresh_from_db()
    return {}


def initiative(world: World) -> dict:
    promoted(world)
    created = services.initiative_create(
        actor=world.facilitator,
        idea=world.ideas[0],
        data=services.InitiativeInput(
            owner=world.extra["initiative_owner"], process_lead=world.extra["process_lead"]
        ),
    )
    return {"initiative": created}


def initiative_input(initiative: PortfolioInitiative, **changes: Any) -> services.InitiativeInput:
    data = {
        "owner": initiative.owner,
        "process_lead": initiative.process_lead,
        "initiative_type": initiative.initiative_type,
        "title": initiative.title,
        "stage": initiative.stage,
        "seed_funding_requested": initiative.seed_funding_requested,
        "seed_funding_granted": initiative.seed_funding_granted,
        "leveraged_funding": initiative.leveraged_funding,
        **changes,
    }
    return services.InitiativeInput(**data)


Action = tuple[Callable[[World], dict], Callable[[World, Any, dict], Any], frozenset[str]]

# action -> (set the scene, act as `user`, the roles allowed)
ACTIONS: dict[str, Action] = {
    "add an initiative to the portfolio": (
        promoted,
        lambda w, u, c: services.initiative_create(
            actor=u, idea=w.ideas[0], data=services.InitiativeInput(owner=w.assessors[1])
        ),
        RUNNERS,
    ),
    "change an initiative's funding": (
        initiative,
        lambda w, u, c: services.initiative_update(
            actor=u,
            initiative=c["initiative"],
            data=initiative_input(c["initiative"], seed_funding_granted=100_000),
        ),
        RUNNERS,
    ),
    "move an initiative's stage": (
        initiative,
        lambda w, u, c: services.initiative_update(
            actor=u,
            initiative=c["initiative"],
            data=initiative_input(c["initiative"], stage=LifecycleStage.IMPLEMENT),
        ),
        RUNNERS | LEADS,
    ),
    "report an initiative's status": (
        initiative,
        lambda w, u, c: services.status_report_create(
            actor=u, initiative=c["initiative"], light=TrafficLight.GREEN, note="Bra"
        ),
        RUNNERS | LEADS,
    ),
    "see the portfolio": (
        initiative,
        lambda w, u, c: selectors.portfolio_overview(viewer=u),
        EVERYONE,
    ),
    "see an initiative": (
        initiative,
        lambda w, u, c: selectors.initiative_get(viewer=u, pk=c["initiative"].pk),
        EVERYONE,
    ),
    "read status reports": (
        initiative,
        lambda w, u, c: list(selectors.status_report_list(viewer=u, initiative=c["initiative"])),
        FOLLOWERS | LEADS,
    ),
    "read the governing-board report": (
        initiative,
        lambda w, u, c: selectors.governing_board_report(viewer=u),
        FOLLOWERS,
    ),
}


def users(world: World) -> dict[str, Any]:
    return {
        **world.users(),
        "initiative_owner": world.extra["initiative_owner"],
        "process_lead": world.extra["process_lead"],
    }


@pytest.fixture
def leads(world: World) -> World:
    # The owner comes from a party (the service requires it); neither is on a Core Team.
    world.extra["initiative_owner"] = UserFactory(
        display_name="Initiativägare", organisation=world.parties[1]
    )
    world.extra["process_lead"] = UserFactory(display_name="Processledare")
    return world


@pytest.mark.parametrize("name", ACTIONS)
def test_permission_matrix(leads, name):
    setup, act, allowed = ACTIONS[name]
    context = setup(leads)
    outcome = {
        role: attempt(lambda user=user: act(leads, user, context))
        for role, user in users(leads).items()
    }
    assert outcome == {role: role in allowed for role in EVERYONE}


PREDICATES = (
    permissions.can_view_portfolio,
    permissions.can_manage_portfolio,
    permissions.can_follow_portfolio,
    permissions.can_view_status_reports,
    permissions.can_report_status,
    permissions.can_set_stage,
)

# role -> (view, manage, follow, read reports, report status, set stage) for one initiative
MATRIX = {
    "anonymous": (True, False, False, False, False, False),
    "participant": (True, False, False, False, False, False),
    "author": (True, False, False, False, False, False),
    "core_team": (True, False, True, True, False, False),
    "other_core_team": (True, False, True, True, False, False),
    "board_member": (True, False, True, True, False, False),
    "facilitator": (True, True, True, True, True, True),
    "administrator": (True, True, True, True, True, True),
    "initiative_owner": (True, False, False, True, True, True),
    "process_lead": (True, False, False, True, True, True),
}


@pytest.mark.parametrize(("role", "expected"), MATRIX.items())
def test_predicates(leads, role, expected):
    found = initiative(leads)["initiative"]
    user = users(leads)[role]
    assert tuple(predicate.test(user, found) for predicate in PREDICATES) == expected
