from __future__ import annotations

import pytest

from tests.challenges.factories import ChallengeFactory, StudentFactory, TeacherFactory


@pytest.fixture
def owner(db):
    return TeacherFactory(display_name="Tora Lärare")


@pytest.fixture
def student(db):
    return StudentFactory(display_name="Sam Student")


@pytest.fixture
def other_student(db):
    return StudentFactory(display_name="Siri Student")


@pytest.fixture
def challenge(owner):
    return ChallengeFactory(owner=owner, places=1, title="Rörelse i skolan")
