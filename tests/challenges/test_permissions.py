"""Who may do what with challenges: every role against every action, in the predicates (and
the 404s of the pages for what is private are in test_pages.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from challenges import permissions
from challenges.models import ApplicationStatus, ChallengeStatus
from hub.models import ProfileType, Role
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, StudentFactory
from tests.factories import UserFactory
from tests.portfolio.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

# role -> (publish, edit, view draft, apply, manage applications, read the student's
#          application, read another student's application, publish result, take into course)
MATRIX = {
    "anonymous": (False, False, False, False, False, False, False, False, False),
    "student": (False, False, False, True, False, True, False, False, False),
    "other student": (False, False, False, True, False, False, False, False, False),
    "accepted student": (False, False, False, True, False, False, False, True, False),
    "employee": (False, False, False, False, False, False, False, False, False),
    "researcher": (True, False, False, False, False, False, False, False, False),
    "teacher": (True, False, False, False, False, False, False, False, True),
    "initiative owner": (True, False, False, False, False, False, False, False, False),
    "owner": (True, True, True, False, True, True, True, False, True),
    "other owner": (True, False, False, False, False, False, False, False, True),
    "facilitator": (True, True, True, False, False, False, False, False, True),
    "administrator": (True, True, True, False, True, True, True, False, True),
}


@pytest.fixture
def users(db):
    owner = UserFactory(profile_type=ProfileType.TEACHER)
    initiative_owner = UserFactory()
    InitiativeFactory(owner=initiative_owner)
    return {
        "anonymous": AnonymousUser(),
        "student": StudentFactory(),
        "other student": StudentFactory(),
        "accepted student": StudentFactory(),
        "employee": UserFactory(),
        "researcher": UserFactory(profile_type=ProfileType.RESEARCHER),
        "teacher": UserFactory(profile_type=ProfileType.TEACHER),
        "initiative owner": initiative_owner,
        "owner": owner,
        "other owner": ChallengeFactory().owner,
        "facilitator": UserFactory(roles=[Role.FACILITATOR]),
        "administrator": UserFactory(roles=[Role.ADMINISTRATOR]),
    }


@pytest.mark.parametrize("role", MATRIX)
def test_challenge_permission_matrix(users, role):
    owner = users["owner"]
    challenge = ChallengeFactory(owner=owner)
    draft = ChallengeFactory(owner=owner, status=ChallengeStatus.DRAFT)
    own = ApplicationFactory(challenge=challenge, applicant=users["student"])
    other = ApplicationFactory(challenge=challenge)
    ApplicationFactory(
        challenge=challenge, applicant=users["accepted student"], status=ApplicationStatus.ACCEPTED
    )
    user = users[role]
    allowed = (
        bool(permissions.can_publish_challenge(user)),
        bool(permissions.can_edit_challenge(user, challenge)),
        bool(permissions.can_view_challenge(user, draft)),
        bool(permissions.can_apply(user)),
        bool(permissions.can_manage_applications(user, challenge)),
        bool(permissions.can_view_application(user, own)),
        bool(permissions.can_view_application(user, other)),
        bool(permissions.can_publish_result(user, challenge)),
        bool(permissions.can_add_course_case(user, challenge)),
    )
    assert allowed == MATRIX[role]


def test_a_public_challenge_is_for_everyone(users):
    challenge = ChallengeFactory()
    assert all(permissions.can_view_challenge(user, challenge) for user in users.values())
