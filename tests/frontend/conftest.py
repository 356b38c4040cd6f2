"""Fixtures for page tests: signed-in clients and a few submissions in each state."""

from __future__ import annotations

import pytest
from django.test import Client

from ideas.models import IdeaStatus, Tag
from tests.factories import IdeaFactory, OrganisationFactory


@pytest.fixture
def author_client(client: Client, author) -> Client:
    client.force_login(author)
    return client


@pytest.fixture
def public_idea(author, focus_area, goal):
    return IdeaFactory(
        author=author,
        focus_area=focus_area,
        goals=[goal],
        title="Läxhjälp på biblioteket",
        summary="Studenter hjälper elever med läxor.",
        status=IdeaStatus.SUBMITTED,
    )


@pytest.fixture
def draft(author, focus_area):
    return IdeaFactory(author=author, focus_area=focus_area, status=IdeaStatus.DRAFT)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Eskilstuna kommun")


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="Skola", slug="skola")
