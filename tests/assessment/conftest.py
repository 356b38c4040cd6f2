"""A small partnership to assess in: three parties, a Core Team of three in one focus area
(one per party), one Core Team member in the other, three submissions by one author, the
three default criteria, and people in every other role."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from assessment import services
from assessment.models import AssessmentRound, Criterion, RoundItem
from hub.models import FocusArea, Organisation, User
from ideas.models import Idea, IdeaStatus
from tests.assessment.factories import default_criteria
from tests.factories import (
    CoreTeamMembershipFactory,
    IdeaFactory,
    PartyFactory,
    SocietalGoalFactory,
    UserFactory,
)

ROLES = (
    "anonymous",
    "participant",
    "author",
    "core_team",
    "other_core_team",
    "facilitator",
    "board_member",
    "administrator",
)

Value = int | Callable[[RoundItem, Criterion], int | None]


@dataclass
class World:
    focus_area: FocusArea
    other_focus_area: FocusArea
    parties: list[Organisation]
    assessors: list[User]
    other_core_team: User
    author: User
    participant: User
    facilitator: User
    administrator: User
    board_member: User
    criteria: list[Criterion]
    ideas: list[Idea]
    round: AssessmentRound | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def core_team(self) -> User:
        return self.assessors[0]

    def users(self) -> dict[str, Any]:
        return {
            "anonymous": AnonymousUser(),
            "participant": self.participant,
            "author": self.author,
            "core_team": self.core_team,
            "other_core_team": self.other_core_team,
            "facilitator": self.facilitator,
            "board_member": self.board_member,
            "administrator": self.administrator,
        }

    def create_round(self, **overrides: Any) -> AssessmentRound:
        data = {
            "title": "Vårens bedömning",
            "focus_area": self.focus_area,
            "deadline": timezone.now() + datetime.timedelta(days=14),
            "ideas": self.ideas,
            "criteria": self.criteria,
            **overrides,
        }
        self.round = services.round_create(actor=self.facilitator, data=services.RoundInput(**data))
        return self.round

    def open(self, **overrides: Any) -> AssessmentRound:
        if self.round is None:
            self.create_round(**overrides)
        assert self.round is not None
        self.round = services.round_open(actor=self.facilitator, round=self.round)
        return self.round

    def close(self) -> AssessmentRound:
        assert self.round is not None
        self.round = services.round_close(actor=self.facilitator, round=self.round)
        return self.round

    def items(self) -> list[RoundItem]:
        assert self.round is not None
        return list(self.round.items.select_related("idea").order_by("order", "pk"))

    def item_for(self, idea: Idea) -> RoundItem:
        return next(item for item in self.items() if item.idea_id == idea.pk)

    def score_all(self, user: User, value: Value = 3, rationale: str = "") -> None:
        """Score every item the user is not recused from, on every criterion."""
        assert self.round is not None
        recused = set(
            self.round.items.filter(conflicts__assessor__user=user).values_list("pk", flat=True)
        )
        entries = [
            services.ScoreInput(
                item=item,
                criterion=criterion,
                value=value(item, criterion) if callable(value) else value,
                rationale=rationale,
            )
            for item in self.items()
            if item.pk not in recused
            for criterion in self.criteria
        ]
        services.scores_save(actor=user, round=self.round, entries=entries)

    def submit(self, user: User) -> None:
        assert self.round is not None
        services.assessment_submit(actor=user, round=self.round)

    def score_and_submit_all(self, value: Value = 3) -> None:
        for assessor in self.assessors:
            self.score_all(assessor, value)
            self.submit(assessor)


@pytest.fixture
def world(
    focus_area,
    other_focus_area,
    party,
    author,
    participant,
    facilitator,
    administrator,
    board_member,
) -> World:
    parties = [
        party,
        PartyFactory(name="Eskilstuna kommun"),
        PartyFactory(name="Mälardalens universitet", kind="university"),
    ]
    assessors = []
    for index, member_party in enumerate(parties):
        user = UserFactory(display_name=f"Core Team {index + 1}", organisation=member_party)
        CoreTeamMembershipFactory(user=user, focus_area=focus_area, party=member_party)
        assessors.append(user)
    other = UserFactory(display_name="Core Team äldre", organisation=parties[0])
    CoreTeamMembershipFactory(user=other, focus_area=other_focus_area, party=parties[0])
    goal = SocietalGoalFactory(focus_area=focus_area, title="Fler elever klarar skolan")
    ideas = [
        IdeaFactory(
            title=title,
            focus_area=focus_area,
            author=author,
            status=IdeaStatus.SUBMITTED,
            goals=[goal],
        )
        for title in ("Läxhjälp i biblioteket", "Sommarjobb i staden", "Mentorer från MDU")
    ]
    return World(
        focus_area=focus_area,
        other_focus_area=other_focus_area,
        parties=parties,
        assessors=assessors,
        other_core_team=other,
        author=author,
        participant=participant,
        facilitator=facilitator,
        administrator=administrator,
        board_member=board_member,
        criteria=default_criteria(),
        ideas=ideas,
        extra={"goal": goal},
    )


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, dict]]:
    """Every event published (after commit) while the test runs."""
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        "realtime.broadcast.publish", lambda group, event: sent.append((group, event))
    )
    return sent
