from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from feedback.models import Answer, FeedbackForm, Question, QuestionKind, Response
from tests.events.factories import EventFactory


def past_event(**kwargs: object):
    """An event that ended an hour ago."""
    start = timezone.now() - timedelta(hours=4)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=3), **kwargs)


class FeedbackFormFactory(factory.django.DjangoModelFactory):
    """A form open from an hour ago for a week."""

    class Meta:
        model = FeedbackForm

    event = factory.LazyFunction(past_event)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    self_rating = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    form = factory.SubFactory(FeedbackFormFactory)
    kind = QuestionKind.TEXT
    label = factory.Sequence(lambda n: f"Fråga {n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    """A guest's answer (a random key) with every rating 4."""

    class Meta:
        model = Response

    form = factory.SubFactory(FeedbackFormFactory)
    guest_key = factory.Sequence(lambda n: f"{n:064x}")
    creativity = 4
    engagement = 4
    inclusion = 4
    quality = 4
    inspiration = 4
    learned_something_new = True
    new_contacts = False


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)
