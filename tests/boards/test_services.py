"""Board operations through `board_apply`: every operation, its refusals and its events."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from boards import services, stream
from boards.errors import BoardErrorCode
from boards.models import Board, BoardPhase, Card, CardLink, Cluster, Section, Vote
from boards.services import ordering
from common.errors import ErrorCode, ServiceError
from realtime.models import Stream, StreamEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A rate-limit window no test can run across (a fixed window starts again at its end).
DAY = 86_400


@pytest.fixture
def board(facilitator) -> Board:
    return services.board_create(
        actor=facilitator, title="Forumträff 1", template="forum", votes_per_participant=2
    )


@pytest.fixture
def sections(board) -> list[Section]:
    return list(board.sections.order_by("position"))


@pytest.fixture
def host(board, facilitator):
    return services.participant_for_user(board=board, user=facilitator)


@pytest.fixture
def alice(board):
    return services.participant_for_user(board=board, user=UserFactory(display_name="Alice"))


@pytest.fixture
def bob(board):
    return services.participant_for_user(board=board, user=UserFactory(display_name="Bob"))


def apply(participant, op, op_id=None, **data):
    return services.board_apply(participant=participant, op=op, data=data, op_id=op_id)


def add_card(participant, section, text="Fler mötesplatser", **extra):
    applied = apply(participant, "card.add", section=section.pk, text=text, **extra)
    return Card.objects.get(pk=applied.result["card"]["id"])


def stored_order(section) -> list[int]:
    return list(
        Card.objects.filter(section=section).order_by("position", "pk").values_list("pk", flat=True)
    )


def event_count(board) -> int:
    return StreamEvent.objects.filter(stream__key=board.stream_key).count()


def refused(code, participant, op, **data):
    """Assert the operation is refused with `code` and leaves no event behind."""
    board = participant.board
    before = event_count(board)
    with pytest.raises((ServiceError, ValidationError)) as error:
        apply(participant, op, **data)
    if isinstance(error.value, ServiceError):
        assert error.value.code == code
    else:
        assert code in error.value.message_dict
    assert event_count(board) == before


class TestBoards:
    def test_a_template_gives_its_sections_and_the_creator_is_on_the_board(self, board):
        assert [s.title for s in board.sections.order_by("position")] == [
            "Utmaningar",
            "Samhällsmål",
            "Idéer",
        ]
        assert board.participants.get().user == board.created_by

    def test_matchmaking_sections(self, facilitator):
        board = services.board_create(actor=facilitator, title="M", template="matchmaking")
        titles = list(board.sections.values_list("title", flat=True))
        assert titles == ["Behov", "Forskning", "Resurser och kompetens"]

    def test_bad_board_input(self, facilitator):
        with pytest.raises(ValidationError):
            services.board_create(actor=facilitator, title="", template="nope")
        assert not Board.objects.exists()

    def test_guests_join_with_the_code(self, board):
        guest = services.guest_join(join_code=board.join_code.lower(), name="  Gäst   Ett ")
        assert guest.display_name == "Gäst Ett"
        assert guest.user is None

    @pytest.mark.parametrize(
        ("code", "name", "field"),
        [("ZZZZZZ", "G", "join_code"), (None, "", "name"), (None, "x" * 61, "name")],
    )
    def test_guest_join_bad_input(self, board, code, name, field):
        with pytest.raises(ValidationError) as error:
            services.guest_join(join_code=code or board.join_code, name=name)
        assert field in error.value.message_dict

    def test_no_guests_on_a_closed_board(self, board):
        board.phase = BoardPhase.CLOSED
        board.save()
        with pytest.raises(ValidationError):
            services.guest_join(join_code=board.join_code, name="Sen gäst")


class TestCards:
    def test_add_gives_the_next_number_and_a_full_event(self, alice, sections):
        first = apply(alice, "card.add", section=sections[0].pk, text="Ensamhet", colour="green")
        second = apply(alice, "card.add", section=sections[0].pk, text="Skolnärvaro")
        assert (first.seq, second.seq) == (1, 2)
        card = first.result["card"]
        assert card["text"] == "Ensamhet" and card["colour"] == "green"
        assert card["author_name"] == "Alice"
        # Positions are sort keys: a new card goes after the last one.
        assert 0 <= card["position"] < second.result["card"]["position"]

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"text": "x" * 501}, "text"),
            ({"text": "   "}, "text"),
            ({"text": 42}, "text"),
            ({"text": "ok", "colour": "plaid"}, "colour"),
            ({"text": "ok", "section": "1"}, "section"),
            ({"text": "ok", "section": 10**9}, "section"),
        ],
    )
    def test_bad_card_input_is_refused(self, alice, sections, data, field):
        refused(field, alice, "card.add", **{"section": sections[0].pk, **data})
        assert not Card.objects.exists()

    def test_a_section_of_another_board_is_not_found(self, alice, facilitator):
        other = services.board_create(actor=facilitator, title="Annan")
        refused("section", alice, "card.add", section=other.sections.first().pk, text="x")

    def test_unknown_operations_and_non_object_data(self, alice):
        with pytest.raises(ValidationError) as error:
            apply(alice, "card.explode")
        assert "op" in error.value.message_dict
        with pytest.raises(ValidationError):
            services.board_apply(participant=alice, op="card.add", data=[1, 2])

    def test_a_retried_operation_applies_once(self, alice, sections):
        first = apply(alice, "card.add", op_id="a-1", section=sections[0].pk, text="En gång")
        again = apply(alice, "card.add", op_id="a-1", section=sections[0].pk, text="En gång")
        assert again.duplicate and not first.duplicate
        assert again.seq == first.seq and again.result == first.result
        assert Card.objects.count() == 1

    def test_op_ids_are_per_participant(self, alice, bob, sections):
        apply(alice, "card.add", op_id="same", section=sections[0].pk, text="A")
        applied = apply(bob, "card.add", op_id="same", section=sections[0].pk, text="B")
        assert not applied.duplicate
        assert Card.objects.count() == 2

    def test_op_id_too_long(self, alice, sections):
        with pytest.raises(ValidationError):
            apply(alice, "card.add", op_id="x" * 65, section=sections[0].pk, text="A")

    def test_only_authors_and_facilitators_edit_and_delete(self, alice, bob, host, sections):
        card = add_card(alice, sections[0])
        refused(ErrorCode.FORBIDDEN, bob, "card.edit", card=card.pk, text="Kapat")
        refused(ErrorCode.FORBIDDEN, bob, "card.delete", card=card.pk)
        own = apply(alice, "card.edit", card=card.pk, text="Bättre", colour="blue")
        tidied = apply(host, "card.edit", card=card.pk, text="Städat")
        # Either way the event names the card's author, not whoever edited it.
        for edited in (own, tidied):
            assert edited.result["card"]["author"] == alice.pk
            assert edited.result["card"]["author_name"] == "Alice"
        card.refresh_from_db()
        assert (card.text, card.colour) == ("Städat", "blue")
        apply(host, "card.delete", card=card.pk)
        assert not Card.objects.exists()

    def test_edit_needs_something_to_change(self, alice, sections):
        card = add_card(alice, sections[0])
        refused("text", alice, "card.edit", card=card.pk)

    def test_move_within_and_between_sections(self, alice, sections):
        a, b, c = (add_card(alice, sections[0], text=t) for t in "ABC")
        moved = apply(alice, "card.move", card=c.pk, section=sections[0].pk, position=0)
        assert moved.result["order"] == [c.pk, a.pk, b.pk]

        across = apply(alice, "card.move", card=a.pk, section=sections[1].pk, position=5)
        assert across.result["order"] == [a.pk]
        assert across.result["from_order"] == [c.pk, b.pk]
        assert stored_order(sections[0]) == [c.pk, b.pk]
        assert stored_order(sections[1]) == [a.pk]

        d, e = (add_card(alice, sections[1], text=t) for t in "DE")
        assert stored_order(sections[1]) == [a.pk, d.pk, e.pk]
        for pk, index, expected in [
            (e.pk, 1, [a.pk, e.pk, d.pk]),
            (a.pk, 2, [e.pk, d.pk, a.pk]),
            (a.pk, 0, [a.pk, e.pk, d.pk]),
            (d.pk, 99, [a.pk, e.pk, d.pk]),
        ]:
            moved = apply(alice, "card.move", card=pk, section=sections[1].pk, position=index)
            assert moved.result["order"] == expected == stored_order(sections[1])

    def test_move_after_a_delete_and_with_equal_positions(self, alice, sections):
        a, b, c, d = (add_card(alice, sections[0], text=t) for t in "ABCD")
        apply(alice, "card.delete", card=b.pk)  # leaves a gap
        moved = apply(alice, "card.move", card=a.pk, section=sections[0].pk, position=1)
        assert moved.result["order"] == [c.pk, a.pk, d.pk] == stored_order(sections[0])
        # Equal positions (as older data may hold) still give the order asked for.
        Card.objects.filter(section=sections[0]).update(position=7)
        assert stored_order(sections[0]) == [a.pk, c.pk, d.pk]
        moved = apply(alice, "card.move", card=d.pk, section=sections[0].pk, position=1)
        assert moved.result["order"] == [a.pk, d.pk, c.pk] == stored_order(sections[0])

    def test_adding_and_editing_cost_a_few_statements_however_full_the_column(
        self, alice, sections
    ):
        def statements(op, **data) -> int:
            with CaptureQueriesContext(connection) as captured:
                apply(alice, op, **data)
            return len([q for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])

        def costs() -> tuple[int, int]:
            card = add_card(alice, sections[0])
            return (
                statements("card.add", section=sections[0].pk, text="Idé"),
                statements("card.edit", card=card.pk, text="Ändrad"),
            )

        few = costs()
        for _n in range(60):
            add_card(alice, sections[0])
        assert costs() == few
        # Lock the board; the column with its last key (add) or the card (edit); write the
        # card; log the event (one statement on PostgreSQL, two on SQLite).
        expected = 4 if connection.vendor == "postgresql" else 5
        assert few == (expected, expected)

    def test_a_move_costs_the_same_queries_in_a_long_column(self, alice, sections):
        def queries_for_a_move_to_the_top() -> int:
            last = Card.objects.filter(section=sections[0]).order_by("-position").first()
            with CaptureQueriesContext(connection) as captured:
                apply(alice, "card.move", card=last.pk, section=sections[0].pk, position=0)
            return len(captured)

        for _n in range(3):
            add_card(alice, sections[0])
        few = queries_for_a_move_to_the_top()
        for _n in range(60):
            add_card(alice, sections[0])
        assert queries_for_a_move_to_the_top() == few

    def test_a_move_between_two_cards_usually_writes_only_that_card(self, alice, sections):
        cards = [add_card(alice, sections[0], text=str(n)) for n in range(40)]
        moved = cards[-1]

        def card_updates() -> list[str]:
            with CaptureQueriesContext(connection) as captured:
                apply(alice, "card.move", card=moved.pk, section=sections[0].pk, position=20)
            return [q["sql"] for q in captured if q["sql"].startswith('UPDATE "boards_card"')]

        assert len(card_updates()) == 1  # no shift of the twenty cards below
        assert stored_order(sections[0]) == [c.pk for c in cards[:20]] + [moved.pk] + [
            c.pk for c in cards[20:-1]
        ]

    def test_many_moves_into_one_gap_keep_the_order(self, alice, sections):
        """Inserting again and again at one place uses up the room there; the cards below then
        move up in one UPDATE and the order stays what was asked for."""
        expected = [add_card(alice, sections[0], text=t).pk for t in "AB"]
        for n in range(30):  # more than log2(POSITION_STEP) inserts into one gap
            card = add_card(alice, sections[1], text=f"Ny {n}")
            moved = apply(alice, "card.move", card=card.pk, section=sections[0].pk, position=1)
            expected.insert(1, card.pk)
            assert moved.result["order"] == expected == stored_order(sections[0])
        for n in range(15):  # and at the top, where keys cannot go below zero
            card = add_card(alice, sections[1], text=f"Topp {n}")
            apply(alice, "card.move", card=card.pk, section=sections[0].pk, position=0)
            expected.insert(0, card.pk)
        assert stored_order(sections[0]) == expected
        assert Card.objects.filter(section=sections[0], position__lt=0).count() == 0

    def test_keys_near_the_limit_are_spaced_again(self, alice, sections, monkeypatch):
        step = services.POSITION_STEP
        monkeypatch.setattr(ordering, "POSITION_LIMIT", 100 * step)
        column = Card.objects.filter(section=sections[0])
        a, b, c = (add_card(alice, sections[0], text=t) for t in "ABC")
        column.update(position=F("position") + 96 * step)  # as after very many moves
        d = add_card(alice, sections[0], text="D")
        assert stored_order(sections[0]) == [a.pk, b.pk, c.pk, d.pk]
        assert max(column.values_list("position", flat=True)) <= 10 * step
        column.update(position=F("position") + 95 * step)
        moved = apply(alice, "card.move", card=a.pk, section=sections[0].pk, position=99)
        assert moved.result["order"] == [b.pk, c.pk, d.pk, a.pk] == stored_order(sections[0])
        assert max(column.values_list("position", flat=True)) <= 10 * step

    def test_move_refuses_bad_positions(self, alice, sections):
        card = add_card(alice, sections[0])
        refused("position", alice, "card.move", card=card.pk, section=sections[0].pk, position=-1)
        refused(
            ErrorCode.NOT_FOUND, alice, "card.move", card=999999, section=sections[0].pk, position=0
        )


class TestClusters:
    def test_cluster_and_uncluster(self, alice, sections):
        a, b = add_card(alice, sections[0]), add_card(alice, sections[0])
        created = apply(
            alice, "cluster.create", section=sections[0].pk, heading="Mat", cards=[a.pk, b.pk]
        )
        cluster = Cluster.objects.get()
        assert created.result["cluster"]["heading"] == "Mat"
        assert set(cluster.cards.values_list("pk", flat=True)) == {a.pk, b.pk}

        apply(alice, "card.cluster", card=a.pk, cluster=None)
        assert Card.objects.get(pk=a.pk).cluster is None
        apply(alice, "cluster.remove", cluster=cluster.pk)
        assert Card.objects.count() == 2
        assert not Cluster.objects.exists()

    def test_cards_from_another_section_cannot_join(self, alice, sections):
        here, there = add_card(alice, sections[0]), add_card(alice, sections[1])
        refused(
            "cards",
            alice,
            "cluster.create",
            section=sections[0].pk,
            heading="X",
            cards=[here.pk, there.pk],
        )
        apply(alice, "cluster.create", section=sections[0].pk, heading="X", cards=[here.pk])
        refused("cluster", alice, "card.cluster", card=there.pk, cluster=Cluster.objects.get().pk)

    def test_moving_a_card_out_of_its_section_leaves_its_cluster(self, alice, sections):
        card = add_card(alice, sections[0])
        apply(alice, "cluster.create", section=sections[0].pk, heading="X", cards=[card.pk])
        apply(alice, "card.move", card=card.pk, section=sections[1].pk, position=0)
        assert Card.objects.get(pk=card.pk).cluster is None


class TestVoting:
    def test_votes_only_while_voting_and_within_budget(self, host, alice, bob, sections):
        card = add_card(bob, sections[0])
        refused(BoardErrorCode.WRONG_PHASE, alice, "vote.add", card=card.pk)
        apply(host, "board.phase", phase="voting")

        first = apply(alice, "vote.add", card=card.pk)
        apply(alice, "vote.add", card=card.pk)  # two dots on one card are allowed
        assert first.result["remaining"] == 1
        refused(BoardErrorCode.BUDGET_EXCEEDED, alice, "vote.add", card=card.pk)
        removed = apply(alice, "vote.remove", card=card.pk)
        assert removed.result["remaining"] == 1
        assert Vote.objects.count() == 1

        ended = apply(host, "board.phase", phase="closed")
        assert ended.result["results"] == {str(card.pk): 1}

    def test_removing_a_vote_you_never_cast(self, host, alice, sections):
        card = add_card(alice, sections[0])
        apply(host, "board.phase", phase="voting")
        refused(ErrorCode.NOT_FOUND, alice, "vote.remove", card=card.pk)


class TestLinks:
    def test_link_two_cards_once_in_either_direction(self, alice, sections):
        need, offer = add_card(alice, sections[0]), add_card(alice, sections[2])
        added = apply(alice, "link.add", source=offer.pk, target=need.pk)
        assert added.result["link"]["source"] == min(need.pk, offer.pk)
        refused(ErrorCode.CONFLICT, alice, "link.add", source=need.pk, target=offer.pk)
        refused("target", alice, "link.add", source=need.pk, target=need.pk)
        apply(alice, "link.remove", source=need.pk, target=offer.pk)
        assert not CardLink.objects.exists()
        refused(ErrorCode.NOT_FOUND, alice, "link.remove", source=need.pk, target=offer.pk)


class TestFacilitation:
    @pytest.mark.parametrize(
        ("op", "data"),
        [
            ("board.phase", {"phase": "voting"}),
            ("board.timer", {"seconds": 60}),
            ("board.lock", {"locked": True}),
        ],
    )
    def test_only_facilitators_control_the_board(self, alice, op, data):
        refused(ErrorCode.FORBIDDEN, alice, op, **data)

    def test_timer_and_its_limits(self, host):
        set_timer = apply(host, "board.timer", seconds=300)
        assert set_timer.result["ends_at"]
        assert apply(host, "board.timer", seconds=None).result == {"ends_at": None}
        refused("seconds", host, "board.timer", seconds=0)
        refused("seconds", host, "board.timer", seconds=4 * 3600 + 1)

    def test_a_locked_board_refuses_participants_not_the_facilitator(self, host, alice, sections):
        apply(host, "board.lock", locked=True)
        refused(BoardErrorCode.LOCKED, alice, "card.add", section=sections[0].pk, text="x")
        add_card(host, sections[0])
        refused("locked", host, "board.lock", locked="yes")

    def test_a_closed_board_refuses_every_card_change(self, host, alice, sections):
        card = add_card(alice, sections[0])
        apply(host, "board.phase", phase="closed")
        refused(BoardErrorCode.CLOSED, alice, "card.add", section=sections[0].pk, text="x")
        refused(BoardErrorCode.CLOSED, host, "card.edit", card=card.pk, text="x")
        refused(ErrorCode.INVALID_TRANSITION, host, "board.phase", phase="closed")
        refused("phase", host, "board.phase", phase="party")


class TestSilentWriting:
    def test_cards_stay_hidden_from_others_until_reveal(self, host, alice, bob, sections):
        apply(host, "board.phase", phase="silent")
        secret = apply(alice, "card.add", section=sections[0].pk, text="Hemlig tanke")
        card = secret.result["card"]
        assert card["hidden"]

        for_bob = stream.for_viewer(stream.CARD_ADDED, secret.result, bob.pk)
        assert "text" not in for_bob["card"] and "author" not in for_bob["card"]
        for_alice = stream.for_viewer(stream.CARD_ADDED, secret.result, alice.pk)
        assert for_alice["card"]["text"] == "Hemlig tanke"

        # Bob cannot act on a card he cannot see: it does not exist for him.
        refused(
            ErrorCode.NOT_FOUND,
            bob,
            "card.move",
            card=card["id"],
            section=sections[1].pk,
            position=0,
        )

        revealed = apply(host, "board.phase", phase="open")
        for_bob = stream.for_viewer(stream.BOARD_PHASE, revealed.result, bob.pk)
        assert [c["text"] for c in for_bob["revealed"]] == ["Hemlig tanke"]
        assert not Card.objects.filter(is_hidden=True).exists()

    def test_votes_are_secret_until_voting_ends(self, host, alice, bob, sections):
        card = add_card(bob, sections[0])
        apply(host, "board.phase", phase="voting")
        vote = apply(alice, "vote.add", card=card.pk)
        assert stream.for_viewer(stream.VOTE_ADDED, vote.result, bob.pk) == {}
        assert stream.for_viewer(stream.VOTE_ADDED, vote.result, alice.pk)["card"] == card.pk

    def test_anonymous_boards_show_no_names(self, facilitator, sections):
        board = services.board_create(actor=facilitator, title="Anonym", anonymous_cards=True)
        alice = services.participant_for_user(board=board, user=UserFactory())
        bob = services.participant_for_user(board=board, user=UserFactory())
        added = apply(alice, "card.add", section=board.sections.first().pk, text="Utan namn")
        for_bob = stream.for_viewer(stream.CARD_ADDED, added.result, bob.pk)["card"]
        assert for_bob["author"] is None and for_bob["author_name"] is None
        assert (
            stream.for_viewer(stream.CARD_ADDED, added.result, alice.pk)["card"]["author"]
            == alice.pk
        )


@override_settings(RATE_LIMITS={"board_join": (2, 600)})
def test_guest_joins_are_rate_limited_per_client(board):
    for n in range(2):
        services.guest_join(join_code=board.join_code, name=f"G{n}", client_key="10.0.0.1")
    with pytest.raises(ServiceError) as error:
        services.guest_join(join_code="WRONG1", name="Gissare", client_key="10.0.0.1")
    assert error.value.code == ErrorCode.RATE_LIMITED
    services.guest_join(join_code=board.join_code, name="Annan", client_key="10.0.0.2")


@override_settings(RATE_LIMITS={"board_op": (3, DAY)})
def test_operations_are_rate_limited_per_participant(
    alice, bob, sections, django_capture_on_commit_callbacks
):
    for n in range(3):
        add_card(alice, sections[0], text=f"Lapp {n}")
    stream = Stream.objects.get(key=f"board.{alice.board_id}")
    with django_capture_on_commit_callbacks() as published:
        refused(
            ErrorCode.RATE_LIMITED, alice, "card.add", section=sections[0].pk, text="En för mycket"
        )
        refused(ErrorCode.RATE_LIMITED, alice, "card.add", section=sections[0].pk, text="Igen")
    # Nothing of the refused operations stayed: no card, no number, no event, no publish.
    assert not Card.objects.filter(text__in=["En för mycket", "Igen"]).exists()
    stream.refresh_from_db()
    assert stream.last_seq == StreamEvent.objects.filter(stream=stream).count() == 3
    assert published == []
    add_card(bob, sections[0])


@override_settings(RATE_LIMITS={"board_op": (3, DAY)})
def test_a_retry_of_an_applied_operation_over_the_limit_gets_its_first_result(alice, sections):
    first = apply(alice, "card.add", op_id="op-1", section=sections[0].pk, text="Lapp")
    for n in range(2):
        add_card(alice, sections[0], text=f"Lapp {n}")
    retry = apply(alice, "card.add", op_id="op-1", section=sections[0].pk, text="Lapp")
    assert (retry.seq, retry.duplicate) == (first.seq, True)


def test_a_visitor_is_a_user_a_guest_with_a_pass_or_no_one(board, participant):
    from django.contrib.auth.models import AnonymousUser

    guest = services.guest_join(join_code=board.join_code, name="Gäst")
    as_user = services.participant_for(board=board, user=participant, guest_passes=None)
    assert as_user.user == participant
    passes = {str(board.pk): guest.pk}
    assert services.participant_for(board=board, user=AnonymousUser(), guest_passes=passes) == guest
    assert services.participant_for(board=board, user=AnonymousUser(), guest_passes={}) is None
    # A pass naming a signed-in person's place is not a guest pass.
    forged = {str(board.pk): as_user.pk}
    assert services.participant_for(board=board, user=AnonymousUser(), guest_passes=forged) is None
