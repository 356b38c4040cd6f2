"""What the demo holds for feedback: results on the series' past meetings and the
matchmaking, a fair survey with its own questions, open and closed forms, and the pages that
show them (the looking back, the results, the series overview)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event, ForumSeries
from feedback.models import Answer, FeedbackForm, Response
from feedback.selectors import feedback_state
from hub.models import User
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.usefixtures("demo")


def facilitator_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(email__startswith="processtod@"))
    return client


def test_feedback_on_the_past_meetings_and_a_survey():
    meetings = Event.objects.filter(title__startswith="Forumträff")
    assert FeedbackForm.objects.filter(event__in=meetings).count() == 2
    assert Response.objects.filter(form__event__in=meetings).count() >= 10
    assert Response.objects.filter(respondent__isnull=True).count() >= 8  # guests
    states = {feedback_state(form) for form in FeedbackForm.objects.all()}
    assert {"open", "closed"} <= states
    fair = FeedbackForm.objects.get(event__title__startswith="Välfärdsteknikmässan")
    assert not fair.self_rating and fair.questions.count() == 3
    assert Answer.objects.filter(question__form=fair).count() >= 15


def test_the_pages_show_them():
    client = facilitator_client()
    forum1 = Event.objects.get(title__startswith="Forumträff 1")
    html = assert_good_page(client.get(forum1.get_absolute_url()))
    assert 'id="looking-back-heading"' in html and 'role="img"' in html
    series = ForumSeries.objects.get()
    html = assert_good_page(client.get(reverse("frontend:feedback-series", args=[series.pk])))
    assert "Forumträff 2" in html
    fair = Event.objects.get(title__startswith="Välfärdsteknikmässan")
    html = assert_good_page(client.get(reverse("frontend:feedback-results", args=[fair.pk])))
    assert "Trygghetslarm" in html and "utomhus" in html
