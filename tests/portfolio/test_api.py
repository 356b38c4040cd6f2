"""The portfolio API where it has always been, under /api/v1/assessment/, now served by the
portfolio app: its paths, its refusals in the hub's error shape (with a portfolio `reason`),
and bad input that changes nothing."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from assessment import services as assessment_services
from assessment.models import VoteChoice
from portfolio import api
from portfolio.models import PortfolioInitiative, StatusReport, TrafficLight
from tests.portfolio.factories import InitiativeFactory, StatusReportFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/assessment"

# route name -> (its arguments, the path it has always had, the view that answers it)
ROUTES = {
    "portfolio-overview": ((), f"{API}/portfolios/", api.PortfolioOverviewApi),
    "initiative-list": ((), f"{API}/initiatives/", api.InitiativeListCreateApi),
    "initiative-detail": ((7,), f"{API}/initiatives/7/", api.InitiativeDetailApi),
    "initiative-status-reports": (
        (7,),
        f"{API}/initiatives/7/status-reports/",
        api.StatusReportListCreateApi,
    ),
    "governing-board-report": ((), f"{API}/governing-board-report/", api.GoverningBoardReportApi),
}


@pytest.mark.parametrize("name", ROUTES)
def test_the_paths_stay_under_the_assessment_prefix(name):
    args, path, view = ROUTES[name]
    assert reverse(f"api:portfolio:{name}", args=args) == path
    assert resolve(path).func.view_class is view  # type: ignore[attr-defined]


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None and user.is_authenticated:
        client.force_authenticate(user)
    return client


def promote(world) -> None:
    """The first submission promoted by the parties in a closed round."""
    world.open()
    world.score_and_submit_all(4)
    world.close()
    item = world.item_for(world.ideas[0])
    for assessor in world.assessors[:2]:
        assessment_services.vote_cast(actor=assessor, item=item, choice=VoteChoice.PROMOTE)
    assessment_services.decision_record(actor=world.facilitator, item=item, rationale="Lyfts.")


def test_portfolio_refusals_carry_a_code_a_reason_and_a_message(world):
    promote(world)
    facilitator = client_for(world.facilitator)
    body = {"owner": world.assessors[1].pk}

    not_promoted = facilitator.post(
        f"{API}/initiatives/", {**body, "idea": world.ideas[1].pk}, format="json"
    )
    assert not_promoted.status_code == 409
    assert not_promoted.json() == {
        "code": "invalid_transition",
        "reason": "not_promoted",
        "detail": "Bara bidrag som har lyfts till portföljen kan bli initiativ.",
    }
    assert not PortfolioInitiative.objects.exists()

    first = facilitator.post(
        f"{API}/initiatives/", {**body, "idea": world.ideas[0].pk}, format="json"
    )
    assert first.status_code == 201, first.json()
    again = facilitator.post(
        f"{API}/initiatives/", {**body, "idea": world.ideas[0].pk}, format="json"
    )
    assert again.status_code == 409
    assert again.json() == {
        "code": "conflict",
        "reason": "already_in_portfolio",
        "detail": "Bidraget finns redan som initiativ i portföljen.",
    }
    assert PortfolioInitiative.objects.count() == 1

    # Only facilitators and administrators add initiatives: a plain refusal, no reason.
    PortfolioInitiative.objects.all().delete()
    refused = client_for(world.core_team).post(
        f"{API}/initiatives/", {**body, "idea": world.ideas[0].pk}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert "reason" not in refused.json()
    assert not PortfolioInitiative.objects.exists()


def test_status_reports_are_for_those_who_follow_or_lead(world):
    report = StatusReportFactory(light=TrafficLight.ORANGE, note="Försenat.")
    initiative = report.initiative
    url = f"{API}/initiatives/{initiative.pk}/status-reports/"

    assert client_for(world.participant).get(url).status_code == 403
    listed = client_for(world.board_member).get(url)
    assert listed.status_code == 200
    assert [(r["light"], r["note"]) for r in listed.json()] == [("orange", "Försenat.")]
    assert set(listed.json()[0]) == {
        "id",
        "reported_on",
        "light",
        "light_label",
        "note",
        "author",
        "created_at",
    }

    missing = client_for(world.board_member).get(f"{API}/initiatives/999999/status-reports/")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert client_for(world.board_member).get(f"{API}/initiatives/999999/").status_code == 404


def test_bad_input_is_400_with_the_field_named_and_changes_nothing(world):
    initiative = InitiativeFactory(owner=world.assessors[1])
    owner = client_for(world.assessors[1])
    url = f"{API}/initiatives/{initiative.pk}/status-reports/"

    response = owner.post(url, {"light": "blue", "note": "Bra"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["errors"]) == {"light"}
    empty = owner.post(url, {"light": "green", "note": "  "}, format="json")
    assert empty.status_code == 400
    assert set(empty.json()["errors"]) == {"note"}
    assert not StatusReport.objects.exists()

    stage = owner.patch(f"{API}/initiatives/{initiative.pk}/", {"stage": "someday"}, format="json")
    assert stage.status_code == 400
    assert set(stage.json()["errors"]) == {"stage"}
    initiative.refresh_from_db()
    assert initiative.stage == "plan"
