"""Every read of challenges. Query counts do not grow with the number of challenges.

Visibility is applied here: drafts are their owner's and moderators'. An application's
motivation is read only by its students, the challenge's owner and administrators
(`permissions.can_view_application`); a challenge's applicants only by who may manage them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from challenges import permissions
from challenges.filters import ChallengeFilterSet
from challenges.models import (
    ACTIVE_APPLICATION,
    PUBLIC_STATUSES,
    Application,
    ApplicationStatus,
    Bookmark,
    Challenge,
    ChallengeStatus,
    CourseCase,
    Discipline,
    Result,
    StudentProfile,
)
from common.errors import ErrorCode, ServiceError
from hub.models import SocietalGoal
from hub.permissions import can_moderate, is_authenticated


def visible_challenges_q(viewer: Any) -> Q:
    public = Q(status__in=PUBLIC_STATUSES)
    if can_moderate(viewer):
        return Q()
    if is_authenticated(viewer):
        return public | Q(owner_id=viewer.pk)
    return public


def _base(viewer: Any) -> QuerySet[Challenge]:
    challenges = (
        Challenge.objects.filter(visible_challenges_q(viewer))
        .select_related("focus_area", "organisation", "owner", "contact_person")
        .prefetch_related(
            Prefetch("disciplines", queryset=Discipline.objects.order_by("name")),
            Prefetch("goals", queryset=SocietalGoal.objects.order_by("order", "pk")),
        )
        .annotate(
            accepted_count=Count(
                "applications",
                filter=Q(applications__status=ApplicationStatus.ACCEPTED),
                distinct=True,
            )
        )
    )
    if is_authenticated(viewer):
        challenges = challenges.annotate(
            bookmarked=Exists(Bookmark.objects.filter(person=viewer.pk, challenge=OuterRef("pk")))
        )
    return challenges


def challenge_list(*, viewer: Any, params: Any = None) -> QuerySet[Challenge]:
    """The catalogue, filtered by `params` (a query dict) through `ChallengeFilterSet`;
    open ones first, then newest. Each row carries `accepted_count` (and `bookmarked`)."""
    challenges = _base(viewer)
    if params is not None:
        filterset = ChallengeFilterSet(params, queryset=challenges)
        challenges = filterset.qs if filterset.is_valid() else challenges
    return challenges.order_by(_open_first(), "-published_at", "-pk")


def _open_first() -> Any:
    return Case(
        When(status=ChallengeStatus.OPEN, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def challenge_get(*, viewer: Any, pk: Any) -> Challenge:
    """One challenge the viewer may see (404 otherwise, drafts included)."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None
    challenge = _base(viewer).filter(pk=number).first()
    if challenge is None:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return challenge


@dataclass
class ChallengeDetail:
    challenge: Challenge
    results: list[Result]
    course_cases: list[CourseCase]
    mine: Application | None  # the viewer's active (or latest) application
    team: list[Application]  # accepted: the students and their university supervisors
    filled: bool
    can_manage: bool
    can_edit: bool
    can_publish_result: bool


def challenge_detail(*, viewer: Any, pk: Any) -> ChallengeDetail:
    challenge = challenge_get(viewer=viewer, pk=pk)
    team = list(
        Application.objects.filter(challenge=challenge, status=ApplicationStatus.ACCEPTED)
        .select_related("applicant", "partner")
        .order_by("decided_at", "pk")
    )
    mine = None
    if is_authenticated(viewer):
        mine = (
            Application.objects.filter(Q(applicant=viewer) | Q(partner=viewer), challenge=challenge)
            .select_related("applicant", "partner")
            .order_by("-created_at", "-pk")
            .first()
        )
    on_team = any(viewer.pk in application.student_ids() for application in team)
    return ChallengeDetail(
        challenge=challenge,
        results=list(challenge.results.select_related("author").order_by("-created_at", "-pk")),
        course_cases=list(challenge.course_cases.select_related("teacher")),
        mine=mine,
        team=team,
        filled=challenge.accepted_count >= challenge.places,  # type: ignore[attr-defined]
        can_manage=bool(permissions.can_manage_applications(viewer, challenge)),
        can_edit=bool(permissions.can_edit_challenge(viewer, challenge)),
        can_publish_result=on_team and challenge.status != ChallengeStatus.DRAFT,
    )


