"""Events and forum series in the admin: saved through the services."""

from __future__ import annotations

import pytest
from django.test import Client

from events.models import Event, ForumSeries
from tests.boards.factories import BoardFactory
from tests.events.factories import ForumMeetingFactory, ForumSeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, administrator) -> Client:
    client.force_login(administrator)
    return client


def when(start: str, end: str) -> dict[str, str]:
    return {
        "starts_at_0": "2027-03-01",
        "starts_at_1": start,
        "ends_at_0": "2027-03-01",
        "ends_at_1": end,
    }


def test_adding_a_meeting_goes_through_the_service(admin_client: Client, administrator):
    series = ForumSeriesFactory()
    ForumMeetingFactory(series=series, series_number=1)
    data = {
        "kind": "forum_meeting",
        "title": "Träff två",
        "description": "**Välkomna**",
        "series": series.pk,
        **when("13:00", "16:00"),
    }
    response = admin_client.post("/admin/events/event/add/", data)
    assert response.status_code == 302
    event = Event.objects.get(title="Träff två")
    assert (event.series_number, event.created_by) == (2, administrator)
    assert event.description_html == "<p><strong>Välkomna</strong></p>"


def test_the_admin_form_shows_the_rules(admin_client: Client):
    series = ForumSeriesFactory()
    data = {"kind": "lab", "title": "Fel", "series": series.pk, **when("13:00", "12:00")}
    response = admin_client.post("/admin/events/event/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Evenemanget måste sluta efter att det börjar." in html
    assert "Bara forumträffar kan höra till en forumserie." in html
    assert not Event.objects.exists()


def test_series_are_added_and_changed(admin_client: Client, administrator):
    response = admin_client.post("/admin/events/forumseries/add/", {"title": "Alla klarar skolan"})
    assert response.status_code == 302
    series = ForumSeries.objects.get()
    assert series.created_by == administrator
    assert admin_client.get(f"/admin/events/forumseries/{series.pk}/change/").status_code == 200


def test_staff_without_the_role_may_not_set_events_up(client: Client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/events/event/add/").status_code == 403


def test_deleting_an_event_goes_through_the_service_and_keeps_its_boards(
    admin_client: Client,
):
    event = ForumMeetingFactory()
    board = BoardFactory(event=event)
    response = admin_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    board.refresh_from_db()
    assert board.event is None


def test_bulk_deleting_events_goes_through_the_service(admin_client: Client):
    events = [ForumMeetingFactory(), ForumMeetingFactory()]
    response = admin_client.post(
        "/admin/events/event/",
        {
            "action": "delete_selected",
            "_selected_action": [e.pk for e in events],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Event.objects.filter(pk__in=[e.pk for e in events]).exists()


def test_a_series_is_not_deleted_in_the_admin(admin_client: Client):
    series = ForumSeriesFactory()
    response = admin_client.get(f"/admin/events/forumseries/{series.pk}/delete/")
    assert response.status_code == 403
    assert ForumSeries.objects.filter(pk=series.pk).exists()
