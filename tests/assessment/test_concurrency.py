"""One vote per party and one score per cell, held by locks and constraints under
concurrent requests."""

from __future__ import annotations

import pytest

from assessment import services
from assessment.errors import AssessmentError, Reason
from assessment.models import Score, Vote
from tests.concurrency import race
from tests.factories import CoreTeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_representatives_of_one_party_racing_to_vote_cast_one_vote(world):
    colleagues = []
    for _ in range(5):
        user = UserFactory(organisation=world.parties[0])
        CoreTeamMembershipFactory(user=user, focus_area=world.focus_area, party=world.parties[0])
        colleagues.append(user)
    world.open()
    world.close()
    item = world.items()[0]
    voters = [world.core_team, *colleagues]

    results = race(
        [
            lambda user=user, n=n: services.vote_cast(
                actor=user, item=item, choice=("promote", "park", "decline")[n % 3]
            )
            for n, user in enumerate(voters)
        ]
    )

    votes = [r for r in results if isinstance(r, Vote)]
    refused = [r for r in results if isinstance(r, AssessmentError)]
    assert len(votes) == 1
    assert len(refused) == len(voters) - 1
    assert {r.reason for r in refused} == {Reason.ALREADY_VOTED}
    assert Vote.objects.filter(item=item).count() == 1


def test_autosaves_of_one_cell_racing_leave_one_score(world):
    world.open()
    item, criterion = world.items()[0], world.criteria[0]

    results = race(
        [
            lambda value=value: services.score_save(
                actor=world.core_team,
                round=world.round,
                item=item,
                criterion=criterion,
                value=value,
            )
            for value in (1, 2, 3, 4, 5, 1, 2, 3)
        ]
    )

    assert all(isinstance(r, Score) for r in results), results
    assert Score.objects.filter(item=item, criterion=criterion).count() == 1
