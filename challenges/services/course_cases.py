"""A teacher takes a challenge into a course as a case, and reports back what came out."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges import notifications, permissions
from challenges.errors import ChallengeError, Reason
from challenges.models import (
    GROUPS_MAX,
    REPORT_MAX,
    Challenge,
    ChallengeStatus,
    CourseCase,
    Format,
)
from challenges.services.common import Errors, clean_text, lock_challenge
from common.errors import ErrorCode, ServiceError
from hub.models import User
from hub.services.notifications import notify

COURSE_MAX = 200
TERM_MAX = 40


@dataclass(frozen=True)
class CourseCaseInput:
    course_name: str
    term: str
    groups: int = 1


def course_case_create(*, actor: User, challenge: Challenge, data: CourseCaseInput) -> CourseCase:
    """Take an open or running challenge that suits course cases into a course."""
    if not permissions.can_view_challenge(actor, challenge):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not permissions.can_add_course_case(actor, challenge):
        raise ServiceError(ErrorCode.FORBIDDEN)
    errors: Errors = {}
    course = clean_text(data.course_name, "course_name", COURSE_MAX, errors, required=True)
    term = clean_text(data.term, "term", TERM_MAX, errors, required=True)
    if not 1 <= data.groups <= GROUPS_MAX:
        errors["groups"] = [_("Ange ett tal från 1 till %(n)d.") % {"n": GROUPS_MAX}]
    if Format.COURSE_CASE not in challenge.format_list:
        errors["__all__"] = [_("Utmaningen är inte tänkt som fallstudie i kurs.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_challenge(challenge)
        if locked.status not in (ChallengeStatus.OPEN, ChallengeStatus.IN_PROGRESS):
            raise ChallengeError(Reason.NOT_OPEN)
        case = CourseCase.objects.create(
            challenge=locked, teacher=actor, course_name=course, term=term, groups=data.groups
        )
        notify_owner(locked, actor=actor, course=course)
    return case


def notify_owner(challenge: Challenge, *, actor: User, course: str) -> None:
    notify(
        recipients=[challenge.owner],
        kind=notifications.COURSE_CASE,
        actor=actor,
        target_url=challenge.get_absolute_url(),
        data={"title": challenge.title, "course": course},
    )


def course_case_report(*, actor: User, course_case: CourseCase, report: str) -> CourseCase:
    """The teacher tells what came out of the course (again later to change it)."""
    if not permissions.can_report_course_case(actor, course_case):
        raise ServiceError(ErrorCode.FORBIDDEN)
    errors: Errors = {}
    report = clean_text(report, "report", REPORT_MAX, errors, required=True)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = CourseCase.objects.select_for_update().get(pk=course_case.pk)
        current.report = report
        current.reported_at = timezone.now()
        current.save(update_fields=["report", "reported_at"])
    return current
