from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from common.markdown import render_markdown
from events.models import Event, EventKind, ForumSeries
from tests.factories import UserFactory


class ForumSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumSeries

    title = factory.Sequence(lambda n: f"Forumserie {n}")
    created_by = factory.SubFactory(UserFactory)


class EventFactory(factory.django.DjangoModelFactory):
    """An event a week from now, three hours long. `organisers=[...]` adds organisers."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.OTHER
    title = factory.Sequence(lambda n: f"Evenemang {n}")
    description = "Vi ses **där**."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    place = "Digitalt"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def organisers(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.organisers.set(extracted)


class ForumMeetingFactory(EventFactory):
    kind = EventKind.FORUM_MEETING
    series = factory.SubFactory(ForumSeriesFactory)
    series_number = factory.Sequence(lambda n: n + 1)
