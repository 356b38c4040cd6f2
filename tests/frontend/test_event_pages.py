"""Event pages: the list and its filters (htmx), one event with its boards and its series, the
forms that set events and forum series up, and boards made for an event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.models import Board
from events.models import Event, EventKind, ForumSeries
from tests.boards.factories import BoardFactory
from tests.events.factories import EventFactory, ForumMeetingFactory
from tests.factories import UserFactory
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = reverse("frontend:event-list")
CREATE = reverse("frontend:event-create")


def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


def in_language(client: Client, language: str) -> Client:
    client.post(reverse("set_language"), {"language": language})
    return client


def local(days: float, hour: int) -> str:
    """A datetime-local value, `days` from today at `hour`."""
    day = timezone.localdate() + timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


@pytest.fixture(params=["sv", "en"])
def language(request) -> str:
    return request.param


@pytest.fixture
def organiser():
    return UserFactory(display_name="Olle Arrangör")


@pytest.fixture
def meeting(organiser, other_focus_area):
    event = ForumMeetingFactory(
        title="Forumträff 2: Volontärskap",
        series_number=2,
        focus_area=other_focus_area,
        organisers=[organiser],
        place="Eskilstuna stadsbibliotek",
    )
    ForumMeetingFactory(title="Forumträff 1: Digital stad", series=event.series, series_number=1)
    BoardFactory(title="Samhällsmål för äldre", event=event)
    return event


@pytest.fixture
def past_lab(focus_area):
    start = timezone.now() - timedelta(days=40)
    return EventFactory(
        title="Labb i Skultuna",
        kind=EventKind.LAB,
        focus_area=focus_area,
        starts_at=start,
        ends_at=start + timedelta(hours=5),
    )


def event_form(**fields) -> dict:
    data = {
        "kind": "matchmaking",
        "title": "Matchmaking: behov möter forskning",
        "starts_at": local(14, 9),
        "ends_at": local(14, 12),
        "place": "Digitalt",
        "description": "Ta med **era behov**.",
    }
    return data | fields


# --- The list ------------------------------------------------------------------------------


def test_the_list_is_public_upcoming_first(client: Client, meeting, past_lab, language):
    in_language(client, language)
    html = assert_good_page(client.get(LIST))
    assert f'<html lang="{language}">' in html
    assert html.index("Forumträff 1: Digital stad") < html.index("Labb i Skultuna")
    assert meeting.get_absolute_url() in html
    assert "Nytt evenemang" not in html and "New event" not in html
    upcoming, past = ("Kommande och pågående", "Genomförda")
    if language == "en":
        upcoming, past = ("Upcoming and ongoing", "Past")
    assert upcoming in html and past in html


def test_facilitators_get_the_new_event_buttons(client: Client, facilitator, meeting):
    html = assert_good_page(signed_in(client, facilitator).get(LIST))
    assert CREATE in html
    assert reverse("frontend:forum-series-create") in html


def test_filtering_by_kind_and_focus_area(client: Client, meeting, past_lab):
    html = assert_good_page(client.get(LIST, {"kind": "lab"}))
    assert "Labb i Skultuna" in html
    assert "Forumträff 2" not in html
    html = client.get(LIST, {"focus_area": "aldre"}).content.decode()
    assert "Forumträff 2" in html and "Labb i Skultuna" not in html
    # A value that does not parse is simply not applied.
    html = client.get(LIST, {"kind": "fest"}).content.decode()
    assert "Forumträff 2" in html and "Labb i Skultuna" in html


def test_htmx_gets_only_the_results(client: Client, meeting, past_lab):
    response = client.get(LIST, {"when": "past"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="results-heading"' in html
    assert "Labb i Skultuna" in html and "Forumträff 2" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("rows", [4, 40])
def test_the_list_page_costs_the_same_for_few_and_many(
    rows: int, client: Client, django_assert_num_queries, focus_area
):
    for n in range(rows):
        BoardFactory(event=ForumMeetingFactory(focus_area=focus_area, title=f"Träff {n}"))
    # The count, the page of events (with series, focus areas and board counts), and the
    # filter's focus areas.
    with django_assert_num_queries(3):
        response = client.get(LIST)
    assert response.status_code == 200


# --- One event -----------------------------------------------------------------------------


def test_anonymous_visitors_see_the_event_but_not_its_boards(client: Client, meeting, language):
    in_language(client, language)
    html = assert_good_page(client.get(meeting.get_absolute_url()))
    assert "Forumträff 2: Volontärskap" in html
    assert "Eskilstuna stadsbibliotek" in html
    assert "<strong>där</strong>" in html  # the rendered Markdown
    assert "Samhällsmål för äldre" not in html
    assert "Olle Arrangör" not in html
    assert reverse("frontend:board-join") in html


def test_signed_in_people_see_boards_organisers_and_the_series(
    client: Client, meeting, participant
):
    html = assert_good_page(signed_in(client, participant).get(meeting.get_absolute_url()))
    board = meeting.boards.get()
    assert board.get_absolute_url() in html
    assert "Olle Arrangör" in html
    first = meeting.series.meetings.get(series_number=1)
    assert first.get_absolute_url() in html
    assert '<strong aria-current="page">Forumträff 2: Volontärskap</strong>' in html
    assert "Ny tavla för evenemanget" not in html
    assert reverse("frontend:event-edit", args=[meeting.pk]) not in html


def test_organisers_get_the_new_board_and_edit_actions(client: Client, meeting, organiser):
    html = assert_good_page(signed_in(client, organiser).get(meeting.get_absolute_url()))
    assert "Ny tavla för evenemanget" in html
    assert f"{reverse('frontend:board-create')}?evenemang={meeting.pk}" in html
    assert reverse("frontend:event-edit", args=[meeting.pk]) in html


def test_an_unknown_event_is_404(client: Client):
    assert client.get(reverse("frontend:event-detail", args=[987654])).status_code == 404


# --- Setting events up ---------------------------------------------------------------------


def test_a_facilitator_sets_up_an_event(client: Client, facilitator, organiser, focus_area):
    signed_in(client, facilitator)
    html = assert_good_page(client.get(CREATE))
    assert f'value="{facilitator.pk}" selected' in html  # organiser by default
    data = event_form(focus_area=focus_area.slug, organisers=[facilitator.pk, organiser.pk])
    response = client.post(CREATE, data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert (event.kind, event.focus_area, event.created_by) == (
        "matchmaking",
        focus_area,
        facilitator,
    )
    assert set(event.organisers.all()) == {facilitator, organiser}
    assert timezone.localtime(event.starts_at).hour == 9


def test_errors_are_shown_in_place_and_nothing_is_saved(client: Client, facilitator, meeting):
    signed_in(client, facilitator)
    before = Event.objects.count()
    response = client.post(CREATE, event_form(ends_at=local(13, 9)))
    assert response.status_code == 400
    html = assert_good_page(response)
    assert "Det finns fel i formuläret" in html
    assert "Evenemanget måste sluta efter att det börjar." in html
    assert 'value="Matchmaking: behov möter forskning"' in html  # what was written stays
    response = client.post(CREATE, event_form(series=meeting.series_id))
    assert "Bara forumträffar kan höra till en forumserie." in assert_good_page(response)
    response = client.post(CREATE, event_form(title="", starts_at="i morgon"), **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html and 'id="event-form"' in html
    assert "Skriv en rubrik." in html
    assert Event.objects.count() == before


def test_only_facilitators_set_events_up(client: Client, participant):
    response = client.get(CREATE)
    assert response.status_code == 302  # to sign in
    signed_in(client, participant)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, event_form()).status_code == 403
    assert not Event.objects.exists()


def test_an_organiser_edits_their_event(client: Client, meeting, organiser, participant):
    url = reverse("frontend:event-edit", args=[meeting.pk])
    assert signed_in(client, participant).get(url).status_code == 403
    signed_in(client, organiser)
    html = assert_good_page(client.get(url))
    assert 'value="Forumträff 2: Volontärskap"' in html
    data = event_form(
        kind="forum_meeting",
        title="Forumträff 2: Volontärskap och engagemang",
        series=meeting.series_id,
        series_number=2,
        organisers=[organiser.pk],
        focus_area="aldre",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Forumträff 2: Volontärskap och engagemang"
    assert (meeting.series_number, meeting.place) == (2, "Digitalt")
    response = client.post(url, data | {"series_number": 1})
    assert "Serien har redan en träff 1." in assert_good_page(response)


def test_a_new_series_leads_to_its_first_meeting(client: Client, facilitator, other_focus_area):
    url = reverse("frontend:forum-series-create")
    signed_in(client, facilitator)
    assert_good_page(client.get(url))
    response = client.post(url, {"title": ""})
    assert response.status_code == 400
    assert "Skriv ett namn på forumserien." in assert_good_page(response)
    data = {"title": "Alla klarar skolan", "focus_area": other_focus_area.slug}
    response = client.post(url, data)
    series = ForumSeries.objects.get()
    assert response["Location"] == f"{CREATE}?forumserie={series.pk}"
    html = assert_good_page(client.get(response["Location"]))
    assert f'<option value="{series.pk}" selected>' in html
    assert 'value="forum_meeting" required id="id_kind_0" checked' in html


def test_a_participant_may_not_start_a_series(client: Client, participant):
    url = reverse("frontend:forum-series-create")
    assert signed_in(client, participant).get(url).status_code == 403


# --- Boards in events ----------------------------------------------------------------------


def test_the_new_board_page_preselects_the_event(client: Client, meeting, organiser):
    url = reverse("frontend:board-create")
    html = assert_good_page(signed_in(client, organiser).get(url, {"evenemang": meeting.pk}))
    assert f'<option value="{meeting.pk}" selected>' in html
    assert 'value="forum" required id="id_template_1" checked' in html  # a forum meeting's
    response = client.post(
        url,
        {"title": "Idéer", "template": "forum", "votes_per_participant": 3, "event": meeting.pk},
    )
    board = Board.objects.get(title="Idéer")
    assert response["Location"] == board.get_absolute_url()
    assert board.event == meeting


def test_people_without_events_get_no_event_choice(client: Client, meeting, participant):
    url = reverse("frontend:board-create")
    html = assert_good_page(signed_in(client, participant).get(url, {"evenemang": meeting.pk}))
    assert 'name="event"' not in html
    data = {"title": "Egen", "template": "brainstorm", "votes_per_participant": 3}
    response = client.post(url, data | {"event": meeting.pk})
    board = Board.objects.get(title="Egen")
    assert response.status_code == 302
    assert board.event is None  # no such field for them: the event is ignored


def test_an_event_one_may_not_use_is_an_error_in_place(client: Client, meeting, organiser):
    other = EventFactory(title="Annans evenemang")
    url = reverse("frontend:board-create")
    signed_in(client, organiser)
    data = {"title": "x", "template": "brainstorm", "votes_per_participant": 3}
    response = client.post(url, data | {"event": other.pk})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in assert_good_page(response)
    assert not Board.objects.filter(title="x").exists()


def test_boards_show_their_event(client: Client, meeting, facilitator, participant):
    board = services.board_create(actor=facilitator, title="Tavla", event=meeting)
    signed_in(client, participant)
    html = assert_good_page(client.get(board.get_absolute_url()))
    assert meeting.get_absolute_url() in html
    html = assert_good_page(client.get(reverse("frontend:board-list")))
    assert html.count(meeting.get_absolute_url()) == 2  # this board and the fixture's
    assert "Fristående" not in html
    services.board_create(actor=participant, title="Egen")
    assert "Fristående" in client.get(reverse("frontend:board-list")).content.decode()


def test_the_menu_links_to_the_events(client: Client):
    html = client.get(reverse("frontend:home")).content.decode()
    assert f'href="{LIST}"' in html
    assert f'href="{LIST}" aria-current="page"' in client.get(LIST).content.decode()


def test_pages_are_translated(client: Client, meeting, organiser):
    in_language(signed_in(client, organiser), "en")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "New board for the event" in html
    assert "Forum meeting" in html
    html = client.get(LIST).content.decode()
    assert "Upcoming and ongoing" in html


@pytest.mark.parametrize("rows", [3, 30])
def test_the_event_page_costs_the_same_for_few_and_many(
    rows: int, client: Client, django_assert_num_queries, participant
):
    event = ForumMeetingFactory()
    ForumMeetingFactory.create_batch(rows, series=event.series)
    BoardFactory.create_batch(rows, event=event)
    event.organisers.set(UserFactory.create_batch(rows))
    signed_in(client, participant)
    # Session, user, unread notifications; the event, its organisers, boards and series'
    # meetings; the viewer's roles (for the actions offered); registration figures with
    # their settings, and the viewer's own registration; whether it has a feedback form.
    with django_assert_num_queries(11):
        response = client.get(event.get_absolute_url())
    assert response.content.decode().count("/tavlor/") >= rows
