"""Pages cost the same number of queries for 5 submissions as for 50."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CommentFactory, IdeaFactory, OrganisationFactory, SupportFactory

pytestmark = pytest.mark.django_db

# Page + count, the three prefetches (tags, goals, organisations), and the filter form's
# choices: focus areas with goals (2), organisations, tags.
LIST_QUERIES = 9


def make_ideas(rows: int, focus_area, goal, tag) -> None:
    organisation = OrganisationFactory()
    for idea in IdeaFactory.create_batch(rows, focus_area=focus_area, goals=[goal], tags=[tag]):
        idea.organisations.add(organisation)
        CommentFactory(idea=idea)
        SupportFactory(idea=idea)


@pytest.mark.parametrize("rows", [5, 50])
def test_list_page_query_count_is_constant(
    rows: int, client: Client, django_assert_num_queries, focus_area, goal, tag
):
    make_ideas(rows, focus_area, goal, tag)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("frontend:idea-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_list_page_query_count_is_constant_signed_in(
    rows: int, client: Client, django_assert_num_queries, participant, focus_area, goal, tag
):
    make_ideas(rows, focus_area, goal, tag)
    client.force_login(participant)
    # Plus session, user, unread notifications and the user's roles (read once, cached).
    with django_assert_num_queries(LIST_QUERIES + 4):
        response = client.get(reverse("frontend:idea-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_list_results_partial_query_count_is_constant(
    rows: int, client: Client, django_assert_num_queries, focus_area, goal, tag
):
    make_ideas(rows, focus_area, goal, tag)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("frontend:idea-list"), {"q": "idé"}, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("rows", [5, 50])
def test_home_query_count_is_constant(
    rows: int, client: Client, django_assert_num_queries, focus_area, goal, tag
):
    make_ideas(rows, focus_area, goal, tag)
    # Latest six + count + three prefetches, and the focus areas with their goals.
    with django_assert_num_queries(7):
        client.get(reverse("frontend:home"))
