"""The registrations API: register, the figures, cancel, guests, settings, the list and
attendance, with bad input refused in the documented error shape and nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from registrations.models import Registration, RegistrationStatus
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.registrations.factories import RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def event():
    event = EventFactory(organisers=[UserFactory()])
    RegistrationSettingsFactory(event=event, capacity=1)
    return event


def url(event, rest=""):
    return f"/api/v1/events/{event.pk}/registration/{rest}"


def test_register_read_and_cancel(event, participant):
    client = signed_in(participant)
    created = client.post(
        url(event),
        {"sector": "academia", "organisation_name": "MDU", "dietary_needs": "Vegetarisk"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "confirmed"

    summary = client.get(url(event)).json()
    assert summary["confirmed"] == 1
    assert summary["places_left"] == 0
    assert summary["mine"]["dietary_needs"] == "Vegetarisk"

    assert client.delete(url(event)).status_code == 204
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    again = client.delete(url(event))
    assert again.status_code == 404
    assert again.json()["code"] == "not_found"


def test_a_full_event_puts_the_next_on_the_waiting_list(event):
    RegistrationFactory(event=event)
    response = signed_in(UserFactory()).post(
        url(event), {"sector": "citizen"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    summary = signed_in(response.wsgi_request.user).get(url(event)).json()
    assert summary["waitlist_position"] == 1


def test_registering_twice_is_a_conflict_with_its_reason(event, participant):
    client = signed_in(participant)
    client.post(url(event), {"sector": "citizen"}, content_type="application/json")
    twice = client.post(url(event), {"sector": "citizen"}, content_type="application/json")
    assert twice.status_code == 409
    assert twice.json()["reason"] == "already_registered"
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"sector": "martian"},
        {"sector": "citizen", "dietary_needs": "x" * 501},
        {"sector": ["citizen"]},
    ],
)
def test_bad_bodies_are_field_errors(event, participant, body):
    response = signed_in(participant).post(url(event), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Registration.objects.count() == 0


def test_anonymous_registers_only_as_a_guest(event, client):
    refused = client.post(url(event), {"sector": "citizen"}, content_type="application/json")
    assert refused.status_code == 403
    guest = client.post(
        url(event, "guest/"),
        {"sector": "citizen", "name": "Kim Gäst", "email": "kim@example.org"},
        content_type="application/json",
    )
    assert guest.status_code == 201
    assert Registration.objects.get().guest_email == "kim@example.org"


def test_a_guest_without_an_address_is_refused(event, client):
    response = client.post(
        url(event, "guest/"), {"sector": "citizen", "name": "Kim"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "email" in response.json()["errors"]


def test_past_the_deadline_is_refused_with_its_reason(participant):
    event = EventFactory()
    RegistrationSettingsFactory(event=event, deadline=timezone.now() - timedelta(hours=1))
    response = signed_in(participant).post(
        url(event), {"sector": "citizen"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["reason"] == "deadline_passed"


@pytest.mark.parametrize("pk", [999_999, 2**63])
def test_unknown_events_are_not_found(client, pk):
    assert client.get(f"/api/v1/events/{pk}/registration/").status_code == 404


def test_bad_settings_are_field_errors(event, facilitator):
    response = signed_in(facilitator).put(
        url(event, "settings/"), {"capacity": 0}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "capacity" in response.json()["errors"]
    event.registration_settings.refresh_from_db()
    assert event.registration_settings.capacity == 1


def test_the_list_shows_names_and_needs_to_organisers(event):
    organiser = event.organisers.get()
    RegistrationFactory(event=event, person=UserFactory(display_name="Asta Anmäld"))
    rows = signed_in(organiser).get(f"/api/v1/events/{event.pk}/registrations/").json()["results"]
    assert [row["name"] for row in rows] == ["Asta Anmäld"]
    assert rows[0]["email"]
