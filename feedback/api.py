"""The REST API of feedback (see docs/api.md, "Feedback", and docs/feedback.md).

An event's form is at `/events/{id}/feedback/` (GET for anyone; PUT sets it up, for its
organisers), its own questions at `/events/{id}/feedback/questions/`, answers go to
`/events/{id}/feedback/responses/` and the results are at `/events/{id}/feedback/results/`;
across a forum series or a year at `/feedback/series/{id}/` and `/feedback/years/{year}/`.
Every write goes through `feedback.services`.

A signed-in person answers as themselves. A guest without an account answers with the
personal link token from their email (`token`); the event's public link (its QR code) is
for browsers, which keep a key of their own in their session (the answer page).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import CharField, IntegerField, enum_field, error_responses, parse_body
from common.api_errors import ErrorOut
from common.errors import ErrorCode, ServiceError
from common.http import client_ip
from events.selectors import event_get, forum_series_get
from feedback.models import (
    CHOICE_MAX,
    CHOICES_MAX,
    COMMENT_MAX,
    DIMENSIONS,
    INTRO_MAX,
    LABEL_MAX,
    SCALE_MAX,
    SCALE_MIN,
    QuestionKind,
)
from feedback.selectors import (
    EventResults,
    Overview,
    feedback_form_of,
    feedback_overview,
    feedback_results,
    feedback_state,
    has_answered,
    question_get,
)
from feedback.services import (
    FormInput,
    QuestionInput,
    ResponseInput,
    feedback_form_set,
    question_add,
    question_remove,
    respondent_for,
    response_submit,
)
from hub.api import signed_in

QuestionKindField = enum_field(QuestionKind, "FeedbackQuestionKind")
TAGS = ["feedback"]


class FeedbackErrorOut(ErrorOut):
    reason = CharField(
        required=False,
        help_text="What exactly was refused: `no_form`, `not_yet_open`, `closed`, "
        "`already_answered`, `not_a_participant`, `bad_link`, `has_answers` or "
        "`too_many_questions`.",
    )


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    responses = error_responses(*codes)
    for code in {403, 404, 409} & set(codes):
        responses[code] = OpenApiResponse(
            FeedbackErrorOut, description=f"{responses[code].description} May carry a `reason`."
        )
    return responses


# --- Output ----------------------------------------------------------------------------------


class QuestionOut(serializers.Serializer):
    id = IntegerField()
    kind = QuestionKindField()
    text = CharField(source="label", help_text="The question.")
    choices = serializers.ListField(child=CharField())
    is_required = serializers.BooleanField(source="required")


class FormOut(serializers.Serializer):
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    state = serializers.ChoiceField(["upcoming", "open", "closed"])
    intro = CharField()
    self_rating = serializers.BooleanField(
        help_text="Asks the five ratings (1–5) and the two yes/no questions."
    )
    dimensions = serializers.ListField(child=CharField())
    questions = QuestionOut(many=True)
    answered = serializers.BooleanField(help_text="You (signed in) answered already.")


class BarOut(serializers.Serializer):
    name = CharField(source="label", help_text="What the bar stands for.")
    value = serializers.FloatField(allow_null=True)
    percent = serializers.FloatField()


class DimensionOut(serializers.Serializer):
    name = CharField()
    title = CharField(source="label")
    average = serializers.FloatField(allow_null=True)
    answered = IntegerField()
    distribution = BarOut(many=True, help_text="Per value 1–5: the count and its share.")


class YesNoOut(serializers.Serializer):
    question = CharField(source="label")
    yes = IntegerField()
    no = IntegerField()


class QuestionResultOut(serializers.Serializer):
    question = QuestionOut()
    answered = IntegerField()
    average = serializers.FloatField(allow_null=True)
    bars = BarOut(many=True)
    texts = serializers.ListField(child=CharField(), help_text="Organisers only.")


class ResultsOut(serializers.Serializer):
    responses = IntegerField()
    shown = serializers.BooleanField(help_text="False while too few answered to show figures.")
    texts_shown = serializers.BooleanField()
    dimensions = DimensionOut(many=True)
    yes_no = YesNoOut(many=True)
    comments = serializers.ListField(child=CharField(), help_text="Organisers only.")
    questions = QuestionResultOut(many=True)


class OverviewRowOut(serializers.Serializer):
    event = IntegerField(source="event.pk")
    title = CharField(source="event.title")
    starts_at = serializers.DateTimeField(source="event.starts_at")
    responses = IntegerField()
    shown = serializers.BooleanField()
    averages = BarOut(many=True)
    learned_percent = serializers.FloatField()
    contacts_percent = serializers.FloatField()


class OverviewOut(serializers.Serializer):
    title = CharField()
    responses = IntegerField()
    averages = BarOut(many=True)
    learned_percent = serializers.FloatField()
    contacts_percent = serializers.FloatField()
    rows = OverviewRowOut(many=True)


# --- Input -----------------------------------------------------------------------------------


class FormIn(serializers.Serializer):
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    intro = CharField(max_length=INTRO_MAX, required=False, allow_blank=True, default="")
    self_rating = serializers.BooleanField(default=True)


class QuestionIn(serializers.Serializer):
    kind = QuestionKindField()
    text = CharField(max_length=LABEL_MAX, help_text="The question.")
    choices = serializers.ListField(
        child=CharField(max_length=CHOICE_MAX),
        max_length=CHOICES_MAX,
        required=False,
        default=list,
        help_text="For `choice`: 2 to 12 options.",
    )
    is_required = serializers.BooleanField(default=False)


class AnswerIn(serializers.Serializer):
    question = IntegerField()
    value = serializers.JSONField(help_text="Text, one of the choices, or a number 1–5.")


class RatingsIn(serializers.Serializer):
    creativity = IntegerField(min_value=SCALE_MIN, max_value=SCALE_MAX)
    engagement = IntegerField(min_value=SCALE_MIN, max_value=SCALE_MAX)
    inclusion = IntegerField(min_value=SCALE_MIN, max_value=SCALE_MAX)
    quality = IntegerField(min_value=SCALE_MIN, max_value=SCALE_MAX)
    inspiration = IntegerField(min_value=SCALE_MIN, max_value=SCALE_MAX)


class ResponseIn(serializers.Serializer):
    ratings = RatingsIn(required=False, help_text="Required when the form asks self-rating.")
    learned_something_new = serializers.BooleanField(required=False, allow_null=True, default=None)
    new_contacts = serializers.BooleanField(required=False, allow_null=True, default=None)
    comment = CharField(max_length=COMMENT_MAX, required=False, allow_blank=True, default="")
    answers = AnswerIn(many=True, required=False, default=list)
    token = CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="A guest's personal link token (the `t` of the link in their email).",
    )


class ResponseOut(serializers.Serializer):
    id = IntegerField()
    submitted_at = serializers.DateTimeField()


# --- Views -----------------------------------------------------------------------------------


def _form_data(request: Request, pk: int) -> dict[str, Any]:
    event = event_get(pk=pk)
    form = feedback_form_of(event=event)
    if form is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return {
        "opens_at": form.opens_at,
        "closes_at": form.closes_at,
        "state": feedback_state(form),
        "intro": form.intro,
        "self_rating": form.self_rating,
        "dimensions": list(DIMENSIONS),
        "questions": list(form.questions.all()),
        "answered": has_answered(form=form, user=request.user),
    }


class FeedbackFormApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="An event's feedback form",
        description="Its window, its questions, and whether you answered.",
        responses={200: FormOut, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(FormOut(_form_data(request, pk)).data)

    @extend_schema(
        tags=TAGS,
        summary="Set up the event's feedback (organisers, facilitators)",
        request=FormIn,
        responses={200: FormOut, **errors(400, 403, 404)},
    )
    def put(self, request: Request, pk: int) -> Response:
        if not request.user.is_authenticated:
            raise ServiceError(ErrorCode.FORBIDDEN)
        event = event_get(pk=pk)
        data = parse_body(FormIn, request)
        feedback_form_set(actor=signed_in(request), event=event, data=FormInput(**data))
        return Response(FormOut(_form_data(request, pk)).data)


class FeedbackQuestionsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Add a question of your own (organisers, facilitators)",
        request=QuestionIn,
        responses={201: QuestionOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = event_get(pk=pk)
        form = feedback_form_of(event=event)
        if form is None:
            raise ServiceError(ErrorCode.NOT_FOUND)
        data = parse_body(QuestionIn, request)
        question = question_add(
            actor=signed_in(request),
            form=form,
            data=QuestionInput(
                kind=data["kind"],
                label=data["text"],
                choices=data["choices"],
                required=data["is_required"],
            ),
        )
        return Response(QuestionOut(question).data, status=status.HTTP_201_CREATED)


class FeedbackQuestionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Remove a question no one has answered (organisers, facilitators)",
        responses={204: None, **errors(403, 404, 409)},
    )
    def delete(self, request: Request, pk: int, question_pk: int) -> Response:
        question = question_get(event=event_get(pk=pk), pk=question_pk)
        question_remove(actor=signed_in(request), question=question)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FeedbackResponseApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="Answer the event's feedback",
        description="Once per person, while it is open, for those who took part. A guest "
        "sends their personal link `token`. Anonymous in every result.",
        request=ResponseIn,
        responses={201: ResponseOut, **errors(400, 403, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        event = event_get(pk=pk)
        data = parse_body(ResponseIn, request)
        respondent = respondent_for(event=event, user=request.user, token=data["token"])
        answers: dict[int, Any] = {}
        for answer in data["answers"]:
            answers[answer["question"]] = answer["value"]
        response = response_submit(
            event=event,
            respondent=respondent,
            data=ResponseInput(
                ratings=dict(data.get("ratings") or {}),
                learned_something_new=data["learned_something_new"],
                new_contacts=data["new_contacts"],
                comment=data["comment"],
                answers=answers,
            ),
            client_key=client_ip(request),
        )
        return Response(ResponseOut(response).data, status=status.HTTP_201_CREATED)


def _results(results: EventResults) -> dict[str, Any]:
    return dict(ResultsOut(results).data)


class FeedbackResultsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="The results of the event's feedback",
        description="Anonymous. Figures once enough answered; free texts for organisers.",
        responses={200: ResultsOut, **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        results = feedback_results(event=event_get(pk=pk), viewer=request.user)
        if results is None:
            raise ServiceError(ErrorCode.NOT_FOUND)
        return Response(_results(results))


def _overview(overview: Overview) -> dict[str, Any]:
    return dict(OverviewOut(overview).data)


class SeriesOverviewApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Feedback across a forum series, meeting by meeting",
        responses={200: OverviewOut, **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        series = forum_series_get(pk=pk)
        return Response(_overview(feedback_overview(viewer=request.user, series=series)))


class YearOverviewApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Feedback across a year, event by event",
        responses={200: OverviewOut, **errors(403, 404)},
    )
    def get(self, request: Request, year: int) -> Response:
        if not 2000 <= year <= 2100:
            raise ServiceError(ErrorCode.NOT_FOUND)
        return Response(_overview(feedback_overview(viewer=request.user, year=year)))
