"""Factories for portfolios (rows written straight to the database)."""

from __future__ import annotations

import factory
from django.utils import timezone

from portfolio.models import Portfolio, PortfolioInitiative, StatusReport, TrafficLight
from tests.factories import FocusAreaFactory, UserFactory


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio
        django_get_or_create = ("focus_area",)

    focus_area = factory.SubFactory(FocusAreaFactory)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioInitiative
        skip_postgeneration_save = True

    portfolio = factory.SubFactory(PortfolioFactory)
    title = factory.Sequence(lambda n: f"Initiativ {n}")
    owner = factory.SubFactory(UserFactory)

    @factory.post_generation
    def goals(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.goals.set(extracted)


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusReport

    initiative = factory.SubFactory(InitiativeFactory)
    reported_on = factory.LazyFunction(timezone.localdate)
    light = TrafficLight.GREEN
    note = "Enligt plan."
    author = factory.SubFactory(UserFactory)
