"""Every change to challenges goes through these functions (docs/architecture.md)."""

from challenges.services.applications import (
    application_accept,
    application_create,
    application_decline,
    application_withdraw,
)
from challenges.services.bookmarks import bookmark_set
from challenges.services.challenges import (
    ChallengeInput,
    challenge_create,
    challenge_hand_over,
    challenge_set_status,
    challenge_update,
)
from challenges.services.course_cases import (
    CourseCaseInput,
    course_case_create,
    course_case_report,
)
from challenges.services.profiles import StudentProfileInput, student_profile_set
from challenges.services.results import result_publish

__all__ = [
    "ChallengeInput",
    "CourseCaseInput",
    "StudentProfileInput",
    "application_accept",
    "application_create",
    "application_decline",
    "application_withdraw",
    "bookmark_set",
    "challenge_create",
    "challenge_hand_over",
    "challenge_set_status",
    "challenge_update",
    "course_case_create",
    "course_case_report",
    "result_publish",
    "student_profile_set",
]
