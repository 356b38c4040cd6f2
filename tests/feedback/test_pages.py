"""Feedback pages: answering (people, a guest with the QR code's link, a board guest), the
refusals said on the page with nothing stored, setting up with questions, the QR code, the
results with their charts and tables, the CSV files, the series and year overviews, and the
looking back on an ended event's page with a constant number of queries."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.consumers import GUEST_SESSION_KEY
from feedback.links import event_link_token
from feedback.models import FeedbackForm, Question, QuestionKind, Response
from tests.boards.factories import BoardFactory, ParticipantFactory
from tests.events.factories import ForumMeetingFactory, ForumSeriesFactory
from tests.factories import UserFactory
from tests.feedback.factories import (
    AnswerFactory,
    FeedbackFormFactory,
    QuestionFactory,
    ResponseFactory,
    past_event,
)
from tests.frontend.html_checks import assert_good_page
from tests.registrations.factories import RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db

ANSWER = {
    "creativity": "5",
    "engagement": "4",
    "inclusion": "3",
    "quality": "4",
    "inspiration": "5",
    "learned_something_new": "yes",
    "new_contacts": "no",
    "comment": "Mer fika nästa gång",
}


@pytest.fixture(params=["sv", "en"])
def language(request, client: Client) -> str:
    client.post(reverse("set_language"), {"language": request.param})
    return request.param


@pytest.fixture
def organiser():
    return UserFactory(display_name="Olle Arrangör")


@pytest.fixture
def form(organiser):
    return FeedbackFormFactory(event=past_event(organisers=[organiser], title="Forumträff 2"))


def answer_url(form) -> str:
    return reverse("frontend:feedback-answer", args=[form.event.pk])


def test_a_registered_person_answers_from_the_page(client, form, language):
    person = RegistrationFactory(event=form.event).person
    client.force_login(person)
    html = assert_good_page(client.get(answer_url(form)))
    assert 'name="creativity"' in html and 'name="comment"' in html
    response = client.post(answer_url(form), ANSWER)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.respondent, stored.inclusion, stored.new_contacts) == (person, 3, False)
    again = assert_good_page(client.get(answer_url(form)))
    assert ("redan svarat" if language == "sv" else "already answered") in again
    assert client.post(answer_url(form), ANSWER).status_code == 409
    assert Response.objects.count() == 1


def test_bad_input_goes_onto_the_form_and_nothing_is_stored(client, form):
    client.force_login(RegistrationFactory(event=form.event).person)
    response = client.post(answer_url(form), {**ANSWER, "creativity": "9", "quality": ""})
    html = (
        assert_good_page(
            response,
        )
        if response.status_code == 200
        else response.content.decode()
    )
    assert response.status_code == 400
    assert 'href="#id_creativity' in html and 'href="#id_quality' in html
    assert not Response.objects.exists()


def test_someone_who_was_not_there_is_told_so(client, form, participant, language):
    client.force_login(participant)
    html = assert_good_page(client.get(answer_url(form)))
    assert 'name="creativity"' not in html
    assert ("för dem som deltog" if language == "sv" else "for those who took part") in html
    assert client.post(answer_url(form), ANSWER).status_code == 403
    assert not Response.objects.exists()


def test_a_guest_answers_with_the_qr_link_once_per_browser(form):
    guest = Client()
    opened = guest.get(f"{answer_url(form)}?t={event_link_token(form.event.pk)}")
    assert opened.status_code == 302 and opened["Location"] == answer_url(form)
    assert_good_page(guest.get(answer_url(form)))
    assert guest.post(answer_url(form), ANSWER).status_code == 302
    assert guest.post(answer_url(form), ANSWER).status_code == 409
    other = Client()
    other.get(f"{answer_url(form)}?t={event_link_token(form.event.pk)}")
    assert other.post(answer_url(form), ANSWER).status_code == 302
    stored = list(Response.objects.all())
    assert len(stored) == 2 and all(r.respondent is None and r.guest_key for r in stored)


def test_a_changed_link_is_not_found(client, form):
    response = client.get(f"{answer_url(form)}?t={event_link_token(form.event.pk)}x")
    assert response.status_code == 404


def test_a_board_guest_answers_with_their_guest_pass(client, form):
    board = BoardFactory(event=form.event)
    guest = ParticipantFactory(board=board, user=None, guest_name="Gäst")
    session = client.session
    session[GUEST_SESSION_KEY] = {str(board.pk): guest.pk}
    session.save()
    assert client.post(answer_url(form), ANSWER).status_code == 302
    assert client.post(answer_url(form), ANSWER).status_code == 409
    # The board page shows the link and the QR code to everyone on it.
    html = client.get(board.get_absolute_url()).content.decode()
    assert reverse("frontend:feedback-qr", args=[form.event.pk]) in html
    qr = client.get(reverse("frontend:feedback-qr", args=[form.event.pk]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content


def test_outside_the_window_the_page_says_so(client, form, language):
    person = RegistrationFactory(event=form.event).person
    form.opens_at, form.closes_at = (
        timezone.now() - timedelta(days=9),
        timezone.now() - timedelta(days=2),
    )
    form.save()
    client.force_login(person)
    html = assert_good_page(client.get(answer_url(form)))
    assert ("är stängd" if language == "sv" else "is closed") in html
    assert client.post(answer_url(form), ANSWER).status_code == 409
    assert not Response.objects.exists()


def test_the_qr_code_is_for_those_who_may_pass_it_on(client, form, organiser, participant):
    url = reverse("frontend:feedback-qr", args=[form.event.pk])
    assert client.get(url).status_code == 403
    client.force_login(participant)
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_an_organiser_sets_up_a_survey_with_questions(client, organiser, language):
    event = past_event(organisers=[organiser])
    client.force_login(organiser)
    setup = reverse("frontend:feedback-setup", args=[event.pk])
    assert_good_page(client.get(setup))
    now = timezone.localtime()
    bad = client.post(
        setup,
        {"opens_at": now.strftime("%Y-%m-%dT%H:%M"), "closes_at": now.strftime("%Y-%m-%dT%H:%M")},
    )
    assert bad.status_code == 400 and not FeedbackForm.objects.exists()
    saved = client.post(
        setup,
        {
            "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "intro": "Hjälp oss bli bättre",
        },
    )
    assert saved.status_code == 302
    assert FeedbackForm.objects.get(event=event).self_rating is False  # unticked: a survey
    add = reverse("frontend:feedback-question-add", args=[event.pk])
    assert (
        client.post(
            add,
            {
                "label": "Vilken monter var bäst?",
                "kind": "choice",
                "choices": "A\nB\nC",
                "required": "on",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(add, {"label": "Bara ett", "kind": "choice", "choices": "A"}).status_code == 400
    )
    question = Question.objects.get()
    assert question.choices == ["A", "B", "C"]
    html = assert_good_page(client.get(setup))
    assert "Vilken monter var bäst?" in html and "qr.svg" in html
    # The survey is answered with the question alone.
    guest = Client()
    guest.get(f"{answer_url(question.form)}?t={event_link_token(event.pk)}")
    assert (
        guest.post(answer_url(question.form), {f"question_{question.pk}": "B"}).status_code == 302
    )
    remove = reverse("frontend:feedback-question-remove", args=[event.pk, question.pk])
    assert client.post(remove).status_code == 409  # it has an answer now
    assert Question.objects.count() == 1


def _answers(form, n):
    question = QuestionFactory(form=form, kind=QuestionKind.CHOICE, choices=["Ja", "Nej"])
    for index in range(n):
        response = ResponseFactory(form=form, creativity=1 + index % 5, comment=f"Tanke {index}")
        AnswerFactory(response=response, question=question, choice="Ja" if index % 2 else "Nej")


def test_the_results_show_charts_tables_and_the_csv(client, form, organiser, language):
    _answers(form, 4)
    client.force_login(organiser)
    html = assert_good_page(client.get(reverse("frontend:feedback-results", args=[form.event.pk])))
    assert html.count('role="img"') == 2 and "<table" in html and "Tanke 3" in html
    export = client.get(reverse("frontend:feedback-export", args=[form.event.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 5 and rows[0][0] in ("Kreativitet", "Creativity")
    assert sorted(row[0] for row in rows[1:]) == ["1", "2", "3", "4"]


def test_few_answers_are_not_shown_to_others(client, form, participant):
    _answers(form, 2)
    client.force_login(participant)
    html = assert_good_page(client.get(reverse("frontend:feedback-results", args=[form.event.pk])))
    assert 'role="img"' not in html


def test_the_series_and_year_overviews(client, facilitator, language):
    series = ForumSeriesFactory(title="Trygg uppväxt")
    start = timezone.now() - timedelta(days=30)
    for number in (1, 2):
        meeting = ForumMeetingFactory(
            series=series,
            series_number=number,
            starts_at=start + timedelta(days=number),
            ends_at=start + timedelta(days=number, hours=3),
        )
        ResponseFactory.create_batch(3, form=FeedbackFormFactory(event=meeting), quality=number + 2)
    client.force_login(facilitator)
    html = assert_good_page(client.get(reverse("frontend:feedback-series", args=[series.pk])))
    assert "Trygg uppväxt" in html and html.count('role="img"') == 6
    export = client.get(reverse("frontend:feedback-series-export", args=[series.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [row[6] for row in rows[1:]] == ["3.0", "4.0"]
    year = client.get(reverse("frontend:feedback-year", args=[start.year]))
    assert_good_page(year)
    assert client.get(reverse("frontend:feedback-year", args=[1900])).status_code == 404


def _looking_back_queries(client, event) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_the_looking_back_page_costs_the_same_for_more_rows(client, form, organiser, language):
    event = form.event
    RegistrationSettingsFactory(event=event)
    client.force_login(organiser)
    RegistrationFactory(event=event, attended=True)
    BoardFactory(event=event)
    _answers(form, 3)
    html = assert_good_page(client.get(event.get_absolute_url()))
    assert 'id="looking-back-heading"' in html and 'role="img"' in html
    assert ("närvarade" if language == "sv" else "attended") in html
    few = _looking_back_queries(client, event)
    RegistrationFactory.create_batch(5, event=event, attended=True)
    BoardFactory.create_batch(3, event=event)
    _answers(form, 10)
    assert _looking_back_queries(client, event) == few


def test_an_upcoming_event_has_no_looking_back(client, organiser):
    from tests.events.factories import EventFactory

    event = EventFactory(organisers=[organiser])
    client.force_login(organiser)
    html = assert_good_page(client.get(event.get_absolute_url()))
    assert "looking-back-heading" not in html
    assert reverse("frontend:feedback-setup", args=[event.pk]) in html
