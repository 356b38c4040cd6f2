"""Who may do what with events: every role against every action, in the predicates and in the
services that check them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from boards import permissions as board_permissions
from boards.models import Board
from boards.services import board_create
from common.errors import ErrorCode, ServiceError
from events import permissions, services
from events.models import Event, ForumSeries
from hub.models import Role
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = (
    "view event",
    "see organisers",
    "create event",
    "edit event",
    "add board to event",
    "create forum series",
)

# role -> (view, see organisers, create event, edit event, add board, create series)
MATRIX = {
    "anonymous": (True, False, False, False, False, False),
    "participant": (True, True, False, False, False, False),
    "governing board": (True, True, False, False, False, False),
    "organiser": (True, True, False, True, True, False),
    "facilitator": (True, True, True, True, True, True),
    "administrator": (True, True, True, True, True, True),
}


@pytest.fixture
def setting(facilitator, administrator, board_member):
    organiser = UserFactory(display_name="Olle Arrangör")
    event = EventFactory(organisers=[organiser])
    users = {
        "anonymous": AnonymousUser(),
        "participant": UserFactory(),
        "governing board": board_member,
        "organiser": organiser,
        "facilitator": facilitator,
        "administrator": administrator,
    }
    return event, users


@pytest.mark.parametrize("role", MATRIX)
def test_event_permission_matrix(setting, role):
    event, users = setting
    user = users[role]
    got = (
        bool(permissions.can_view_event(user, event)),
        bool(permissions.can_see_organisers(user)),
        bool(permissions.can_create_event(user)),
        bool(permissions.can_edit_event(user, event)),
        bool(board_permissions.can_add_board_to_event(user, event)),
        bool(permissions.can_create_forum_series(user)),
    )
    assert dict(zip(ACTIONS, got, strict=True)) == dict(zip(ACTIONS, MATRIX[role], strict=True))


def _allowed(call) -> bool:
    """Whether `call` goes through; a refusal must be FORBIDDEN, nothing else."""
    try:
        call()
    except ServiceError as exc:
        refusal = exc.code
    else:
        return True
    assert refusal == ErrorCode.FORBIDDEN
    return False


@pytest.mark.parametrize("role", MATRIX)
def test_the_services_follow_the_matrix(setting, role):
    """Each service refuses exactly those the predicates refuse, and a refusal writes nothing."""
    event, users = setting
    user = users[role]
    _view, _names, create, edit, add_board, create_series = MATRIX[role]
    start = timezone.now() + timedelta(days=3)
    data = services.EventInput(
        title="Öppen verkstad",
        kind="open_workshop",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        organisers=[users["organiser"]],
    )
    events_before, boards_before = Event.objects.count(), Board.objects.count()

    assert _allowed(lambda: services.event_create(actor=user, data=data)) is create
    assert _allowed(lambda: services.event_update(actor=user, event=event, data=data)) is edit
    assert _allowed(lambda: board_create(actor=user, title="Tavla", event=event)) is add_board
    assert (
        _allowed(lambda: services.forum_series_create(actor=user, title="Serie")) is create_series
    )

    assert Event.objects.count() == events_before + create
    assert Board.objects.count() == boards_before + add_board
    assert ForumSeries.objects.count() == int(create_series)
    event.refresh_from_db()
    assert (event.title == "Öppen verkstad") is edit


def test_an_organiser_of_one_event_has_no_say_over_another(setting):
    event, users = setting
    other = EventFactory()
    organiser = users["organiser"]
    assert permissions.can_edit_event(organiser, event)
    assert not permissions.can_edit_event(organiser, other)
    assert not board_permissions.can_add_board_to_event(organiser, other)


def test_an_inactive_organiser_loses_the_rights(setting):
    event, users = setting
    organiser = users["organiser"]
    organiser.is_active = False
    organiser.save()
    assert not permissions.can_edit_event(organiser, event)


def test_roles_come_from_groups(setting):
    event, _users = setting
    person = UserFactory(roles=[Role.FACILITATOR])
    assert permissions.can_create_event(person)
    assert permissions.can_edit_event(person, event)
