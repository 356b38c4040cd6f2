"""Who may do what with feedback: every role against every action, in the predicates and
through pages and the API (answering is the service's rule: tests/feedback/test_services.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from feedback import permissions
from tests.factories import UserFactory
from tests.feedback.factories import FeedbackFormFactory, ResponseFactory, past_event

pytestmark = pytest.mark.django_db

# role -> (set up, see figures, see free texts and export, series/year CSV)
MATRIX = {
    "anonymous": (False, False, False, False),
    "participant": (False, True, False, False),
    "governing board": (False, True, False, False),
    "organiser": (True, True, True, False),
    "facilitator": (True, True, True, True),
    "administrator": (True, True, True, True),
}


@pytest.fixture
def setting(participant, board_member, facilitator, administrator):
    organiser = UserFactory(display_name="Olle Arrangör")
    form = FeedbackFormFactory(event=past_event(organisers=[organiser]))
    ResponseFactory.create_batch(3, form=form, comment="Hemligt")
    users = {
        "anonymous": AnonymousUser(),
        "participant": participant,
        "governing board": board_member,
        "organiser": organiser,
        "facilitator": facilitator,
        "administrator": administrator,
    }
    return form.event, users


@pytest.mark.parametrize(("role", "expected"), MATRIX.items())
def test_the_predicates(setting, role, expected):
    event, users = setting
    user = users[role]
    assert (
        bool(permissions.can_manage_feedback(user, event)),
        bool(permissions.can_see_feedback_figures(user)),
        bool(permissions.can_see_feedback_texts(user, event)),
        bool(permissions.can_export_overview(user)),
    ) == expected


@pytest.mark.parametrize(("role", "expected"), MATRIX.items())
def test_the_pages_and_the_api_answer_the_same(setting, role, expected):
    event, users = setting
    manage, figures, texts, overview_csv = expected
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    setup = client.get(reverse("frontend:feedback-setup", args=[event.pk]))
    assert setup.status_code == (200 if manage else 302 if role == "anonymous" else 403)
    results = client.get(reverse("frontend:feedback-results", args=[event.pk]))
    assert results.status_code == (200 if figures else 302)
    if figures:
        assert ("Hemligt" in results.content.decode()) is texts
    export = client.get(reverse("frontend:feedback-export", args=[event.pk]))
    assert export.status_code == (200 if texts else 302 if role == "anonymous" else 403)
    year = client.get(reverse("frontend:feedback-year-export", args=[event.starts_at.year]))
    assert year.status_code == (200 if overview_csv else 302 if role == "anonymous" else 403)
    api = client.get(f"/api/v1/events/{event.pk}/feedback/results/")
    assert api.status_code == (200 if figures else 403)
    if figures:
        assert (api.json()["comments"] == ["Hemligt"] * 3) is texts
    put = client.put(
        f"/api/v1/events/{event.pk}/feedback/",
        {"opens_at": "2026-01-01T10:00:00Z", "closes_at": "2026-01-02T10:00:00Z"},
        content_type="application/json",
    )
    assert put.status_code == (200 if manage else 403)
