"""Portfolios moved out of the assessment app with every row: a database with portfolios,
initiatives (with their societal goals) and status reports from before the move has them all
after it, in tables named after the new app, and can go back."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portfolio import models

BEFORE = [("assessment", "0002_default_criteria"), ("portfolio", None)]


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def state_before(executor: MigrationExecutor):
    """The models as they were before the move (every other app as it is now)."""
    nodes = [
        node
        for node in executor.loader.graph.leaf_nodes()
        if node[0] not in {"assessment", "portfolio", "challenges"}  # challenges build on it
    ]
    return executor.loader.project_state([*nodes, BEFORE[0]]).apps


def tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def seed(apps) -> dict[str, int]:
    """Rows as the old assessment app wrote them (historical models)."""
    FocusArea = apps.get_model("hub", "FocusArea")
    SocietalGoal = apps.get_model("hub", "SocietalGoal")
    User = apps.get_model("hub", "User")
    Idea = apps.get_model("ideas", "Idea")
    Portfolio = apps.get_model("assessment", "Portfolio")
    PortfolioInitiative = apps.get_model("assessment", "PortfolioInitiative")
    StatusReport = apps.get_model("assessment", "StatusReport")
    area = FocusArea.objects.create(name="Flytt", slug="flytt", north_star="—")
    goals = [SocietalGoal.objects.create(focus_area=area, title=f"Mål {n}") for n in (1, 2)]
    owner = User.objects.create(email="flytt@example.org", display_name="Ägare", password="!")
    idea = Idea.objects.create(
        title="Läxhjälp", summary="Kort.", focus_area=area, author=owner, status="promoted"
    )
    portfolio = Portfolio.objects.create(focus_area=area)
    first = PortfolioInitiative.objects.create(
        portfolio=portfolio, idea=idea, title="Läxhjälp", owner=owner, seed_funding_granted=100
    )
    first.goals.set(goals)
    PortfolioInitiative.objects.create(portfolio=portfolio, title="Äldre initiativ", owner=owner)
    for day in (1, 2, 3):
        StatusReport.objects.create(
            initiative=first,
            reported_on=datetime.date(2025, 1, day),
            light="green",
            note=f"Rapport {day}",
            author=owner,
        )
    return {"initiative": first.pk, "idea": idea.pk, "owner": owner.pk}


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_and_can_be_undone():
    executor = migrate(BEFORE)
    assert "assessment_portfolioinitiative_goals" in tables()
    ids = seed(state_before(executor))
    content_types = state_before(executor).get_model("contenttypes", "ContentType").objects
    old_type = content_types.get_or_create(app_label="assessment", model="portfolioinitiative")[0]

    migrate(executor.loader.graph.leaf_nodes())

    assert {
        "portfolio_portfolio",
        "portfolio_portfolioinitiative",
        "portfolio_portfolioinitiative_goals",
        "portfolio_statusreport",
    } <= tables()
    assert not {t for t in tables() if t.startswith(("assessment_portfolio", "assessment_status"))}
    assert (models.Portfolio.objects.count(), models.PortfolioInitiative.objects.count()) == (1, 2)
    first = models.PortfolioInitiative.objects.get(pk=ids["initiative"])
    assert (first.idea_id, first.owner_id, first.seed_funding_granted) == (
        ids["idea"],
        ids["owner"],
        100,
    )
    assert sorted(goal.title for goal in first.goals.all()) == ["Mål 1", "Mål 2"]
    assert [r.note for r in first.status_reports.all()] == ["Rapport 3", "Rapport 2", "Rapport 1"]
    # The admin's history and permissions follow the model.
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(models.PortfolioInitiative).pk == old_type.pk
    # New rows continue after the old ones.
    added = models.StatusReport.objects.create(
        initiative=first,
        reported_on=datetime.date(2025, 2, 1),
        light="red",
        note="Ny",
        author_id=ids["owner"],
    )
    assert added.pk > max(r.pk for r in first.status_reports.exclude(pk=added.pk))

    executor = migrate(BEFORE)
    old = state_before(executor)
    assert old.get_model("assessment", "StatusReport").objects.count() == 4
    assert (
        old.get_model("assessment", "PortfolioInitiative").objects.get(pk=first.pk).goals.count()
        == 2
    )

    migrate(executor.loader.graph.leaf_nodes())
    assert models.StatusReport.objects.count() == 4
