"""Who may do what with challenges (named `rules` predicates; see tests/challenges).

Facilitators, administrators, initiative owners, researchers and teachers publish
challenges. A draft is its owner's (and moderators'); the rest are public. Only students
apply. An application's motivation is for its students and the challenge's owner (and
administrators): not for other students, nor for owners of other challenges. Students
accepted to a challenge publish its result; teachers take it into a course.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from challenges.models import ApplicationStatus, ChallengeStatus
from hub.models import ProfileType
from hub.permissions import can_moderate, is_administrator, is_authenticated


@rules.predicate
def is_student(user: Any) -> bool:
    return is_authenticated(user) and user.profile_type == ProfileType.STUDENT


@rules.predicate
def is_teacher(user: Any) -> bool:
    return is_authenticated(user) and user.profile_type == ProfileType.TEACHER


@rules.predicate
def is_researcher(user: Any) -> bool:
    return is_authenticated(user) and user.profile_type == ProfileType.RESEARCHER


@rules.predicate
def is_initiative_owner(user: Any) -> bool:
    return is_authenticated(user) and user.owned_initiatives.exists()


@rules.predicate
def is_challenge_owner(user: Any, challenge: Any) -> bool:
    return is_authenticated(user) and challenge is not None and challenge.owner_id == user.pk


@rules.predicate
def is_applicant(user: Any, application: Any) -> bool:
    return (
        is_authenticated(user)
        and application is not None
        and user.pk in (application.applicant_id, application.partner_id)
    )


@rules.predicate
def owns_applications_challenge(user: Any, application: Any) -> bool:
    return application is not None and is_challenge_owner(user, application.challenge)


@rules.predicate
def is_draft(user: Any, challenge: Any) -> bool:
    return challenge is not None and challenge.status == ChallengeStatus.DRAFT


@rules.predicate
def is_on_challenge(user: Any, challenge: Any) -> bool:
    """One of the students of an accepted application."""
    if not is_authenticated(user) or challenge is None:
        return False
    accepted = challenge.applications.filter(status=ApplicationStatus.ACCEPTED)
    return accepted.filter(Q(applicant=user) | Q(partner=user)).exists()


can_publish_challenge = can_moderate | is_teacher | is_researcher | is_initiative_owner
can_edit_challenge = is_challenge_owner | can_moderate
can_view_challenge = ~is_draft | can_edit_challenge
can_apply = is_student
# Names, motivations and decisions: for the challenge's owner (and administrators).
can_manage_applications = is_challenge_owner | is_administrator
can_view_application = is_applicant | owns_applications_challenge | is_administrator
can_withdraw_application = is_applicant
can_bookmark = is_authenticated
can_hand_over = can_moderate
can_add_course_case = is_teacher | can_edit_challenge
can_publish_result = is_on_challenge


@rules.predicate
def can_report_course_case(user: Any, course_case: Any) -> bool:
    return (
        is_authenticated(user)
        and course_case is not None
        and (course_case.teacher_id == user.pk or bool(can_moderate(user)))
    )


rules.add_perm("challenges.add_challenge", can_publish_challenge)
rules.add_perm("challenges.change_challenge", can_edit_challenge)
rules.add_perm("challenges.view_application", can_view_application)
