"""The catalogue costs the same number of queries for 3 challenges or 30; filters select what
they say; drafts stay their owner's; "challenges for you" follows the student's profile."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from challenges import selectors
from challenges.models import ApplicationStatus, ChallengeStatus
from tests.challenges.factories import (
    ApplicationFactory,
    ChallengeFactory,
    DisciplineFactory,
    StudentFactory,
    StudentProfileFactory,
)
from tests.factories import SocietalGoalFactory

pytestmark = pytest.mark.django_db


def make(rows, focus_area):
    disciplines = [DisciplineFactory(), DisciplineFactory()]
    goal = SocietalGoalFactory(focus_area=focus_area)
    for _ in range(rows):
        challenge = ChallengeFactory(focus_area=focus_area, disciplines=disciplines)
        challenge.goals.set([goal])
        ApplicationFactory(challenge=challenge, status=ApplicationStatus.ACCEPTED)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_catalogue_costs_the_same_for_any_number(rows, django_assert_num_queries, focus_area):
    make(rows, focus_area)
    viewer = StudentFactory()
    viewer.has_role  # noqa: B018 (the roles load once per request, outside the count)
    with django_assert_num_queries(4):  # the challenges, their disciplines, goals; the roles
        challenges = list(selectors.challenge_list(viewer=viewer))
        for challenge in challenges:
            list(challenge.disciplines.all())
            list(challenge.goals.all())
            assert challenge.accepted_count == 1
            assert challenge.focus_area.name
            assert challenge.bookmarked is False
    assert len(challenges) == rows


def test_filters(focus_area):
    sport = DisciplineFactory(slug="idrott")
    fit = ChallengeFactory(
        title="Physical Literacy",
        levels=",master,",
        formats=",micro_job,",
        disciplines=[sport],
        focus_area=focus_area,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 6, 1),
    )
    ChallengeFactory(
        title="Annat", levels=",bachelor,", formats=",thesis,", period_start=date(2028, 1, 1)
    )
    viewer = AnonymousUser()

    def found(query: str) -> list[str]:
        return [c.title for c in selectors.challenge_list(viewer=viewer, params=QueryDict(query))]

    for query in (
        "level=master",
        "work_format=micro_job",
        "discipline=idrott",
        f"focus_area={focus_area.slug}",
        "period_from=2027-05-01&period_to=2027-12-31",
        "q=literacy",
    ):
        assert found(query) == [fit.title], query


def test_drafts_are_their_owners(owner):
    draft = ChallengeFactory(owner=owner, status=ChallengeStatus.DRAFT)
    assert draft not in selectors.challenge_list(viewer=AnonymousUser())
    assert draft not in selectors.challenge_list(viewer=StudentFactory())
    assert draft in selectors.challenge_list(viewer=owner)


def test_challenges_for_you_follow_disciplines_and_interests():
    care = DisciplineFactory(slug="vard")
    by_discipline = ChallengeFactory(title="Trygg hemgång", disciplines=[care])
    by_interest = ChallengeFactory(title="Måltider och möten", question="Hur blir lunchen social?")
    ChallengeFactory(title="Digital stad", question="Sensorer i staden")
    ChallengeFactory(title="Stängd måltid", status=ChallengeStatus.CLOSED)
    profile = StudentProfileFactory(disciplines=[care], interests="måltid, lunch")
    found = selectors.challenges_for_you(viewer=profile.person)
    assert set(found) == {by_discipline, by_interest}
    assert found[0] == by_discipline  # a shared discipline counts first
    ApplicationFactory(challenge=by_interest, applicant=profile.person)
    assert selectors.challenges_for_you(viewer=profile.person) == [by_discipline]
    assert selectors.challenges_for_you(viewer=StudentFactory()) == []
