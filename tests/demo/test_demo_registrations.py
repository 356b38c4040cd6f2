"""What the demo holds for registrations: every state (a place, the waiting list, cancelled,
attended, guests), events full, open, closed and past their deadline, and the pages that
show them to a participant on the waiting list and to the organiser."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event
from hub.models import User
from registrations.models import Registration, RegistrationStatus
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.usefixtures("demo")


def test_registrations_in_every_state():
    assert set(Registration.objects.values_list("status", flat=True)) == set(
        RegistrationStatus.values
    )
    assert Registration.objects.filter(attended=True).count() >= 20
    assert Registration.objects.filter(person__isnull=True).count() >= 5  # guests
    assert Registration.objects.exclude(dietary_needs="").exists()
    assert Registration.objects.exclude(accessibility_needs="").exists()


def test_a_full_event_with_a_waiting_list_that_moved_up():
    meeting = Event.objects.get(title__startswith="Forumträff 3")
    setup = meeting.registration_settings
    confirmed = meeting.registrations.filter(status=RegistrationStatus.CONFIRMED)
    assert confirmed.count() == setup.capacity
    # The cancellation gave its place to the first in line, the demo's external participant.
    assert confirmed.filter(person__email__startswith="extern@").exists()
    waiting = meeting.registrations.filter(status=RegistrationStatus.WAITLISTED)
    first_in_line = waiting.order_by("created_at", "pk").values_list("person__email", flat=True)
    assert first_in_line[0].startswith("student@")


def test_the_student_sees_their_place_in_the_queue_and_the_organiser_the_list(client: Client):
    meeting = Event.objects.get(title__startswith="Forumträff 3")
    client.force_login(User.objects.get(email__startswith="student@"))
    html = assert_good_page(client.get(meeting.get_absolute_url()))
    assert "Du står på väntelistan, som nummer 1." in html

    client.force_login(User.objects.get(email__startswith="processtod@"))
    past = Event.objects.get(title__startswith="Forumträff 1")
    html = assert_good_page(client.get(reverse("frontend:registration-list", args=[past.pk])))
    assert "Gunilla Berg" in html and "Laktosfri kost" in html
    assert 'aria-pressed="true"' in html  # attendance was taken


def test_closed_and_past_deadline_events_say_so(client: Client):
    for title in ("Labb: Skolgårdar", "Öppen verkstad"):
        event = Event.objects.get(title__startswith=title)
        assert "Anmälan är stängd." in client.get(event.get_absolute_url()).content.decode()
