"""Forms of feedback: answering (the self-rating and the organisers' questions, built from
the form), and setting it up (the window, and a question at a time)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import (
    CHOICES_MAX,
    COMMENT_MAX,
    DIMENSIONS,
    INTRO_MAX,
    LABEL_MAX,
    SCALE_MAX,
    SCALE_MIN,
    Dimension,
    FeedbackForm,
    QuestionKind,
)
from feedback.services import FormInput, QuestionInput, ResponseInput
from frontend.forms.assessment import DATETIME_LOCAL
from frontend.forms.base import HubForm

SCALE_CHOICES = [(str(value), str(value)) for value in range(SCALE_MIN, SCALE_MAX + 1)]
YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]
SCALE_HINT = _("1 är lägst och 5 högst.")


def _scale_field(label: Any, *, required: bool) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        help_text=SCALE_HINT,
        error_messages={"required": _("Välj ett värde från 1 till 5.")},
    )


def _yes_no_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Svara ja eller nej.")},
    )


class FeedbackAnswerForm(HubForm):
    """The form a participant answers, with a field per question of `feedback_form`."""

    def __init__(self, *args: Any, feedback_form: FeedbackForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.feedback_form = feedback_form
        if feedback_form.self_rating:
            for name in DIMENSIONS:
                self.fields[name] = _scale_field(Dimension(name).label, required=True)
            self.fields["learned_something_new"] = _yes_no_field(_("Lärde du dig något nytt?"))
            self.fields["new_contacts"] = _yes_no_field(_("Fick du nya kontakter?"))
        for question in feedback_form.questions.all():
            name = f"question_{question.pk}"
            if question.kind == QuestionKind.SCALE:
                self.fields[name] = _scale_field(question.label, required=question.required)
            elif question.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.label,
                    choices=[(option, option) for option in question.choices],
                    required=question.required,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Den här frågan måste besvaras.")},
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.label,
                    required=question.required,
                    max_length=COMMENT_MAX,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages={"required": _("Den här frågan måste besvaras.")},
                )
        self.fields["comment"] = forms.CharField(
            label=_("Något mer du vill säga till arrangörerna?"),
            required=False,
            max_length=COMMENT_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Svaren är anonyma: arrangörerna ser inte vem som skrev vad."),
        )

    @property
    def rating_fields(self) -> list[Any]:
        return [self[name] for name in DIMENSIONS if name in self.fields]

    @property
    def question_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("question_")]

    def to_input(self) -> ResponseInput:
        data = self.cleaned_data
        yes_no = {"yes": True, "no": False}
        answers = {}
        for name, value in data.items():
            if name.startswith("question_") and value not in (None, ""):
                answers[int(name.removeprefix("question_"))] = value
        return ResponseInput(
            ratings={name: data[name] for name in DIMENSIONS if name in data},
            learned_something_new=yes_no.get(data.get("learned_something_new") or ""),
            new_contacts=yes_no.get(data.get("new_contacts") or ""),
            comment=data.get("comment", ""),
            answers=answers,
        )


def _when_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={
            "invalid": _("Ange datum och tid, till exempel 2027-02-14 13:00."),
            "required": _("Ange datum och tid."),
        },
    )


class FeedbackSetupForm(HubForm):
    opens_at = _when_field(_("Öppnar"))
    closes_at = _when_field(_("Stänger"))
    intro = forms.CharField(
        label=_("Inledning"),
        required=False,
        max_length=INTRO_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visas överst i formuläret, till exempel vad svaren används till."),
    )
    self_rating = forms.BooleanField(
        label=_("Fråga om självskattning"),
        required=False,
        help_text=_(
            "Kreativitet, engagemang, inkludering, kvalitet och inspiration (1–5), om man lärt "
            "sig något nytt och fått nya kontakter. Stäng av för en ren enkät."
        ),
    )

    @classmethod
    def initial_for(cls, form: FeedbackForm | None, event: Any) -> dict[str, Any]:
        if form is None:
            return {
                "opens_at": event.ends_at - timedelta(minutes=15),
                "closes_at": event.ends_at + timedelta(days=7),
                "self_rating": True,
            }
        return {
            "opens_at": form.opens_at,
            "closes_at": form.closes_at,
            "intro": form.intro,
            "self_rating": form.self_rating,
        }

    def to_input(self) -> FormInput:
        data = self.cleaned_data
        return FormInput(
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            intro=data["intro"],
            self_rating=data["self_rating"],
        )


class QuestionForm(HubForm):
    label = forms.CharField(label=_("Fråga"), max_length=LABEL_MAX)
    kind = forms.ChoiceField(label=_("Typ av svar"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Svarsalternativ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bara för val: ett alternativ per rad, 2 till %(n)d stycken.")
        % {"n": CHOICES_MAX},
    )
    required = forms.BooleanField(label=_("Måste besvaras"), required=False)

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(
            kind=data["kind"],
            label=data["label"],
            choices=[line for line in data["choices"].splitlines() if line.strip()],
            required=data["required"],
        )
