"""The email choices in the API: read, changed, bad input as field errors."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from emailing.models import EmailPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/email-preferences/"


def test_read_and_change(reader: Any) -> None:
    api = APIClient()
    api.force_authenticate(reader)
    data = api.get(URL).json()
    assert data["receives_email"] is True
    kinds = {k["kind"]: k for k in data["kinds"]}
    assert kinds["idea.reply"] == {
        "kind": "idea.reply",
        "name": "Svar på dina kommentarer",
        "frequency": "immediately",
        "is_default": True,
    }
    response = api.patch(URL, {"choices": {"idea.reply": "weekly"}}, format="json")
    assert response.status_code == 200
    kinds = {k["kind"]: k for k in response.json()["kinds"]}
    assert (kinds["idea.reply"]["frequency"], kinds["idea.reply"]["is_default"]) == (
        "weekly",
        False,
    )


@pytest.mark.parametrize(
    "choices", [{"idea.reply": "hourly"}, {"no.such.kind": "daily"}, "daily", None]
)
def test_bad_input_is_a_400_and_changes_nothing(reader: Any, choices: Any) -> None:
    api = APIClient()
    api.force_authenticate(reader)
    response = api.patch(URL, {"choices": choices}, format="json")
    assert response.status_code == 400
    assert not EmailPreference.objects.exists()


def test_unverified_people_are_told(db: Any) -> None:
    api = APIClient()
    api.force_authenticate(UserFactory(email_verified_at=None))
    assert api.get(URL).json()["receives_email"] is False


def test_strangers_are_refused(db: Any) -> None:
    assert APIClient().get(URL).status_code in (401, 403)
