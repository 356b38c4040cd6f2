"""Setting up, opening and closing assessment rounds."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessment import services
from assessment.errors import AssessmentError, Reason
from assessment.models import (
    AssessmentRound,
    AssessmentSettings,
    Conflict,
    ConflictKind,
    DecisionRule,
    RoundAssessor,
    RoundStatus,
)
from assessment.notifications import ROUND_CLOSED, ROUND_OPENED
from common.errors import ErrorCode, ServiceError
from hub.models import Notification
from ideas.models import IdeaStatus, StatusChange
from tests.factories import IdeaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_facilitator_sets_up_a_draft_that_assessors_cannot_see_yet(world):
    round = world.create_round()

    assert round.status == RoundStatus.DRAFT
    assert [i.idea for i in world.items()] == world.ideas
    assert [rc.criterion for rc in round.round_criteria.all()] == world.criteria
    assert not RoundAssessor.objects.filter(round=round).exists()
    for idea in world.ideas:
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.SUBMITTED


def test_opening_makes_the_core_team_assessors_and_moves_items_to_in_assessment(world, published):
    world.create_round()
    world.criteria[0].weight = Decimal("2.00")
    world.criteria[0].save()

    round = world.open()

    assert round.status == RoundStatus.OPEN
    assert round.opened_at is not None
    seats = RoundAssessor.objects.filter(round=round)
    assert {(s.user, s.party) for s in seats} == set(
        zip(world.assessors, world.parties, strict=True)
    )
    assert world.other_core_team.pk not in {s.user_id for s in seats}
    # The weight is fixed at opening.
    assert round.round_criteria.get(criterion=world.criteria[0]).weight == Decimal("2.00")
    for idea in world.ideas:
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.IN_ASSESSMENT
        steps = list(StatusChange.objects.filter(idea=idea).values_list("to_status", flat=True))
        assert steps[-2:] == [IdeaStatus.IN_REVIEW, IdeaStatus.IN_ASSESSMENT]
    notified = Notification.objects.filter(kind=ROUND_OPENED)
    assert {n.recipient for n in notified} == set(world.assessors)
    assert all(n.data["items"] == 3 for n in notified)


def test_items_already_in_review_move_in_one_step(world):
    idea = world.ideas[0]
    steps_before = StatusChange.objects.filter(idea=idea).count()
    idea.status = IdeaStatus.IN_REVIEW
    idea.save()

    world.open()

    steps = list(StatusChange.objects.filter(idea=idea).values_list("to_status", flat=True))
    assert steps[steps_before:] == [IdeaStatus.IN_ASSESSMENT]


def test_the_decision_rule_in_force_when_the_round_opens_applies(world):
    services.assessment_settings_update(
        actor=world.administrator, focus_area=world.focus_area, decision_rule="unanimous"
    )
    round = world.open()
    services.assessment_settings_update(
        actor=world.administrator, focus_area=world.focus_area, decision_rule="majority"
    )

    round.refresh_from_db()
    assert round.decision_rule == DecisionRule.UNANIMOUS


def test_authors_and_members_of_involved_organisations_are_recused_automatically(world):
    author_assessor = world.assessors[1]
    own = IdeaFactory(
        focus_area=world.focus_area, author=author_assessor, status=IdeaStatus.SUBMITTED
    )
    # The university takes part in this one: its representative is recused.
    involved = IdeaFactory(
        focus_area=world.focus_area,
        author=world.author,
        status=IdeaStatus.SUBMITTED,
        organisations=[world.parties[2], OrganisationFactory(name="Region Västmanland")],
    )
    world.open(ideas=[*world.ideas, own, involved])

    conflicts = {
        (c.item.idea_id, c.assessor.user_id, c.kind)
        for c in Conflict.objects.select_related("item", "assessor")
    }
    assert conflicts == {
        (own.pk, author_assessor.pk, ConflictKind.AUTHOR),
        (involved.pk, world.assessors[2].pk, ConflictKind.ORGANISATION),
    }


def test_only_submitted_items_of_the_round_focus_area_can_be_chosen(world):
    draft = IdeaFactory(focus_area=world.focus_area, author=world.author, status=IdeaStatus.DRAFT)
    elsewhere = IdeaFactory(focus_area=world.other_focus_area, status=IdeaStatus.SUBMITTED)
    hidden = IdeaFactory(focus_area=world.focus_area, status=IdeaStatus.SUBMITTED, is_hidden=True)
    for idea in (draft, elsewhere, hidden):
        with pytest.raises(ValidationError) as error:
            world.create_round(ideas=[idea])
        assert "ideas" in error.value.message_dict
    assert not AssessmentRound.objects.exists()


def test_a_round_needs_a_title_and_a_future_deadline(world):
    with pytest.raises(ValidationError) as error:
        world.create_round(title="  ", deadline=timezone.now() - datetime.timedelta(days=1))
    assert {"title", "deadline"} <= error.value.message_dict.keys()
    assert not AssessmentRound.objects.exists()


def test_opening_refuses_an_empty_round_or_a_focus_area_without_core_team(world):
    world.create_round(ideas=[])
    with pytest.raises(ValidationError) as error:
        services.round_open(actor=world.facilitator, round=world.round)
    assert "ideas" in error.value.message_dict

    world.round = None
    idea = IdeaFactory(focus_area=world.other_focus_area, status=IdeaStatus.SUBMITTED)
    world.other_core_team.core_teams.all().delete()
    world.create_round(focus_area=world.other_focus_area, ideas=[idea])
    with pytest.raises(ValidationError) as error:
        services.round_open(actor=world.facilitator, round=world.round)
    assert "assessors" in error.value.message_dict
    assert world.round.status == RoundStatus.DRAFT
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED


def test_opening_refuses_items_that_were_withdrawn_meanwhile(world):
    world.create_round()
    world.ideas[0].status = IdeaStatus.WITHDRAWN
    world.ideas[0].save()

    with pytest.raises(ValidationError) as error:
        services.round_open(actor=world.facilitator, round=world.round)

    assert world.ideas[0].title in error.value.message_dict["ideas"][0]
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.DRAFT
    world.ideas[1].refresh_from_db()
    assert world.ideas[1].status == IdeaStatus.SUBMITTED


def test_a_draft_can_be_changed_until_it_opens(world):
    round = world.create_round()
    data = services.RoundInput(
        title="Höstens bedömning",
        focus_area=world.focus_area,
        deadline=round.deadline,
        ideas=world.ideas[:1],
        criteria=world.criteria[:2],
    )
    services.round_update(actor=world.facilitator, round=round, data=data)
    assert [i.idea for i in world.items()] == world.ideas[:1]
    assert round.round_criteria.count() == 2

    world.open()
    with pytest.raises(AssessmentError) as error:
        services.round_update(actor=world.facilitator, round=round, data=data)
    assert error.value.reason == Reason.ROUND_NOT_DRAFT


def test_closing_ends_scoring_and_tells_the_assessors(world):
    world.open()
    round = world.close()

    assert round.status == RoundStatus.CLOSED
    assert round.closed_at is not None
    assert {n.recipient for n in Notification.objects.filter(kind=ROUND_CLOSED)} == set(
        world.assessors
    )
    with pytest.raises(AssessmentError) as error:
        services.round_close(actor=world.facilitator, round=round)
    assert error.value.reason == Reason.ROUND_NOT_OPEN
    with pytest.raises(AssessmentError):
        services.round_open(actor=world.facilitator, round=round)


@pytest.mark.parametrize("role", ["core_team", "board_member", "participant", "author"])
def test_only_facilitators_and_administrators_run_rounds(world, role):
    user = world.users()[role]
    with pytest.raises(ServiceError) as error:
        services.round_create(
            actor=user,
            data=services.RoundInput(
                title="X",
                focus_area=world.focus_area,
                deadline=timezone.now() + datetime.timedelta(days=1),
                ideas=world.ideas,
            ),
        )
    assert error.value.code == ErrorCode.FORBIDDEN
    round = world.create_round()
    with pytest.raises(ServiceError) as error:
        services.round_open(actor=user, round=round)
    # Drafts are private to those who run rounds.
    assert error.value.code == ErrorCode.NOT_FOUND
    round.refresh_from_db()
    assert round.status == RoundStatus.DRAFT


def test_settings_are_for_administrators_and_must_be_a_known_rule(world):
    with pytest.raises(ServiceError):
        services.assessment_settings_update(
            actor=world.facilitator, focus_area=world.focus_area, decision_rule="unanimous"
        )
    with pytest.raises(ValidationError):
        services.assessment_settings_update(
            actor=world.administrator, focus_area=world.focus_area, decision_rule="dictator"
        )
    assert not AssessmentSettings.objects.exists()
