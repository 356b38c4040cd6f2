"""Board pages: the list, joining with a code, the board, and its forms without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from boards import services
from boards.consumers import GUEST_SESSION_KEY
from boards.models import Board, BoardPhase, Card, Cluster
from realtime.models import StreamEvent
from tests.factories import UserFactory
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(facilitator) -> Board:
    return services.board_create(
        actor=facilitator, title="Forumträff 1", purpose="Samla utmaningar.", template="forum"
    )


@pytest.fixture
def sections(board) -> dict[str, int]:
    return {s.title: s.pk for s in board.sections.all()}


def member(board: Board, user):
    return services.participant_for_user(board=board, user=user)


def add_card(board: Board, participant, section: int, text: str, **extra) -> int:
    data = {"section": section, "text": text, **extra}
    applied = services.board_apply(participant=participant, op="card.add", data=data)
    return applied.result["card"]["id"]


def guest_client(board: Board, name: str = "Gäst Gustafsson") -> Client:
    client = Client()
    response = client.post(
        reverse("frontend:board-join"), {"join_code": board.join_code, "name": name}
    )
    assert response.status_code == 302, response.content.decode()
    return client


def act(client: Client, board: Board, **data) -> object:
    return client.post(reverse("frontend:board-action", args=[board.pk]), data)


@pytest.fixture(params=["sv", "en"])
def language(request) -> str:
    return request.param


def in_language(client: Client, language: str) -> Client:
    client.post(reverse("set_language"), {"language": language})
    return client


# --- Who sees what -----------------------------------------------------------------------


def test_board_page_passes_the_page_checks_for_everyone(
    client: Client, board, sections, facilitator, participant, language
):
    per = member(board, participant)
    card = add_card(board, per, sections["Idéer"], "Läxhjälp på biblioteket")
    services.board_apply(
        participant=per,
        op="cluster.create",
        data={"section": sections["Idéer"], "heading": "Skola", "cards": [card]},
    )
    other = add_card(board, per, sections["Utmaningar"], "Trygghet")
    services.board_apply(participant=per, op="link.add", data={"source": card, "target": other})
    guest = in_language(guest_client(board), language)
    client.force_login(participant)
    in_language(client, language)
    facilitator_client = in_language(Client(), language)
    facilitator_client.force_login(facilitator)
    for visitor in (facilitator_client, client, guest):
        response = visitor.get(board.get_absolute_url())
        assert response.status_code == 200
        html = assert_good_page(response)
        assert f'<html lang="{language}">' in html
        assert "Läxhjälp på biblioteket" in html
        assert 'data-seq="' in html
        assert 'type="module"' in html


def test_board_page_is_translated(client: Client, board, participant):
    client.force_login(participant)
    html = in_language(client, "en").get(board.get_absolute_url()).content.decode()
    assert "New card in" in html
    assert "Ny lapp i" not in html


def test_only_facilitators_get_the_controls_and_the_join_code(
    client: Client, board, facilitator, participant
):
    client.force_login(facilitator)
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Styr tavlan" in html
    assert board.join_code in html
    assert 'data-facilitator="true"' in html

    client.force_login(participant)
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Styr tavlan" not in html
    assert board.join_code not in html
    assert 'data-facilitator="false"' in html

    html = guest_client(board).get(board.get_absolute_url()).content.decode()
    assert "Styr tavlan" not in html
    assert board.join_code not in html


def test_anonymous_visitors_are_sent_to_join(client: Client, board):
    response = client.get(board.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:board-join"))
    response = act(client, board, action="add", section="1", text="x")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:board-join"))
    assert not Card.objects.exists()


def test_a_guest_pass_is_for_its_own_board_only(board, facilitator):
    other = services.board_create(actor=facilitator, title="Annan tavla")
    guest = guest_client(board)
    assert guest.get(board.get_absolute_url()).status_code == 200
    assert guest.get(other.get_absolute_url()).status_code == 302


def test_unknown_board_is_404(client: Client, participant):
    client.force_login(participant)
    assert client.get(reverse("frontend:board-detail", args=[987654])).status_code == 404


def test_cards_are_escaped_and_anonymous_cards_have_no_names(
    client: Client, facilitator, participant
):
    board = services.board_create(actor=facilitator, title="Anonymt", anonymous_cards=True)
    section = board.sections.get().pk
    add_card(board, member(board, participant), section, "<script>alert(1)</script>")
    client.force_login(facilitator)
    html = client.get(board.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Per Deltagare" not in html
    assert "Anonym" in html


# --- Silent writing: other people's cards are not in the page at all ---------------------


def test_hidden_cards_of_others_are_not_in_the_html(client: Client, board, sections, participant):
    services.board_apply(
        participant=member(board, board.created_by), op="board.phase", data={"phase": "silent"}
    )
    writer = UserFactory(display_name="Hemlig Skribent")
    secret_id = add_card(board, member(board, writer), sections["Idéer"], "Hemlig idé 4711")
    own_id = add_card(board, member(board, participant), sections["Idéer"], "Min egen lapp")

    client.force_login(participant)
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Hemlig idé 4711" not in html
    assert "Hemlig Skribent" not in html
    assert f"card-{secret_id}" not in html
    assert f'data-card="{secret_id}"' not in html
    assert f'name="card" value="{secret_id}"' not in html
    assert "Min egen lapp" in html  # the author sees their own
    assert f'id="card-{own_id}"' in html
    assert "1 dold lapp" in html  # only a count of the others'

    # Revealed when the facilitator moves on.
    services.board_apply(
        participant=member(board, board.created_by), op="board.phase", data={"phase": "open"}
    )
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Hemlig idé 4711" in html


# --- Forms without JavaScript: the same operations, through the service -------------------


def test_adding_a_card_without_javascript_goes_through_the_service(
    client: Client, board, sections, participant
):
    client.force_login(participant)
    page = client.get(board.get_absolute_url()).content.decode()
    token = re.search(r'name="op_token" value="([0-9a-f]+)"', page).group(1)
    form = {
        "action": "add",
        "section": sections["Idéer"],
        "text": "Sommarskola",
        "colour": "green",
        "op_token": token,
    }
    response = act(client, board, **form)
    assert response.status_code == 302
    assert response["Location"] == f"{board.get_absolute_url()}#section-{sections['Idéer']}"
    card = Card.objects.get()
    assert (card.text, card.colour, card.section_id) == ("Sommarskola", "green", sections["Idéer"])
    assert card.author.user == participant
    event = StreamEvent.objects.get(type="card.added")  # logged and numbered like any op
    assert event.op_id.startswith("form-")

    # The same form sent again from the same page (a double click) applies once.
    assert act(client, board, **form).status_code == 302
    assert Card.objects.count() == 1
    html = client.get(response["Location"]).content.decode()
    assert "Sommarskola" in html


def test_a_refused_form_shows_the_board_again_with_the_reason(
    client: Client, board, sections, participant
):
    client.force_login(participant)
    response = act(client, board, action="add", section=sections["Idéer"], text="x" * 501)
    assert response.status_code == 400
    html = assert_good_page(response)
    assert "Högst 500 tecken" in html
    assert "x" * 501 in html  # what was written is kept
    assert not Card.objects.exists()

    services.board_apply(
        participant=member(board, board.created_by), op="board.lock", data={"locked": True}
    )
    response = act(client, board, action="add", section=sections["Idéer"], text="Låst?")
    assert response.status_code == 409
    assert "Tavlan är låst av processtödet." in assert_good_page(response)
    assert not Card.objects.exists()


@pytest.mark.parametrize(
    "form",
    [
        {"action": "phase", "phase": "voting"},
        {"action": "lock"},
        {"action": "timer", "minutes": "5"},
    ],
)
def test_facilitator_controls_are_refused_for_others(client: Client, board, participant, form):
    client.force_login(participant)
    assert act(client, board, **form).status_code == 403
    assert act(guest_client(board), board, **form).status_code == 403
    board.refresh_from_db()
    assert (board.phase, board.is_locked, board.timer_ends_at) == ("open", False, None)
    assert not StreamEvent.objects.exists()


def test_facilitator_controls_work_without_javascript(client: Client, board, facilitator):
    client.force_login(facilitator)
    assert act(client, board, action="phase", phase="silent").status_code == 302
    assert act(client, board, action="lock").status_code == 302
    assert act(client, board, action="timer", minutes="3").status_code == 302
    board.refresh_from_db()
    assert (board.phase, board.is_locked, board.timer_ends_at is not None) == (
        "silent",
        True,
        True,
    )
    html = client.get(board.get_absolute_url()).content.decode()
    assert 'data-phase="silent"' in html
    assert 'data-locked="true"' in html


def test_moving_up_and_down_and_to_another_section_without_javascript(
    client: Client, board, sections, participant
):
    per = member(board, participant)
    ideas = sections["Idéer"]
    first, second, third = (add_card(board, per, ideas, t) for t in ("Ett", "Två", "Tre"))
    client.force_login(participant)

    def order(section: int) -> list[str]:
        rows = Card.objects.filter(section_id=section).order_by("position", "pk")
        return list(rows.values_list("text", flat=True))

    assert act(client, board, action="up", card=third).status_code == 302
    assert order(ideas) == ["Ett", "Tre", "Två"]
    assert act(client, board, action="down", card=first).status_code == 302
    assert order(ideas) == ["Tre", "Ett", "Två"]
    assert act(client, board, action="up", card=third).status_code == 302  # already first
    assert order(ideas) == ["Tre", "Ett", "Två"]
    response = act(client, board, action=f"move:{sections['Utmaningar']}", card=second)
    assert response["Location"].endswith(f"#card-{second}")
    assert order(ideas) == ["Tre", "Ett"]
    assert order(sections["Utmaningar"]) == ["Två"]


def test_grouping_linking_voting_and_editing_without_javascript(
    client: Client, board, sections, facilitator, participant
):
    per = member(board, participant)
    ideas = sections["Idéer"]
    one, two = add_card(board, per, ideas, "Ett"), add_card(board, per, ideas, "Två")
    client.force_login(participant)

    act(client, board, action="group", cards=[one, two], heading="Siffror")
    cluster = Cluster.objects.get()
    assert (cluster.heading, set(cluster.cards.values_list("pk", flat=True))) == (
        "Siffror",
        {one, two},
    )
    act(client, board, action="uncluster", card=two)
    assert list(cluster.cards.values_list("pk", flat=True)) == [one]
    act(client, board, action="join-group", cards=[two], cluster=cluster.pk)
    assert cluster.cards.count() == 2
    act(client, board, action="link", cards=[one, two])
    assert board.links.count() == 1
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Kopplad till:" in html
    act(client, board, action=f"unlink:{two}", card=one)
    assert board.links.count() == 0
    act(client, board, action="ungroup", cluster=cluster.pk)
    assert not Cluster.objects.exists()

    act(client, board, action="edit", card=one, text="Ett!", colour="blue")
    assert Card.objects.filter(pk=one, text="Ett!", colour="blue").exists()

    facilitator_client = Client()
    facilitator_client.force_login(facilitator)
    act(facilitator_client, board, action="phase", phase="voting")
    act(client, board, action="vote", card=one)
    act(client, board, action="vote", card=one)
    act(client, board, action="unvote", card=one)
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Du har 2 av 3 röster kvar." in html
    assert 'data-my-votes="1"' in html
    act(facilitator_client, board, action="phase", phase="closed")
    html = client.get(board.get_absolute_url()).content.decode()
    assert "1 röst" in html  # results once voting is over


def test_someone_elses_card_cannot_be_edited(client: Client, board, sections, participant):
    theirs = add_card(board, member(board, UserFactory()), sections["Idéer"], "Inte din")
    client.force_login(participant)
    html = client.get(board.get_absolute_url()).content.decode()
    card_html = html.split(f'id="card-{theirs}"', 1)[1].split("</li>", 1)[0]
    assert "Ändra" not in card_html
    response = act(client, board, action="delete", card=theirs)
    assert response.status_code == 403
    assert Card.objects.filter(pk=theirs).exists()


# --- The list, a new board, joining -------------------------------------------------------


def test_list_page(client: Client, board, sections, participant, language):
    add_card(board, member(board, participant), sections["Idéer"], "En lapp")
    in_language(client, language)
    html = assert_good_page(client.get(reverse("frontend:board-list")))
    assert "Forumträff 1" not in html  # boards are for signed-in people and guests with a code
    client.force_login(participant)
    html = assert_good_page(client.get(reverse("frontend:board-list")))
    assert "Forumträff 1" in html
    assert board.get_absolute_url() in html
    assert 'name="votes_per_participant"' in html


def test_creating_a_board(client: Client, participant):
    client.force_login(participant)
    url = reverse("frontend:board-create")
    response = client.post(url, {"title": "", "template": "forum", "votes_per_participant": 3})
    assert response.status_code == 400
    assert "Skriv en rubrik." in assert_good_page(response)

    response = client.post(
        url,
        {"title": "Matchning", "template": "matchmaking", "votes_per_participant": 5},
        HTTP_HX_REQUEST="true",
    )
    board = Board.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == board.get_absolute_url()
    assert (board.created_by, board.votes_per_participant) == (participant, 5)
    assert [s.title for s in board.sections.order_by("position")] == [
        "Behov",
        "Forskning",
        "Resurser och kompetens",
    ]
    assert client.post(url, {"title": "x", "template": "nope"}).status_code == 400


def test_creating_needs_an_account(client: Client):
    response = client.post(reverse("frontend:board-create"), {"title": "x"})
    assert response.status_code == 302
    assert not Board.objects.exists()


def test_joining_as_a_guest(client: Client, board, language):
    in_language(client, language)
    url = reverse("frontend:board-join")
    assert_good_page(client.get(url))
    response = client.post(url, {"join_code": "NOPE42", "name": "Gäst"})
    assert response.status_code == 400
    assert_good_page(response)
    response = client.post(url, {"join_code": board.join_code.lower(), "name": " Gunnel  Gäst "})
    assert response.status_code == 302
    assert response["Location"] == board.get_absolute_url()
    participant = board.participants.get(guest_name="Gunnel Gäst")
    assert client.session[GUEST_SESSION_KEY] == {str(board.pk): participant.pk}
    html = assert_good_page(client.get(board.get_absolute_url()))
    assert "Gunnel Gäst" in html


def test_closed_boards_take_no_guests(client: Client, board):
    board.phase = BoardPhase.CLOSED
    board.save()
    response = client.post(
        reverse("frontend:board-join"), {"join_code": board.join_code, "name": "Sen"}
    )
    assert response.status_code == 400
    assert "Ingen öppen tavla har den koden." in response.content.decode()


def test_signed_in_people_join_as_themselves(client: Client, board, participant):
    client.force_login(participant)
    response = client.post(reverse("frontend:board-join"), {"join_code": board.join_code})
    assert response["Location"] == board.get_absolute_url()
    assert not board.participants.filter(user__isnull=True).exists()


# --- Cost --------------------------------------------------------------------------------


# Session, user, unread notifications; the board; the viewer's place on it (a savepoint
# around get_or_create: 3); the snapshot: board, sequence, sections, cards, clusters, links,
# my votes, whether voting has happened, and whether the viewer facilitates (roles, and the
# board's facilitators).
BOARD_PAGE_QUERIES = 17


@pytest.mark.parametrize("rows", [5, 50])
def test_board_page_query_count_is_constant(
    rows: int, client: Client, board, sections, participant, django_assert_num_queries
):
    per = member(board, participant)
    ids = [add_card(board, per, sections["Idéer"], f"Lapp {n}") for n in range(rows)]
    services.board_apply(
        participant=per,
        op="cluster.create",
        data={"section": sections["Idéer"], "heading": "Grupp", "cards": ids[:3]},
    )
    services.board_apply(participant=per, op="link.add", data={"source": ids[0], "target": ids[1]})
    client.force_login(participant)
    client.get(board.get_absolute_url())  # joined once; later visits only read
    with django_assert_num_queries(BOARD_PAGE_QUERIES):
        response = client.get(board.get_absolute_url())
    assert response.content.decode().count('class="card card--') == rows + 1  # + <template>
