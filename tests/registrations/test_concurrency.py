"""The last place under concurrent registrations: exactly one gets it. The event's row is
locked for each registration (PostgreSQL), and SQLite's IMMEDIATE transactions serialise the
writers; both are tested, with one database connection per thread."""

from __future__ import annotations

import pytest

from registrations import services
from registrations.errors import Reason, RegistrationError
from registrations.models import Registration, RegistrationStatus, Sector
from tests.concurrency import race
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.registrations.factories import RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATA = services.RegistrationInput(sector=Sector.CITIZEN)


def test_people_racing_for_the_last_place_one_gets_it_the_rest_wait():
    event = EventFactory()
    RegistrationSettingsFactory(event=event, capacity=3)
    RegistrationFactory.create_batch(2, event=event)
    people = UserFactory.create_batch(6)

    results = race(
        [
            lambda person=person: services.registration_create(actor=person, event=event, data=DATA)
            for person in people
        ]
    )

    assert all(isinstance(result, Registration) for result in results), results
    statuses = [result.status for result in results]
    assert statuses.count(RegistrationStatus.CONFIRMED) == 1
    assert statuses.count(RegistrationStatus.WAITLISTED) == 5
    assert (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 3
    )


def test_without_a_waiting_list_the_others_are_told_it_is_full():
    event = EventFactory()
    RegistrationSettingsFactory(event=event, capacity=1, waiting_list=False)
    people = UserFactory.create_batch(5)

    results = race(
        [
            lambda person=person: services.registration_create(actor=person, event=event, data=DATA)
            for person in people
        ]
    )

    placed = [result for result in results if isinstance(result, Registration)]
    refused = [result for result in results if isinstance(result, RegistrationError)]
    assert len(placed) == 1
    assert len(refused) == 4
    assert {error.reason for error in refused} == {Reason.FULL}
    assert Registration.objects.filter(event=event).count() == 1


def test_one_person_sending_the_form_twice_at_once_registers_once():
    event = EventFactory()
    RegistrationSettingsFactory(event=event)
    person = UserFactory()

    results = race([lambda: services.registration_create(actor=person, event=event, data=DATA)] * 4)

    assert sum(isinstance(result, Registration) for result in results) == 1
    refused = [result for result in results if isinstance(result, RegistrationError)]
    assert {error.reason for error in refused} == {Reason.ALREADY_REGISTERED}
    assert Registration.objects.filter(event=event, person=person).count() == 1
