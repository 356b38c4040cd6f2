"""Blind scoring holds in every channel: selectors, the API, exports, notifications, events
and the admin. An assessor sees no one else's scores until they have submitted their own;
no one outside the round sees scores until it closes.

Each assessor writes a unique secret into their rationales; the tests look for it wherever
it must not be."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib import admin
from openpyxl import load_workbook
from rest_framework.test import APIClient

from assessment import selectors, services
from assessment.errors import AssessmentError, Reason
from assessment.exports import results_csv, results_xlsx
from assessment.models import Score
from common.errors import ServiceError
from hub.models import Notification

pytestmark = pytest.mark.django_db

API = "/api/v1/assessment"


def secret(index: int) -> str:
    return f"HEMLIG-{index}-MOTIVERING"


@pytest.fixture
def first_submitted(world, django_capture_on_commit_callbacks):
    """Open; assessor 0 scores (all 5s) and submits; assessor 1 has saved 1s, not submitted."""
    with django_capture_on_commit_callbacks(execute=True):
        world.open()
        world.score_all(world.assessors[0], 5, rationale=secret(0))
        world.submit(world.assessors[0])
        world.score_all(world.assessors[1], 1, rationale=secret(1))
    return world


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def readable_endpoints(world) -> list[str]:
    base = f"{API}/rounds/{world.round.pk}/"
    return [
        f"{API}/rounds/",
        base,
        f"{base}my-scores/",
        f"{base}progress/",
        f"{base}conflicts/",
        f"{base}results/",
        f"{base}scores/",
        f"{base}results.csv",
        f"{base}results.xlsx",
        f"{base}decisions/",
        f"{API}/portfolios/",
    ]


# --- Selectors --------------------------------------------------------------------------------


def test_an_assessor_sees_only_their_own_scores_before_submitting(first_submitted):
    world = first_submitted
    waiting = world.assessors[1]

    sheet = selectors.my_sheet(viewer=waiting, round=world.round)
    values = {s.value for row in sheet.rows for s in row.scores.values()}
    assert values == {1}
    assert {s.assessor.user_id for row in sheet.rows for s in row.scores.values()} == {waiting.pk}
    for read in (selectors.round_results, selectors.round_scores):
        with pytest.raises(AssessmentError) as error:
            read(viewer=waiting, round=world.round)
        assert error.value.reason == Reason.RESULTS_NOT_AVAILABLE


def test_after_submitting_an_assessor_sees_the_submitted_scores_only(first_submitted):
    world = first_submitted
    submitted = world.assessors[0]

    scores = list(selectors.round_scores(viewer=submitted, round=world.round))
    assert {s.rationale for s in scores} == {secret(0)}  # not assessor 1's unsubmitted work
    results = selectors.round_results(viewer=submitted, round=world.round)
    assert {r.weighted_total for r in results.results.items} == {5.0}


@pytest.mark.parametrize(
    "role", ["facilitator", "administrator", "board_member", "other_core_team", "author"]
)
def test_nobody_outside_the_round_sees_scores_while_it_is_open(first_submitted, role):
    world = first_submitted
    user = world.users()[role]
    for read in (selectors.round_results, selectors.round_scores, selectors.my_sheet):
        with pytest.raises(ServiceError):
            read(viewer=user, round=world.round)


def test_once_closed_results_are_for_those_who_follow_and_scores_for_the_round(first_submitted):
    world = first_submitted
    world.close()
    for role in ("facilitator", "administrator", "board_member", "core_team"):
        selectors.round_results(viewer=world.users()[role], round=world.round)
    for role in ("participant", "author", "other_core_team"):
        with pytest.raises(ServiceError):
            selectors.round_results(viewer=world.users()[role], round=world.round)
    with pytest.raises(AssessmentError):
        selectors.round_scores(viewer=world.board_member, round=world.round)
    # Unsubmitted work never counts, even after closing.
    scores = selectors.round_scores(viewer=world.facilitator, round=world.round)
    assert {s.rationale for s in scores} == {secret(0)}


# --- API --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["waiting_assessor", "facilitator", "board_member", "other_core_team", "participant"]
)
def test_no_endpoint_leaks_another_assessors_scores_while_open(first_submitted, role):
    world = first_submitted
    user = world.assessors[1] if role == "waiting_assessor" else world.users()[role]
    client = api_as(user)
    for url in readable_endpoints(world):
        response = client.get(url)
        body = response.content.decode("utf-8", errors="replace")
        assert secret(0) not in body, url
        if role != "waiting_assessor":
            assert secret(1) not in body, url
        if url.endswith(("/results/", "/scores/", "/results.csv", "/results.xlsx")):
            assert response.status_code in {403, 404}, url
        if url.endswith("my-scores/") and response.status_code == 200:
            values = {
                score["value"] for item in response.json()["items"] for score in item["scores"]
            }
            assert values <= {1}  # only the waiting assessor's own


def test_the_api_serves_results_to_the_submitted_assessor(first_submitted):
    world = first_submitted
    response = api_as(world.assessors[0]).get(f"{API}/rounds/{world.round.pk}/scores/")
    assert response.status_code == 200
    assert {s["rationale"] for s in response.json()} == {secret(0)}


# --- Exports ----------------------------------------------------------------------------------


def test_exports_carry_aggregates_only_never_rationales(first_submitted):
    world = first_submitted
    world.score_all(world.assessors[1], 1, rationale=secret(1))
    world.submit(world.assessors[1])
    world.close()
    data = selectors.round_results(viewer=world.facilitator, round=world.round)

    csv_text = results_csv(data).decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(results_xlsx(data)))
    cells = " ".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )
    for text in (csv_text, cells):
        assert secret(0) not in text
        assert secret(1) not in text


# --- Notifications and events -------------------------------------------------------------------


def test_notifications_never_carry_a_score(first_submitted, django_capture_on_commit_callbacks):
    world = first_submitted
    with django_capture_on_commit_callbacks(execute=True):
        world.score_all(world.assessors[2], 2, rationale=secret(2))
        world.submit(world.assessors[2])
        world.close()
    assert Notification.objects.exists()
    for notification in Notification.objects.all():
        text = json.dumps(notification.data, ensure_ascii=False) + notification.message
        for index in range(3):
            assert secret(index) not in text
        assert not {"value", "values", "score", "scores", "rationale"} & notification.data.keys()


# What events may carry: ids, counts, outcomes, statuses (the ideas app's own events too).
EVENT_KEYS = {
    "type",
    "round",
    "assessor",
    "scored",
    "needed",
    "item",
    "party",
    "outcome",
    "kind",
    "idea",
    "status",
    "id",  # a new notification's id (the browser then fetches it)
}


def test_events_carry_counts_and_ids_never_values(
    world, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.open()
        for index, assessor in enumerate(world.assessors):
            world.score_all(assessor, index + 3, rationale=secret(index))
        services.conflict_declare(
            actor=world.assessors[2],
            round=world.round,
            item=world.items()[0],
            reason="Jäv",
        )
        for assessor in world.assessors:
            world.submit(assessor)
        world.close()
        item = world.items()[1]
        for assessor in world.assessors[:2]:
            services.vote_cast(actor=assessor, item=item, choice="promote")
        services.decision_record(actor=world.facilitator, item=item, rationale="Ja.")

    assert published
    # What is published goes to streams someone listens to: each assessor hears of the round
    # opening and closing on their own stream (/ws/me/); nothing goes to a round's stream.
    notified = {group for group, event in published if event["type"] == "notification.new"}
    assert {f"user.{assessor.pk}" for assessor in world.assessors} <= notified
    assert not [g for g, _e in published if g.startswith(("assessment.", "portfolio."))]
    for group, event in published:
        text = json.dumps(event, ensure_ascii=False)
        for index in range(3):
            assert secret(index) not in text, (group, event)
        assert set(event) <= EVENT_KEYS, (group, event)
    assert Score.objects.filter(value__isnull=False).exists()


def test_scores_are_not_in_the_admin():
    assert Score not in admin.site._registry
