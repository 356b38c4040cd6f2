"""Fixtures for the whole suite: people in every role, a focus area, a clean cache."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache

from common import ratelimit
from hub.models import Role
from tests.browser import browser, page  # noqa: F401 (fixtures for browser tests)
from tests.factories import (
    CoreTeamMembershipFactory,
    FocusAreaFactory,
    PartyFactory,
    SocietalGoalFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache; each test starts from zero.

    A fresh key prefix instead of cache.clear(): on Redis, clear() would flush the keys of
    tests running in parallel in other workers.
    """
    previous = cache.key_prefix
    cache.key_prefix = f"test-{uuid.uuid4().hex}"
    ratelimit._over_limit.clear()  # this process's note of keys already over their limit
    yield
    cache.key_prefix = previous
    ratelimit._over_limit.clear()


@pytest.fixture
def focus_area(db):
    return FocusAreaFactory(name="Alla barn och unga lyckas", slug="barn-och-unga")


@pytest.fixture
def other_focus_area(db):
    return FocusAreaFactory(name="Välmående och självständiga äldre", slug="aldre")


@pytest.fixture
def goal(focus_area):
    return SocietalGoalFactory(focus_area=focus_area, title="Fler elever klarar skolan")


@pytest.fixture
def party(db):
    return PartyFactory(name="Västerås stad")


@pytest.fixture
def author(db):
    return UserFactory(display_name="Alva Författare")


@pytest.fixture
def participant(db):
    return UserFactory(display_name="Per Deltagare")


@pytest.fixture
def facilitator(db):
    return UserFactory(display_name="Fia Processtöd", roles=[Role.FACILITATOR])


@pytest.fixture
def administrator(db):
    return UserFactory(display_name="Ada Admin", roles=[Role.ADMINISTRATOR], is_staff=True)


@pytest.fixture
def board_member(db):
    return UserFactory(display_name="Stig Styrelse", roles=[Role.GOVERNING_BOARD])


@pytest.fixture
def core_team_member(focus_area, party):
    return CoreTeamMembershipFactory(focus_area=focus_area, party=party).user


def needs_postgres() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI does)",
    )


def needs_redis() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs Redis: set REDIS_URL=redis://… (CI does)"
    )
