"""Setting an event's feedback up: its window and introduction, whether it asks the
self-rating, and the organisers' own questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from events.models import Event
from feedback import permissions
from feedback.errors import FeedbackError, Reason
from feedback.models import (
    CHOICE_MAX,
    CHOICES_MAX,
    INTRO_MAX,
    LABEL_MAX,
    QUESTIONS_MAX,
    FeedbackForm,
    Question,
    QuestionKind,
)

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class FormInput:
    opens_at: datetime
    closes_at: datetime
    intro: str = ""
    self_rating: bool = True


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    label: str
    choices: list[str] = field(default_factory=list)
    required: bool = False


def _clean_text(value: str, name: str, limit: int, errors: Errors) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        errors[name] = [_("Högst %(n)d tecken.") % {"n": limit}]
    elif "\x00" in value:
        errors[name] = [_("Texten innehåller ett otillåtet tecken.")]
    return value


def feedback_form_set(*, actor: object, event: Event, data: FormInput) -> FeedbackForm:
    """Open (or change) the feedback of `event`. Moving the opening later than now tells
    the participants again when it opens."""
    if not permissions.can_manage_feedback(actor, event):
        raise ServiceError(ErrorCode.FORBIDDEN)
    errors: Errors = {}
    intro = _clean_text(data.intro, "intro", INTRO_MAX, errors)
    if data.closes_at <= data.opens_at:
        errors["closes_at"] = [_("Utvärderingen måste stänga efter att den öppnar.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        form = FeedbackForm.objects.filter(event=locked).first() or FeedbackForm(event=locked)
        if form.pk is not None and data.opens_at > timezone.now():
            form.invitations_sent_at = None
        form.opens_at = data.opens_at
        form.closes_at = data.closes_at
        form.intro = intro
        form.self_rating = data.self_rating
        form.save()
    return form


def _clean_question(data: QuestionInput) -> QuestionInput:
    errors: Errors = {}
    if data.kind not in QuestionKind.values:
        errors["kind"] = [_("Välj en typ av fråga.")]
    label = _clean_text(data.label, "label", LABEL_MAX, errors)
    if not label and "label" not in errors:
        errors["label"] = [_("Skriv frågan.")]
    choices: list[str] = []
    if data.kind == QuestionKind.CHOICE:
        for option in data.choices:
            option = " ".join(str(option).split())
            if option and option not in choices:
                choices.append(option)
        if len(choices) < 2 or len(choices) > CHOICES_MAX:
            errors["choices"] = [
                _("Ge mellan 2 och %(n)d olika svarsalternativ.") % {"n": CHOICES_MAX}
            ]
        elif any(len(option) > CHOICE_MAX for option in choices):
            errors["choices"] = [
                _("Varje alternativ får vara högst %(n)d tecken.") % {"n": CHOICE_MAX}
            ]
    if errors:
        raise ValidationError(errors)
    return QuestionInput(kind=data.kind, label=label, choices=choices, required=data.required)


def question_add(*, actor: object, form: FeedbackForm, data: QuestionInput) -> Question:
    """Add one of the organisers' own questions at the end of the form."""
    if not permissions.can_manage_feedback(actor, form.event):
        raise ServiceError(ErrorCode.FORBIDDEN)
    data = _clean_question(data)
    with transaction.atomic():
        locked = FeedbackForm.objects.select_for_update().get(pk=form.pk)
        existing = Question.objects.filter(form=locked)
        if existing.count() >= QUESTIONS_MAX:
            raise FeedbackError(Reason.TOO_MANY_QUESTIONS)
        last = existing.aggregate(last=Max("position"))["last"]
        return Question.objects.create(
            form=locked,
            kind=data.kind,
            label=data.label,
            choices=data.choices,
            required=data.required,
            position=0 if last is None else last + 1,
        )


def question_remove(*, actor: object, question: Question) -> None:
    """Take a question off the form, while no one has answered it."""
    if not permissions.can_manage_feedback(actor, question.form.event):
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.answers.exists():
            raise FeedbackError(Reason.HAS_ANSWERS)
        locked.delete()