def application_list(*, viewer: Any, challenge: Challenge) -> QuerySet[Application]:
    """A challenge's applications, for who may manage them (404 for anyone else: even that
    there are applicants is not theirs to know)."""
    if not permissions.can_manage_applications(viewer, challenge):
        raise ServiceError(ErrorCode.NOT_FOUND)
    return (
        Application.objects.filter(challenge=challenge)
        .select_related("applicant", "applicant__organisation", "partner", "decided_by")
        .order_by("created_at", "pk")
    )


def application_get(*, viewer: Any, pk: Any) -> Application:
    """One application, for its students, its challenge's owner and administrators."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        raise ServiceError(ErrorCode.NOT_FOUND) from None
    application = (
        Application.objects.select_related("challenge", "challenge__owner", "applicant", "partner")
        .filter(pk=number)
        .first()
    )
    if application is None or not permissions.can_view_application(viewer, application):
        raise ServiceError(ErrorCode.NOT_FOUND)
    return application


def my_applications(*, viewer: Any) -> QuerySet[Application]:
    """The viewer's applications (as applicant or partner), newest first."""
    return (
        Application.objects.filter(Q(applicant=viewer.pk) | Q(partner=viewer.pk))
        .select_related("challenge", "applicant", "partner")
        .order_by("-created_at", "-pk")
    )


def bookmarked_challenges(*, viewer: Any) -> QuerySet[Challenge]:
    return challenge_list(viewer=viewer).filter(bookmarks__person=viewer.pk)


def student_profile_of(*, viewer: Any) -> StudentProfile | None:
    if not is_authenticated(viewer):
        return None
    return StudentProfile.objects.filter(person=viewer).prefetch_related("disciplines").first()


def challenges_for_you(*, viewer: Any, limit: int = 6) -> list[Challenge]:
    """Open challenges that match the student's disciplines or interests (a word of an
    interest in the title, question or context), those matching most first. Without a
    profile, none; challenges the student already applied to are left out."""
    profile = student_profile_of(viewer=viewer)
    if profile is None:
        return []
    discipline_ids = [discipline.pk for discipline in profile.disciplines.all()]
    words = profile.interest_words[:10]
    if not discipline_ids and not words:
        return []
    matches = Q(disciplines__in=discipline_ids) if discipline_ids else Q(pk__in=[])
    for word in words:
        matches |= (
            Q(title__icontains=word) | Q(question__icontains=word) | Q(context__icontains=word)
        )
    applied = Application.objects.filter(
        Q(applicant=viewer.pk) | Q(partner=viewer.pk),
        challenge=OuterRef("pk"),
        status__in=ACTIVE_APPLICATION,
    )
    matching_ids = Challenge.objects.filter(matches, status=ChallengeStatus.OPEN).values("pk")
    shared = Count("disciplines", filter=Q(disciplines__in=discipline_ids), distinct=True)
    return list(
        _base(viewer)
        .filter(pk__in=matching_ids)
        .exclude(Exists(applied))
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-pk")[:limit]
    )


def challenges_from(*, viewer: Any, idea: Any = None, initiative: Any = None) -> list[Challenge]:
    """The challenges derived from a submission or an initiative, with their results."""
    origin = Q(origin_idea=idea) if idea is not None else Q(origin_initiative=initiative)
    return list(
        Challenge.objects.filter(visible_challenges_q(viewer))
        .filter(origin)
        .prefetch_related(Prefetch("results", queryset=Result.objects.order_by("-created_at")))
        .order_by("-published_at", "-pk")
    )


def discipline_list() -> QuerySet[Discipline]:
    return Discipline.objects.order_by("name")
