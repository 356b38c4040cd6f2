"""The admin shows portfolios, initiatives and status reports, and changes none of them:
they change through the pages and the API, where the rules are."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portfolio.models import PortfolioInitiative, StatusReport
from tests.factories import UserFactory
from tests.portfolio.factories import StatusReportFactory

pytestmark = pytest.mark.django_db

MODELS = ["portfolio", "portfolioinitiative", "statusreport"]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_changelists_open(superuser_client, model):
    StatusReportFactory()
    response = superuser_client.get(reverse(f"admin:portfolio_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["action_form"] is None  # no bulk actions, no bulk delete


@pytest.mark.parametrize("model", MODELS)
def test_nothing_is_added_in_the_admin(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:portfolio_{model}_add")).status_code == 403


def test_nothing_is_changed_or_deleted_in_the_admin(superuser_client):
    report = StatusReportFactory(note="Enligt plan.")
    initiative = report.initiative
    change = reverse("admin:portfolio_portfolioinitiative_change", args=[initiative.pk])
    superuser_client.post(change, {"title": "Ändrad", "stage": "closed"})
    delete = reverse("admin:portfolio_statusreport_delete", args=[report.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:portfolio_portfolioinitiative_changelist")
    superuser_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [initiative.pk], "post": "yes"},
    )
    initiative.refresh_from_db()
    assert (initiative.title, initiative.stage) != ("Ändrad", "closed")
    assert PortfolioInitiative.objects.filter(pk=initiative.pk).exists()
    assert StatusReport.objects.filter(pk=report.pk, note="Enligt plan.").exists()
