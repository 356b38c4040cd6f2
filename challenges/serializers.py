"""The serializers of the challenges API (challenges/api.py): what goes in and comes out."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from challenges.models import (
    ABSTRACT_MAX,
    CONTEXT_MAX,
    MESSAGE_MAX,
    MOTIVATION_MAX,
    NAME_MAX,
    PLACES_MAX,
    QUESTION_MAX,
    TITLE_MAX,
    ApplicationStatus,
    Challenge,
    ChallengeStatus,
    Discipline,
    Format,
    Level,
)
from challenges.services import ChallengeInput
from common.api import enum_field, error_responses
from common.api_errors import ErrorOut
from hub.models import FocusArea, Organisation, SocietalGoal, User
from ideas.models import Idea
from portfolio.models import PortfolioInitiative

TAGS = ["challenges"]
StatusField = enum_field(ChallengeStatus, "ChallengeStatus")
ApplicationStatusField = enum_field(ApplicationStatus, "ApplicationStatus")


class ChallengeErrorOut(ErrorOut):
    reason = serializers.CharField(
        required=False,
        help_text="What exactly was refused: `not_open`, `deadline_passed`, `filled`, "
        "`already_applied`, `not_a_student`, `partner_not_student`, `already_decided`, "
        "`not_on_challenge` or `bad_status_change`.",
    )


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    responses = error_responses(*codes)
    for code in {403, 409} & set(codes):
        responses[code] = OpenApiResponse(
            ChallengeErrorOut, description=f"{responses[code].description} May carry a `reason`."
        )
    return responses


# --- Output ----------------------------------------------------------------------------------


class ChallengePersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class ChallengeOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    question = serializers.CharField()
    context = serializers.CharField()  # type: ignore[assignment]
    status = StatusField()
    filled = serializers.SerializerMethodField(help_text="Tillsatt: the places are taken.")
    levels = serializers.ListField(child=serializers.CharField(), source="level_list")
    formats = serializers.ListField(child=serializers.CharField(), source="format_list")
    disciplines = serializers.SerializerMethodField(help_text="Slugs.")
    focus_area = serializers.CharField(source="focus_area.slug", allow_null=True, default=None)
    goals = serializers.SerializerMethodField(help_text="Ids.")
    credits = serializers.IntegerField(allow_null=True)
    hours = serializers.IntegerField(allow_null=True)
    places = serializers.IntegerField()
    accepted_count = serializers.IntegerField()
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    application_deadline = serializers.DateField(allow_null=True)
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    contact_person = ChallengePersonOut(allow_null=True)
    owner = ChallengePersonOut()
    origin_idea = serializers.IntegerField(source="origin_idea_id", allow_null=True)
    origin_initiative = serializers.IntegerField(source="origin_initiative_id", allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_disciplines(self, challenge: Challenge) -> list[str]:
        return [discipline.slug for discipline in challenge.disciplines.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_goals(self, challenge: Challenge) -> list[int]:
        return [goal.pk for goal in challenge.goals.all()]

    def get_filled(self, challenge: Challenge) -> bool:
        return challenge.accepted_count >= challenge.places  # type: ignore[attr-defined]


class ApplicationOut(serializers.Serializer):
    id = serializers.IntegerField()
    challenge = serializers.IntegerField(source="challenge_id")
    applicant = ChallengePersonOut()
    partner = ChallengePersonOut(allow_null=True)
    motivation = serializers.CharField()
    university_supervisor = serializers.CharField()
    status = ApplicationStatusField()
    decision_message = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class CourseCaseOut(serializers.Serializer):
    id = serializers.IntegerField()
    challenge = serializers.IntegerField(source="challenge_id")
    teacher = ChallengePersonOut()
    course_name = serializers.CharField()
    term = serializers.CharField()
    groups = serializers.IntegerField()
    report = serializers.CharField()
    reported_at = serializers.DateTimeField(allow_null=True)


class ResultOut(serializers.Serializer):
    id = serializers.IntegerField()
    challenge = serializers.IntegerField(source="challenge_id")
    author = ChallengePersonOut()
    title = serializers.CharField()
    abstract = serializers.CharField()
    link = serializers.CharField()
    file_name = serializers.CharField(source="original_name")
    created_at = serializers.DateTimeField()


class ChallengeDetailOut(ChallengeOut):
    results = ResultOut(many=True, source="detail_results")
    course_cases = CourseCaseOut(many=True, source="detail_course_cases")


class StudentProfileOut(serializers.Serializer):
    university = serializers.CharField()
    programme = serializers.CharField()
    interests = serializers.CharField()
    disciplines = serializers.SerializerMethodField(help_text="Slugs.")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_disciplines(self, profile: Any) -> list[str]:
        return [discipline.slug for discipline in profile.disciplines.all()]


# --- Input -----------------------------------------------------------------------------------


class ChallengeIn(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX)
    question = serializers.CharField(max_length=QUESTION_MAX)
    context = serializers.CharField(  # type: ignore[assignment]
        max_length=CONTEXT_MAX, required=False, allow_blank=True, default=""
    )
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Level.choices), min_length=1
    )
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=Format.choices), min_length=1
    )
    disciplines: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Discipline.objects.all(),
        required=False,
        default=list,
    )
    focus_area: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=FocusArea.objects.all(),
        allow_null=True,
        required=False,
        default=None,
    )
    goals: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=SocietalGoal.objects.all(),
        required=False,
        default=list,
    )
    credits = serializers.IntegerField(allow_null=True, required=False, default=None)
    hours = serializers.IntegerField(allow_null=True, required=False, default=None)
    places = serializers.IntegerField(min_value=1, max_value=PLACES_MAX, default=1)
    period_start = serializers.DateField(allow_null=True, required=False, default=None)
    period_end = serializers.DateField(allow_null=True, required=False, default=None)
    application_deadline = serializers.DateField(allow_null=True, required=False, default=None)
    organisation: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False, default=None
    )
    contact_person: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False, default=None
    )
    partnership_supervisor: serializers.PrimaryKeyRelatedField[Any] = (
        serializers.PrimaryKeyRelatedField(
            queryset=User.objects.filter(is_active=True),
            allow_null=True,
            required=False,
            default=None,
        )
    )
    origin_idea: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        queryset=Idea.objects.all(), allow_null=True, required=False, default=None
    )
    origin_initiative: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        queryset=PortfolioInitiative.objects.all(), allow_null=True, required=False, default=None
    )


class ChallengeCreateIn(ChallengeIn):
    publish = serializers.BooleanField(default=False, help_text="Open for applications at once.")


class ChallengeStatusIn(serializers.Serializer):
    status = StatusField()


class BookmarkIn(serializers.Serializer):
    on = serializers.BooleanField(default=True)


class ApplicationIn(serializers.Serializer):
    motivation = serializers.CharField(max_length=MOTIVATION_MAX)
    partner_email = serializers.EmailField(
        required=False, allow_blank=True, default="", help_text="Another student, as a pair."
    )
    university_supervisor = serializers.CharField(
        max_length=NAME_MAX, required=False, allow_blank=True, default=""
    )


class ApplicationDecisionIn(serializers.Serializer):
    message = serializers.CharField(
        max_length=MESSAGE_MAX, required=False, allow_blank=True, default=""
    )
    university_supervisor = serializers.CharField(
        max_length=NAME_MAX, required=False, allow_null=True, default=None
    )


class CourseCaseIn(serializers.Serializer):
    course_name = serializers.CharField(max_length=200)
    term = serializers.CharField(max_length=40)
    groups = serializers.IntegerField(min_value=1, default=1)


class CourseCaseReportIn(serializers.Serializer):
    report = serializers.CharField()


class ResultIn(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX)
    abstract = serializers.CharField(max_length=ABSTRACT_MAX)
    link = serializers.URLField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)


class StudentProfileIn(serializers.Serializer):
    university = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    programme = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    interests = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    disciplines: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Discipline.objects.all(),
        required=False,
        default=list,
    )


def challenge_input(data: dict[str, Any]) -> ChallengeInput:
    data = {key: value for key, value in data.items() if key != "publish"}
    return ChallengeInput(**data)
