"""The admin: criteria and decision rules are configured there, through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.models import AssessmentRound, AssessmentSettings, Criterion, DecisionRule
from tests.assessment.factories import RoundFactory, default_criteria
from tests.factories import FocusAreaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["criterion", "assessmentsettings", "assessmentround"])
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


def test_a_decision_rule_stays_with_its_focus_area_and_is_not_deleted(superuser_client):
    area, other = FocusAreaFactory(), FocusAreaFactory()
    settings = AssessmentSettings.objects.create(focus_area=area)
    url = reverse("admin:assessment_assessmentsettings_change", args=[settings.pk])
    response = superuser_client.post(
        url, {"focus_area": other.pk, "decision_rule": DecisionRule.UNANIMOUS}
    )
    assert response.status_code == 302
    assert list(AssessmentSettings.objects.values_list("focus_area", "decision_rule")) == [
        (area.pk, DecisionRule.UNANIMOUS)
    ]
    delete = reverse("admin:assessment_assessmentsettings_delete", args=[settings.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert AssessmentSettings.objects.filter(pk=settings.pk).exists()


def test_rounds_are_read_only_in_the_admin(superuser_client, focus_area):
    round = RoundFactory(focus_area=focus_area)
    changelist = reverse("admin:assessment_assessmentround_changelist")
    response = superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [round.pk], "post": "yes"}
    )
    assert AssessmentRound.objects.filter(pk=round.pk).exists()
    assert superuser_client.get(reverse("admin:assessment_assessmentround_add")).status_code == 403
    delete = reverse("admin:assessment_assessmentround_delete", args=[round.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert response.status_code in {200, 302}
