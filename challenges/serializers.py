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
from common.api import CharField, IntegerField, PrimaryKeyRelatedField, enum_field, error_responses
from common.api_errors import ErrorOut
from hub.models import FocusArea, Organisation, SocietalGoal, User
from ideas.models import Idea
from portfolio.models import PortfolioInitiative

TAGS = ["challenges"]
StatusField = enum_field(ChallengeStatus, "ChallengeStatus")
ApplicationStatusField = enum_field(ApplicationStatus, "ApplicationStatus")


class ChallengeErrorOut(ErrorOut):
    reason = CharField(
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
    id = IntegerField()
    display_name = CharField()


class ChallengeOut(serializers.Serializer):
    id = IntegerField()
    title = CharField()
    question = CharField()
    context = CharField()  # type: ignore[assignment]
    status = StatusField()
    filled = serializers.SerializerMethodField(help_text="Tillsatt: the places are taken.")
    levels = serializers.ListField(child=CharField(), source="level_list")
    formats = serializers.ListField(child=CharField(), source="format_list")
    disciplines = serializers.SerializerMethodField(help_text="Slugs.")
    focus_area = CharField(source="focus_area.slug", allow_null=True, default=None)
    goals = serializers.SerializerMethodField(help_text="Ids.")
    credits = IntegerField(allow_null=True)
    hours = IntegerField(allow_null=True)
    places = IntegerField()
    accepted_count = IntegerField()
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    application_deadline = serializers.DateField(allow_null=True)
    organisation = CharField(source="organisation.name", allow_null=True, default=None)
    contact_person = ChallengePersonOut(allow_null=True)
    owner = ChallengePersonOut()
    origin_idea = IntegerField(source="origin_idea_id", allow_null=True)
    origin_initiative = IntegerField(source="origin_initiative_id", allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=CharField()))
    def get_disciplines(self, challenge: Challenge) -> list[str]:
        return [discipline.slug for discipline in challenge.disciplines.all()]

    @extend_schema_field(serializers.ListField(child=IntegerField()))
    def get_goals(self, challenge: Challenge) -> list[int]:
        return [goal.pk for goal in challenge.goals.all()]

    def get_filled(self, challenge: Challenge) -> bool:
        return challenge.accepted_count >= challenge.places  # type: ignore[attr-defined]


class ApplicationOut(serializers.Serializer):
    id = IntegerField()
    challenge = IntegerField(source="challenge_id")
    applicant = ChallengePersonOut()
    partner = ChallengePersonOut(allow_null=True)
    motivation = CharField()
    university_supervisor = CharField()
    status = ApplicationStatusField()
    decision_message = CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class CourseCaseOut(serializers.Serializer):
    id = IntegerField()
    challenge = IntegerField(source="challenge_id")
    teacher = ChallengePersonOut()
    course_name = CharField()
    term = CharField()
    groups = IntegerField()
    report = CharField()
    reported_at = serializers.DateTimeField(allow_null=True)


class ResultOut(serializers.Serializer):
    id = IntegerField()
    challenge = IntegerField(source="challenge_id")
    author = ChallengePersonOut()
    title = CharField()
    abstract = CharField()
    link = CharField()
    file_name = CharField(source="original_name")
    created_at = serializers.DateTimeField()


class ChallengeDetailOut(ChallengeOut):
    results = ResultOut(many=True, source="detail_results")
    course_cases = CourseCaseOut(many=True, source="detail_course_cases")


class StudentProfileOut(serializers.Serializer):
    university = CharField()
    programme = CharField()
    interests = CharField()
    disciplines = serializers.SerializerMethodField(help_text="Slugs.")

    @extend_schema_field(serializers.ListField(child=CharField()))
    def get_disciplines(self, profile: Any) -> list[str]:
        return [discipline.slug for discipline in profile.disciplines.all()]


# --- Input -----------------------------------------------------------------------------------


class ChallengeIn(serializers.Serializer):
    title = CharField(max_length=TITLE_MAX)
    question = CharField(max_length=QUESTION_MAX)
    context = CharField(  # type: ignore[assignment]
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
    goals = PrimaryKeyRelatedField(
        many=True,
        queryset=SocietalGoal.objects.all(),
        required=False,
        default=list,
    )
    credits = IntegerField(allow_null=True, required=False, default=None)
    hours = IntegerField(allow_null=True, required=False, default=None)
    places = IntegerField(min_value=1, max_value=PLACES_MAX, default=1)
    period_start = serializers.DateField(allow_null=True, required=False, default=None)
    period_end = serializers.DateField(allow_null=True, required=False, default=None)
    application_deadline = serializers.DateField(allow_null=True, required=False, default=None)
    organisation = PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False, default=None
    )
    contact_person = PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False, default=None
    )
    partnership_supervisor = PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        required=False,
        default=None,
    )
    origin_idea = PrimaryKeyRelatedField(
        queryset=Idea.objects.all(), allow_null=True, required=False, default=None
    )
    origin_initiative = PrimaryKeyRelatedField(
        queryset=PortfolioInitiative.objects.all(), allow_null=True, required=False, default=None
    )


class ChallengeCreateIn(ChallengeIn):
    publish = serializers.BooleanField(default=False, help_text="Open for applications at once.")


class ChallengeStatusIn(serializers.Serializer):
    status = StatusField()


class BookmarkIn(serializers.Serializer):
    on = serializers.BooleanField(default=True)


class ApplicationIn(serializers.Serializer):
    motivation = CharField(max_length=MOTIVATION_MAX)
    partner_email = serializers.EmailField(
        required=False, allow_blank=True, default="", help_text="Another student, as a pair."
    )
    university_supervisor = CharField(
        max_length=NAME_MAX, required=False, allow_blank=True, default=""
    )


class ApplicationDecisionIn(serializers.Serializer):
    message = CharField(max_length=MESSAGE_MAX, required=False, allow_blank=True, default="")
    university_supervisor = CharField(
        max_length=NAME_MAX, required=False, allow_null=True, default=None
    )


class CourseCaseIn(serializers.Serializer):
    course_name = CharField(max_length=200)
    term = CharField(max_length=40)
    groups = IntegerField(min_value=1, default=1)


class CourseCaseReportIn(serializers.Serializer):
    report = CharField()


class ResultIn(serializers.Serializer):
    title = CharField(max_length=TITLE_MAX)
    abstract = CharField(max_length=ABSTRACT_MAX)
    link = serializers.URLField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)


class StudentProfileIn(serializers.Serializer):
    university = CharField(max_length=200, required=False, allow_blank=True, default="")
    programme = CharField(max_length=200, required=False, allow_blank=True, default="")
    interests = CharField(max_length=300, required=False, allow_blank=True, default="")
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
