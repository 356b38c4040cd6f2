"""Guests' passes expire, and inactive guests' names go after the retention period: from the
participant row, the snapshot and every stored card payload (API and socket replay)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from boards import services
from boards.consumers import GUEST_SESSION_KEY
from boards.models import Card, Participant
from boards.tasks import board_guests_retention
from realtime.models import StreamEvent

pytestmark = pytest.mark.django_db

NAME = "Gästen Greta"
JOIN = "/api/v1/boards/join/"


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.BOARD_GUEST_PASS_HOURS = 12
    settings.BOARD_GUEST_RETENTION_DAYS = 30


@pytest.fixture
def board(facilitator):
    return services.board_create(actor=facilitator, title="Forumträff", template="forum")


def join(board) -> tuple[APIClient, Participant]:
    api = APIClient()
    response = api.post(JOIN, {"join_code": board.join_code, "name": NAME}, format="json")
    assert response.status_code == 201
    return api, Participant.objects.get(pk=response.json()["me"]["participant"])


def age(guest: Participant, **delta) -> None:
    Participant.objects.filter(pk=guest.pk).update(joined_at=timezone.now() - timedelta(**delta))


def everything(board) -> str:
    return " ".join(str(e.payload) for e in StreamEvent.objects.all()) + " ".join(
        Participant.objects.filter(board=board).values_list("guest_name", flat=True)
    )


class TestGuestPass:
    def test_a_fresh_pass_works(self, board):
        api, guest = join(board)
        assert api.get(f"/api/v1/boards/{board.pk}/").json()["me"]["participant"] == guest.pk

    def test_an_expired_pass_no_longer_opens_the_board(self, board):
        api, guest = join(board)
        age(guest, hours=13)
        response = api.get(f"/api/v1/boards/{board.pk}/")
        assert response.status_code in (403, 404)
        assert (
            services.participant_for(board=board, user=None, guest_passes={str(board.pk): guest.pk})
            is None
        )
        # Joining again with the code gives a new pass.
        again = api.post(JOIN, {"join_code": board.join_code, "name": NAME}, format="json")
        assert again.status_code == 201
        assert api.session[GUEST_SESSION_KEY][str(board.pk)] != guest.pk


class TestGuestRetention:
    def test_inactive_guests_are_pseudonymised_everywhere(self, board, facilitator):
        api, guest = join(board)
        section = board.sections.order_by("position").first()
        assert (
            api.post(
                f"/api/v1/boards/{board.pk}/cards/", {"section": section.pk, "text": "Gästidé"}
            ).status_code
            == 201
        )
        _recent_api, recent = join(board)  # still within the period: kept
        assert NAME in everything(board)
        age(guest, days=31)

        board_guests_retention.call()

        guest.refresh_from_db()
        recent.refresh_from_db()
        assert guest.guest_name == "" and recent.guest_name == NAME
        payloads = [e.payload for e in StreamEvent.objects.filter(stream__key=f"board.{board.pk}")]
        assert NAME not in str(payloads)
        assert "Borttagen deltagare" in str(payloads)
        assert Card.objects.get().text == "Gästidé"  # the board's history stays
        reader = APIClient()
        reader.force_login(facilitator)
        snapshot = reader.get(f"/api/v1/boards/{board.pk}/").json()
        assert [c["author_name"] for c in snapshot["cards"]] == ["Borttagen deltagare"]
        replay = reader.get(f"/api/v1/boards/{board.pk}/events/").json()
        assert NAME not in str(replay)

    def test_running_twice_changes_nothing_more(self, board):
        _api, guest = join(board)
        age(guest, days=40)
        assert services.guests_retention_apply() == 1
        assert services.guests_retention_apply() == 0

    def test_signed_in_people_are_not_touched(self, board, participant):
        seat = services.participant_for_user(board=board, user=participant)
        age(seat, days=400)
        assert services.guests_retention_apply() == 0
