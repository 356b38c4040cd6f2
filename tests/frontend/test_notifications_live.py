"""What the live module fetches: the unread count and what came after the newest shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hub.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DATA = {"who": "Per", "title": "Läxhjälp"}


def test_new_notifications_after_an_id_with_one_announcement(client: Client) -> None:
    reader = UserFactory()
    [first] = notify(
        recipients=[reader], kind="idea.comment", actor=None, target_url="/x/", data=DATA
    )
    for _ in range(2):
        notify(recipients=[reader], kind="idea.comment", actor=None, target_url="/x/", data=DATA)
    notify(recipients=[UserFactory()], kind="idea.comment", actor=None, target_url="/", data=DATA)
    client.force_login(reader)
    response = client.get(reverse("frontend:notifications-live"), {"after": first.pk})
    data = response.json()
    assert response["Cache-Control"] == "no-store"
    assert data["unread"] == 3
    assert [item["message"] for item in data["items"]] == ["Per kommenterade ”Läxhjälp”."] * 2
    assert all(item["id"] > first.pk and item["url"] == "/x/" for item in data["items"])
    assert data["announcement"] == "2 nya notiser."


@pytest.mark.parametrize("after", ["", "abc", "-5"])
def test_a_bad_position_means_from_the_start(client: Client, after: Any) -> None:
    reader = UserFactory()
    notify(recipients=[reader], kind="idea.comment", actor=None, target_url="/", data=DATA)
    client.force_login(reader)
    data = client.get(reverse("frontend:notifications-live"), {"after": after}).json()
    assert len(data["items"]) == 1 and data["announcement"] == "1 ny notis."


def test_strangers_are_sent_to_sign_in(client: Client) -> None:
    assert client.get(reverse("frontend:notifications-live")).status_code == 302
