"""Reads: what each viewer sees, filters, search and constant query counts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from common.errors import ErrorCode, ServiceError
from ideas import selectors
from ideas.models import IdeaKind, IdeaStatus, Tag
from ideas.selectors import IdeaFilters
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    OrganisationFactory,
    SocietalGoalFactory,
    SupportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def titles(queryset) -> list[str]:
    return [idea.title for idea in queryset]


class TestVisibility:
    def test_each_viewer_sees_what_they_may(self, author, participant, facilitator):
        public = IdeaFactory(title="Publik", author=author)
        draft = IdeaFactory(title="Utkast", author=author, status=IdeaStatus.DRAFT)
        hidden = IdeaFactory(title="Dold", author=author, is_hidden=True)
        IdeaFactory(title="Annans utkast", status=IdeaStatus.DRAFT)
        withdrawn = IdeaFactory(title="Återtagen", author=author, status=IdeaStatus.WITHDRAWN)

        assert set(titles(selectors.idea_list(viewer=AnonymousUser()))) == {public.title}
        assert set(titles(selectors.idea_list(viewer=participant))) == {public.title}
        assert set(titles(selectors.idea_list(viewer=author))) == {
            public.title, draft.title, hidden.title, withdrawn.title,
        }  # fmt: skip
        assert set(titles(selectors.idea_list(viewer=facilitator))) == {
            public.title, hidden.title, withdrawn.title,
        }  # fmt: skip

    def test_missing_and_invisible_look_the_same(self, participant):
        draft = IdeaFactory(status=IdeaStatus.DRAFT)
        for pk in (draft.pk, 999_999, "abc"):
            with pytest.raises(ServiceError) as error:
                selectors.idea_get(viewer=participant, pk=pk)
            assert error.value.code == ErrorCode.NOT_FOUND

    def test_my_ideas_lists_drafts_and_nothing_of_others(self, author):
        mine = IdeaFactory(author=author, status=IdeaStatus.DRAFT)
        IdeaFactory()
        assert list(selectors.my_ideas(user=author)) == [mine]
        assert list(selectors.my_ideas(user=AnonymousUser())) == []


class TestFilters:
    def test_each_filter_narrows_the_list(self, focus_area, other_focus_area):
        goal = SocietalGoalFactory(focus_area=focus_area)
        organisation = OrganisationFactory(name="Mälardalens universitet")
        tag = Tag.objects.create(name="Skola", slug="skola")
        match = IdeaFactory(
            title="Träff",
            focus_area=focus_area,
            kind=IdeaKind.NEED,
            status=IdeaStatus.IN_REVIEW,
            goals=[goal],
            organisations=[organisation],
            tags=[tag],
        )
        IdeaFactory(title="Annat", focus_area=other_focus_area)
        viewer = AnonymousUser()

        for filters in (
            IdeaFilters(focus_area=focus_area.slug),
            IdeaFilters(goal=goal.pk),
            IdeaFilters(kind=IdeaKind.NEED),
            IdeaFilters(status=IdeaStatus.IN_REVIEW),
            IdeaFilters(organisation=organisation.pk),
            IdeaFilters(tag="skola"),
        ):
            assert list(selectors.idea_list(viewer=viewer, filters=filters)) == [match], filters

    def test_orderings(self):
        quiet = IdeaFactory(title="B tyst")
        popular = IdeaFactory(title="A populär")
        SupportFactory.create_batch(2, idea=popular)
        CommentFactory(idea=quiet)
        viewer = AnonymousUser()

        def order(name: str) -> list[str]:
            return titles(selectors.idea_list(viewer=viewer, filters=IdeaFilters(ordering=name)))

        assert order("newest") == ["A populär", "B tyst"]
        assert order("oldest") == ["B tyst", "A populär"]
        assert order("most_supported") == ["A populär", "B tyst"]
        assert order("most_discussed") == ["B tyst", "A populär"]
        assert order("title") == ["A populär", "B tyst"]
        assert order("nonsense") == order("newest")

    def test_counts_are_annotated(self):
        idea = IdeaFactory()
        SupportFactory.create_batch(3, idea=idea)
        CommentFactory.create_batch(2, idea=idea)
        CommentFactory(idea=idea, is_hidden=True)
        row = selectors.idea_list(viewer=AnonymousUser()).get()
        assert (row.support_count, row.comment_count) == (3, 2)


class TestSearch:
    @pytest.fixture
    def ideas(self):
        return {
            "lunch": IdeaFactory(
                title="Måltider och möten", summary="Äldre äter tillsammans på träffpunkter."
            ),
            "dream": IdeaFactory(title="Drömfabriken", summary="Unga skapar framtidens stad."),
        }

    def test_finds_by_word_regardless_of_case(self, ideas):
        found = selectors.idea_list(viewer=AnonymousUser(), filters=IdeaFilters(q="ÄLDRE"))
        assert list(found) == [ideas["lunch"]]

    def test_all_words_must_match(self, ideas):
        found = selectors.idea_list(viewer=AnonymousUser(), filters=IdeaFilters(q="unga stad"))
        assert list(found) == [ideas["dream"]]
        none = selectors.idea_list(viewer=AnonymousUser(), filters=IdeaFilters(q="unga äldre"))
        assert list(none) == []

    def test_a_partial_word_matches_while_typing(self, ideas):
        found = selectors.idea_list(viewer=AnonymousUser(), filters=IdeaFilters(q="drömfab"))
        assert list(found) == [ideas["dream"]]

    def test_hostile_queries_are_just_text(self, ideas):
        for query in ("'; DROP TABLE ideas_idea; --", "%", "_", "\\", "a & | ! b", "x" * 5000):
            list(selectors.idea_list(viewer=AnonymousUser(), filters=IdeaFilters(q=query)))

    def test_relevance_ordering(self, ideas):
        results = selectors.idea_list(
            viewer=AnonymousUser(), filters=IdeaFilters(q="måltider", ordering="relevance")
        )
        assert list(results) == [ideas["lunch"]]

    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="Swedish stemming needs PostgreSQL"
    )
    def test_swedish_stemming_on_postgresql(self, ideas):
        # "träffpunkt" (singular) finds "träffpunkter" through the Swedish configuration.
        found = selectors.idea_list(viewer=AnonymousUser(), filters=IdeaFilters(q="träffpunkt"))
        assert list(found) == [ideas["lunch"]]
        found = selectors.idea_list(viewer=AnonymousUser(), filters=IdeaFilters(q="måltid"))
        assert list(found) == [ideas["lunch"]]


@pytest.mark.parametrize("rows", [5, 50])
def test_idea_list_query_count_is_constant(rows, django_assert_num_queries, participant):
    tag = Tag.objects.create(name="Hälsa", slug="halsa")
    for idea in IdeaFactory.create_batch(rows, tags=[tag]):
        SupportFactory(idea=idea)
        CommentFactory(idea=idea)
    # roles, ideas, then one each for tags, goals and organisations
    with django_assert_num_queries(5):
        for idea in selectors.idea_list(viewer=participant):
            _ = (idea.author.organisation, idea.focus_area, list(idea.tags.all()))
            _ = (list(idea.goals.all()), list(idea.organisations.all()), idea.support_count)


@pytest.mark.parametrize("rows", [3, 30])
def test_comment_list_query_count_is_constant(rows, django_assert_num_queries):
    idea = IdeaFactory()
    for top in CommentFactory.create_batch(rows, idea=idea):
        CommentFactory(idea=idea, parent=top, author=UserFactory())
    with django_assert_num_queries(2):
        for comment in selectors.comment_list(viewer=AnonymousUser(), idea=idea):
            _ = (
                comment.author.organisation,
                [r.author.display_name for r in comment.replies.all()],
            )


def test_hidden_comments_are_left_out_for_others(participant, facilitator):
    idea = IdeaFactory()
    CommentFactory(idea=idea, is_hidden=True)
    visible = CommentFactory(idea=idea)
    assert selectors.comment_list(viewer=participant, idea=idea) == [visible]
    assert len(selectors.comment_list(viewer=facilitator, idea=idea)) == 2


def test_support_summary(participant):
    idea = IdeaFactory()
    SupportFactory(idea=idea, user=participant, kind="resources")
    SupportFactory(idea=idea, kind="resources")
    summary = selectors.support_summary(idea=idea, viewer=participant)
    by_kind = {row["kind"]: row for row in summary["kinds"]}
    assert summary["total"] == 2
    assert by_kind["resources"]["count"] == 2 and by_kind["resources"]["mine"]
    assert by_kind["participate"]["count"] == 0 and not by_kind["participate"]["mine"]
