"""The assessment and portfolio API: the whole cycle, error shapes, and the schema."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient

from assessment.models import AssessmentRound, Decision, RoundStatus, Score, Vote
from ideas.models import IdeaStatus
from portfolio.models import PortfolioInitiative, StatusReport

pytestmark = pytest.mark.django_db

API = "/api/v1/assessment"
HOST = {"HTTP_HOST": "localhost"}


@pytest.fixture
def login():
    def make(user) -> APIClient:
        api = APIClient()
        if user is not None and user.is_authenticated:
            api.force_authenticate(user)
        return api

    return make


def round_url(world, suffix: str = "") -> str:
    return f"{API}/rounds/{world.round.pk}/{suffix}"


def create_round_by_api(world, login) -> dict:
    body = {
        "title": "Vårens bedömning",
        "focus_area": world.focus_area.pk,
        "deadline": (timezone.now() + datetime.timedelta(days=10)).isoformat(),
        "ideas": [idea.pk for idea in world.ideas],
    }
    response = login(world.facilitator).post(f"{API}/rounds/", body, format="json")
    assert response.status_code == 201, response.json()
    world.round = AssessmentRound.objects.get(pk=response.json()["id"])
    return response.json()


def sheet_body(world, value=4) -> dict:
    return {
        "scores": [
            {"item": item.pk, "criterion": c.pk, "value": value, "rationale": "Motivering"}
            for item in world.items()
            for c in world.criteria
        ]
    }


def test_criteria_are_public(world, login):
    response = login(None).get(f"{API}/criteria/")
    assert response.status_code == 200
    assert [c["key"] for c in response.json()] == [
        "citizen_value",
        "innovation_level",
        "partnership_potential",
    ]
    assert response.json()[0]["level_5"]


def test_the_whole_cycle_through_the_api(world, login):
    created = create_round_by_api(world, login)
    assert created["status"] == "draft"
    assert [c["key"] for c in created["criteria"]] == [c.key for c in world.criteria]
    assert created["you"]["can_open"]

    response = login(world.facilitator).patch(
        round_url(world), {"title": "Ny titel"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Ny titel"
    assert len(response.json()["items"]) == 3

    response = login(world.facilitator).post(round_url(world, "open/"))
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert {a["user"]["id"] for a in response.json()["assessors"]} == {
        u.pk for u in world.assessors
    }

    assessor = login(world.core_team)
    sheet = assessor.get(round_url(world, "my-scores/")).json()
    assert (sheet["scored"], sheet["needed"], sheet["complete"]) == (0, 9, False)
    response = assessor.put(round_url(world, "my-scores/"), sheet_body(world), format="json")
    assert response.status_code == 200
    assert response.json()["complete"]
    response = assessor.post(round_url(world, "my-scores/submit/"))
    assert response.status_code == 200
    assert response.json()["submitted_at"]
    results = assessor.get(round_url(world, "results/"))
    assert results.status_code == 200
    assert results.json()["submitted"] == 1

    for other in world.assessors[1:]:
        login(other).put(round_url(world, "my-scores/"), sheet_body(world, 3), format="json")
        login(other).post(round_url(world, "my-scores/submit/"))
    progress = login(world.facilitator).get(round_url(world, "progress/")).json()
    assert [p["submitted"] for p in progress] == [True, True, True]

    assert login(world.facilitator).post(round_url(world, "close/")).status_code == 200
    results = login(world.board_member).get(round_url(world, "results/")).json()
    assert results["status"] == "closed"
    first = results["items"][0]
    assert first["rank"] == 1
    assert first["weighted_total"] == pytest.approx(3.33, abs=0.01)
    assert [c["n"] for c in first["criteria"]] == [3, 3, 3]
    assert results["matrix"]["x"]["key"] == "citizen_value"
    assert len(results["matrix"]["points"]) == 3

    item = world.item_for(world.ideas[0])
    vote_url = round_url(world, f"items/{item.pk}/votes/")
    for user in world.assessors[:2]:
        response = login(user).post(vote_url, {"choice": "promote"}, format="json")
        assert response.status_code == 201, response.json()
    decisions = login(world.core_team).get(round_url(world, "decisions/")).json()
    row = next(r for r in decisions if r["item"] == item.pk)
    assert (row["ready"], row["outcome"], row["votes_cast"]) == (True, "promote", 2)

    response = login(world.facilitator).post(
        round_url(world, f"items/{item.pk}/decision/"),
        {"rationale": "Hög invånarnytta."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["outcome"] == "promote"

    mine = login(world.author).get(f"{API}/submissions/{world.ideas[0].pk}/decision/")
    assert mine.status_code == 200
    assert (mine.json()["outcome"], mine.json()["rationale"]) == ("promote", "Hög invånarnytta.")
    assert mine.json()["idea"]["status"] == IdeaStatus.PROMOTED

    response = login(world.facilitator).post(
        f"{API}/initiatives/",
        {
            "idea": world.ideas[0].pk,
            "owner": world.assessors[1].pk,
            "initiative_type": "education",
            "seed_funding_requested": 300000,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    initiative = response.json()
    assert (initiative["stage"], initiative["initiative_type"]) == ("plan", "education")
    assert initiative["focus_area"]["id"] == world.focus_area.pk

    owner = login(world.assessors[1])
    url = f"{API}/initiatives/{initiative['id']}/"
    assert owner.patch(url, {"stage": "implement"}, format="json").status_code == 200
    assert owner.patch(url, {"seed_funding_granted": 9}, format="json").status_code == 403
    response = owner.post(
        f"{url}status-reports/", {"light": "yellow", "note": "Lite sent."}, format="json"
    )
    assert response.status_code == 201, response.json()

    report = login(world.board_member).get(f"{API}/governing-board-report/").json()
    rows = report["sections"][0]["rows"]
    assert (rows[0]["light"], rows[0]["note"]) == ("yellow", "Lite sent.")
    overview = login(None).get(f"{API}/portfolios/").json()
    assert overview["shows_status"] is False
    listed = overview["portfolios"][0]["groups"][0]["initiatives"][0]
    assert listed["stage"] == "implement"
    assert listed["latest_status"] is None
    followed = login(world.board_member).get(
        f"{API}/portfolios/?focus_area={world.focus_area.slug}"
    )
    assert (
        followed.json()["portfolios"][0]["groups"][0]["initiatives"][0]["latest_status"]["light"]
        == "yellow"
    )


def test_refusals_carry_a_code_a_reason_and_a_message(world, login):
    world.open()
    world.score_and_submit_all(4)
    world.close()
    item = world.item_for(world.ideas[0])
    vote_url = round_url(world, f"items/{item.pk}/votes/")

    assert (
        login(world.core_team).post(vote_url, {"choice": "promote"}, format="json").status_code
        == 201
    )
    again = login(world.core_team).post(vote_url, {"choice": "decline"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    assert again.json()["reason"] == "already_voted"
    assert again.json()["detail"] == "Din part har redan röstat om bidraget."

    other_party = login(world.assessors[1]).post(
        vote_url, {"choice": "promote", "party": world.parties[2].pk}, format="json"
    )
    assert (other_party.status_code, other_party.json()["reason"]) == (403, "not_your_party")

    early = login(world.facilitator).post(
        round_url(world, f"items/{item.pk}/decision/"), {"rationale": "Nu"}, format="json"
    )
    assert early.status_code == 409
    assert (early.json()["reason"], early.json()["votes_needed"]) == ("votes_missing", 1)
    assert Vote.objects.count() == 1
    assert not Decision.objects.exists()

    closed = login(world.core_team).put(
        round_url(world, "my-scores/"), sheet_body(world), format="json"
    )
    assert closed.status_code == 409
    assert closed.json()["reason"] in {"round_not_open", "already_submitted"}


def test_bad_scores_are_400_with_the_field_named(world, login):
    world.open()
    body = sheet_body(world)
    body["scores"][4]["value"] = 6
    body["scores"][5]["value"] = 0
    response = login(world.core_team).put(round_url(world, "my-scores/"), body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"scores.4.value", "scores.5.value"}
    body = sheet_body(world)
    body["scores"][0]["item"] = 999_999
    response = login(world.core_team).put(round_url(world, "my-scores/"), body, format="json")
    assert response.status_code == 400
    assert "scores.0.item" in response.json()["errors"]
    assert not Score.objects.exists()


def test_rounds_are_private_to_those_who_follow_them(world, login):
    world.open()
    assert login(world.participant).get(round_url(world)).status_code == 404
    assert login(world.other_core_team).get(round_url(world)).status_code == 404
    assert login(None).get(round_url(world)).status_code in {401, 403}
    assert login(world.participant).get(f"{API}/rounds/").json()["count"] == 0
    assert login(world.core_team).get(f"{API}/rounds/").json()["count"] == 1
    response = login(world.core_team).get(f"{API}/rounds/?status=open")
    assert response.json()["results"][0]["status"] == RoundStatus.OPEN


def test_settings_by_focus_area(world, login):
    url = f"{API}/settings/{world.focus_area.slug}/"
    assert login(world.participant).get(url).json()["decision_rule"] == "majority"
    assert (
        login(world.facilitator).put(url, {"decision_rule": "unanimous"}, format="json").status_code
        == 403
    )
    response = login(world.administrator).put(url, {"decision_rule": "unanimous"}, format="json")
    assert response.json()["decision_rule"] == "unanimous"
    assert login(world.administrator).get(f"{API}/settings/nowhere/").status_code == 404


def test_conflicts_through_the_api(world, login):
    world.open()
    item = world.items()[0]
    response = login(world.core_team).post(
        round_url(world, "conflicts/"),
        {"item": item.pk, "reason": "Jag sitter i styrgruppen"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "declared"
    listed = login(world.facilitator).get(round_url(world, "conflicts/")).json()
    assert [c["assessor"]["id"] for c in listed] == [world.core_team.pk]
    sheet = login(world.core_team).get(round_url(world, "my-scores/")).json()
    assert sheet["items"][0]["recused"] is True
    assert sheet["needed"] == 6


def test_exports(world, login):
    world.open()
    world.score_and_submit_all(4)
    world.close()
    csv_response = login(world.facilitator).get(
        round_url(world, "results.csv"), HTTP_ACCEPT="text/csv"
    )
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    assert "Läxhjälp i biblioteket" in csv_response.content.decode("utf-8-sig")
    xlsx = login(world.facilitator).get(round_url(world, "results.xlsx"))
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    refused = login(world.participant).get(round_url(world, "results.csv"), HTTP_ACCEPT="text/csv")
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"


def test_an_anonymous_write_is_refused(world, login):
    response = login(None).post(f"{API}/rounds/", {}, format="json")
    assert response.status_code in {401, 403}
    response = login(None).post(f"{API}/initiatives/", {}, format="json")
    assert response.status_code in {401, 403}
    assert not PortfolioInitiative.objects.exists()
    assert not StatusReport.objects.exists()


# --- Schema -----------------------------------------------------------------------------------

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema() -> dict:
    response = APIClient().get("/api/schema/", **HOST)
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_operation_has_a_summary_a_success_and_documented_errors(schema):
    paths = {p: ops for p, ops in schema["paths"].items() if p.startswith(f"{API}/")}
    assert len(paths) >= 20
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            codes = set(operation["responses"])
            assert any(code.startswith("2") for code in codes), where
            for code in codes - {"200", "201", "204"}:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]
                assert ref["$ref"].endswith("Out"), where


def test_schema_generation_raises_no_warnings(tmp_path: Path, settings):
    GENERATOR_STATS.reset()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert any(
        "/assessment/" in p for p in yaml.safe_load((tmp_path / "s.yml").read_text())["paths"]
    )
