"""Factories for assessment (rows written straight to the database)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import factory
from django.utils import timezone

from assessment.models import (
    CITIZEN_VALUE,
    INNOVATION_LEVEL,
    PARTNERSHIP_POTENTIAL,
    AssessmentRound,
    Conflict,
    ConflictKind,
    Criterion,
    RoundAssessor,
    RoundCriterion,
    RoundItem,
    RoundStatus,
    Score,
    Vote,
    VoteChoice,
)
from hub.models import FocusArea, Organisation, User
from ideas.models import Idea, IdeaStatus
from tests.factories import FocusAreaFactory, IdeaFactory, PartyFactory, UserFactory


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"criterion_{n}")
    name = factory.Sequence(lambda n: f"Kriterium {n}")
    guiding_question = "Hur bra är det?"
    level_1 = "Lite."
    level_3 = "Mellan."
    level_5 = "Mycket."
    weight = Decimal("1.00")
    order = factory.Sequence(int)


def default_criteria() -> list[Criterion]:
    """The three criteria the data migration creates (recreated if a flush removed them)."""
    return [
        CriterionFactory(key=CITIZEN_VALUE, name="Invånarnytta", order=1),
        CriterionFactory(key=INNOVATION_LEVEL, name="Innovationshöjd", order=2),
        CriterionFactory(key=PARTNERSHIP_POTENTIAL, name="Partnerskapspotential", order=3),
    ]


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRound

    focus_area = factory.SubFactory(FocusAreaFactory)
    title = factory.Sequence(lambda n: f"Bedömningsrunda {n}")
    status = RoundStatus.DRAFT
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class RoundCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundCriterion

    round = factory.SubFactory(RoundFactory)
    criterion = factory.SubFactory(CriterionFactory)
    weight = Decimal("1.00")


class RoundItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundItem

    round = factory.SubFactory(RoundFactory)
    idea = factory.SubFactory(IdeaFactory)


class RoundAssessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundAssessor

    round = factory.SubFactory(RoundFactory)
    user = factory.SubFactory(UserFactory)
    party = factory.SubFactory(PartyFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    item = factory.SubFactory(RoundItemFactory)
    assessor = factory.SubFactory(RoundAssessorFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 3


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    item = factory.SubFactory(RoundItemFactory)
    assessor = factory.SubFactory(RoundAssessorFactory)
    kind = ConflictKind.DECLARED
    reason = "Jag är med i projektet."


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    item = factory.SubFactory(RoundItemFactory)
    party = factory.SubFactory(PartyFactory)
    choice = VoteChoice.PROMOTE
    cast_by = factory.SubFactory(UserFactory)


def build_scored_round(
    *,
    items: int,
    assessors: int,
    criteria: int = 3,
    status: str = RoundStatus.CLOSED,
    recused_per_assessor: int = 1,
    seed: int = 5,
) -> AssessmentRound:
    """A round of `items` × `assessors` × `criteria` written in bulk (for query counts and the
    benchmark): three parties, every assessor submitted, each recused from a few items, and
    scores from a fixed pseudo-random sequence so results are reproducible."""
    rng = random.Random(seed)
    focus_area = FocusArea.objects.create(
        name=f"Bänk {items}×{assessors}", slug=f"bank-{items}-{assessors}", north_star="—"
    )
    parties = [
        Organisation.objects.get_or_create(name=name, defaults={"is_party": True})[0]
        for name in ("Västerås stad", "Eskilstuna kommun", "Mälardalens universitet")
    ]
    author = User.objects.create_user(
        email=f"bank-author-{items}-{assessors}@example.org", display_name="Författare"
    )
    people = User.objects.bulk_create(
        [
            User(email=f"bank-{items}-{assessors}-{n}@example.org", display_name=f"Bedömare {n}")
            for n in range(assessors)
        ]
    )
    ideas = Idea.objects.bulk_create(
        [
            Idea(
                title=f"Bidrag {n}",
                summary="Kort.",
                focus_area=focus_area,
                author=author,
                status=IdeaStatus.IN_ASSESSMENT,
            )
            for n in range(items)
        ]
    )
    keys = [CITIZEN_VALUE, INNOVATION_LEVEL, PARTNERSHIP_POTENTIAL]
    used = [
        CriterionFactory(key=keys[n] if n < len(keys) else f"extra_{n}", order=n)
        for n in range(criteria)
    ]
    round = AssessmentRound.objects.create(
        focus_area=focus_area,
        title=f"Bänkrunda {items}×{assessors}",
        status=status,
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    RoundCriterion.objects.bulk_create(
        [RoundCriterion(round=round, criterion=c, weight=c.weight, order=c.order) for c in used]
    )
    round_items = RoundItem.objects.bulk_create(
        [RoundItem(round=round, idea=idea, order=n) for n, idea in enumerate(ideas)]
    )
    seats = RoundAssessor.objects.bulk_create(
        [
            RoundAssessor(round=round, user=user, party=parties[n % 3], submitted_at=timezone.now())
            for n, user in enumerate(people)
        ]
    )
    recused = {
        (rng.randrange(items), seat_index)
        for seat_index in range(assessors)
        for _ in range(recused_per_assessor)
    }
    Conflict.objects.bulk_create(
        [
            Conflict(item=round_items[i], assessor=seats[s], kind=ConflictKind.DECLARED)
            for i, s in recused
        ]
    )
    Score.objects.bulk_create(
        [
            Score(
                item=item,
                assessor=seat,
                criterion=criterion,
                value=rng.randint(1, 5),
                rationale="Motivering.",
            )
            for i, item in enumerate(round_items)
            for s, seat in enumerate(seats)
            if (i, s) not in recused
            for criterion in used
        ],
        batch_size=2000,
    )
    return round
