from __future__ import annotations

import factory

from registrations.models import Registration, RegistrationSettings, RegistrationStatus, Sector
from tests.events.factories import EventFactory
from tests.factories import UserFactory


class RegistrationSettingsFactory(factory.django.DjangoModelFactory):
    """Registrations open for an event a week from now, without a limit."""

    class Meta:
        model = RegistrationSettings

    event = factory.SubFactory(EventFactory)
    is_open = True
    capacity = None
    deadline = None
    waiting_list = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)
    sector = Sector.MUNICIPALITY
    status = RegistrationStatus.CONFIRMED


class GuestRegistrationFactory(RegistrationFactory):
    person = None
    guest_name = factory.Sequence(lambda n: f"Gäst {n}")
    guest_email = factory.Sequence(lambda n: f"gast{n}@example.org")
    sector = Sector.CITIZEN
