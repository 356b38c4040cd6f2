"""The results' reads cost the same number of queries for few and many answers."""

from __future__ import annotations

import pytest

from feedback.models import QuestionKind
from feedback.selectors import feedback_overview, feedback_results
from tests.events.factories import ForumMeetingFactory, ForumSeriesFactory
from tests.factories import UserFactory
from tests.feedback.factories import (
    AnswerFactory,
    FeedbackFormFactory,
    QuestionFactory,
    ResponseFactory,
    past_event,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [3, 30])
def test_an_events_results(rows, django_assert_num_queries):
    organiser = UserFactory()
    form = FeedbackFormFactory(event=past_event(organisers=[organiser]))
    text = QuestionFactory(form=form, kind=QuestionKind.TEXT)
    choice = QuestionFactory(form=form, kind=QuestionKind.CHOICE, choices=["A", "B"])
    for n in range(rows):
        response = ResponseFactory(form=form, creativity=1 + n % 5, comment=f"c{n}")
        AnswerFactory(response=response, question=text, text=f"t{n}")
        AnswerFactory(response=response, question=choice, choice="AB"[n % 2])
    # The form; the figures; the viewer's roles and the organisers; the questions, their
    # counts and texts; the comments.
    with django_assert_num_queries(8):
        results = feedback_results(event=form.event, viewer=organiser)
    assert results.responses == rows and len(results.comments) == rows
    assert sum(bar.count for bar in results.dimensions[0].distribution) == rows
    assert results.questions[1].answered == rows and len(results.questions[0].texts) == rows


@pytest.mark.parametrize("rows", [2, 12])
def test_a_series_overview(rows, participant, django_assert_num_queries):
    series = ForumSeriesFactory()
    for _n in range(rows):
        ResponseFactory.create_batch(
            3, form=FeedbackFormFactory(event=ForumMeetingFactory(series=series))
        )
    with django_assert_num_queries(2):
        overview = feedback_overview(viewer=participant, series=series)
    assert len(overview.rows) == rows and overview.responses == 3 * rows
    assert overview.averages[0].value == 4.0
