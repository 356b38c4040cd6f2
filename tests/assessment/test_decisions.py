"""One vote per party, the focus area's rule, and the decision its author reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assessment import services
from assessment.errors import AssessmentError, Reason
from assessment.models import Decision, DecisionRule, Vote, VoteChoice
from assessment.selectors import decision_for_idea, round_decisions
from common.errors import ErrorCode, ServiceError
from hub.models import Notification
from ideas.models import IdeaStatus, StatusChange
from ideas.notifications import STATUS_CHANGED
from tests.factories import CoreTeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(world):
    world.open()
    world.score_and_submit_all(4)
    world.close()
    return world


def vote(world, index, item, choice, **kw):
    return services.vote_cast(actor=world.assessors[index], item=item, choice=choice, **kw)


def state() -> tuple:
    return (
        list(Vote.objects.order_by("pk").values_list("item_id", "party_id", "choice")),
        list(Decision.objects.values_list("item_id", "outcome")),
    )


def test_majority_promotes_and_the_author_is_told_why(closed):
    item = closed.item_for(closed.ideas[0])
    vote(closed, 0, item, VoteChoice.PROMOTE)
    vote(closed, 1, item, VoteChoice.PROMOTE, comment="Passar norrstjärnan")

    decision = services.decision_record(
        actor=closed.facilitator, item=item, rationale="Hög invånarnytta och tre parter med."
    )

    assert (decision.outcome, decision.rule) == (VoteChoice.PROMOTE, DecisionRule.MAJORITY)
    idea = closed.ideas[0]
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PROMOTED
    change = StatusChange.objects.filter(idea=idea).last()
    assert (change.to_status, change.reason, change.actor) == (
        IdeaStatus.PROMOTED,
        "Hög invånarnytta och tre parter med.",
        closed.facilitator,
    )
    notification = Notification.objects.filter(recipient=closed.author, kind=STATUS_CHANGED).first()
    assert notification.data["status"] == IdeaStatus.PROMOTED
    assert notification.data["reason"] == "Hög invånarnytta och tre parter med."
    seen = decision_for_idea(viewer=closed.author, idea_id=idea.pk)
    assert (seen.outcome, seen.rationale) == (VoteChoice.PROMOTE, decision.rationale)


def test_deciding_before_the_votes_the_rule_needs_is_refused(closed):
    item = closed.item_for(closed.ideas[0])
    with pytest.raises(AssessmentError) as error:
        services.decision_record(actor=closed.facilitator, item=item, rationale="För tidigt")
    assert error.value.reason == Reason.VOTES_MISSING
    assert error.value.detail["votes_needed"] == 2

    vote(closed, 0, item, VoteChoice.PROMOTE)
    vote(closed, 1, item, VoteChoice.DECLINE)
    with pytest.raises(AssessmentError) as error:
        services.decision_record(actor=closed.facilitator, item=item, rationale="För tidigt")
    assert error.value.reason == Reason.VOTES_MISSING
    assert error.value.detail == {
        "reason": "votes_missing",
        "votes_cast": 2,
        "eligible_parties": 3,
        "votes_needed": 1,
    }
    assert not Decision.objects.exists()
    closed.ideas[0].refresh_from_db()
    assert closed.ideas[0].status == IdeaStatus.IN_ASSESSMENT


def test_all_parties_rule_needs_every_vote_and_parks_without_consensus(world):
    services.assessment_settings_update(
        actor=world.administrator, focus_area=world.focus_area, decision_rule="unanimous"
    )
    world.open()
    world.close()
    item = world.item_for(world.ideas[0])
    vote(world, 0, item, VoteChoice.PROMOTE)
    vote(world, 1, item, VoteChoice.PROMOTE)
    with pytest.raises(AssessmentError) as error:
        services.decision_record(actor=world.facilitator, item=item, rationale="Nästan")
    assert error.value.reason == Reason.VOTES_MISSING

    vote(world, 2, item, VoteChoice.DECLINE)
    decision = services.decision_record(
        actor=world.facilitator, item=item, rationale="Inte alla parter är med ännu."
    )
    assert decision.outcome == VoteChoice.PARK
    world.ideas[0].refresh_from_db()
    assert world.ideas[0].status == IdeaStatus.PARKED


def test_voting_twice_is_refused(closed):
    item = closed.item_for(closed.ideas[0])
    vote(closed, 0, item, VoteChoice.PROMOTE)
    before = state()
    with pytest.raises(AssessmentError) as error:
        vote(closed, 0, item, VoteChoice.DECLINE)
    assert error.value.reason == Reason.ALREADY_VOTED
    assert error.value.code == ErrorCode.CONFLICT
    assert state() == before


def test_a_second_representative_of_the_same_party_cannot_vote_again(closed):
    colleague = UserFactory(organisation=closed.parties[0])
    CoreTeamMembershipFactory(user=colleague, focus_area=closed.focus_area, party=closed.parties[0])
    # Assessors are fixed when the round opens: a newcomer is not one.
    item = closed.item_for(closed.ideas[0])
    with pytest.raises(AssessmentError) as error:
        services.vote_cast(actor=colleague, item=item, choice=VoteChoice.PROMOTE)
    assert error.value.reason == Reason.NOT_ASSESSOR
    assert not Vote.objects.exists()


def test_voting_for_another_party_is_refused(closed):
    item = closed.item_for(closed.ideas[0])
    with pytest.raises(AssessmentError) as error:
        vote(closed, 0, item, VoteChoice.PROMOTE, party=closed.parties[1])
    assert error.value.reason == Reason.NOT_YOUR_PARTY
    assert not Vote.objects.exists()
    # Naming one's own party is fine.
    assert vote(closed, 0, item, VoteChoice.PROMOTE, party=closed.parties[0]).party_id == (
        closed.parties[0].pk
    )


def test_voting_before_the_round_closes_is_refused(world):
    world.open()
    with pytest.raises(AssessmentError) as error:
        vote(world, 0, world.items()[0], VoteChoice.PROMOTE)
    assert error.value.reason == Reason.ROUND_NOT_CLOSED
    assert not Vote.objects.exists()


def test_an_unknown_choice_is_bad_input(closed):
    with pytest.raises(ValidationError) as error:
        vote(closed, 0, closed.items()[0], "maybe")
    assert "choice" in error.value.message_dict
    assert not Vote.objects.exists()


def test_a_recused_party_does_not_vote_and_does_not_count(world):
    world.open()
    item = world.item_for(world.ideas[0])
    services.conflict_declare(
        actor=world.assessors[2], round=world.round, item=item, reason="Vår forskargrupp"
    )
    world.close()
    with pytest.raises(AssessmentError) as error:
        vote(world, 2, item, VoteChoice.DECLINE)
    assert error.value.reason == Reason.RECUSED

    # Two eligible parties: a majority is both.
    vote(world, 0, item, VoteChoice.PROMOTE)
    row = next(
        r for r in round_decisions(viewer=world.facilitator, round=world.round) if r.item == item
    )
    assert (row.tally.eligible, row.tally.ready, row.recused_parties) == (
        2,
        False,
        [world.parties[2].pk],
    )
    vote(world, 1, item, VoteChoice.PROMOTE)
    services.decision_record(actor=world.facilitator, item=item, rationale="Två av två parter.")


def test_deciding_twice_or_voting_after_the_decision_is_refused(closed):
    item = closed.item_for(closed.ideas[1])
    vote(closed, 0, item, VoteChoice.DECLINE)
    vote(closed, 1, item, VoteChoice.DECLINE)
    services.decision_record(actor=closed.facilitator, item=item, rationale="Ligger utanför.")
    with pytest.raises(AssessmentError) as error:
        services.decision_record(actor=closed.facilitator, item=item, rationale="Igen")
    assert error.value.reason == Reason.ALREADY_DECIDED
    with pytest.raises(AssessmentError) as error:
        vote(closed, 2, item, VoteChoice.PROMOTE)
    assert error.value.reason == Reason.ALREADY_DECIDED
    closed.ideas[1].refresh_from_db()
    assert closed.ideas[1].status == IdeaStatus.DECLINED


def test_a_decision_needs_a_rationale_and_a_facilitator(closed):
    item = closed.item_for(closed.ideas[0])
    vote(closed, 0, item, VoteChoice.PARK)
    vote(closed, 1, item, VoteChoice.PARK)
    with pytest.raises(ValidationError) as error:
        services.decision_record(actor=closed.facilitator, item=item, rationale=" ")
    assert "rationale" in error.value.message_dict
    with pytest.raises(ServiceError) as error:
        services.decision_record(actor=closed.core_team, item=item, rationale="Vi bestämmer")
    assert error.value.code == ErrorCode.FORBIDDEN
    assert not Decision.objects.exists()


def test_strangers_never_learn_of_a_decision(closed):
    item = closed.item_for(closed.ideas[0])
    vote(closed, 0, item, VoteChoice.PROMOTE)
    vote(closed, 1, item, VoteChoice.PROMOTE)
    services.decision_record(actor=closed.facilitator, item=item, rationale="Bra.")
    for role in ("participant", "other_core_team", "anonymous"):
        with pytest.raises(ServiceError) as error:
            decision_for_idea(viewer=closed.users()[role], idea_id=closed.ideas[0].pk)
        assert error.value.code == ErrorCode.NOT_FOUND
    for role in ("author", "core_team", "board_member", "facilitator", "administrator"):
        assert decision_for_idea(viewer=closed.users()[role], idea_id=closed.ideas[0].pk)
