"""The feedback API: setting up with questions, answering (a person, a guest with a personal
link), the refusals in the documented error shape with nothing stored, and the results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from feedback.links import event_link_token, personal_link_token
from feedback.models import FeedbackForm, Question, Response
from tests.factories import UserFactory
from tests.feedback.factories import FeedbackFormFactory, ResponseFactory, past_event
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

RATINGS = {"creativity": 4, "engagement": 5, "inclusion": 4, "quality": 3, "inspiration": 5}
BODY = {"ratings": RATINGS, "learned_something_new": True, "new_contacts": True, "comment": "Bra"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def organiser():
    return UserFactory()


@pytest.fixture
def form(organiser):
    return FeedbackFormFactory(event=past_event(organisers=[organiser]))


def url(event, rest=""):
    return f"/api/v1/events/{event.pk}/feedback/{rest}"


def test_an_organiser_sets_up_the_form_and_its_questions(organiser):
    event = past_event(organisers=[organiser])
    client = signed_in(organiser)
    now = timezone.now()
    put = client.put(
        url(event),
        {
            "opens_at": now.isoformat(),
            "closes_at": (now + timedelta(days=2)).isoformat(),
            "self_rating": False,
        },
        content_type="application/json",
    )
    assert put.status_code == 200, put.json()
    assert put.json()["state"] == "open" and put.json()["self_rating"] is False
    added = client.post(
        url(event, "questions/"),
        {"kind": "choice", "text": "Vilken monter?", "choices": ["A", "B"], "is_required": True},
        content_type="application/json",
    )
    assert added.status_code == 201, added.json()
    bad = client.post(
        url(event, "questions/"),
        {"kind": "choice", "text": "?", "choices": ["A"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "choices" in bad.json()["errors"]
    assert anonymous_get(event)["questions"][0]["text"] == "Vilken monter?"
    question_id = added.json()["id"]
    assert client.delete(url(event, f"questions/{question_id}/")).status_code == 204
    assert not Question.objects.exists()


def anonymous_get(event):
    response = Client().get(url(event))
    assert response.status_code == 200
    return response.json()


def test_a_window_the_wrong_way_round_is_a_field_error(organiser):
    event = past_event(organisers=[organiser])
    now = timezone.now().isoformat()
    response = signed_in(organiser).put(
        url(event), {"opens_at": now, "closes_at": now}, content_type="application/json"
    )
    assert response.status_code == 400 and "closes_at" in response.json()["errors"]
    assert not FeedbackForm.objects.exists()


def test_a_participant_answers_once(form):
    client = signed_in(RegistrationFactory(event=form.event).person)
    created = client.post(url(form.event, "responses/"), BODY, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert client.get(url(form.event)).json()["answered"] is True
    again = client.post(url(form.event, "responses/"), BODY, content_type="application/json")
    assert again.status_code == 409 and again.json()["reason"] == "already_answered"
    assert Response.objects.count() == 1


def test_refusals_in_the_documented_shape(form, participant):
    outsider = signed_in(participant).post(
        url(form.event, "responses/"), BODY, content_type="application/json"
    )
    assert outsider.status_code == 403 and outsider.json()["reason"] == "not_a_participant"
    guest = Client().post(
        url(form.event, "responses/"),
        {**BODY, "token": event_link_token(form.event.pk)},
        content_type="application/json",
    )
    assert guest.status_code == 403  # the public link needs a browser: the page
    changed = Client().post(
        url(form.event, "responses/"), {**BODY, "token": "x:y"}, content_type="application/json"
    )
    assert changed.status_code == 404 and changed.json()["reason"] == "bad_link"
    bad = signed_in(RegistrationFactory(event=form.event).person).post(
        url(form.event, "responses/"),
        {**BODY, "ratings": {**RATINGS, "quality": 7}},
        content_type="application/json",
    )
    assert bad.status_code == 400
    form.closes_at = timezone.now() - timedelta(minutes=1)
    form.save()
    closed = signed_in(RegistrationFactory(event=form.event).person).post(
        url(form.event, "responses/"), BODY, content_type="application/json"
    )
    assert closed.status_code == 409 and closed.json()["reason"] == "closed"
    assert not Response.objects.exists()


def test_a_guest_with_a_personal_link_answers_once(form):
    body = {**BODY, "token": personal_link_token(form.event.pk, "registration:7")}
    assert (
        Client()
        .post(url(form.event, "responses/"), body, content_type="application/json")
        .status_code
        == 201
    )
    assert (
        Client()
        .post(url(form.event, "responses/"), body, content_type="application/json")
        .status_code
        == 409
    )


def test_the_results_and_the_overviews(form, organiser, participant):
    ResponseFactory.create_batch(3, form=form, quality=2, comment="Hemligt")
    mine = signed_in(organiser).get(url(form.event, "results/")).json()
    assert mine["responses"] == 3 and mine["comments"] == ["Hemligt"] * 3
    quality = next(d for d in mine["dimensions"] if d["name"] == "quality")
    assert quality["average"] == 2.0 and quality["distribution"][1]["value"] == 3
    theirs = signed_in(participant).get(url(form.event, "results/")).json()
    assert theirs["shown"] is True and theirs["comments"] == []
    year = signed_in(participant).get(f"/api/v1/feedback/years/{form.event.starts_at.year}/").json()
    assert year["responses"] == 3 and year["rows"][0]["event"] == form.event.pk
    assert signed_in(participant).get("/api/v1/feedback/years/1800/").status_code == 404
