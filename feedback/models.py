"""Participant feedback (självskattning) after a meeting or session, and surveys.

An event's organisers open one feedback form for it (`FeedbackForm`) for a period they set.
It asks the partnership's own self-rating – creativity, engagement, inclusion, quality and
inspiration on a scale of 1 to 5, "did you learn something new?", "did you make new
contacts?" and a free text – and any questions the organisers add (`Question`: free text, a
choice, or 1–5), so the same form serves a survey at a fair.

One answer (`Response`) per person: a person with an account by the account, a guest by a
key derived from the proof they came with (a personal link, the board's guest pass, or the
browser that opened the event's link; `services/respondents.py`). The key is a keyed hash:
results are anonymous, and the table cannot tell which guest wrote what.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event

INTRO_MAX = 1000
COMMENT_MAX = 2000
LABEL_MAX = 300
CHOICE_MAX = 100
CHOICES_MAX = 12
QUESTIONS_MAX = 20
SCALE_MIN = 1
SCALE_MAX = 5


class Dimension(models.TextChoices):
    """The five things every meeting is rated on, as the partnership reports them."""

    CREATIVITY = "creativity", _("Kreativitet")
    ENGAGEMENT = "engagement", _("Engagemang")
    INCLUSION = "inclusion", _("Inkludering")
    QUALITY = "quality", _("Kvalitet")
    INSPIRATION = "inspiration", _("Inspiration")


DIMENSIONS: tuple[str, ...] = tuple(Dimension.values)


def _scale(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )


class FeedbackForm(models.Model):
    """The feedback an event asks for, and when it takes answers."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="feedback_form", verbose_name=_("evenemang")
    )
    opens_at = models.DateTimeField(_("öppnar"))
    closes_at = models.DateTimeField(_("stänger"))
    intro = models.TextField(
        _("inledning"),
        blank=True,
        max_length=INTRO_MAX,
        validators=[MaxLengthValidator(INTRO_MAX)],
    )
    self_rating = models.BooleanField(
        _("fråga om självskattning"),
        default=True,
        help_text=_(
            "Kreativitet, engagemang, inkludering, kvalitet och inspiration (1–5), om man lärt "
            "sig något nytt och fått nya kontakter. Stäng av för en ren enkät."
        ),
    )
    # When participants were told that the form is open (the periodic task, once).
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="feedback_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Fritext")
    CHOICE = "choice", _("Val")
    SCALE = "scale", _("Skala 1–5")


class Question(models.Model):
    """A question the organisers added to the form."""

    form = models.ForeignKey(
        FeedbackForm,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("utvärdering"),
    )
    kind = models.CharField(_("typ"), max_length=10, choices=QuestionKind.choices)
    label = models.CharField(_("fråga"), max_length=LABEL_MAX)
    # For a choice: the options, in order.
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)
    required = models.BooleanField(_("måste besvaras"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One person's answer to a feedback form. Results never say whose."""

    form = models.ForeignKey(
        FeedbackForm,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("utvärdering"),
    )
    # Who answered, to hold "one answer per person"; never shown with the answer. Emptied
    # when the account goes (the answer still counts).
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_responses",
        verbose_name=_("svarande"),
    )
    # A guest's key: a keyed hash of their proof (services/respondents.py), "" for a person.
    guest_key = models.CharField(max_length=64, blank=True, editable=False)
    creativity = _scale(_("kreativitet"))
    engagement = _scale(_("engagemang"))
    inclusion = _scale(_("inkludering"))
    quality = _scale(_("kvalitet"))
    inspiration = _scale(_("inspiration"))
    learned_something_new = models.BooleanField(_("lärde sig något nytt"), null=True, blank=True)
    new_contacts = models.BooleanField(_("fick nya kontakter"), null=True, blank=True)
    comment = models.TextField(
        _("kommentar"),
        blank=True,
        max_length=COMMENT_MAX,
        validators=[MaxLengthValidator(COMMENT_MAX)],
    )
    submitted_at = models.DateTimeField(_("svarade"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["pk"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["form", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="one_feedback_per_person",
            ),
            models.UniqueConstraint(
                fields=["form", "guest_key"],
                condition=~models.Q(guest_key=""),
                name="one_feedback_per_guest",
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__isnull": True})
                    | models.Q(**{f"{name}__gte": SCALE_MIN, f"{name}__lte": SCALE_MAX}),
                    name=f"feedback_{name}_on_the_scale",
                )
                for name in DIMENSIONS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} #{self.pk}"


class Answer(models.Model):
    """The answer to one of the organisers' questions."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(
        blank=True, max_length=COMMENT_MAX, validators=[MaxLengthValidator(COMMENT_MAX)]
    )
    choice = models.CharField(max_length=CHOICE_MAX, blank=True)
    scale = _scale(_("värde"))

    class Meta:
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text or self.choice or self.scale}"
