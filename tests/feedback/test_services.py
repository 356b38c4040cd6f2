"""Feedback through its services: setting it up, answering once per person (people and
each kind of guest), every refusal with nothing written, and the link after the event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.errors import ErrorCode, ServiceError
from feedback import notifications
from feedback.errors import FeedbackError, Reason
from feedback.links import event_link_token, personal_link_token
from feedback.models import Answer, FeedbackForm, Question, QuestionKind, Response
from feedback.services import (
    FormInput,
    QuestionInput,
    ResponseInput,
    feedback_form_set,
    feedback_invitations_send,
    question_add,
    question_remove,
    respondent_for,
    response_submit,
)
from feedback.services.respondents import Respondent
from hub.models import Notification
from tests.boards.factories import BoardFactory, ParticipantFactory
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.feedback.factories import (
    AnswerFactory,
    FeedbackFormFactory,
    QuestionFactory,
    past_event,
)
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

RATINGS = {
    "creativity": 5,
    "engagement": 4,
    "inclusion": 3,
    "quality": 4,
    "inspiration": 5,
}


def full_answer(**changes) -> ResponseInput:
    values = {
        "ratings": dict(RATINGS),
        "learned_something_new": True,
        "new_contacts": True,
        "comment": "Bra träff!",
    }
    values.update(changes)
    return ResponseInput(**values)


@pytest.fixture
def organiser():
    return UserFactory(display_name="Olle Arrangör")


@pytest.fixture
def form(organiser):
    return FeedbackFormFactory(event=past_event(organisers=[organiser]))


@pytest.fixture
def registered(form):
    return RegistrationFactory(event=form.event).person


def reason_of(excinfo) -> str:
    return excinfo.value.detail["reason"]


# --- Setting up ---------------------------------------------------------------------------------


def test_an_organiser_opens_and_changes_the_feedback(organiser):
    event = past_event(organisers=[organiser])
    now = timezone.now()
    form = feedback_form_set(
        actor=organiser,
        event=event,
        data=FormInput(opens_at=now, closes_at=now + timedelta(days=3), intro="  Tack!  "),
    )
    assert form.intro == "Tack!" and form.self_rating
    feedback_form_set(
        actor=organiser,
        event=event,
        data=FormInput(opens_at=now, closes_at=now + timedelta(days=5), self_rating=False),
    )
    assert FeedbackForm.objects.get(event=event).self_rating is False
    assert FeedbackForm.objects.count() == 1


def test_setting_up_is_for_organisers_and_facilitators(participant, facilitator):
    event = past_event()
    now = timezone.now()
    data = FormInput(opens_at=now, closes_at=now + timedelta(days=1))
    with pytest.raises(ServiceError) as excinfo:
        feedback_form_set(actor=participant, event=event, data=data)
    assert excinfo.value.code == ErrorCode.FORBIDDEN
    feedback_form_set(actor=facilitator, event=event, data=data)
    assert FeedbackForm.objects.filter(event=event).exists()


def test_a_window_that_closes_before_it_opens_is_refused(organiser):
    event = past_event(organisers=[organiser])
    now = timezone.now()
    with pytest.raises(ValidationError) as excinfo:
        feedback_form_set(actor=organiser, event=event, data=FormInput(opens_at=now, closes_at=now))
    assert "closes_at" in excinfo.value.message_dict
    assert not FeedbackForm.objects.exists()


def test_questions_are_added_in_order_and_checked(form, organiser):
    first = question_add(
        actor=organiser,
        form=form,
        data=QuestionInput(
            kind=QuestionKind.CHOICE,
            label="Hur hittade du hit?",
            choices=["Mejl", " Mejl ", "Affisch"],
        ),
    )
    second = question_add(
        actor=organiser, form=form, data=QuestionInput(kind=QuestionKind.SCALE, label="Lokalen?")
    )
    assert first.choices == ["Mejl", "Affisch"] and (first.position, second.position) == (0, 1)
    with pytest.raises(ValidationError) as excinfo:
        question_add(
            actor=organiser,
            form=form,
            data=QuestionInput(kind=QuestionKind.CHOICE, label="Bara ett", choices=["Ja"]),
        )
    assert "choices" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        question_add(actor=organiser, form=form, data=QuestionInput(kind="essay", label=""))
    assert {"kind", "label"} <= set(excinfo.value.message_dict)
    assert Question.objects.filter(form=form).count() == 2


def test_a_question_with_answers_stays(form, organiser, participant):
    question = QuestionFactory(form=form)
    AnswerFactory(question=question, response__form=form, text="Ja")
    with pytest.raises(FeedbackError) as excinfo:
        question_remove(actor=organiser, question=question)
    assert reason_of(excinfo) == Reason.HAS_ANSWERS
    unanswered = QuestionFactory(form=form)
    with pytest.raises(ServiceError):
        question_remove(actor=participant, question=unanswered)
    question_remove(actor=organiser, question=unanswered)
    assert list(Question.objects.filter(form=form)) == [question]


# --- Answering ----------------------------------------------------------------------------------


def test_a_registered_participant_answers_once(form, registered):
    respondent = respondent_for(event=form.event, user=registered)
    response = response_submit(event=form.event, respondent=respondent, data=full_answer())
    assert (response.creativity, response.inclusion, response.respondent) == (5, 3, registered)
    with pytest.raises(FeedbackError) as excinfo:
        response_submit(event=form.event, respondent=respondent, data=full_answer())
    assert reason_of(excinfo) == Reason.ALREADY_ANSWERED
    assert excinfo.value.code == ErrorCode.CONFLICT
    assert Response.objects.count() == 1


def test_someone_who_did_not_take_part_is_refused(form, participant):
    respondent = respondent_for(event=form.event, user=participant)
    with pytest.raises(FeedbackError) as excinfo:
        response_submit(event=form.event, respondent=respondent, data=full_answer())
    assert reason_of(excinfo) == Reason.NOT_A_PARTICIPANT
    assert not Response.objects.exists()


def test_a_waitlisted_or_cancelled_registration_is_not_taking_part(form):
    person = RegistrationFactory(event=form.event, status="waitlisted").person
    with pytest.raises(FeedbackError):
        response_submit(
            event=form.event,
            respondent=respondent_for(event=form.event, user=person),
            data=full_answer(),
        )


def test_a_person_on_one_of_the_boards_takes_part(form, participant):
    ParticipantFactory(board=BoardFactory(event=form.event), user=participant)
    respondent = respondent_for(event=form.event, user=participant)
    response_submit(event=form.event, respondent=respondent, data=full_answer())
    assert Response.objects.filter(respondent=participant).count() == 1


def test_a_person_with_the_event_link_takes_part(form, participant):
    respondent = respondent_for(
        event=form.event, user=participant, token=event_link_token(form.event.pk)
    )
    assert respondent.via_link
    response_submit(event=form.event, respondent=respondent, data=full_answer())
    assert Response.objects.get().respondent == participant


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_the_window_nothing_is_stored(form, registered, when):
    now = timezone.now()
    if when == "before":
        form.opens_at, form.closes_at = now + timedelta(hours=1), now + timedelta(days=1)
    else:
        form.opens_at, form.closes_at = now - timedelta(days=2), now - timedelta(days=1)
    form.save()
    with pytest.raises(FeedbackError) as excinfo:
        response_submit(
            event=form.event,
            respondent=respondent_for(event=form.event, user=registered),
            data=full_answer(),
        )
    assert reason_of(excinfo) == (Reason.NOT_YET_OPEN if when == "before" else Reason.CLOSED)
    assert not Response.objects.exists()


def test_an_event_without_feedback_is_not_found(registered):
    event = EventFactory()
    with pytest.raises(FeedbackError) as excinfo:
        response_submit(event=event, respondent=Respondent(user=registered), data=full_answer())
    assert excinfo.value.code == ErrorCode.NOT_FOUND


def test_bad_answers_go_onto_their_fields_and_nothing_is_stored(form, registered):
    choice = QuestionFactory(form=form, kind=QuestionKind.CHOICE, choices=["A", "B"], required=True)
    scale = QuestionFactory(form=form, kind=QuestionKind.SCALE)
    data = full_answer(
        ratings={**RATINGS, "creativity": 6, "quality": None},
        learned_something_new=None,
        comment="x" * 2001,
        answers={choice.pk: "C", scale.pk: 0},
    )
    with pytest.raises(ValidationError) as excinfo:
        response_submit(
            event=form.event,
            respondent=respondent_for(event=form.event, user=registered),
            data=data,
        )
    assert {
        "creativity",
        "quality",
        "learned_something_new",
        "comment",
        f"question_{choice.pk}",
        f"question_{scale.pk}",
    } <= set(excinfo.value.message_dict)
    with pytest.raises(ValidationError) as excinfo:
        response_submit(
            event=form.event,
            respondent=respondent_for(event=form.event, user=registered),
            data=full_answer(answers={999999: "x"}),
        )
    assert "answers" in excinfo.value.message_dict
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_survey_without_self_rating_takes_the_questions_only(organiser):
    form = FeedbackFormFactory(event=past_event(organisers=[organiser]), self_rating=False)
    text = QuestionFactory(form=form, kind=QuestionKind.TEXT, label="Vad saknas?")
    choice = QuestionFactory(form=form, kind=QuestionKind.CHOICE, choices=["Ja", "Nej"])
    respondent = respondent_for(
        event=form.event, user=None, token=event_link_token(form.event.pk), browser_key="b1"
    )
    response = response_submit(
        event=form.event,
        respondent=respondent,
        data=ResponseInput(answers={text.pk: "Fler bänkar", choice.pk: "Ja"}),
    )
    assert response.creativity is None and response.respondent is None
    assert sorted(response.answers.values_list("text", "choice")) == [
        ("", "Ja"),
        ("Fler bänkar", ""),
    ]


# --- Guests: one answer per person ------------------------------------------------------------


def test_a_guest_with_the_event_link_answers_once_per_browser(form):
    token = event_link_token(form.event.pk)
    first = respondent_for(event=form.event, user=None, token=token, browser_key="browser-1")
    response = response_submit(event=form.event, respondent=first, data=full_answer())
    assert response.respondent is None and len(response.guest_key) == 64
    assert "browser-1" not in response.guest_key  # a keyed hash, not the proof
    with pytest.raises(FeedbackError) as excinfo:
        response_submit(event=form.event, respondent=first, data=full_answer())
    assert reason_of(excinfo) == Reason.ALREADY_ANSWERED
    other = respondent_for(event=form.event, user=None, token=token, browser_key="browser-2")
    response_submit(event=form.event, respondent=other, data=full_answer())
    assert Response.objects.count() == 2


def test_a_personal_link_holds_one_answer_per_registration(form):
    token = personal_link_token(form.event.pk, "registration:41")
    respondent = respondent_for(event=form.event, user=None, token=token, browser_key="any")
    assert respondent.proof == "registration:41"
    response_submit(event=form.event, respondent=respondent, data=full_answer())
    again = respondent_for(event=form.event, user=None, token=token, browser_key="another")
    with pytest.raises(FeedbackError):
        response_submit(event=form.event, respondent=again, data=full_answer())


def test_a_board_guest_answers_once_per_board_place(form):
    guest = ParticipantFactory(board=BoardFactory(event=form.event), user=None, guest_name="Gäst")
    respondent = respondent_for(event=form.event, user=None, board_guest_id=guest.pk)
    response_submit(event=form.event, respondent=respondent, data=full_answer())
    with pytest.raises(FeedbackError) as excinfo:
        response_submit(event=form.event, respondent=respondent, data=full_answer())
    assert reason_of(excinfo) == Reason.ALREADY_ANSWERED


def test_a_link_for_another_event_or_a_changed_one_is_refused(form):
    other = EventFactory()
    for token in (event_link_token(other.pk), event_link_token(form.event.pk) + "x", "junk"):
        with pytest.raises(FeedbackError) as excinfo:
            respondent_for(event=form.event, user=None, token=token, browser_key="b")
        assert reason_of(excinfo) == Reason.BAD_LINK


def test_a_guest_without_any_proof_is_not_a_participant(form):
    with pytest.raises(FeedbackError) as excinfo:
        respondent_for(event=form.event, user=None)
    assert reason_of(excinfo) == Reason.NOT_A_PARTICIPANT
    # The event's link alone (without the browser's key) is no proof either.
    with pytest.raises(FeedbackError):
        respondent_for(event=form.event, user=None, token=event_link_token(form.event.pk))


# --- The link after the event -------------------------------------------------------------------


def test_participants_hear_once_when_the_feedback_opens(form, registered, participant):
    ParticipantFactory(board=BoardFactory(event=form.event), user=participant)
    RegistrationFactory(event=form.event, status="cancelled")
    assert feedback_invitations_send() == 1
    told = Notification.objects.filter(kind=notifications.OPEN)
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [registered.pk, participant.pk]
    )
    assert feedback_invitations_send() == 0
    assert told.count() == 2


def test_no_invitation_before_the_form_opens(organiser, registered):
    form = FeedbackForm.objects.get(event=registered.event_registrations.get().event)
    form.opens_at = timezone.now() + timedelta(hours=2)
    form.save()
    assert feedback_invitations_send() == 0
    assert feedback_invitations_send(now=timezone.now() + timedelta(hours=3)) == 1


def test_registered_guests_get_their_personal_link_by_email(form):
    from common.models import OutgoingEmail
    from feedback.links import read_link_token
    from tests.registrations.factories import GuestRegistrationFactory

    guest = GuestRegistrationFactory(event=form.event, guest_email="gunilla@example.org")
    GuestRegistrationFactory(event=form.event, status="cancelled")
    assert feedback_invitations_send() == 1
    mail = OutgoingEmail.objects.get(category="feedback.guest_invitation")
    assert mail.to == "gunilla@example.org"
    token = mail.text.split("?t=", 1)[1].split()[0]
    claim = read_link_token(token)
    assert claim is not None and claim.holder == f"registration:{guest.pk}"
    respondent = respondent_for(event=form.event, user=None, token=token)
    response_submit(event=form.event, respondent=respondent, data=full_answer())
    assert feedback_invitations_send() == 0
    assert OutgoingEmail.objects.filter(category="feedback.guest_invitation").count() == 1
