"""Feedback after the events that are over, and the fair's survey: each form opened by the
processtöd before the event ends, and each answer given through the feedback services as of
a moment after it, by a registered person, a registered guest (their personal link) or a
visitor who scanned the QR code (a browser of their own)."""

from __future__ import annotations

from datetime import timedelta

from demo.builder.state import Build
from demo.clock import as_of
from demo.specs import FeedbackAnswerSpec, FeedbackSpec
from events.models import Event
from feedback.links import event_link_token, personal_link_token
from feedback.models import DIMENSIONS
from feedback.services import (
    FormInput,
    QuestionInput,
    ResponseInput,
    feedback_form_set,
    question_add,
    respondent_for,
    response_submit,
)
from feedback.services.respondents import Respondent
from registrations.models import Registration

ANSWER_EVERY = timedelta(minutes=7)  # answers trickle in after the last session


def build_feedback(build: Build) -> None:
    for spec in build.content.feedback:
        with build.step(spec.where):
            _form(build, spec)


def _form(build: Build, spec: FeedbackSpec) -> None:
    event = build.events[spec.event]
    opens = event.ends_at - timedelta(hours=spec.opens_hours_before_end)
    with as_of(build.timeline.past(opens - timedelta(days=1))):
        form = feedback_form_set(
            actor=build.facilitator,
            event=event,
            data=FormInput(
                opens_at=opens,
                closes_at=event.ends_at + timedelta(days=spec.open_days),
                intro=spec.intro,
                self_rating=spec.self_rating,
            ),
        )
        questions = [
            question_add(
                actor=build.facilitator,
                form=form,
                data=QuestionInput(
                    kind=q.kind, label=q.text, choices=list(q.choices), required=q.required
                ),
            )
            for q in spec.questions
        ]
    for n, answer in enumerate(spec.answers):
        data = ResponseInput(
            ratings=dict(zip(DIMENSIONS, answer.ratings, strict=True)) if answer.ratings else {},
            learned_something_new=answer.learned,
            new_contacts=answer.contacts,
            comment=answer.comment,
            answers={
                q.pk: value
                for q, value in zip(questions, answer.answers, strict=False)
                if value != ""
            },
        )
        with as_of(build.timeline.past(opens + ANSWER_EVERY * (n + 1))):
            response_submit(event=event, respondent=_respondent(build, event, answer, n), data=data)
    build.summary.feedback_answers += len(spec.answers)


def _respondent(build: Build, event: Event, answer: FeedbackAnswerSpec, n: int) -> Respondent:
    if answer.by == "guest":
        return respondent_for(
            event=event, user=None, token=event_link_token(event.pk), browser_key=f"demo-{n}"
        )
    if "@" in answer.by:
        registration = Registration.objects.get(
            event=event, person__isnull=True, guest_email=answer.by
        )
        token = personal_link_token(event.pk, f"registration:{registration.pk}")
        return respondent_for(event=event, user=None, token=token)
    return respondent_for(event=event, user=build.people[answer.by])
