"""Reads cost the same number of queries for a handful of rows or for 200 items × 9 assessors
× 3 criteria (the size of a real round)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from assessment import selectors
from assessment.models import RoundStatus
from hub.models import Role
from tests.assessment.factories import build_scored_round
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIZES = [(5, 3), (200, 9)]


def facilitator():
    return UserFactory(roles=[Role.FACILITATOR])


@pytest.mark.parametrize(("items", "assessors"), SIZES)
def test_results_selector(items, assessors, django_assert_num_queries):
    round = build_scored_round(items=items, assessors=assessors)
    viewer = facilitator()
    with django_assert_num_queries(7):
        results = selectors.round_results(viewer=viewer, round=round)
    assert len(results.results.items) == items
    assert results.submitted == assessors


@pytest.mark.parametrize(("items", "assessors"), SIZES)
def test_all_scores_selector(items, assessors, django_assert_num_queries):
    round = build_scored_round(items=items, assessors=assessors)
    viewer = facilitator()
    with django_assert_num_queries(2):
        scores = list(selectors.round_scores(viewer=viewer, round=round))
    assert len(scores) == items * assessors * 3 - assessors * 3


@pytest.mark.parametrize(("items", "assessors"), SIZES)
def test_results_endpoint(items, assessors, django_assert_num_queries):
    round = build_scored_round(items=items, assessors=assessors)
    client = APIClient()
    client.force_authenticate(facilitator())
    with django_assert_num_queries(8):
        response = client.get(f"/api/v1/assessment/rounds/{round.pk}/results/")
    assert response.status_code == 200
    assert len(response.json()["items"]) == items


@pytest.mark.parametrize(("items", "assessors"), SIZES)
def test_export_endpoint(items, assessors, django_assert_num_queries):
    round = build_scored_round(items=items, assessors=assessors)
    client = APIClient()
    client.force_authenticate(facilitator())
    with django_assert_num_queries(8):
        response = client.get(f"/api/v1/assessment/rounds/{round.pk}/results.xlsx")
    assert response.status_code == 200


@pytest.mark.parametrize(("items", "assessors"), SIZES)
def test_an_assessors_sheet(items, assessors, django_assert_num_queries):
    round = build_scored_round(items=items, assessors=assessors, status=RoundStatus.OPEN)
    assessor = round.assessors.first().user
    with django_assert_num_queries(8):
        sheet = selectors.my_sheet(viewer=assessor, round=round)
    assert len(sheet.rows) == items


@pytest.mark.parametrize(("items", "assessors"), SIZES)
def test_the_cells_of_an_autosave(items, assessors, django_assert_num_queries):
    """Finding what a batch of cells refers to costs two queries, however many cells."""
    round = build_scored_round(items=items, assessors=assessors, status=RoundStatus.OPEN)
    cells = [
        (item_id, criterion_id)
        for item_id in round.items.values_list("pk", flat=True)
        for criterion_id in round.round_criteria.values_list("criterion_id", flat=True)
    ]
    with django_assert_num_queries(2):
        found = selectors.score_cells(round=round, cells=cells)
    assert [(item.pk, criterion.pk) for item, criterion in found] == cells


@pytest.mark.parametrize(("items", "assessors"), SIZES)
def test_progress_and_decisions(items, assessors, django_assert_num_queries):
    round = build_scored_round(items=items, assessors=assessors)
    viewer = facilitator()
    with django_assert_num_queries(4):
        progress = selectors.round_progress(viewer=viewer, round=round)
    assert len(progress) == assessors
    with django_assert_num_queries(4):
        rows = selectors.round_decisions(viewer=viewer, round=round)
    assert len(rows) == items


@pytest.mark.parametrize(("items", "assessors"), SIZES)
def test_round_detail_endpoint(items, assessors, django_assert_num_queries):
    round = build_scored_round(items=items, assessors=assessors)
    client = APIClient()
    client.force_authenticate(facilitator())
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/assessment/rounds/{round.pk}/")
    assert len(response.json()["items"]) == items
