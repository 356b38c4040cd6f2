from __future__ import annotations

import factory

from boards.models import Board, Card, Participant, Section
from tests.factories import UserFactory


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    title = factory.Sequence(lambda n: f"Forumträff {n}")
    created_by = factory.SubFactory(UserFactory)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    board = factory.SubFactory(BoardFactory)
    title = "Idéer"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    board = factory.SubFactory(BoardFactory)
    user = factory.SubFactory(UserFactory)


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Card

    board = factory.LazyAttribute(lambda o: o.section.board)
    section = factory.SubFactory(SectionFactory)
    author = factory.LazyAttribute(lambda o: ParticipantFactory(board=o.section.board))
    text = "En lapp"
