"""The boards API: every endpoint, secrecy in silent writing, bad input, guests, and that a
REST write reaches everyone on the board's socket."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework.test import APIClient

from boards import services
from boards.consumers import GUEST_SESSION_KEY
from boards.models import (
    Board,
    BoardPhase,
    Card,
    CardLink,
    Cluster,
    Participant,
    Section,
    Vote,
)
from hub.asgi import application
from realtime.models import StreamEvent
from tests.boards.factories import BoardFactory, CardFactory, ParticipantFactory, SectionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/boards/"
JOIN = f"{LIST}join/"
ORIGIN = (b"origin", b"http://127.0.0.1:8000")
SECRET = "Hemlig tanke om läxhjälp"


def url(board: Board, rest: str = "") -> str:
    return f"{LIST}{board.pk}/{rest}"


def card_url(board: Board, card: Card | int, rest: str = "") -> str:
    return url(board, f"cards/{getattr(card, 'pk', card)}/{rest}")


@pytest.fixture
def client() -> APIClient:
    return APIClient()


@pytest.fixture
def login():
    """An API client signed in (by session) as `user`."""

    def make(user) -> APIClient:
        api = APIClient()
        api.force_login(user)
        return api

    return make


@pytest.fixture
def board(facilitator) -> Board:
    return services.board_create(
        actor=facilitator, title="Forumträff 1", template="forum", votes_per_participant=2
    )


@pytest.fixture
def sections(board) -> list[Section]:
    return list(board.sections.order_by("position"))


@pytest.fixture
def alice(db):
    return UserFactory(display_name="Alice Andersson")


@pytest.fixture
def bob(db):
    return UserFactory(display_name="Bob Berg")


def on_board(board, user) -> Participant:
    return services.participant_for_user(board=board, user=user)


def apply(participant, op, op_id=None, **data):
    return services.board_apply(participant=participant, op=op, data=data, op_id=op_id)


def add_card(participant, section, text="Fler mötesplatser", **extra) -> Card:
    applied = apply(participant, "card.add", section=section.pk, text=text, **extra)
    return Card.objects.get(pk=applied.result["card"]["id"])


def set_phase(board, facilitator, phase) -> None:
    apply(on_board(board, facilitator), "board.phase", phase=phase)


def state(board) -> tuple:
    """Everything an operation could change, to show a refused one changed nothing."""
    board.refresh_from_db()
    cards = Card.objects.filter(board=board).order_by("pk")
    return (
        StreamEvent.objects.filter(stream__key=board.stream_key).count(),
        list(cards.values_list("pk", "text", "colour", "section", "position", "is_hidden")),
        Vote.objects.filter(board=board).count(),
        (board.phase, board.is_locked, board.timer_ends_at),
    )


def guest_client(board, name="Gästen Greta") -> tuple[APIClient, Participant]:
    api = APIClient()
    response = api.post(JOIN, {"join_code": board.join_code, "name": name}, format="json")
    assert response.status_code == 201, response.json()
    return api, Participant.objects.get(pk=response.json()["me"]["participant"])


# --- Boards --------------------------------------------------------------------------------


class TestList:
    def test_boards_newest_first_counting_only_visible_cards(
        self, login, alice, board, sections, facilitator
    ):
        older = BoardFactory(title="Äldre tavla")
        Board.objects.filter(pk=older.pk).update(created_at=board.created_at.replace(year=2020))
        set_phase(board, facilitator, "silent")
        writer = on_board(board, alice)
        add_card(writer, sections[0], SECRET)
        set_phase(board, facilitator, "open")  # revealed
        set_phase(board, facilitator, "silent")
        add_card(writer, sections[0], "Dold lapp")

        response = login(alice).get(LIST)

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        first = body["results"][0]
        assert first == {
            "id": board.pk,
            "title": "Forumträff 1",
            "purpose": "",
            "template": "forum",
            "template_label": "Forumträff",
            "phase": "silent",
            "phase_label": "Tyst skrivande",
            "locked": False,
            "anonymous_cards": False,
            "votes_per_participant": 2,
            "card_count": 1,
            "created_by_name": "Fia Processtöd",
            "created_at": first["created_at"],
            "event": None,
        }
        assert body["results"][1]["title"] == "Äldre tavla"
        assert "join_code" not in json.dumps(body)
        assert board.join_code not in json.dumps(body)

    def test_needs_sign_in(self, client, board):
        response = client.get(LIST)
        assert response.status_code == 403
        assert response.json()["code"] == "not_authenticated"

    def test_a_guest_pass_does_not_list_boards(self, board):
        guest, _participant = guest_client(board)
        assert guest.get(LIST).status_code == 403

    @pytest.mark.parametrize("rows", [5, 50])
    def test_query_count_does_not_grow_with_rows(
        self, rows, login, alice, django_assert_num_queries
    ):
        for _n in range(rows):
            section = SectionFactory(board=BoardFactory(created_by=UserFactory()))
            CardFactory.create_batch(2, section=section)
        api = login(alice)

        # session, user, count, page
        with django_assert_num_queries(4):
            response = api.get(LIST, {"page_size": 100})
        assert len(response.json()["results"]) == rows
        assert response.json()["results"][0]["card_count"] == 2


class TestCreate:
    def test_create_gives_the_creators_snapshot_with_the_join_code(self, login, alice):
        response = login(alice).post(
            LIST,
            {
                "title": "Matchmaking våren",
                "purpose": "Behov möter forskning",
                "template": "matchmaking",
                "votes_per_participant": 5,
                "anonymous_cards": True,
            },
            format="json",
        )

        assert response.status_code == 201
        body = response.json()
        board = Board.objects.get()
        assert body["board"]["id"] == board.pk
        assert body["board"]["join_code"] == board.join_code
        assert (board.created_by, board.template, board.votes_per_participant) == (
            alice,
            "matchmaking",
            5,
        )
        assert board.anonymous_cards
        assert [s["title"] for s in body["sections"]] == [
            "Behov",
            "Forskning",
            "Resurser och kompetens",
        ]
        assert body["me"] == {
            "participant": board.participants.get(user=alice).pk,
            "name": "Alice Andersson",
            "facilitator": True,
        }
        assert body["seq"] == 0
        assert body["cards"] == []
        assert body["votes_left"] == 5

    def test_defaults(self, login, alice):
        response = login(alice).post(LIST, {"title": "Idéer"}, format="json")
        assert response.status_code == 201
        board = Board.objects.get()
        assert (board.template, board.votes_per_participant, board.anonymous_cards) == (
            "brainstorm",
            3,
            False,
        )

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"title": ""}, "title"),
            ({}, "title"),
            ({"title": "x" * 201}, "title"),
            ({"title": "T", "template": "kanban"}, "template"),
            ({"title": "T", "votes_per_participant": -1}, "votes_per_participant"),
            ({"title": "T", "votes_per_participant": "många"}, "votes_per_participant"),
        ],
    )
    def test_bad_input(self, login, alice, data, field):
        response = login(alice).post(LIST, data, format="json")

        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert field in response.json()["errors"]
        assert not Board.objects.exists()

    def test_needs_sign_in(self, client):
        response = client.post(LIST, {"title": "Idéer"}, format="json")
        assert response.status_code == 403
        assert response.json()["code"] == "not_authenticated"
        assert not Board.objects.exists()


class TestSnapshot:
    def test_first_read_puts_a_person_on_the_board(self, login, alice, board, sections):
        response = login(alice).get(url(board))

        assert response.status_code == 200
        body = response.json()
        me = board.participants.get(user=alice)
        assert body["me"] == {"participant": me.pk, "name": "Alice Andersson", "facilitator": False}
        assert body["board"]["join_code"] is None  # only facilitators get the code
        assert body["board"]["title"] == "Forumträff 1"
        assert body["board"]["phase"] == "open"
        assert [s["id"] for s in body["sections"]] == [s.pk for s in sections]
        assert {"seq", "cards", "clusters", "links", "my_votes", "votes_left", "results"} <= set(
            body
        )
        # A second read reuses the place.
        login(alice).get(url(board))
        assert board.participants.filter(user=alice).count() == 1

    def test_cards_and_votes(self, login, alice, bob, board, sections, facilitator):
        mine = add_card(on_board(board, alice), sections[2], "Läxhjälp", colour="green")
        add_card(on_board(board, bob), sections[2], "Mentorer")
        set_phase(board, facilitator, "voting")
        apply(on_board(board, alice), "vote.add", card=mine.pk)

        body = login(alice).get(url(board)).json()

        assert body["seq"] == 4
        assert [(c["text"], c["author_name"]) for c in body["cards"]] == [
            ("Läxhjälp", "Alice Andersson"),
            ("Mentorer", "Bob Berg"),
        ]
        assert body["cards"][0]["colour"] == "green"
        assert body["my_votes"] == [mine.pk]
        assert body["votes_left"] == 1
        assert body["results"] is None  # secret while voting

    def test_facilitator_gets_the_join_code(self, login, facilitator, board):
        body = login(facilitator).get(url(board)).json()
        assert body["me"]["facilitator"] is True
        assert body["board"]["join_code"] == board.join_code

    def test_unknown_board(self, login, alice):
        response = login(alice).get(f"{LIST}424242/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_needs_sign_in_or_a_guest_pass(self, client, board):
        response = client.get(url(board))
        assert response.status_code == 403
        assert response.json()["code"] == "not_authenticated"
        assert not board.participants.filter(user__isnull=True).exists()

    def test_a_guest_pass_opens_only_its_own_board(self, board, facilitator):
        other = services.board_create(actor=facilitator, title="En annan tavla")
        guest, _participant = guest_client(board)
        assert guest.get(url(board)).status_code == 200
        assert guest.get(url(other)).status_code == 403

    @pytest.mark.parametrize("rows", [5, 50])
    def test_query_count_does_not_grow_with_cards(
        self, rows, login, alice, bob, board, sections, django_assert_num_queries
    ):
        writers = [
            on_board(board, alice),
            on_board(board, bob),
            ParticipantFactory(board=board, user=None, guest_name="Gäst"),
        ]
        cluster = Cluster.objects.create(board=board, section=sections[0], heading="Skola")
        cards = [
            CardFactory(
                section=sections[n % 3],
                author=writers[n % 3],
                is_hidden=n % 4 == 0,
                cluster=cluster if n % 3 == 0 else None,
                text=f"Lapp {n}",
            )
            for n in range(rows)
        ]
        for first, second in zip(cards[1::2], cards[2::2], strict=False):
            CardLink.objects.create(board=board, source=first, target=second)
        Vote.objects.bulk_create(Vote(board=board, card=c, voter=writers[0]) for c in cards[:2])
        api = login(alice)
        api.get(url(board))  # not the first visit

        # session, user, board, participant (in a savepoint), snapshot (board, seq,
        # sections, cards, clusters, links, my votes, voting finished?, totals), facilitator?
        with django_assert_num_queries(17):
            response = api.get(url(board))
        assert len(response.json()["cards"]) == len([c for c in cards if not c.is_hidden]) + sum(
            1 for c in cards if c.is_hidden and c.author == writers[0]
        )


# --- Events --------------------------------------------------------------------------------


class TestEvents:
    def test_events_after_a_number_in_order(self, login, alice, board, sections):
        writer = on_board(board, alice)
        for n in range(3):
            add_card(writer, sections[0], f"Lapp {n}")
        api = login(alice)

        everything = api.get(url(board, "events/")).json()
        rest = api.get(url(board, "events/"), {"after": 1}).json()

        assert [e["seq"] for e in everything["events"]] == [1, 2, 3]
        assert everything["events"][0]["type"] == "event"
        assert everything["events"][0]["event"] == "card.added"
        assert everything["events"][0]["data"]["card"]["text"] == "Lapp 0"
        assert (everything["seq"], everything["snapshot_needed"]) == (3, False)
        assert [e["seq"] for e in rest["events"]] == [2, 3]
        nothing = api.get(url(board, "events/"), {"after": 3}).json()
        assert nothing == {"events": [], "seq": 3, "snapshot_needed": False}

    def test_ahead_of_the_board_needs_a_snapshot(self, login, alice, board):
        body = login(alice).get(url(board, "events/"), {"after": 9}).json()
        assert body == {"events": [], "seq": 0, "snapshot_needed": True}

    def test_votes_are_secret_to_others(self, login, alice, bob, board, sections, facilitator):
        card = add_card(on_board(board, bob), sections[0])
        set_phase(board, facilitator, "voting")
        apply(on_board(board, alice), "vote.add", card=card.pk)

        for_bob = login(bob).get(url(board, "events/"), {"after": 2}).json()["events"]
        for_alice = login(alice).get(url(board, "events/"), {"after": 2}).json()["events"]

        assert for_bob == [{"type": "event", "event": "vote.added", "seq": 3, "data": {}}]
        assert for_alice[0]["data"]["card"] == card.pk

    @pytest.mark.parametrize("after", ["-1", "tre"])
    def test_bad_after(self, login, alice, board, after):
        response = login(alice).get(url(board, "events/"), {"after": after})
        assert response.status_code == 400
        assert "after" in response.json()["errors"]

    def test_needs_sign_in(self, client, board):
        assert client.get(url(board, "events/")).status_code == 403


# --- Operations ----------------------------------------------------------------------------


class TestOps:
    def test_an_operation_is_applied_and_logged(self, login, alice, board, sections):
        response = login(alice).post(
            url(board, "ops/"),
            {"op": "card.add", "op_id": "a1", "data": {"section": sections[0].pk, "text": "Idé"}},
            format="json",
        )

        assert response.status_code == 201
        body = response.json()
        card = Card.objects.get()
        assert (body["seq"], body["duplicate"]) == (1, False)
        assert body["result"]["card"]["id"] == card.pk
        assert body["result"]["card"]["text"] == "Idé"
        assert body["result"]["card"]["author_name"] == "Alice Andersson"
        event = StreamEvent.objects.get()
        assert (event.seq, event.type, event.op_id) == (1, "card.added", "a1")

    def test_a_retry_applies_once(self, login, alice, board, sections):
        api = login(alice)
        op = {"op": "card.add", "op_id": "a1", "data": {"section": sections[0].pk, "text": "Idé"}}

        first = api.post(url(board, "ops/"), op, format="json")
        again = api.post(url(board, "ops/"), op, format="json")

        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json() == {**first.json(), "duplicate": True}
        assert Card.objects.count() == 1

    def test_a_retry_is_redacted_as_the_event_it_made(
        self, login, facilitator, alice, board, sections
    ):
        """Reusing an op id for another op must not show the first result unredacted."""
        Board.objects.filter(pk=board.pk).update(anonymous_cards=True)
        set_phase(board, facilitator, "silent")
        add_card(on_board(board, alice), sections[0], SECRET)
        api = login(facilitator)
        reveal = api.post(
            url(board, "ops/"),
            {"op": "board.phase", "op_id": "r1", "data": {"phase": "open"}},
            format="json",
        )
        again = api.post(
            url(board, "ops/"),
            {"op": "card.add", "op_id": "r1", "data": {"section": sections[0].pk, "text": "x"}},
            format="json",
        )

        assert reveal.status_code == 201
        assert again.status_code == 200
        for response in (reveal, again):
            assert response.json()["result"]["revealed"][0]["text"] == SECRET
            assert "Alice" not in response.content.decode()

    def test_facilitator_controls(self, login, facilitator, board):
        api = login(facilitator)

        lock = api.post(
            url(board, "ops/"), {"op": "board.lock", "data": {"locked": True}}, format="json"
        )
        timer = api.post(
            url(board, "ops/"), {"op": "board.timer", "data": {"seconds": 300}}, format="json"
        )
        phase = api.post(
            url(board, "ops/"), {"op": "board.phase", "data": {"phase": "voting"}}, format="json"
        )

        assert [r.status_code for r in (lock, timer, phase)] == [201, 201, 201]
        assert phase.json()["result"] == {"phase": "voting", "previous": "open"}
        board.refresh_from_db()
        assert (board.is_locked, board.phase) == (True, "voting")
        assert board.timer_ends_at is not None

    def test_clusters_links_and_votes(self, login, alice, board, sections, facilitator):
        me = on_board(board, alice)
        first = add_card(me, sections[0], "Ett")
        second = add_card(me, sections[0], "Två")
        api = login(alice)

        def post(op, **data):
            response = api.post(url(board, "ops/"), {"op": op, "data": data}, format="json")
            assert response.status_code == 201, response.json()
            return response.json()["result"]

        cluster = post("cluster.create", section=sections[0].pk, heading="Skola", cards=[first.pk])
        assert post("card.cluster", card=second.pk, cluster=cluster["cluster"]["id"])
        assert post("link.add", source=first.pk, target=second.pk)["link"]["source"] == first.pk
        set_phase(board, facilitator, "voting")
        assert post("vote.add", card=first.pk)["remaining"] == 1
        assert post("vote.remove", card=first.pk)["remaining"] == 2
        assert Card.objects.filter(cluster__heading="Skola").count() == 2
        assert CardLink.objects.count() == 1


BAD_OPS = [
    # (arrange, op, data, status, code, field)
    (None, "card.fly", {}, 400, "invalid", "op"),
    (None, "card.add", "not an object", 400, "invalid", "data"),
    (None, "card.add", {"section": "S", "text": "x" * 501}, 400, "invalid", "text"),
    (None, "card.add", {"section": "S"}, 400, "invalid", "text"),
    (None, "card.add", {"section": 424242, "text": "Idé"}, 400, "invalid", "section"),
    (None, "card.edit", {"card": 424242, "text": "Idé"}, 404, "not_found", None),
    ("locked", "card.add", {"section": "S", "text": "Idé"}, 409, "locked", None),
    ("closed", "card.add", {"section": "S", "text": "Idé"}, 409, "closed", None),
    (None, "vote.add", {"card": "C"}, 409, "wrong_phase", None),
    ("spent", "vote.add", {"card": "C"}, 409, "budget_exceeded", None),
    (None, "board.phase", {"phase": "voting"}, 403, "forbidden", None),
    (None, "board.lock", {"locked": True}, 403, "forbidden", None),
]


class TestBadInput:
    @pytest.mark.parametrize(("arrange", "op", "data", "status", "code", "field"), BAD_OPS)
    def test_refused_with_its_code_and_nothing_changes(
        self, login, alice, facilitator, board, sections, arrange, op, data, status, code, field
    ):
        card = add_card(on_board(board, facilitator), sections[0])
        if arrange == "locked":
            apply(on_board(board, facilitator), "board.lock", locked=True)
        elif arrange == "closed":
            set_phase(board, facilitator, "closed")
        elif arrange == "spent":
            set_phase(board, facilitator, "voting")
            apply(on_board(board, alice), "vote.add", card=card.pk)
            apply(on_board(board, alice), "vote.add", card=card.pk)
        if isinstance(data, dict):
            swap = {"S": sections[0].pk, "C": card.pk}
            data = {k: swap.get(v, v) if isinstance(v, str) else v for k, v in data.items()}
        api = login(alice)
        api.get(url(board))  # on the board already
        before = state(board)

        response = api.post(url(board, "ops/"), {"op": op, "data": data}, format="json")

        assert response.status_code == status, response.json()
        body = response.json()
        assert body["code"] == code
        assert body["detail"]
        if field:
            assert field in body["errors"]
        if code == "budget_exceeded":
            assert body["budget"] == 2
        assert state(board) == before

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"data": {}}, "op"),
            ({"op": "board.timer", "op_id": "x" * 65, "data": {}}, "op_id"),
            ({"op": "board.timer", "op_id": "", "data": {}}, "op_id"),
        ],
    )
    def test_malformed_requests(self, login, facilitator, board, body, field):
        before = state(board)
        response = login(facilitator).post(url(board, "ops/"), body, format="json")
        assert response.status_code == 400
        assert field in response.json()["errors"]
        assert state(board) == before

    def test_malformed_json(self, login, alice, board):
        before = state(board)
        response = login(alice).post(
            url(board, "ops/"), "{not json", content_type="application/json"
        )
        assert response.status_code == 400
        assert response.json()["code"] == "parse_error"
        assert state(board) == before

    def test_over_long_text_as_a_card(self, login, alice, board, sections):
        response = login(alice).post(
            url(board, "cards/"), {"section": sections[0].pk, "text": "x" * 501}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["errors"]["text"] == ["Högst 500 tecken."]
        assert not Card.objects.exists()

    @pytest.mark.parametrize(
        ("method", "path", "data"),
        [
            ("post", "ops/", {"op": "card.add", "data": {"section": 1, "text": "x"}}),
            ("post", "cards/", {"section": 1, "text": "x"}),
            ("patch", "cards/1/", {"text": "x"}),
            ("post", "cards/1/move/", {"section": 1, "position": 0}),
            ("delete", "cards/1/", None),
        ],
    )
    def test_anonymous_writes_are_refused(self, client, board, sections, method, path, data):
        before = state(board)
        response = getattr(client, method)(url(board, path), data, format="json")
        assert response.status_code == 403
        assert response.json()["code"] == "not_authenticated"
        assert state(board) == before


# --- Cards as resources ----------------------------------------------------------------------


class TestCards:
    def test_add(self, login, alice, board, sections):
        response = login(alice).post(
            url(board, "cards/"),
            {"section": sections[1].pk, "text": "  Fler mötesplatser ", "colour": "pink"},
            format="json",
        )

        assert response.status_code == 201
        card = Card.objects.get()
        assert (card.text, card.colour, card.section) == ("Fler mötesplatser", "pink", sections[1])
        assert response.json()["result"]["card"]["id"] == card.pk
        assert StreamEvent.objects.get().type == "card.added"

    def test_add_retry_with_op_id(self, login, alice, board, sections):
        api = login(alice)
        data = {"section": sections[1].pk, "text": "Idé", "op_id": "c1"}
        first = api.post(url(board, "cards/"), data, format="json")
        again = api.post(url(board, "cards/"), data, format="json")
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["duplicate"] is True
        assert Card.objects.count() == 1

    def test_edit(self, login, alice, board, sections):
        card = add_card(on_board(board, alice), sections[0])
        response = login(alice).patch(
            card_url(board, card), {"text": "Bättre formulerat"}, format="json"
        )

        assert response.status_code == 200
        assert response.json()["result"]["card"]["text"] == "Bättre formulerat"
        card.refresh_from_db()
        assert (card.text, card.colour) == ("Bättre formulerat", "yellow")
        colour = login(alice).patch(card_url(board, card), {"colour": "blue"}, format="json")
        assert colour.status_code == 200
        card.refresh_from_db()
        assert (card.text, card.colour) == ("Bättre formulerat", "blue")

    def test_edit_needs_a_change(self, login, alice, board, sections):
        card = add_card(on_board(board, alice), sections[0])
        response = login(alice).patch(card_url(board, card), {}, format="json")
        assert response.status_code == 400
        assert "text" in response.json()["errors"]

    def test_only_the_author_or_a_facilitator_edits(
        self, login, alice, bob, facilitator, board, sections
    ):
        card = add_card(on_board(board, alice), sections[0], "Alices lapp")
        before = state(board)

        refused = login(bob).patch(card_url(board, card), {"text": "Bobs"}, format="json")

        assert refused.status_code == 403
        assert refused.json()["code"] == "forbidden"
        assert state(board) == before
        allowed = login(facilitator).patch(card_url(board, card), {"text": "Ok"}, format="json")
        assert allowed.status_code == 200

    def test_move_between_and_within_sections(self, login, alice, board, sections):
        me = on_board(board, alice)
        first, second = add_card(me, sections[0], "Ett"), add_card(me, sections[0], "Två")
        api = login(alice)

        across = api.post(
            card_url(board, first, "move/"), {"section": sections[1].pk, "position": 0}
        )
        assert across.status_code == 200
        assert across.json()["result"] == {
            "card": first.pk,
            "section": sections[1].pk,
            "order": [first.pk],
            "from_section": sections[0].pk,
            "from_order": [second.pk],
        }
        third = add_card(me, sections[1], "Tre")
        within = api.post(
            card_url(board, third, "move/"),
            {"section": sections[1].pk, "position": 0},
            format="json",
        )
        assert within.json()["result"]["order"] == [third.pk, first.pk]
        assert list(
            Card.objects.filter(section=sections[1]).order_by("position").values_list("text")
        ) == [("Tre",), ("Ett",)]

    def test_delete(self, login, alice, board, sections):
        card = add_card(on_board(board, alice), sections[0])
        api = login(alice)

        response = api.delete(f"{card_url(board, card)}?op_id=d1")
        again = api.delete(f"{card_url(board, card)}?op_id=d1")

        assert response.status_code == 200
        assert response.json()["result"] == {"card": card.pk, "section": sections[0].pk}
        assert (again.status_code, again.json()["duplicate"]) == (200, True)
        assert not Card.objects.exists()
        assert login(alice).delete(card_url(board, card)).status_code == 404

    def test_a_card_of_another_board_is_not_found(self, login, alice, board, facilitator):
        other = services.board_create(actor=facilitator, title="Annan")
        card = add_card(on_board(other, facilitator), other.sections.get())
        response = login(alice).patch(card_url(board, card), {"text": "x"}, format="json")
        assert response.status_code == 404
        card.refresh_from_db()
        assert card.text == "Fler mötesplatser"


# --- Silent writing ---------------------------------------------------------------------------


class TestSilentWriting:
    @pytest.fixture
    def hidden(self, board, sections, facilitator, alice) -> Card:
        set_phase(board, facilitator, "silent")
        return add_card(on_board(board, alice), sections[0], SECRET)

    def test_hidden_cards_stay_out_of_others_snapshots(
        self, login, board, hidden, alice, bob, facilitator
    ):
        for viewer in (bob, facilitator):
            response = login(viewer).get(url(board))
            assert SECRET not in response.content.decode()
            body = response.json()
            assert body["cards"] == []
            assert body["sections"][0]["hidden_cards"] == 1
        own = login(alice).get(url(board)).json()
        assert [c["text"] for c in own["cards"]] == [SECRET]
        assert own["cards"][0]["hidden"] is True

    def test_and_out_of_a_guests_snapshot(self, board, hidden):
        guest, _participant = guest_client(board)
        assert SECRET not in guest.get(url(board)).content.decode()

    def test_hidden_cards_stay_out_of_others_events(self, login, board, hidden, bob, alice):
        response = login(bob).get(url(board, "events/"))
        assert SECRET not in response.content.decode()
        event = response.json()["events"][-1]
        assert event["event"] == "card.added"
        assert event["data"]["card"] == {
            "id": hidden.pk,
            "section": hidden.section_id,
            "cluster": None,
            "position": hidden.position,
            "hidden": True,
        }
        assert SECRET in login(alice).get(url(board, "events/")).content.decode()

    def test_the_authors_edit_stays_hidden_too(self, login, board, hidden, alice, bob):
        edited = login(alice).patch(card_url(board, hidden), {"text": f"{SECRET}!"}, format="json")
        assert edited.json()["result"]["card"]["text"] == f"{SECRET}!"
        assert SECRET not in login(bob).get(url(board, "events/")).content.decode()

    @pytest.mark.parametrize(
        ("method", "path", "data"),
        [
            ("patch", "", {"text": "Avslöja"}),
            ("post", "move/", {"section": "S", "position": 0}),
            ("delete", "", None),
        ],
    )
    def test_others_cannot_reach_a_hidden_card(
        self, login, board, sections, hidden, bob, facilitator, method, path, data
    ):
        if data and data.get("section") == "S":
            data["section"] = sections[1].pk
        before = state(board)
        for viewer in (bob, facilitator):
            call = getattr(login(viewer), method)
            response = call(card_url(board, hidden, path), data, format="json")
            assert response.status_code == 404
            assert SECRET not in response.content.decode()
        assert state(board) == before

    def test_others_ops_never_echo_hidden_text(self, login, board, sections, hidden, bob):
        api = login(bob)
        mine = api.post(
            url(board, "cards/"), {"section": sections[0].pk, "text": "Bobs"}, format="json"
        )
        cluster = api.post(
            url(board, "ops/"),
            {
                "op": "cluster.create",
                "data": {"section": sections[0].pk, "heading": "Allt", "cards": [hidden.pk]},
            },
            format="json",
        )
        pair = {"source": mine.json()["result"]["card"]["id"], "target": hidden.pk}
        link = api.post(url(board, "ops/"), {"op": "link.add", "data": pair}, format="json")
        for response in (mine, cluster, link):
            assert SECRET not in response.content.decode()
        assert (cluster.status_code, link.status_code) == (400, 404)

    def test_reveal_shows_them_to_everyone(self, login, board, hidden, bob, facilitator):
        reveal = login(facilitator).post(
            url(board, "ops/"), {"op": "board.phase", "data": {"phase": "open"}}, format="json"
        )
        assert reveal.status_code == 201
        assert [c["text"] for c in reveal.json()["result"]["revealed"]] == [SECRET]
        assert [c["text"] for c in login(bob).get(url(board)).json()["cards"]] == [SECRET]

    def test_anonymous_boards_hide_authors_from_others(self, login, alice, bob, facilitator):
        board = services.board_create(actor=facilitator, title="Anonym", anonymous_cards=True)
        section = board.sections.get()
        add_card(on_board(board, alice), section, "Anonym lapp")
        api = login(bob)
        for response in (
            api.get(url(board)),
            api.get(url(board, "events/")),
            api.post(url(board, "cards/"), {"section": section.pk, "text": "Bobs"}),
        ):
            assert "Alice" not in response.content.decode()
        cards = api.get(url(board)).json()["cards"]
        assert [c["author_name"] for c in cards] == [None, None]


# --- Guests ---------------------------------------------------------------------------------


class TestGuests:
    def test_join_keeps_a_pass_in_the_session_and_gives_the_snapshot(self, board):
        api = APIClient()
        response = api.post(
            JOIN, {"join_code": board.join_code.lower(), "name": " Gästen  Greta "}, format="json"
        )

        assert response.status_code == 201
        guest = Participant.objects.get(board=board, user=None)
        assert guest.guest_name == "Gästen Greta"
        body = response.json()
        assert body["me"] == {"participant": guest.pk, "name": "Gästen Greta", "facilitator": False}
        assert body["board"]["join_code"] is None
        assert api.session[GUEST_SESSION_KEY] == {str(board.pk): guest.pk}
        assert response.cookies["csrftoken"].value

    def test_a_guest_reads_and_writes(self, board, sections):
        api, guest = guest_client(board)

        added = api.post(url(board, "cards/"), {"section": sections[0].pk, "text": "Gästidé"})
        snapshot = api.get(url(board)).json()
        events = api.get(url(board, "events/")).json()

        assert added.status_code == 201
        assert Card.objects.get().author == guest
        assert [c["author_name"] for c in snapshot["cards"]] == ["Gästen Greta"]
        assert events["seq"] == 1

    def test_a_guest_cannot_use_facilitator_controls(self, board):
        api, _guest = guest_client(board)
        before = state(board)
        response = api.post(
            url(board, "ops/"), {"op": "board.lock", "data": {"locked": True}}, format="json"
        )
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert state(board) == before

    def test_guest_passes_for_two_boards(self, board, facilitator):
        other = services.board_create(actor=facilitator, title="Andra")
        api, first = guest_client(board)
        second = api.post(JOIN, {"join_code": other.join_code, "name": "Greta"}, format="json")
        assert second.status_code == 201
        assert set(api.session[GUEST_SESSION_KEY]) == {str(board.pk), str(other.pk)}
        assert api.get(url(board)).json()["me"]["participant"] == first.pk

    def test_guest_writes_need_the_csrf_token(self, board, sections):
        api = APIClient(enforce_csrf_checks=True)
        joined = api.post(JOIN, {"join_code": board.join_code, "name": "Greta"}, format="json")
        assert joined.status_code == 201
        card = {"section": sections[0].pk, "text": "Gästidé"}

        refused = api.post(url(board, "cards/"), card, format="json")

        assert refused.status_code == 403
        assert refused.json()["code"] == "forbidden"
        assert "CSRF" in refused.json()["detail"]
        assert not Card.objects.exists()
        token = api.cookies["csrftoken"].value
        accepted = api.post(url(board, "cards/"), card, format="json", HTTP_X_CSRFTOKEN=token)
        assert accepted.status_code == 201

    @pytest.mark.parametrize(
        ("code", "name", "field"),
        [
            ("NOPE99", "Greta", "join_code"),
            ("", "Greta", "join_code"),
            (None, "", "name"),
            (None, "x" * 61, "name"),
        ],
    )
    def test_bad_join(self, board, code, name, field):
        api = APIClient()
        response = api.post(
            JOIN, {"join_code": board.join_code if code is None else code, "name": name}
        )
        assert response.status_code == 400
        assert field in response.json()["errors"]
        assert not Participant.objects.filter(user=None).exists()
        assert GUEST_SESSION_KEY not in api.session

    @pytest.mark.parametrize("change", ["closed", "no_guests"])
    def test_no_join_when_closed_or_guests_are_not_allowed(self, board, change):
        if change == "closed":
            Board.objects.filter(pk=board.pk).update(phase=BoardPhase.CLOSED)
        else:
            Board.objects.filter(pk=board.pk).update(guests_allowed=False)
        response = APIClient().post(JOIN, {"join_code": board.join_code, "name": "Greta"})
        assert response.status_code == 400
        assert "join_code" in response.json()["errors"]
        assert not Participant.objects.filter(user=None).exists()

    def test_a_signed_in_person_joins_as_themselves(self, login, alice, board):
        api = login(alice)
        response = api.post(JOIN, {"join_code": board.join_code}, format="json")

        assert response.status_code == 200
        assert response.json()["me"]["name"] == "Alice Andersson"
        assert board.participants.filter(user=alice).exists()
        assert not board.participants.filter(user=None).exists()
        assert api.post(JOIN, {"join_code": "NOPE99"}).status_code == 400


# --- Broadcast: REST writes reach the board's sockets ------------------------------------------


async def connect(board, user=None, cookie: str | None = None) -> WebsocketCommunicator:
    headers = [ORIGIN]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    comm = WebsocketCommunicator(application, f"/ws/boards/{board.pk}/?last_seq=0", headers)
    if user is not None:
        comm.scope["user"] = user
    connected, code = await comm.connect()
    assert connected, code
    return comm


async def receive(comm, wanted: str, timeout: float = 3) -> dict:
    """The next message of type `wanted`, skipping presence (and, until `replayed`, the
    events being replayed)."""
    while True:
        message = await comm.receive_json_from(timeout=timeout)
        if message["type"] == wanted:
            return message
        skipped = {"presence", "event"} if wanted == "replayed" else {"presence"}
        assert message["type"] in skipped, message


async def quiet(comm) -> bool:
    """Nothing but presence arrives for a moment."""
    while not await comm.receive_nothing(timeout=0.3):
        message = await comm.receive_json_from()
        assert message["type"] == "presence", message
    return True


@pytest.mark.django_db(transaction=True)
class TestBroadcast:
    async def test_a_rest_write_reaches_everyone_on_the_socket(self, board, sections, alice, bob):
        api = APIClient()
        await sync_to_async(api.force_login)(bob)
        watcher = await connect(board, alice)
        await receive(watcher, "replayed")

        response = await sync_to_async(api.post)(
            url(board, "cards/"),
            {"section": sections[0].pk, "text": "Via REST", "op_id": "r1"},
            format="json",
        )

        assert response.status_code == 201
        event = await receive(watcher, "event")
        assert event["seq"] == response.json()["seq"] == 1
        assert event["event"] == "card.added"
        assert event["data"]["card"]["text"] == "Via REST"
        assert event["data"]["card"]["author_name"] == "Bob Berg"
        await watcher.disconnect()

    async def test_a_refused_rest_write_reaches_no_one(self, board, sections, alice, bob):
        api = APIClient()
        await sync_to_async(api.force_login)(bob)
        watcher = await connect(board, alice)
        await receive(watcher, "replayed")

        response = await sync_to_async(api.post)(
            url(board, "ops/"), {"op": "board.lock", "data": {"locked": True}}, format="json"
        )

        assert response.status_code == 403
        assert await quiet(watcher)
        assert await sync_to_async(StreamEvent.objects.count)() == 0
        await watcher.disconnect()

    async def test_a_hidden_rest_write_reaches_others_without_its_text(
        self, board, sections, alice, bob, facilitator
    ):
        await sync_to_async(set_phase)(board, facilitator, "silent")
        api = APIClient()
        await sync_to_async(api.force_login)(alice)
        watcher = await connect(board, bob)
        await receive(watcher, "replayed")

        response = await sync_to_async(api.post)(
            url(board, "cards/"), {"section": sections[0].pk, "text": SECRET}, format="json"
        )

        assert response.status_code == 201
        event = await receive(watcher, "event")
        assert event["event"] == "card.added"
        assert event["data"]["card"]["hidden"] is True
        assert SECRET not in json.dumps(event)
        await watcher.disconnect()

    async def test_a_guest_joins_over_rest_and_their_socket_is_admitted(
        self, board, sections, alice
    ):
        api = APIClient()
        joined = await sync_to_async(api.post)(
            JOIN, {"join_code": board.join_code, "name": "Gästen Greta"}, format="json"
        )
        assert joined.status_code == 201
        guest_socket = await connect(board, cookie=api.cookies["sessionid"].value)
        await receive(guest_socket, "replayed")
        watcher = await connect(board, alice)
        await receive(watcher, "replayed")

        added = await sync_to_async(api.post)(
            url(board, "cards/"), {"section": sections[0].pk, "text": "Gästens idé"}
        )

        assert added.status_code == 201
        for comm in (guest_socket, watcher):
            event = await receive(comm, "event")
            assert event["data"]["card"]["author_name"] == "Gästen Greta"
        await guest_socket.disconnect()
        await watcher.disconnect()
