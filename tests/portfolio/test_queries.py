"""Reads of portfolios cost the same number of queries for 2 initiatives per focus area as
for 20."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from hub.models import Role
from portfolio import selectors
from portfolio.models import TrafficLight
from tests.factories import FocusAreaFactory, SocietalGoalFactory, UserFactory
from tests.portfolio.factories import InitiativeFactory, PortfolioFactory, StatusReportFactory

pytestmark = pytest.mark.django_db


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
