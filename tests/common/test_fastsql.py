"""Statements compiled once: the same rows and values as the ORM gives, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max
from django.utils import timezone

from boards.models import Board, Card, Section
from common import fastsql
from tests.boards.factories import CardFactory, ParticipantFactory, SectionFactory

pytestmark = pytest.mark.django_db

SECTION_WITH_TOP = fastsql.PreparedQuery(
    Section,
    lambda board, pk: (
        Section.objects.filter(board_id=board, pk=pk)
        .annotate(top=Max("cards__position"))
        .order_by()
    ),
    2,
)


class TestPreparedQuery:
    def test_it_gives_the_row_the_queryset_gives_with_its_annotation(self):
        section = SectionFactory()
        for position in (1024, 5120, 2048):
            CardFactory(section=section, position=position)
        found = SECTION_WITH_TOP.first(section.board_id, section.pk)
        assert found == section
        assert found.title == section.title
        assert found.top == 5120

    def test_values_are_bound_each_time_not_kept_from_the_first_call(self):
        first, second = SectionFactory(title="Behov"), SectionFactory(title="Forskning")
        assert SECTION_WITH_TOP.first(first.board_id, first.pk).title == "Behov"
        assert SECTION_WITH_TOP.first(second.board_id, second.pk).title == "Forskning"
        assert SECTION_WITH_TOP.first(first.board_id, second.pk) is None  # another board's
        assert SECTION_WITH_TOP.first(first.board_id, 10**9) is None

    def test_an_empty_column_has_no_top(self):
        section = SectionFactory()
        assert SECTION_WITH_TOP.first(section.board_id, section.pk).top is None

    def test_values_come_back_converted_as_the_orm_converts_them(self):
        ends = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
        board = SectionFactory().board
        Board.objects.filter(pk=board.pk).update(timer_ends_at=ends, is_locked=True)
        query = fastsql.PreparedQuery(Board, lambda pk: Board.objects.filter(pk=pk), 1)
        found = query.first(board.pk)
        assert found.timer_ends_at == ends
        assert found.is_locked is True

    def test_it_is_one_query_and_compiled_once(self, django_assert_num_queries):
        section = SectionFactory()
        calls = []

        def build(board, pk):
            calls.append((board, pk))
            return Section.objects.filter(board_id=board, pk=pk)

        query = fastsql.PreparedQuery(Section, build, 2)
        with django_assert_num_queries(1):
            query.first(section.board_id, section.pk)
        query.first(section.board_id, section.pk)
        assert len(calls) == 1

    @pytest.mark.parametrize(
        "build",
        [
            lambda pk: Section.objects.filter(pk=pk) | Section.objects.filter(board_id=pk),
            lambda pk: Section.objects.all(),
        ],
        ids=["a value used twice", "a value not used"],
    )
    def test_a_query_that_does_not_use_each_value_once_is_refused(self, build):
        with pytest.raises(ImproperlyConfigured):
            fastsql.PreparedQuery(Section, build, 1).first(1)


class TestInsertAndUpdate:
    def test_insert_stores_the_row_as_save_would_with_key_defaults_and_timestamps(self):
        section = SectionFactory()
        author = ParticipantFactory(board=section.board)
        card = Card(board=section.board, section=section, author=author, text="Idé", position=7)
        fastsql.insert(card)
        assert card.pk is not None
        assert not card._state.adding
        stored = Card.objects.get(pk=card.pk)
        assert (stored.text, stored.position, stored.author_id) == ("Idé", 7, author.pk)
        assert (stored.colour, stored.is_hidden, stored.cluster_id) == ("yellow", False, None)
        assert stored.created_at == card.created_at
        assert stored.updated_at == card.updated_at

    def test_update_writes_only_the_named_fields_and_counts_the_row(self):
        card = CardFactory(text="Före", position=1)
        Card.objects.filter(pk=card.pk).update(position=99)  # someone else's change
        card.text = "Efter"
        before = card.updated_at
        assert fastsql.update_fields(card, ["text", "updated_at"]) == 1
        stored = Card.objects.get(pk=card.pk)
        assert stored.text == "Efter"
        assert stored.position == 99  # not written back from the stale instance
        assert stored.updated_at > before

    def test_update_of_a_deleted_row_changes_nothing(self):
        card = CardFactory()
        Card.objects.filter(pk=card.pk).delete()
        assert fastsql.update_fields(card, ["text"]) == 0

    def test_a_name_that_is_not_a_column_is_refused(self):
        card = CardFactory()
        with pytest.raises(ImproperlyConfigured):
            fastsql.update_fields(card, ["votes"])
