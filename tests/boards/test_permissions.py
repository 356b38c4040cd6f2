"""Who may do what on a board: every role against every action."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from boards import permissions, services
from boards.models import Card
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = ("create board", "join", "facilitate", "edit own card", "edit others' card")

# role -> (create board, join, facilitate, edit own card, edit others' card)
MATRIX = {
    "anonymous": (False, False, False, None, None),
    "guest": (False, False, False, True, False),
    "participant": (True, True, False, True, False),
    "board creator": (True, True, True, True, True),
    "co-facilitator": (True, True, True, True, True),
    "facilitator": (True, True, True, True, True),
    "administrator": (True, True, True, True, True),
}


@pytest.fixture
def setting(facilitator, administrator):
    creator = UserFactory()
    board = services.board_create(actor=creator, title="Tavla")
    co_host = UserFactory()
    board.facilitators.add(co_host)
    users = {
        "anonymous": AnonymousUser(),
        "guest": None,
        "participant": UserFactory(),
        "board creator": creator,
        "co-facilitator": co_host,
        "facilitator": facilitator,
        "administrator": administrator,
    }
    section = board.sections.first()
    other = services.participant_for_user(board=board, user=UserFactory())
    others_card = Card.objects.create(board=board, section=section, author=other, text="Annans")
    return board, section, users, others_card


def participant_for(role, board, user):
    if role == "anonymous":
        return None
    if role == "guest":
        return services.guest_join(join_code=board.join_code, name="Gäst")
    return services.participant_for_user(board=board, user=user)


@pytest.mark.parametrize("role", MATRIX)
def test_board_permission_matrix(setting, role):
    board, section, users, others_card = setting
    user = users[role]
    participant = participant_for(role, board, user)
    is_host = participant is not None and permissions.participant_facilitates(participant, board)
    got: tuple[bool | None, ...] = (
        bool(permissions.can_create_board(user)) if user is not None else False,
        bool(permissions.can_join_board(user)) if user is not None else False,
        is_host,
        None
        if participant is None
        else permissions.can_edit_card(
            participant,
            Card(board=board, section=section, author=participant, text="Min"),
            facilitator=is_host,
        ),
        None
        if participant is None
        else permissions.can_edit_card(participant, others_card, facilitator=is_host),
    )
    assert dict(zip(ACTIONS, got, strict=True)) == dict(zip(ACTIONS, MATRIX[role], strict=True))
