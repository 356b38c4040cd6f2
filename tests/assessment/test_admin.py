"""The admin: criteria and decision rules are configured there, through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.models import AssessmentSettings, Criterion, DecisionRule
from tests.assessment.factories import default_criteria
from tests.factories import FocusAreaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["criterion", "assessmentsettings", "assessmentround", "portfolioinitiative"]
)
def test_changelists_open(superuser_client, model):
    default_criteria()
    response = superuser_client.get(reverse(f"admin:assessment_{model}_changelist"))
    assert response.status_code == 200


def test_changing_a_criterion_goes_through_the_service(superuser_client):
    criterion = default_criteria()[0]
    url = reverse("admin:assessment_criterion_change", args=[criterion.pk])
    form = {
        "name": "  Invånarnytta  ",
        "key": criterion.key,
        "guiding_question": criterion.guiding_question,
        "weight": "2.50",
        "order": 1,
        "is_active": "on",
        "level_1": "Lite",
        "level_3": "Mellan",
        "level_5": "Mycket",
    }
    response = superuser_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    criterion.refresh_from_db()
    assert (criterion.name, criterion.weight) == ("Invånarnytta", Decimal("2.50"))
    assert (
        superuser_client.post(
            reverse("admin:assessment_criterion_delete", args=[criterion.pk])
        ).status_code
        == 403
    )
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_setting_a_decision_rule_in_the_admin(superuser_client):
    area = FocusAreaFactory()
    response = superuser_client.post(
        reverse("admin:assessment_assessmentsettings_add"),
        {"focus_area": area.pk, "decision_rule": DecisionRule.UNANIMOUS},
    )
    assert response.status_code == 302
    assert AssessmentSettings.objects.get(focus_area=area).decision_rule == DecisionRule.UNANIMOUS
