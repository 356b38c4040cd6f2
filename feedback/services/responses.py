"""Answering an event's feedback: once per person, while it is open, for those who took part.

Refusals, each with its own reason and nothing written: no form, not open yet, closed, not a
participant, answered already (checked first, and held by the database's unique constraints
against two submits at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.ratelimit import rate_limit_check
from events.models import Event
from feedback import participation
from feedback.errors import FeedbackError, Reason
from feedback.models import (
    COMMENT_MAX,
    DIMENSIONS,
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    FeedbackForm,
    Question,
    QuestionKind,
    Response,
)
from feedback.services.respondents import Respondent, guest_key

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class ResponseInput:
    """One answer: the five ratings (by dimension), the two yes/no questions, a free text,
    and the answers to the organisers' questions by question id (text, choice or a number)."""

    ratings: dict[str, int | None] = field(default_factory=dict)
    learned_something_new: bool | None = None
    new_contacts: bool | None = None
    comment: str = ""
    answers: dict[int, Any] = field(default_factory=dict)


def form_for(event: Event) -> FeedbackForm:
    form = FeedbackForm.objects.select_related("event").filter(event=event).first()
    if form is None:
        raise FeedbackError(Reason.NO_FORM)
    return form


def check_window(form: FeedbackForm, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if now < form.opens_at:
        raise FeedbackError(Reason.NOT_YET_OPEN, opens_at=form.opens_at.isoformat())
    if now >= form.closes_at:
        raise FeedbackError(Reason.CLOSED)


def check_respondent(form: FeedbackForm, respondent: Respondent) -> None:
    """Refuse a person who did not take part (and came without the link), and anyone who
    answered already."""
    if respondent.is_guest:
        if not respondent.proof:
            raise FeedbackError(Reason.NOT_A_PARTICIPANT)
        answered = Response.objects.filter(
            form=form, guest_key=guest_key(form.pk, respondent.proof)
        ).exists()
    else:
        if not respondent.via_link and not participation.took_part(form.event, respondent.user):
            raise FeedbackError(Reason.NOT_A_PARTICIPANT)
        answered = Response.objects.filter(form=form, respondent=respondent.user).exists()
    if answered:
        raise FeedbackError(Reason.ALREADY_ANSWERED)


def _scale_error(value: Any) -> bool:
    return (
        isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX
    )


def _clean_standard(form: FeedbackForm, data: ResponseInput, errors: Errors) -> dict[str, Any]:
    if not form.self_rating:
        return {}
    values: dict[str, Any] = {}
    unknown = set(data.ratings) - set(DIMENSIONS)
    if unknown:
        errors["ratings"] = [_("Okända frågor: %(names)s.") % {"names": ", ".join(sorted(unknown))}]
    for name in DIMENSIONS:
        value = data.ratings.get(name)
        if value is None or _scale_error(value):
            errors[name] = [_("Välj ett värde från 1 till 5.")]
        values[name] = value
    for name in ("learned_something_new", "new_contacts"):
        value = getattr(data, name)
        if not isinstance(value, bool):
            errors[name] = [_("Svara ja eller nej.")]
        values[name] = value
    return values


def _clean_comment(value: str, name: str, errors: Errors) -> str:
    value = (value or "").strip()
    if len(value) > COMMENT_MAX:
        errors[name] = [_("Högst %(n)d tecken.") % {"n": COMMENT_MAX}]
    elif "\x00" in value:
        errors[name] = [_("Texten innehåller ett otillåtet tecken.")]
    return value


def _clean_answer(question: Question, value: Any, errors: Errors) -> dict[str, Any] | None:
    """The answer's fields, or None when the question was left blank."""
    name = f"question_{question.pk}"
    blank = value is None or (isinstance(value, str) and not value.strip())
    if blank:
        if question.required:
            errors[name] = [_("Den här frågan måste besvaras.")]
        return None
    if question.kind == QuestionKind.TEXT:
        return {"text": _clean_comment(str(value), name, errors)}
    if question.kind == QuestionKind.CHOICE:
        if value not in question.choices:
            errors[name] = [_("Välj ett av alternativen.")]
        return {"choice": str(value)}
    if _scale_error(value):
        errors[name] = [_("Välj ett värde från 1 till 5.")]
    return {"scale": value}


def response_submit(
    *, event: Event, respondent: Respondent, data: ResponseInput, client_key: str = ""
) -> Response:
    """Store one person's answer to the feedback of `event`."""
    if respondent.is_guest:
        rate_limit_check(scope="feedback_guest", key=client_key or "anonymous")
    form = form_for(event)
    check_window(form)
    check_respondent(form, respondent)
    errors: Errors = {}
    standard = _clean_standard(form, data, errors)
    comment = _clean_comment(data.comment, "comment", errors)
    questions = list(form.questions.all())
    known = {question.pk for question in questions}
    if set(data.answers) - known:
        errors["answers"] = [_("Svaren gäller frågor som inte finns i utvärderingen.")]
    answers = [
        (question, _clean_answer(question, data.answers.get(question.pk), errors))
        for question in questions
    ]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                form=form,
                respondent=None if respondent.is_guest else respondent.user,
                guest_key=guest_key(form.pk, respondent.proof) if respondent.is_guest else "",
                comment=comment,
                **standard,
            )
            Answer.objects.bulk_create(
                Answer(response=response, question=question, **fields)
                for question, fields in answers
                if fields is not None
            )
    except IntegrityError:  # a second submit at the same moment
        raise FeedbackError(Reason.ALREADY_ANSWERED) from None
    return response


def answer_refusal(*, form: FeedbackForm, respondent: Respondent | None) -> FeedbackError | None:
    """Why `respondent` could not answer `form` now (None: they can), to say so before they
    start rather than after (no respondent: came without anything that shows they took part)."""
    try:
        check_window(form)
        if respondent is None:
            raise FeedbackError(Reason.NOT_A_PARTICIPANT)
        check_respondent(form, respondent)
    except FeedbackError as refusal:
        return refusal
    return None
