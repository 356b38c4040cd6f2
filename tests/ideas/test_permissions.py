"""Who may do what with a submission: every role against every action."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from ideas import permissions
from ideas.models import IdeaStatus
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "edit", "comment", "support", "moderate", "see_author")


def check(user, idea) -> tuple[bool, ...]:
    return (
        permissions.can_view_idea(user, idea),
        permissions.can_edit_idea(user, idea),
        permissions.can_comment(user, idea),
        permissions.can_support(user, idea),
        permissions.can_moderate_idea(user, idea),
        permissions.can_see_author_name(user, idea),
    )


# role -> expected (view, edit, comment, support, moderate, see_author), per kind of item
MATRIX = {
    "submitted": {
        "anonymous": (True, False, False, False, False, False),
        "participant": (True, False, True, True, False, False),
        "author": (True, False, True, False, False, True),
        "facilitator": (True, False, True, True, True, True),
        "administrator": (True, False, True, True, True, True),
        "board_member": (True, False, True, True, False, False),
        "core_team_member": (True, False, True, True, False, False),
    },
    "draft": {
        "anonymous": (False, False, False, False, False, False),
        "participant": (False, False, False, False, False, False),
        "author": (True, True, False, False, False, True),
        "facilitator": (False, False, False, False, False, True),
        "administrator": (False, False, False, False, False, True),
        "board_member": (False, False, False, False, False, False),
        "core_team_member": (False, False, False, False, False, False),
    },
    "hidden": {
        "anonymous": (False, False, False, False, False, False),
        "participant": (False, False, False, False, False, False),
        "author": (True, False, False, False, False, True),
        "facilitator": (True, False, False, False, True, True),
        "administrator": (True, False, False, False, True, True),
        "board_member": (False, False, False, False, False, False),
        "core_team_member": (False, False, False, False, False, False),
    },
    "withdrawn": {
        "anonymous": (False, False, False, False, False, False),
        "participant": (False, False, False, False, False, False),
        "author": (True, False, False, False, False, True),
        "facilitator": (True, False, False, False, True, True),
        "administrator": (True, False, False, False, True, True),
        "board_member": (False, False, False, False, False, False),
        "core_team_member": (False, False, False, False, False, False),
    },
}


@pytest.fixture
def users(request, author, participant, facilitator, administrator, board_member, core_team_member):
    return {
        "anonymous": AnonymousUser(),
        "participant": participant,
        "author": author,
        "facilitator": facilitator,
        "administrator": administrator,
        "board_member": board_member,
        "core_team_member": core_team_member,
    }


def make_item(kind: str, author):
    if kind == "hidden":
        return IdeaFactory(author=author, is_hidden=True, hidden_reason="Spam")
    status = {"submitted": IdeaStatus.SUBMITTED, "draft": IdeaStatus.DRAFT,
              "withdrawn": IdeaStatus.WITHDRAWN}[kind]  # fmt: skip
    return IdeaFactory(author=author, status=status)


@pytest.mark.parametrize(
    ("item", "role"), [(item, role) for item in MATRIX for role in MATRIX[item]]
)
def test_permission_matrix(users, author, item, role):
    idea = make_item(item, author)
    got = dict(zip(ACTIONS, check(users[role], idea), strict=True))
    assert got == dict(zip(ACTIONS, MATRIX[item][role], strict=True))


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (IdeaStatus.DRAFT, "author", {IdeaStatus.SUBMITTED, IdeaStatus.WITHDRAWN}),
        (IdeaStatus.DRAFT, "facilitator", set()),
        (IdeaStatus.SUBMITTED, "author", {IdeaStatus.WITHDRAWN}),
        (IdeaStatus.SUBMITTED, "facilitator", {IdeaStatus.IN_REVIEW, IdeaStatus.DECLINED}),
        (IdeaStatus.SUBMITTED, "participant", set()),
        (IdeaStatus.SUBMITTED, "anonymous", set()),
        (
            IdeaStatus.IN_ASSESSMENT,
            "facilitator",
            {IdeaStatus.PROMOTED, IdeaStatus.PARKED, IdeaStatus.DECLINED, IdeaStatus.IN_REVIEW},
        ),
        (IdeaStatus.IN_ASSESSMENT, "author", set()),
        (IdeaStatus.WITHDRAWN, "author", {IdeaStatus.DRAFT}),
        (IdeaStatus.PROMOTED, "facilitator", set()),
    ],
)
def test_allowed_transitions_by_role(users, author, status, role, expected):
    idea = IdeaFactory(author=author, status=status)
    assert set(permissions.allowed_transitions(users[role], idea)) == expected


def test_an_inactive_author_can_do_nothing(author):
    idea = IdeaFactory(author=author, status=IdeaStatus.DRAFT)
    author.is_active = False
    assert check(author, idea) == (False,) * len(ACTIONS)
