"""Reads of feedback: an event's form (to answer it or set it up), its results, and the
results across a forum series or a year.

Results are anonymous: no read here returns who answered. The figures of an event show to
signed-in people once at least `MIN_SHOWN` have answered (fewer, and they would tell what
each said); the free texts and the export are for those who run the event. Each read costs
the same number of queries whatever the number of answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from events.models import Event, ForumSeries
from feedback import permissions
from feedback.models import (
    DIMENSIONS,
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Dimension,
    FeedbackForm,
    Question,
    QuestionKind,
    Response,
)
from feedback.permissions import MIN_SHOWN

SCALE = tuple(range(SCALE_MIN, SCALE_MAX + 1))


def _percent(part: float | None, whole: float) -> float:
    return 0.0 if not part or not whole else round(100 * part / whole, 1)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what it stands for, its value and its length (0–100)."""

    label: str
    value: float | None
    percent: float
    count: int = 0


@dataclass(frozen=True)
class DimensionResult:
    name: str
    label: str
    average: float | None
    answered: int
    distribution: list[Bar]  # one per value 1–5, its count and share of the answers

    @property
    def percent(self) -> float:
        return _percent(self.average, SCALE_MAX)


@dataclass(frozen=True)
class YesNo:
    label: str
    yes: int
    no: int

    @property
    def answered(self) -> int:
        return self.yes + self.no

    @property
    def yes_percent(self) -> float:
        return _percent(self.yes, self.answered)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    average: float | None = None
    bars: list[Bar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class EventResults:
    form: FeedbackForm
    responses: int
    shown: bool  # the figures may be shown to this viewer
    texts_shown: bool  # and the free texts
    dimensions: list[DimensionResult] = field(default_factory=list)
    yes_no: list[YesNo] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def dimension_bars(self) -> list[Bar]:
        return [Bar(d.label, d.average, d.percent, d.answered) for d in self.dimensions]


def feedback_form_of(*, event: Event) -> FeedbackForm | None:
    """The event's form with its questions (two queries), or None."""
    return (
        FeedbackForm.objects.select_related("event")
        .prefetch_related("questions")
        .filter(event=event)
        .first()
    )


def feedback_state(form: FeedbackForm | None, now: datetime | None = None) -> str:
    """ "none", "upcoming", "open" or "closed"."""
    if form is None:
        return "none"
    now = now or timezone.now()
    if now < form.opens_at:
        return "upcoming"
    return "open" if now < form.closes_at else "closed"


def has_answered(*, form: FeedbackForm, user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and Response.objects.filter(form=form, respondent=user).exists()
    )


def _standard_aggregates() -> dict[str, Any]:
    aggregates: dict[str, Any] = {"n": Count("pk")}
    for name in DIMENSIONS:
        aggregates[f"{name}_avg"] = Avg(name)
        aggregates[f"{name}_n"] = Count(name)
        for value in SCALE:
            aggregates[f"{name}_{value}"] = Count("pk", filter=Q(**{name: value}))
    for name in ("learned_something_new", "new_contacts"):
        aggregates[f"{name}_yes"] = Count("pk", filter=Q(**{name: True}))
        aggregates[f"{name}_no"] = Count("pk", filter=Q(**{name: False}))
    return aggregates


def _dimensions(row: dict[str, Any]) -> list[DimensionResult]:
    results = []
    for name in DIMENSIONS:
        answered = row[f"{name}_n"]
        average = row[f"{name}_avg"]
        results.append(
            DimensionResult(
                name=name,
                label=str(Dimension(name).label),
                average=None if average is None else round(float(average), 2),
                answered=answered,
                distribution=[
                    Bar(
                        str(value),
                        row[f"{name}_{value}"],
                        _percent(row[f"{name}_{value}"], answered),
                        row[f"{name}_{value}"],
                    )
                    for value in SCALE
                ],
            )
        )
    return results


def _yes_no(row: dict[str, Any]) -> list[YesNo]:
    return [
        YesNo(
            _("Lärde sig något nytt"),
            row["learned_something_new_yes"],
            row["learned_something_new_no"],
        ),
        YesNo(_("Fick nya kontakter"), row["new_contacts_yes"], row["new_contacts_no"]),
    ]


def _question_results(form: FeedbackForm, *, texts: bool) -> list[QuestionResult]:
    """The organisers' questions with their answers counted (three queries at most)."""
    questions = list(Question.objects.filter(form=form))
    results = {question.pk: QuestionResult(question=question) for question in questions}
    counts = (
        Answer.objects.filter(question__form=form)
        .values("question", "choice", "scale")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_question: dict[int, dict[Any, int]] = defaultdict(dict)
    for row in counts:
        key = row["choice"] if row["scale"] is None else row["scale"]
        by_question[row["question"]][key] = row["n"]
    for question in questions:
        result = results[question.pk]
        seen = by_question.get(question.pk, {})
        result.answered = sum(seen.values())
        if question.kind == QuestionKind.CHOICE:
            result.bars = [
                Bar(option, seen.get(option, 0), _percent(seen.get(option, 0), result.answered))
                for option in question.choices
            ]
        elif question.kind == QuestionKind.SCALE:
            total = sum(value * n for value, n in seen.items() if isinstance(value, int))
            result.average = round(total / result.answered, 2) if result.answered else None
            result.bars = [
                Bar(
                    str(v),
                    seen.get(v, 0),
                    _percent(seen.get(v, 0), result.answered),
                    seen.get(v, 0),
                )
                for v in SCALE
            ]
    if texts:
        rows = (
            Answer.objects.filter(question__form=form, question__kind=QuestionKind.TEXT)
            .exclude(text="")
            .values_list("question", "text")
            .order_by("?")  # no order that hints at who wrote what
        )
        for question_id, text in rows:
            results[question_id].texts.append(text)
    return [results[question.pk] for question in questions]


def feedback_results(*, event: Event, viewer: Any) -> EventResults | None:
    """The results of `event`'s feedback for `viewer`, or None when it has none. Refused to
    anyone who may not see them at all."""
    form = FeedbackForm.objects.select_related("event").filter(event=event).first()
    if form is None:
        return None
    if not permissions.can_see_feedback_figures(viewer):
        raise ServiceError(ErrorCode.FORBIDDEN)
    row = Response.objects.filter(form=form).aggregate(**_standard_aggregates())
    manager = bool(permissions.can_see_feedback_texts(viewer, event))
    results = EventResults(
        form=form,
        responses=row["n"],
        shown=manager or row["n"] >= MIN_SHOWN,
        texts_shown=manager,
    )
    if not results.shown:
        return results
    if form.self_rating:
        results.dimensions = _dimensions(row)
        results.yes_no = _yes_no(row)
    results.questions = _question_results(form, texts=manager)
    if manager:
        results.comments = list(
            Response.objects.filter(form=form)
            .exclude(comment="")
            .order_by("?")
            .values_list("comment", flat=True)
        )
    return results


def feedback_export_rows(*, event: Event, viewer: Any) -> tuple[list[Question], QuerySet[Response]]:
    """Every answer (without who gave it or when) for the event's CSV, for those who run it."""
    if not permissions.can_see_feedback_texts(viewer, event):
        raise ServiceError(ErrorCode.FORBIDDEN)
    form = FeedbackForm.objects.filter(event=event).first()
    if form is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    questions = list(Question.objects.filter(form=form))
    responses = (
        Response.objects.filter(form=form)
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("question_id")))
        .order_by("?")
    )
    return questions, responses


