"""The session epoch: raising it ends every session whose hash was made before."""

from __future__ import annotations

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client

from hub.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_epoch_zero_keeps_djangos_own_hash() -> None:
    person = UserFactory()
    assert person.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(person)


def test_raising_the_epoch_signs_out_sessions_made_before() -> None:
    person = UserFactory()
    browser = Client()
    browser.force_login(person)
    assert browser.get("/api/v1/me/").status_code == 200

    User.objects.filter(pk=person.pk).update(session_epoch=1)

    assert browser.get("/api/v1/me/").status_code in {401, 403}
    fresh = Client()
    fresh.force_login(User.objects.get(pk=person.pk))
    assert fresh.get("/api/v1/me/").status_code == 200


def test_the_hash_changes_with_the_password_at_any_epoch() -> None:
    person = UserFactory(session_epoch=3)
    before = person.get_session_auth_hash()
    person.set_password("ett helt annat lösenord")
    assert person.get_session_auth_hash() != before
