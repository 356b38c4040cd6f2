"""Registration on the event page (people and guests), the guest's cancel link, and the
organisers' list with settings, attendance and the CSV export: each page passes the page
checks in both languages, refusals show beside the form, and nothing changes on bad input."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from registrations.links import guest_cancel_token
from registrations.models import CalendarFeed, Registration, RegistrationStatus
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.frontend.html_checks import assert_good_page
from tests.registrations.factories import (
    GuestRegistrationFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Forumträff: Måltider och möten", organisers=[UserFactory()])
    RegistrationSettingsFactory(event=event, capacity=2)
    return event


@pytest.fixture(params=["sv", "en"])
def language(request, client: Client) -> str:
    client.post(reverse("set_language"), {"language": request.param})
    return request.param


def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


def test_the_event_page_shows_the_figures_and_the_form(client, event, language):
    RegistrationFactory(event=event)
    html = assert_good_page(client.get(event.get_absolute_url()))
    assert 'id="registration-heading"' in html
    assert ("1 anmäld av 2 platser" if language == "sv" else "1 registered of 2 places") in html
    assert 'name="email"' in html  # a guest registers by name and address


def test_a_person_registers_from_the_event_page(client, event, participant):
    client = signed_in(client, participant)
    response = client.post(
        reverse("frontend:registration-create", args=[event.pk]),
        {"sector": "academia", "organisation_name": "MDU"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(person=participant)
    assert registration.status == RegistrationStatus.CONFIRMED
    html = assert_good_page(client.get(event.get_absolute_url()))
    assert "Du är anmäld." in html
    assert reverse("frontend:registration-cancel", args=[event.pk]) in html


def test_bad_input_answers_with_the_page_and_its_errors(client, event, participant):
    response = signed_in(client, participant).post(
        reverse("frontend:registration-create", args=[event.pk]), {"sector": ""}
    )
    assert response.status_code == 400
    html = assert_good_page(response)
    assert "Välj den sektor du kommer från." in html
    assert not Registration.objects.exists()


def test_a_refusal_shows_beside_the_form(client, participant):
    event = EventFactory()
    RegistrationSettingsFactory(event=event, capacity=1, waiting_list=False)
    RegistrationFactory(event=event)
    response = signed_in(client, participant).post(
        reverse("frontend:registration-create", args=[event.pk]), {"sector": "citizen"}
    )
    assert response.status_code == 409
    assert "Evenemanget är fullt och har ingen väntelista." in assert_good_page(response)
    assert Registration.objects.count() == 1


def test_a_guest_registers_and_cancels_by_the_link(
    client, event, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("frontend:registration-create", args=[event.pk]),
            {"name": "Kim Gäst", "email": "kim@example.org", "sector": "citizen"},
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    link = reverse("frontend:registration-guest-cancel", args=[guest_cancel_token(registration.pk)])
    assert link in mailoutbox[0].body

    # Opening the link asks first: a mail scanner's visit cancels nothing.
    page = assert_good_page(client.get(link))
    assert "Vill du avanmäla dig" in page
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED

    assert client.post(link).status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_a_tampered_guest_link_is_not_found(client, event):
    registration = GuestRegistrationFactory(event=event)
    token = guest_cancel_token(registration.pk)
    for bad in (token[:-2] + "xx", "nonsense"):
        assert (
            client.get(reverse("frontend:registration-guest-cancel", args=[bad])).status_code == 404
        )
        assert (
            client.post(reverse("frontend:registration-guest-cancel", args=[bad])).status_code
            == 404
        )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_person_cancels_and_the_next_gets_the_place(client, event, participant):
    RegistrationFactory(event=event)
    mine = RegistrationFactory(event=event, person=participant)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    response = signed_in(client, participant).post(
        reverse("frontend:registration-cancel", args=[event.pk])
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_the_organisers_list_settings_attendance_and_export(client, event, language):
    organiser = event.organisers.get()
    event.starts_at = timezone.now() + timedelta(hours=2)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    asta = RegistrationFactory(
        event=event, person=UserFactory(display_name="Asta Anmäld"), dietary_needs="Vegan"
    )
    GuestRegistrationFactory(event=event, guest_name="Kim Gäst")
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    client = signed_in(client, organiser)

    html = assert_good_page(client.get(reverse("frontend:registration-list", args=[event.pk])))
    assert "Asta Anmäld" in html and "Kim Gäst" in html and "Vegan" in html

    marked = client.post(
        reverse("frontend:registration-attendance", args=[asta.pk]),
        {"attended": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert marked.status_code == 200
    assert 'aria-pressed="true"' in marked.content.decode()
    asta.refresh_from_db()
    assert asta.attended

    saved = client.post(
        reverse("frontend:registration-settings", args=[event.pk]),
        {"is_open": "on", "capacity": "3", "waiting_list": "on"},
    )
    assert saved.status_code == 302
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 3

    exported = client.get(reverse("frontend:registration-export", args=[event.pk]))
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) == 4  # the header and three people
    assert any("Asta Anmäld" in row and "Vegan" in row for row in rows)


def test_bad_settings_answer_with_the_list_and_its_errors(client, event):
    response = signed_in(client, event.organisers.get()).post(
        reverse("frontend:registration-settings", args=[event.pk]), {"capacity": "-4"}
    )
    assert response.status_code == 400
    assert_good_page(response)
    event.registration_settings.refresh_from_db()
    assert event.registration_settings.capacity == 2


@pytest.mark.parametrize("route", ["frontend:registration-list", "frontend:registration-export"])
def test_participants_do_not_see_the_list(client, event, participant, route):
    response = signed_in(client, participant).get(reverse(route, args=[event.pk]))
    assert response.status_code == 403


def test_participants_do_not_mark_attendance(client, event, participant):
    registration = RegistrationFactory(event=event)
    response = signed_in(client, participant).post(
        reverse("frontend:registration-attendance", args=[registration.pk]), {"attended": "on"}
    )
    assert response.status_code == 404
    registration.refresh_from_db()
    assert not registration.attended


def test_the_list_page_query_count_does_not_grow(client, event, django_assert_max_num_queries):
    client = signed_in(client, event.organisers.get())
    url = reverse("frontend:registration-list", args=[event.pk])
    RegistrationFactory.create_batch(2, event=event)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    RegistrationFactory.create_batch(10, event=event, status=RegistrationStatus.WAITLISTED)
    GuestRegistrationFactory.create_batch(5, event=event, status=RegistrationStatus.CANCELLED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_my_registrations_and_a_calendar_feed_that_can_be_revoked(client, event, participant):
    RegistrationFactory(event=event, person=participant)
    other_event = EventFactory(title="Labb: Digital stad")
    RegistrationFactory(event=other_event, person=participant, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=EventFactory(title="Någon annans evenemang"))
    client = signed_in(client, participant)

    html = assert_good_page(client.get(reverse("frontend:my-registrations")))
    assert event.title in html and "Labb: Digital stad" not in html

    created = client.post(reverse("frontend:calendar-feed-create"))
    html = assert_good_page(created)
    feed_url = html.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    path = feed_url.removeprefix("http://127.0.0.1:8000")

    anonymous = Client()
    feed = anonymous.get(path)
    assert feed.status_code == 200
    titles = [str(entry["SUMMARY"]) for entry in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert titles == [event.title]

    # A new address replaces the old one; revoking ends it.
    client.post(reverse("frontend:calendar-feed-create"))
    assert anonymous.get(path).status_code == 404
    client.post(reverse("frontend:calendar-feed-revoke"))
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("secret", ["nonsense", "cal_" + "x" * 43])
def test_a_wrong_feed_address_is_not_found(client, secret):
    assert client.get(reverse("frontend:calendar-feed", args=[secret])).status_code == 404