# --- Across a series or a year ----------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    event: Event
    responses: int
    shown: bool
    averages: list[Bar]  # one per dimension
    learned_percent: float
    contacts_percent: float


@dataclass
class Overview:
    title: str
    rows: list[OverviewRow]
    responses: int
    averages: list[Bar]  # over every answer in the selection (where enough answered)
    learned_percent: float
    contacts_percent: float
    # One chart per dimension: a bar per event, its average.
    charts: list[tuple[str, list[Bar]]] = field(default_factory=list)


def _averages(source: dict[str, Any], prefix: str = "") -> list[Bar]:
    bars = []
    for name in DIMENSIONS:
        value = source.get(f"{prefix}{name}")
        value = None if value is None else round(float(value), 2)
        bars.append(Bar(str(Dimension(name).label), value, _percent(value, SCALE_MAX)))
    return bars


def _annotations() -> dict[str, Any]:
    path = "feedback_form__responses__"
    annotations: dict[str, Any] = {"n": Count(f"{path}pk")}
    for name in DIMENSIONS:
        annotations[f"avg_{name}"] = Avg(f"{path}{name}")
    for name in ("learned_something_new", "new_contacts"):
        annotations[f"{name}_yes"] = Count(f"{path}pk", filter=Q(**{f"{path}{name}": True}))
        annotations[f"{name}_n"] = Count(f"{path}{name}")
    return annotations


def feedback_overview(
    *, viewer: Any, series: ForumSeries | None = None, year: int | None = None
) -> Overview:
    """The feedback of every event of a forum series (its meetings in order) or of a year:
    two queries however many events and answers."""
    if not permissions.can_see_overview(viewer):
        raise ServiceError(ErrorCode.FORBIDDEN)
    events = Event.objects.filter(feedback_form__isnull=False)
    if series is not None:
        events = events.filter(series=series).order_by("series_number", "starts_at", "pk")
        title = series.title
    elif year is not None:
        events = events.filter(starts_at__year=year).order_by("starts_at", "pk")
        title = str(year)
    else:
        raise ValueError("a series or a year")
    rows = []
    for event in events.annotate(**_annotations()):
        figures: Any = event  # with the annotations above
        shown = figures.n >= MIN_SHOWN
        averages = _averages(
            {name: getattr(event, f"avg_{name}") if shown else None for name in DIMENSIONS}
        )
        rows.append(
            OverviewRow(
                event=event,
                responses=figures.n,
                shown=shown,
                averages=averages,
                learned_percent=_percent(
                    figures.learned_something_new_yes, figures.learned_something_new_n
                )
                if shown
                else 0.0,
                contacts_percent=_percent(figures.new_contacts_yes, figures.new_contacts_n)
                if shown
                else 0.0,
            )
        )
    counted = [row.event.pk for row in rows if row.shown]
    total = Response.objects.filter(form__event__in=counted).aggregate(
        n=Count("pk"),
        **{name: Avg(name) for name in DIMENSIONS},
        learned_yes=Count("pk", filter=Q(learned_something_new=True)),
        learned_n=Count("learned_something_new"),
        contacts_yes=Count("pk", filter=Q(new_contacts=True)),
        contacts_n=Count("new_contacts"),
    )
    charts = [
        (
            str(Dimension(name).label),
            [
                Bar(row.event.title, row.averages[index].value, row.averages[index].percent)
                for row in rows
                if row.shown
            ],
        )
        for index, name in enumerate(DIMENSIONS)
    ]
    return Overview(
        title=title,
        rows=rows,
        responses=total["n"],
        averages=_averages(total),
        learned_percent=_percent(total["learned_yes"], total["learned_n"]),
        contacts_percent=_percent(total["contacts_yes"], total["contacts_n"]),
        charts=charts,
    )


def question_get(*, event: Event, pk: Any) -> Question:
    """One of the organisers' questions on `event`'s form (else not found)."""
    question = (
        Question.objects.select_related("form__event").filter(pk=pk, form__event=event).first()
    )
    if question is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return question
