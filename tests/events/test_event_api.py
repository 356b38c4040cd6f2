"""The events API: public reads, writes through the services for those allowed, and boards
that belong to an event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from boards.models import Board
from boards.services import board_create
from events.models import Event, EventKind, ForumSeries
from tests.boards.factories import BoardFactory
from tests.events.factories import EventFactory, ForumMeetingFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"
SERIES = f"{EVENTS}series/"
BOARDS = "/api/v1/boards/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def iso(days: float) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


def new_event(**fields) -> dict:
    data = {"title": "Pitchevent", "kind": "pitch_event", "starts_at": iso(5), "ends_at": iso(5.1)}
    return data | fields


@pytest.fixture
def organiser():
    return UserFactory(display_name="Olle Arrangör")


@pytest.fixture
def meeting(organiser, other_focus_area):
    event = ForumMeetingFactory(
        title="Forumträff 2", series_number=2, focus_area=other_focus_area, organisers=[organiser]
    )
    ForumMeetingFactory(title="Forumträff 1", series=event.series, series_number=1)
    BoardFactory(title="Samhällsmål", event=event)
    return event


class TestReading:
    def test_anyone_lists_events_upcoming_first(self, meeting):
        long_ago = timezone.now() - timedelta(days=300)
        EventFactory(title="Förra året", starts_at=long_ago, ends_at=long_ago + timedelta(hours=2))
        response = api().get(EVENTS)
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 3
        titles = [row["title"] for row in body["results"]]
        assert titles[-1] == "Förra året"
        row = next(r for r in body["results"] if r["title"] == "Forumträff 2")
        assert row["kind"] == "forum_meeting"
        assert row["kind_label"] == "Forumträff"
        assert row["series"] == {"id": meeting.series_id, "title": meeting.series.title}
        assert row["series_number"] == 2
        assert row["focus_area"]["slug"] == "aldre"

    def test_filters(self, meeting):
        EventFactory(kind=EventKind.LAB)
        assert api().get(EVENTS, {"kind": "lab"}).json()["count"] == 1
        assert api().get(EVENTS, {"focus_area": "aldre"}).json()["count"] == 1
        assert api().get(EVENTS, {"series": meeting.series_id}).json()["count"] == 2
        assert api().get(EVENTS, {"when": "past"}).json()["count"] == 0
        response = api().get(EVENTS, {"kind": "party"})
        assert response.status_code == 400
        assert "kind" in response.json()["errors"]

    def test_the_detail_shows_boards_and_organisers_only_to_signed_in_people(
        self, meeting, participant
    ):
        body = api().get(f"{EVENTS}{meeting.pk}/").json()
        assert body["boards"] == []
        assert body["organisers"] is None
        assert [m["series_number"] for m in body["meetings"]] == [1, 2]
        assert "<strong>där</strong>" in body["description_html"]

        body = api(participant).get(f"{EVENTS}{meeting.pk}/").json()
        board = meeting.boards.get()
        assert body["boards"] == [{"id": board.pk, "title": "Samhällsmål"}]
        assert [o["display_name"] for o in body["organisers"]] == ["Olle Arrangör"]

    def test_an_unknown_event_is_404(self):
        response = api().get(f"{EVENTS}987654/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


class TestWriting:
    def test_a_facilitator_sets_up_an_event(self, facilitator, organiser, focus_area):
        data = new_event(focus_area=focus_area.pk, organisers=[organiser.pk], place="Digitalt")
        response = api(facilitator).post(EVENTS, data, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        event = Event.objects.get(pk=body["id"])
        assert (event.title, event.created_by, event.focus_area) == (
            "Pitchevent",
            facilitator,
            focus_area,
        )
        assert [o["id"] for o in body["organisers"]] == [organiser.pk]

    def test_others_may_not(self, participant):
        response = api(participant).post(EVENTS, new_event(), format="json")
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")
        response = api().post(EVENTS, new_event(), format="json")
        assert (response.status_code, response.json()["code"]) == (403, "not_authenticated")
        assert not Event.objects.exists()

    def test_bad_input_is_400_per_field_and_saves_nothing(self, facilitator, meeting):
        before = Event.objects.count()
        data = new_event(ends_at=iso(4), series=meeting.series_id, organisers=[987654])
        response = api(facilitator).post(EVENTS, data, format="json")
        assert response.status_code == 400
        assert "organisers" in response.json()["errors"]
        response = api(facilitator).post(EVENTS, new_event(ends_at=iso(4)), format="json")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"ends_at"}
        data = new_event(series=meeting.series_id)
        response = api(facilitator).post(EVENTS, data, format="json")
        assert set(response.json()["errors"]) == {"series"}
        assert Event.objects.count() == before

    def test_an_organiser_changes_their_event(self, meeting, organiser, participant):
        url = f"{EVENTS}{meeting.pk}/"
        response = api(organiser).patch(url, {"place": "Digitalt"}, format="json")
        assert response.status_code == 200, response.json()
        meeting.refresh_from_db()
        assert (meeting.place, meeting.title, meeting.series_number) == (
            "Digitalt",
            "Forumträff 2",
            2,
        )
        assert list(meeting.organisers.all()) == [organiser]  # left out: kept

        response = api(participant).patch(url, {"place": "Hemma"}, format="json")
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")
        response = api(organiser).patch(url, {"kind": "lab"}, format="json")
        assert (response.status_code, set(response.json()["errors"])) == (400, {"series"})
        meeting.refresh_from_db()
        assert (meeting.place, meeting.kind) == ("Digitalt", "forum_meeting")

    def test_forum_series(self, facilitator, participant, other_focus_area):
        data = {"title": "Alla klarar skolan", "focus_area": other_focus_area.pk}
        response = api(facilitator).post(SERIES, data, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["meeting_count"] == 0
        assert api(participant).post(SERIES, data, format="json").status_code == 403
        assert api().get(SERIES).json()["results"][0]["title"] == "Alla klarar skolan"
        assert ForumSeries.objects.count() == 1


class TestBoardsInEvents:
    def test_an_organiser_creates_a_board_in_their_event(self, meeting, organiser):
        data = {"title": "Idéer", "template": "forum", "event": meeting.pk}
        response = api(organiser).post(BOARDS, data, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["board"]["event"] == meeting.pk
        listed = api(organiser).get(BOARDS).json()["results"]
        assert {row["title"]: row["event"] for row in listed} == {
            "Idéer": meeting.pk,
            "Samhällsmål": meeting.pk,
        }

    def test_a_standalone_board_has_no_event(self, participant):
        response = api(participant).post(BOARDS, {"title": "Egen"}, format="json")
        assert response.json()["board"]["event"] is None

    def test_someone_elses_event_is_forbidden(self, meeting, participant):
        data = {"title": "Idéer", "event": meeting.pk}
        response = api(participant).post(BOARDS, data, format="json")
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")
        assert not Board.objects.filter(title="Idéer").exists()

    def test_an_unknown_event_is_400(self, facilitator):
        response = api(facilitator).post(BOARDS, {"title": "x", "event": 987654}, format="json")
        assert response.status_code == 400
        assert "event" in response.json()["errors"]
        assert not Board.objects.exists()

    def test_the_board_snapshot_names_its_event(self, meeting, facilitator):
        board = board_create(actor=facilitator, title="Tavla", event=meeting)
        body = api(facilitator).get(f"{BOARDS}{board.pk}/").json()
        assert body["board"]["event"] == meeting.pk
