"""Events and forum series: the services (and their refusals, which change nothing), boards in
events, and the selectors with their query counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from boards.models import Board
from boards.services import board_create
from common.errors import ErrorCode, ServiceError
from events import services
from events.models import Event, EventKind, ForumSeries
from events.selectors import (
    EventFilters,
    event_detail,
    event_list,
    events_for_boards,
    forum_series_list,
)
from tests.boards.factories import BoardFactory
from tests.events.factories import EventFactory, ForumMeetingFactory, ForumSeriesFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def when(days: float, hours: float = 3) -> dict:
    start = timezone.now() + timedelta(days=days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=hours)}


def event_input(**fields) -> services.EventInput:
    values = {"title": "Matchmaking för skolan", "kind": EventKind.MATCHMAKING, **when(7)}
    return services.EventInput(**{**values, **fields})


def snapshot() -> list[tuple]:
    """Every event and series as stored, to show a refused call changed nothing."""
    events = Event.objects.order_by("pk").values_list(
        "pk", "kind", "title", "starts_at", "ends_at", "place", "series", "series_number"
    )
    organisers = Event.organisers.through.objects.order_by("pk").values_list("event", "user")
    series = ForumSeries.objects.order_by("pk").values_list("pk", "title", "focus_area")
    return [*events, *organisers, *series, *Board.objects.values_list("pk", "event")]


def refused(call, field: str | None = None, code: ErrorCode | None = None):
    """Assert `call` is refused (a field error, or a ServiceError `code`) and wrote nothing."""
    before = snapshot()
    if code is not None:
        with pytest.raises(ServiceError) as error:
            call()
        assert error.value.code == code
    else:
        with pytest.raises(ValidationError) as error:
            call()
        assert field in error.value.message_dict, error.value.message_dict
    assert snapshot() == before
    return error.value


@pytest.fixture
def series(facilitator, other_focus_area):
    return services.forum_series_create(
        actor=facilitator,
        title="Välmående och självständiga äldre",
        description="Tre träffar om samhällsmål.",
        focus_area=other_focus_area,
    )


class TestEventCreate:
    def test_a_facilitator_sets_up_an_event(self, facilitator, participant, focus_area):
        data = event_input(
            description="Ta med **behov**. <script>alert(1)</script>",
            place="  Eskilstuna   stadsbibliotek ",
            focus_area=focus_area,
            organisers=[facilitator, participant, participant],
        )
        event = services.event_create(actor=facilitator, data=data)
        event.refresh_from_db()
        assert (event.kind, event.title, event.created_by) == (
            "matchmaking",
            "Matchmaking för skolan",
            facilitator,
        )
        assert event.place == "Eskilstuna stadsbibliotek"
        assert event.focus_area == focus_area
        assert "<strong>behov</strong>" in event.description_html
        assert "<script" not in event.description_html
        assert set(event.organisers.all()) == {facilitator, participant}
        assert (event.series, event.series_number) == (None, None)

    def test_an_administrator_may_too(self, administrator):
        assert services.event_create(actor=administrator, data=event_input()).pk

    @pytest.mark.parametrize("who", ["participant", "anonymous"])
    def test_others_may_not(self, who, participant):
        actor = participant if who == "participant" else AnonymousUser()
        refused(lambda: services.event_create(actor=actor, data=event_input()), code="forbidden")

    def test_it_must_end_after_it_starts(self, facilitator):
        start = timezone.now() + timedelta(days=2)
        for end in (start - timedelta(hours=1), start):
            data = event_input(starts_at=start, ends_at=end)
            refused(
                lambda data=data: services.event_create(actor=facilitator, data=data), "ends_at"
            )

    def test_every_field_error_at_once(self, facilitator):
        data = event_input(title="  ", kind="party", starts_at=None, ends_at=None)
        error = refused(lambda: services.event_create(actor=facilitator, data=data), "title")
        assert {"title", "kind", "starts_at", "ends_at"} <= set(error.message_dict)

    def test_only_forum_meetings_belong_to_a_series(self, facilitator, series):
        data = event_input(kind=EventKind.LAB, series=series)
        error = refused(lambda: services.event_create(actor=facilitator, data=data), "series")
        assert error.message_dict["series"] == ["Bara forumträffar kan höra till en forumserie."]

    def test_a_number_needs_a_series(self, facilitator):
        data = event_input(kind=EventKind.FORUM_MEETING, series_number=2)
        refused(lambda: services.event_create(actor=facilitator, data=data), "series_number")

    def test_inactive_organisers_are_refused(self, facilitator):
        gone = UserFactory(is_active=False)
        data = event_input(organisers=[gone])
        refused(lambda: services.event_create(actor=facilitator, data=data), "organisers")

    def test_too_many_organisers(self, facilitator):
        people = UserFactory.create_batch(services.MAX_ORGANISERS + 1)
        data = event_input(organisers=people)
        refused(lambda: services.event_create(actor=facilitator, data=data), "organisers")

    def test_the_database_holds_the_invariants_too(self, facilitator, series):
        start = timezone.now()
        bad = [
            {"starts_at": start, "ends_at": start - timedelta(hours=1)},
            {"starts_at": start, "ends_at": start + timedelta(hours=1), "series": series},
            {"starts_at": start, "ends_at": start + timedelta(hours=1), "series_number": 1},
        ]
        for fields in bad:
            with pytest.raises(IntegrityError), transaction.atomic():
                Event.objects.create(title="x", kind="lab", created_by=facilitator, **fields)


class TestSeries:
    def test_meetings_are_numbered_in_order(self, facilitator, series, other_focus_area):
        meetings = [
            services.event_create(
                actor=facilitator,
                data=event_input(kind=EventKind.FORUM_MEETING, title=f"Träff {n}", series=series),
            )
            for n in (1, 2, 3)
        ]
        assert [m.series_number for m in meetings] == [1, 2, 3]
        # A meeting takes its series' focus area.
        assert {m.focus_area for m in meetings} == {other_focus_area}

    def test_a_taken_number_is_refused(self, facilitator, series):
        data = event_input(kind=EventKind.FORUM_MEETING, series=series, series_number=2)
        services.event_create(actor=facilitator, data=data)
        error = refused(
            lambda: services.event_create(actor=facilitator, data=data), "series_number"
        )
        assert error.message_dict["series_number"] == ["Serien har redan en träff 2."]

    def test_a_meeting_keeps_its_series_focus_area(self, facilitator, series, focus_area):
        data = event_input(kind=EventKind.FORUM_MEETING, series=series, focus_area=focus_area)
        refused(lambda: services.event_create(actor=facilitator, data=data), "focus_area")

    def test_a_series_needs_a_title_and_a_facilitator(self, facilitator, participant):
        refused(lambda: services.forum_series_create(actor=facilitator, title=" "), "title")
        refused(
            lambda: services.forum_series_create(actor=participant, title="Serie"),
            code="forbidden",
        )

    def test_a_series_is_changed_through_its_service(self, facilitator, series, participant):
        services.forum_series_update(actor=facilitator, series=series, title="Äldre 2027")
        series.refresh_from_db()
        assert (series.title, series.focus_area) == ("Äldre 2027", None)
        refused(
            lambda: services.forum_series_update(actor=participant, series=series, title="x"),
            code="forbidden",
        )


class TestEventUpdate:
    @pytest.fixture
    def organiser(self):
        return UserFactory(display_name="Olle Arrangör")

    @pytest.fixture
    def event(self, facilitator, organiser):
        data = event_input(organisers=[facilitator, organiser])
        return services.event_create(actor=facilitator, data=data)

    def test_an_organiser_changes_the_event(self, event, organiser, facilitator):
        data = event_input(title="Matchmaking 2", place="Digitalt", organisers=[organiser])
        services.event_update(actor=organiser, event=event, data=data)
        event.refresh_from_db()
        assert (event.title, event.place) == ("Matchmaking 2", "Digitalt")
        assert list(event.organisers.all()) == [organiser]
        assert event.created_by == facilitator  # the creator stays

    def test_others_may_not(self, event, participant):
        refused(
            lambda: services.event_update(actor=participant, event=event, data=event_input()),
            code="forbidden",
        )

    def test_bad_input_changes_nothing(self, event, organiser, series):
        start = timezone.now() + timedelta(days=1)
        bad = event_input(starts_at=start, ends_at=start - timedelta(minutes=1), series=series)
        error = refused(
            lambda: services.event_update(actor=organiser, event=event, data=bad), "ends_at"
        )
        assert "series" in error.message_dict

    def test_a_meeting_moves_to_another_number(self, facilitator, series):
        first, second = (
            services.event_create(
                actor=facilitator, data=event_input(kind=EventKind.FORUM_MEETING, series=series)
            )
            for _n in range(2)
        )
        data = event_input(kind=EventKind.FORUM_MEETING, series=series, series_number=1)
        refused(
            lambda: services.event_update(actor=facilitator, event=second, data=data),
            "series_number",
        )
        services.event_update(actor=facilitator, event=first, data=replace(data, series_number=3))
        services.event_update(actor=facilitator, event=second, data=data)
        assert list(series.meetings.order_by("series_number").values_list("pk", flat=True)) == [
            second.pk,
            first.pk,
        ]

    def test_a_deleted_event_is_not_found(self, event, facilitator):
        Event.objects.filter(pk=event.pk).delete()
        with pytest.raises(ServiceError) as error:
            services.event_update(actor=facilitator, event=event, data=event_input())
        assert error.value.code == ErrorCode.NOT_FOUND


class TestBoardsInEvents:
    def test_an_organiser_runs_a_board_in_their_event(self, participant):
        event = EventFactory(organisers=[participant])
        board = board_create(actor=participant, title="Behov", event=event)
        assert Board.objects.get(pk=board.pk).event == event

    def test_a_facilitator_may_use_any_event(self, facilitator):
        event = EventFactory()
        assert board_create(actor=facilitator, title="Tavla", event=event).event == event

    def test_others_may_not_but_may_make_standalone_boards(self, participant):
        event = EventFactory()
        refused(
            lambda: board_create(actor=participant, title="x", event=event),
            code="forbidden",
        )
        assert board_create(actor=participant, title="Egen").event is None

    def test_an_unknown_event_is_a_field_error(self, facilitator):
        ghost = Event(pk=987654)
        refused(lambda: board_create(actor=facilitator, title="x", event=ghost), "event")

    def test_deleting_an_event_leaves_its_boards_standalone(self, facilitator):
        event = EventFactory()
        board = board_create(actor=facilitator, title="Tavla", event=event)
        event.delete()
        board.refresh_from_db()
        assert board.event is None


class TestSelectors:
    def test_upcoming_soonest_first_then_past_latest_first(self):
        past_long_ago = EventFactory(title="long ago", **when(-30))
        past_recent = EventFactory(title="recent", **when(-2))
        later = EventFactory(title="later", **when(10))
        ongoing = EventFactory(title="ongoing", **when(-1 / 24))  # began an hour ago
        soon = EventFactory(title="soon", **when(1))
        rows = list(event_list())
        assert [e.title for e in rows] == ["ongoing", "soon", "later", "recent", "long ago"]
        assert [e.is_past for e in rows] == [False, False, False, True, True]
        upcoming = event_list(filters=EventFilters(when="upcoming"))
        assert set(upcoming) == {ongoing, soon, later}
        assert set(event_list(filters=EventFilters(when="past"))) == {past_recent, past_long_ago}

    def test_filters(self, focus_area, other_focus_area):
        lab = EventFactory(kind=EventKind.LAB, focus_area=focus_area)
        meeting = ForumMeetingFactory(focus_area=other_focus_area)
        EventFactory(kind=EventKind.PITCH_EVENT)
        assert list(event_list(filters=EventFilters(kind="lab"))) == [lab]
        assert list(event_list(filters=EventFilters(focus_area="aldre"))) == [meeting]
        assert list(event_list(filters=EventFilters(series=meeting.series_id))) == [meeting]

    @pytest.mark.parametrize("rows", [3, 30])
    def test_the_list_costs_one_query(self, rows, django_assert_num_queries, focus_area):
        for n in range(rows):
            event = ForumMeetingFactory(focus_area=focus_area, **when(n - rows / 2))
            BoardFactory.create_batch(2, event=event)
        with django_assert_num_queries(1):
            events = list(event_list())
            assert sum(e.board_count for e in events) == 2 * rows
            assert all(e.series.title and e.focus_area.name for e in events)

    @pytest.mark.parametrize("rows", [3, 30])
    def test_the_detail_costs_the_same_for_few_and_many(
        self, rows, django_assert_num_queries, participant
    ):
        series = ForumSeriesFactory()
        meetings = [ForumMeetingFactory(series=series) for _n in range(rows)]
        event = meetings[0]
        event.organisers.set(UserFactory.create_batch(rows))
        BoardFactory.create_batch(rows, event=event)
        # The event, its organisers, its boards (with card counts), its series' meetings.
        with django_assert_num_queries(4):
            found = event_detail(viewer=participant, pk=event.pk)
            assert len(found.boards.all()) == rows
            assert [o.display_name for o in found.organisers.all()]
            assert [m.pk for m in found.series.meetings.all()] == [m.pk for m in meetings]

    def test_anonymous_visitors_see_the_event_but_not_its_boards(self):
        event = EventFactory()
        BoardFactory(event=event)
        assert list(event_detail(viewer=AnonymousUser(), pk=event.pk).boards.all()) == []

    def test_an_unknown_event_is_not_found(self, participant):
        for pk in (987654, "abc"):
            with pytest.raises(ServiceError) as error:
                event_detail(viewer=participant, pk=pk)
            assert error.value.code == ErrorCode.NOT_FOUND

    def test_the_events_a_person_may_run_boards_in(self, facilitator, participant):
        theirs = EventFactory(organisers=[participant])
        other = EventFactory()
        assert set(events_for_boards(viewer=facilitator)) == {theirs, other}
        assert list(events_for_boards(viewer=participant)) == [theirs]
        assert list(events_for_boards(viewer=UserFactory())) == []
        assert list(events_for_boards(viewer=AnonymousUser())) == []

    def test_series_count_their_meetings(self):
        series = ForumSeriesFactory()
        ForumMeetingFactory.create_batch(3, series=series)
        assert forum_series_list().get(pk=series.pk).meeting_count == 3


@pytest.mark.django_db
def test_only_facilitators_and_administrators_delete_an_event(facilitator):
    event_delete = services.event_delete
    event = ForumMeetingFactory()
    organiser = UserFactory()
    event.organisers.add(organiser)
    with pytest.raises(ServiceError) as refused:
        event_delete(actor=organiser, event=event)
    assert refused.value.code == "forbidden"
    assert Event.objects.filter(pk=event.pk).exists()

    event_delete(actor=facilitator, event=event)
    assert not Event.objects.filter(pk=event.pk).exists()
    with pytest.raises(ServiceError) as gone:
        event_delete(actor=facilitator, event=event)
    assert gone.value.code == "not_found"
