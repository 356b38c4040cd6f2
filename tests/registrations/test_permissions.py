"""Who may do what with registrations: every role against every action, in the predicates and
through the API, where a refusal answers as documented (403 for the list of a public event,
404 for someone else's registration)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from registrations import permissions
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.registrations.factories import RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db

# role -> (register, cancel own, cancel another's, manage: list, settings, attendance)
MATRIX = {
    "anonymous": (False, False, False, False),
    "participant": (True, True, False, False),
    "governing board": (True, False, False, False),
    "organiser": (True, False, False, True),
    "facilitator": (True, False, False, True),
    "administrator": (True, False, False, True),
}


@pytest.fixture
def setting(facilitator, administrator, board_member, participant):
    organiser = UserFactory(display_name="Olle Arrangör")
    soon = timezone.now() + timedelta(hours=3)
    event = EventFactory(organisers=[organiser], starts_at=soon, ends_at=soon + timedelta(hours=2))
    RegistrationSettingsFactory(event=event)
    own = RegistrationFactory(event=event, person=participant)
    other = RegistrationFactory(event=event)
    users = {
        "anonymous": AnonymousUser(),
        "participant": participant,
        "governing board": board_member,
        "organiser": organiser,
        "facilitator": facilitator,
        "administrator": administrator,
    }
    return event, own, other, users


@pytest.mark.parametrize("role", MATRIX)
def test_registration_permission_matrix(setting, role):
    event, own, other, users = setting
    user = users[role]
    allowed = (
        bool(permissions.can_register(user)),
        bool(permissions.can_cancel_registration(user, own)),
        bool(permissions.can_cancel_registration(user, other)),
        bool(permissions.can_manage_registrations(user, event)),
    )
    assert allowed == MATRIX[role]


@pytest.mark.parametrize("role", MATRIX)
def test_the_api_answers_as_the_matrix_says(setting, role):
    event, _own, other, users = setting
    user = users[role]
    client = Client()
    if role != "anonymous":
        client.force_login(user)
    manages = MATRIX[role][3]

    listed = client.get(f"/api/v1/events/{event.pk}/registrations/")
    assert listed.status_code == (200 if manages else 403)
    if manages:
        assert len(listed.json()["results"]) == 2

    marked = client.post(
        f"/api/v1/registrations/{other.pk}/attendance/",
        {"attended": True},
        content_type="application/json",
    )
    assert marked.status_code == (200 if manages else 404 if role != "anonymous" else 403)
    other.refresh_from_db()
    assert other.attended is manages

    settings = client.put(
        f"/api/v1/events/{event.pk}/registration/settings/",
        {"capacity": 40},
        content_type="application/json",
    )
    assert settings.status_code == (200 if manages else 403)
    event.registration_settings.refresh_from_db()
    assert (event.registration_settings.capacity == 40) is manages

    # Everyone reads the public figures; nobody sees the others' needs there.
    summary = client.get(f"/api/v1/events/{event.pk}/registration/").json()
    assert summary["confirmed"] == 2
    assert "registrations" not in summary
