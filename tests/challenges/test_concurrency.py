"""The places of a challenge under concurrent requests: two people accepting at once, and
many students applying for the last place. The challenge's row is locked (PostgreSQL), and
SQLite's IMMEDIATE transactions serialise the writers; run on both (with DATABASE_URL)."""

from __future__ import annotations

import pytest

from challenges import services
from challenges.errors import ChallengeError, Reason
from challenges.models import Application, ApplicationStatus
from hub.models import Role
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, StudentFactory
from tests.concurrency import race
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_accepting_the_last_place_at_once_one_is_refused():
    challenge = ChallengeFactory(places=2)
    ApplicationFactory(challenge=challenge, status=ApplicationStatus.ACCEPTED)
    first, second = ApplicationFactory.create_batch(2, challenge=challenge)
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])

    results = race(
        [
            lambda: services.application_accept(actor=challenge.owner, application=first),
            lambda: services.application_accept(actor=administrator, application=second),
        ]
    )

    accepted = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, ChallengeError)]
    assert len(accepted) == 1, results
    assert [error.reason for error in refused] == [Reason.FILLED]
    assert (
        Application.objects.filter(challenge=challenge, status=ApplicationStatus.ACCEPTED).count()
        == 2
    )


def test_accepting_many_at_once_never_exceeds_the_places():
    challenge = ChallengeFactory(places=2)
    applications = ApplicationFactory.create_batch(5, challenge=challenge)

    results = race(
        [
            lambda a=a: services.application_accept(actor=challenge.owner, application=a)
            for a in applications
        ]
    )

    assert sum(isinstance(r, Application) for r in results) == 2, results
    assert all(
        isinstance(r, Application) or (isinstance(r, ChallengeError) and r.reason == Reason.FILLED)
        for r in results
    )


def test_one_student_sending_the_form_twice_at_once_applies_once():
    challenge = ChallengeFactory(places=3)
    student = StudentFactory()

    results = race(
        [
            lambda: services.application_create(actor=student, challenge=challenge, motivation="A"),
            lambda: services.application_create(actor=student, challenge=challenge, motivation="B"),
        ]
    )

    assert sum(isinstance(r, Application) for r in results) == 1, results
    assert Application.objects.filter(applicant=student).count() == 1
