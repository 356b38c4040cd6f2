"""Portfolios: promoted submissions become initiatives with owners, stages and status reports."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessment import services as assessment_services
from assessment.models import VoteChoice
from common.errors import ErrorCode, ServiceError
from hub.models import Notification
from ideas.models import IdeaStatus
from portfolio import services
from portfolio.errors import PortfolioError, Reason
from portfolio.models import (
    InitiativeType,
    LifecycleStage,
    Portfolio,
    PortfolioInitiative,
    StatusReport,
    TrafficLight,
)
from portfolio.notifications import INITIATIVE_OWNER
from portfolio.selectors import governing_board_report, portfolio_overview, status_report_list
from tests.factories import IdeaFactory, SocietalGoalFactory, UserFactory
from tests.portfolio.factories import InitiativeFactory, PortfolioFactory, StatusReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def promoted(world):
    world.open()
    world.score_and_submit_all(4)
    world.close()
    item = world.item_for(world.ideas[0])
    for index in (0, 1):
        assessment_services.vote_cast(
            actor=world.assessors[index], item=item, choice=VoteChoice.PROMOTE
        )
    assessment_services.decision_record(actor=world.facilitator, item=item, rationale="Lyfts.")
    world.ideas[0].refresh_from_db()
    return world


def create(world, **overrides):
    data = {"owner": world.assessors[1], "process_lead": world.facilitator, **overrides}
    return services.initiative_create(
        actor=world.facilitator, idea=world.ideas[0], data=services.InitiativeInput(**data)
    )


def test_a_promoted_submission_becomes_an_initiative_in_its_focus_area_portfolio(promoted):
    initiative = create(
        promoted,
        initiative_type=InitiativeType.RESEARCH,
        seed_funding_requested=250_000,
        seed_funding_granted=200_000,
    )

    assert initiative.portfolio == Portfolio.objects.get(focus_area=promoted.focus_area)
    assert (initiative.title, initiative.stage) == ("Läxhjälp i biblioteket", LifecycleStage.PLAN)
    assert list(initiative.goals.all()) == [promoted.extra["goal"]]
    assert (initiative.seed_funding_requested, initiative.seed_funding_granted) == (
        250_000,
        200_000,
    )
    assert initiative.leveraged_funding is None
    notified = Notification.objects.filter(kind=INITIATIVE_OWNER)
    assert {(n.recipient, n.data["role"]) for n in notified} == {
        (promoted.assessors[1], "owner"),
        # The facilitator is the actor and is not told about their own action.
    }
    assert "initiativägare" in notified.get().message


def test_only_promoted_submissions_once_and_with_an_owner_from_a_party(promoted):
    with pytest.raises(PortfolioError) as error:
        services.initiative_create(
            actor=promoted.facilitator,
            idea=promoted.ideas[1],
            data=services.InitiativeInput(owner=promoted.assessors[1]),
        )
    assert error.value.reason == Reason.NOT_PROMOTED

    outsider = UserFactory()
    with pytest.raises(ValidationError) as invalid:
        create(promoted, owner=outsider)
    assert "owner" in invalid.value.message_dict
    other_goal = SocietalGoalFactory(focus_area=promoted.other_focus_area)
    with pytest.raises(ValidationError) as invalid:
        create(promoted, goals=[other_goal])
    assert "goals" in invalid.value.message_dict
    with pytest.raises(ValidationError) as invalid:
        create(promoted, seed_funding_requested=-5)
    assert "seed_funding_requested" in invalid.value.message_dict
    assert not PortfolioInitiative.objects.exists()

    create(promoted)
    with pytest.raises(PortfolioError) as error:
        create(promoted)
    assert error.value.reason == Reason.ALREADY_IN_PORTFOLIO


def test_only_facilitators_and_administrators_add_initiatives(promoted):
    for role in ("core_team", "board_member", "author", "participant"):
        with pytest.raises(ServiceError) as error:
            services.initiative_create(
                actor=promoted.users()[role],
                idea=promoted.ideas[0],
                data=services.InitiativeInput(owner=promoted.assessors[1]),
            )
        assert error.value.code == ErrorCode.FORBIDDEN


def update(world, actor, initiative, **changes):
    current = {
        "owner": initiative.owner,
        "process_lead": initiative.process_lead,
        "initiative_type": initiative.initiative_type,
        "title": initiative.title,
        "summary": initiative.summary,
        "stage": initiative.stage,
        "seed_funding_requested": initiative.seed_funding_requested,
        "seed_funding_granted": initiative.seed_funding_granted,
        "leveraged_funding": initiative.leveraged_funding,
    }
    data = services.InitiativeInput(**{**current, **changes})
    return services.initiative_update(actor=actor, initiative=initiative, data=data)


def test_the_owner_moves_the_stage_and_reports_leveraged_funding_but_nothing_else(promoted):
    initiative = create(promoted)
    owner = promoted.assessors[1]

    update(promoted, owner, initiative, stage=LifecycleStage.IMPLEMENT, leveraged_funding=1_000_000)
    initiative.refresh_from_db()
    assert (initiative.stage, initiative.leveraged_funding) == (
        LifecycleStage.IMPLEMENT,
        1_000_000,
    )

    with pytest.raises(ServiceError) as error:
        update(promoted, owner, initiative, seed_funding_granted=9_999_999)
    assert error.value.code == ErrorCode.FORBIDDEN
    with pytest.raises(ServiceError):
        update(promoted, promoted.assessors[0], initiative, stage=LifecycleStage.EVALUATE)

    update(promoted, owner, initiative, stage=LifecycleStage.CLOSED)
    with pytest.raises(ServiceError):
        update(promoted, owner, initiative, stage=LifecycleStage.SCALE)
    update(promoted, promoted.facilitator, initiative, stage=LifecycleStage.SCALE)
    initiative.refresh_from_db()
    assert initiative.stage == LifecycleStage.SCALE
    assert initiative.seed_funding_granted is None


def test_status_reports_carry_a_traffic_light_and_a_note(promoted):
    initiative = create(promoted)
    owner = promoted.assessors[1]
    report = services.status_report_create(
        actor=owner, initiative=initiative, light=TrafficLight.YELLOW, note="Rekrytering dröjer."
    )
    assert (report.light, report.reported_on) == (TrafficLight.YELLOW, timezone.localdate())

    bad = [
        {"light": "blue", "note": "x"},
        {"light": TrafficLight.RED, "note": " "},
        {
            "light": TrafficLight.RED,
            "note": "x",
            "reported_on": timezone.localdate() + datetime.timedelta(days=1),
        },
    ]
    for data in bad:
        with pytest.raises(ValidationError):
            services.status_report_create(actor=owner, initiative=initiative, **data)
    for role in ("core_team", "board_member", "participant"):
        with pytest.raises(ServiceError) as error:
            services.status_report_create(
                actor=promoted.users()[role], initiative=initiative, light="green", note="Bra"
            )
        assert error.value.code == ErrorCode.FORBIDDEN
    assert StatusReport.objects.count() == 1
    # Those who follow the portfolio read reports; the public does not.
    assert list(status_report_list(viewer=promoted.board_member, initiative=initiative)) == [report]
    with pytest.raises(ServiceError):
        status_report_list(viewer=promoted.participant, initiative=initiative)


@pytest.fixture
def portfolios(world):
    """Two portfolios: initiatives linked to goals, one to two goals, one to none."""
    first_goal = world.extra["goal"]
    second_goal = SocietalGoalFactory(focus_area=world.focus_area, title="Ingen hoppar av")
    elder_goal = SocietalGoalFactory(focus_area=world.other_focus_area, title="Färre fallolyckor")
    children = PortfolioFactory(focus_area=world.focus_area)
    elders = PortfolioFactory(focus_area=world.other_focus_area)
    both = InitiativeFactory(
        portfolio=children,
        title="Skolbibliotek",
        goals=[first_goal, second_goal],
        seed_funding_granted=100,
    )
    unlinked = InitiativeFactory(portfolio=children, title="Fritidsbank", seed_funding_granted=50)
    falls = InitiativeFactory(
        portfolio=elders, title="Balansträning", goals=[elder_goal], leveraged_funding=700
    )
    StatusReportFactory(
        initiative=both,
        light=TrafficLight.RED,
        note="Gammal",
        reported_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    StatusReportFactory(initiative=both, light=TrafficLight.GREEN, note="Senaste")
    StatusReportFactory(initiative=falls, light=TrafficLight.ORANGE, note="Försenat")
    return {"both": both, "unlinked": unlinked, "falls": falls, "second_goal": second_goal}


def test_the_overview_groups_initiatives_by_societal_goal_across_both_focus_areas(
    world, portfolios
):
    overview = portfolio_overview(viewer=world.participant)

    assert not overview.shows_status
    assert [p.focus_area for p in overview.portfolios] == [world.focus_area, world.other_focus_area]
    children = overview.portfolios[0]
    groups = [
        (g.goal.title if g.goal else None, [i.title for i in g.initiatives])
        for g in children.groups
    ]
    assert groups == [
        ("Fler elever klarar skolan", ["Skolbibliotek"]),
        ("Ingen hoppar av", ["Skolbibliotek"]),
        (None, ["Fritidsbank"]),
    ]
    assert children.seed_funding_granted == 150
    assert children.by_stage[LifecycleStage.PLAN] == 2
    assert overview.portfolios[1].leveraged_funding == 700

    one = portfolio_overview(viewer=world.board_member, focus_area=world.other_focus_area)
    assert one.shows_status
    assert [p.focus_area for p in one.portfolios] == [world.other_focus_area]


def test_the_governing_board_report_shows_every_initiatives_latest_status(world, portfolios):
    report = governing_board_report(viewer=world.board_member)
    rows = {row.initiative.title: row for _area, rows in report.sections for row in rows}
    assert (rows["Skolbibliotek"].light, rows["Skolbibliotek"].note) == (
        TrafficLight.GREEN,
        "Senaste",
    )
    assert rows["Balansträning"].light == TrafficLight.ORANGE
    assert rows["Fritidsbank"].light is None
    assert report.totals == {"green": 1, "orange": 1, "none": 1}
    for role in ("participant", "author", "anonymous"):
        with pytest.raises(ServiceError) as error:
            governing_board_report(viewer=world.users()[role])
        assert error.value.code == ErrorCode.FORBIDDEN


def test_an_initiative_may_come_from_elsewhere_than_a_round(world):
    """Legacy initiatives (from before the hub) can be added in the database; the overview
    shows them like any other."""
    InitiativeFactory(portfolio=PortfolioFactory(focus_area=world.focus_area), title="Äldre")
    assert portfolio_overview(viewer=world.participant).initiative_count == 1
    IdeaFactory(status=IdeaStatus.PROMOTED)  # not an initiative until someone adds it
    assert PortfolioInitiative.objects.count() == 1


def test_what_portfolio_changes_publish_goes_only_to_the_people_told(
    promoted, published, django_capture_on_commit_callbacks
):
    """No one subscribes to a portfolio stream: an initiative's leads hear of it on their own
    stream (/ws/me/), and a change of stage or a status report publishes nothing."""
    owner, lead = promoted.assessors[1], promoted.assessors[2]
    with django_capture_on_commit_callbacks(execute=True):
        initiative = create(promoted, process_lead=lead)
    notified = {
        (group, event["type"], event["kind"], event["id"] > 0) for group, event in published
    }
    assert notified == {
        (f"user.{user.pk}", "notification.new", INITIATIVE_OWNER, True) for user in (owner, lead)
    }
    assert len(published) == 2

    published.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update(promoted, owner, initiative, stage=LifecycleStage.IMPLEMENT)
        services.status_report_create(
            actor=owner, initiative=initiative, light=TrafficLight.GREEN, note="Enligt plan."
        )
    assert published == []


def test_notifications_sent_before_the_move_still_read_the_same(promoted):
    """The kind keeps the name it was stored under when portfolios were part of assessment."""
    assert INITIATIVE_OWNER == "assessment.initiative_owner"
    stored = Notification.objects.create(
        recipient=promoted.assessors[1],
        kind="assessment.initiative_owner",
        data={"title": "Läxhjälp", "role": "process_lead"},
    )
    assert stored.message == "”Läxhjälp” finns nu i portföljen, med dig som processledare."
