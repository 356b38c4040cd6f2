"""Reads cost the same number of queries for a handful of rows or for 200 items × 9 assessors
× 3 criteria (the size of a real round)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from assessment import selectors
from assessment.models import RoundStatus, TrafficLight
from hub.models import Role
from tests.assessment.factories import (
    InitiativeFactory,
    PortfolioFactory,
    StatusReportFactory,
    build_scored_round,
)
from tests.factories import FocusAreaFactory, SocietalGoalFactory, UserFactory

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


def build_portfolios(initiatives: int) -> None:
    for slug in ("barn", "aldre"):
        area = FocusAreaFactory(slug=slug, name=slug)
        goals = [SocietalGoalFactory(focus_area=area) for _ in range(3)]
        portfolio = PortfolioFactory(focus_area=area)
        for n in range(initiatives):
            initiative = InitiativeFactory(portfolio=portfolio, goals=goals[: n % 3])
            for light in (TrafficLight.RED, TrafficLight.GREEN):
                StatusReportFactory(initiative=initiative, light=light)


@pytest.mark.parametrize("initiatives", [2, 20])
def test_portfolio_overview_and_governing_board_report(initiatives, django_assert_num_queries):
    build_portfolios(initiatives)
    board = UserFactory(roles=[Role.GOVERNING_BOARD])
    with django_assert_num_queries(5):
        overview = selectors.portfolio_overview(viewer=board)
    assert overview.initiative_count == 2 * initiatives
    with django_assert_num_queries(2):
        report = selectors.governing_board_report(viewer=board)
    assert sum(len(rows) for _area, rows in report.sections) == 2 * initiatives


@pytest.mark.parametrize("initiatives", [2, 20])
def test_portfolio_endpoints(initiatives, django_assert_num_queries):
    build_portfolios(initiatives)
    client = APIClient()
    client.force_authenticate(UserFactory(roles=[Role.GOVERNING_BOARD]))
    with django_assert_num_queries(5):
        assert client.get("/api/v1/assessment/portfolios/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/api/v1/assessment/governing-board-report/").status_code == 200
    with django_assert_num_queries(3):
        response = client.get("/api/v1/assessment/initiatives/?page_size=100")
    assert response.json()["count"] == 2 * initiatives
