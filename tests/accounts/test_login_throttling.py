"""Signing in is limited in sliding windows of failures, per client address and per account,
on the page and at the API token endpoint alike; a password reset lifts an account's lock."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from accounts.services import password_reset_confirm
from common import ratelimit
from common.errors import ErrorCode, ServiceError
from hub.services import Credentials, user_authenticate
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LIMITS = {"login": (5, 100), "login_account": (3, 100)}
NEW_PASSWORD = "Blåbärssoppa-i-Vasaloppet-9"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _limits(settings) -> None:
    settings.RATE_LIMITS = LIMITS


@pytest.fixture
def clock(monkeypatch) -> Clock:
    # The middle of no particular window: a fixed window would start again at 1_000_100.
    clock = Clock(1_000_099.0)
    monkeypatch.setattr(ratelimit, "_now", clock)
    return clock


def attempt(user, password: str, address: str = "10.0.0.1"):
    return user_authenticate(client_key=address, credentials=Credentials(user.email, password))


def fail(user, address: str = "10.0.0.1") -> None:
    with pytest.raises(ValidationError):
        attempt(user, "fel", address)


def refused(user, password: str = PASSWORD, address: str = "10.0.0.1") -> ServiceError:
    with pytest.raises(ServiceError) as error:
        attempt(user, password, address)
    assert error.value.code == ErrorCode.RATE_LIMITED
    return error.value


class TestSlidingWindow:
    def test_a_window_edge_lets_no_extra_attempts_through(self, clock):
        user = UserFactory()
        for _n in range(3):
            fail(user)  # at the very end of a clock window
        clock.now += 2  # a new clock window: a fixed window would count from zero again
        error = refused(user)
        assert 95 <= error.detail["retry_after"] <= 98
        clock.now += 97  # the first failures are 99 s old: still inside the window
        refused(user)
        clock.now += 2
        assert attempt(user, PASSWORD) == user

    def test_the_address_limit_slides_too(self, clock):
        people = UserFactory.create_batch(5)
        for person in people:
            fail(person, "192.0.2.9")
        clock.now += 50
        refused(UserFactory(), address="192.0.2.9")
        assert attempt(UserFactory(), PASSWORD, "192.0.2.10")  # another address is free


class TestAccount:
    def test_guessing_from_many_addresses_locks_the_account_not_the_addresses(self, clock):
        victim, bystander = UserFactory(), UserFactory()
        for n in range(3):
            fail(victim, f"198.51.100.{n}")
        refused(victim, address="203.0.113.5")  # a fourth address, the right password
        # Those addresses may still sign in to other accounts.
        assert attempt(bystander, PASSWORD, "198.51.100.0") == bystander

    def test_an_unknown_address_is_limited_the_same_way(self, clock):
        ghost = UserFactory.build(email="finns-inte@example.org")
        for n in range(3):
            with pytest.raises(ValidationError):
                attempt(ghost, "fel", f"198.51.100.{n}")
        with pytest.raises(ServiceError):
            attempt(ghost, "fel", "198.51.100.9")

    def test_a_password_reset_unlocks_the_account_for_its_owner(self, clock):
        victim = UserFactory()
        for n in range(3):
            fail(victim, f"198.51.100.{n}")
        refused(victim)
        uid = urlsafe_base64_encode(force_bytes(victim.pk))
        token = default_token_generator.make_token(victim)
        password_reset_confirm(uidb64=uid, token=token, password=NEW_PASSWORD)
        assert attempt(victim, NEW_PASSWORD) == victim
        # Others' later guesses count from zero again.
        fail(victim, "198.51.100.7")
        assert attempt(victim, NEW_PASSWORD) == victim


class TestOneAddressManyAccounts:
    def test_successes_behind_one_address_cost_nothing(self, clock):
        people = UserFactory.create_batch(12)
        for person in people:  # a workshop signing in through one NAT
            assert attempt(person, PASSWORD, "192.0.2.1") == person

    def test_one_person_guessing_locks_that_account_only(self, clock):
        guessed, *colleagues = UserFactory.create_batch(4)
        for _n in range(3):
            fail(guessed, "192.0.2.1")
        refused(guessed, address="192.0.2.1")
        for person in colleagues:
            assert attempt(person, PASSWORD, "192.0.2.1") == person

    def test_many_failures_from_one_address_do_limit_it(self, clock):
        for person in UserFactory.create_batch(5):
            fail(person, "192.0.2.1")
        refused(UserFactory(), address="192.0.2.1")


class TestEdges:
    def test_the_token_endpoint_shares_the_account_lock(self, clock, client):
        victim = UserFactory()
        for n in range(3):
            response = client.post(
                reverse("frontend:login"),
                {"email": victim.email, "password": "fel"},
                REMOTE_ADDR=f"198.51.100.{n}",
            )
            assert response.status_code == 400
        api = APIClient()
        response = api.post(
            "/api/v1/auth/token/",
            {"email": victim.email, "password": PASSWORD},
            format="json",
            REMOTE_ADDR="203.0.113.5",
        )
        assert response.status_code == 429
        assert response.json()["code"] == "rate_limited"
        assert int(response["Retry-After"]) >= 1

    def test_the_page_shares_the_token_endpoints_address_limit(self, clock, client):
        api = APIClient()
        for person in UserFactory.create_batch(5):
            response = api.post(
                "/api/v1/auth/token/", {"email": person.email, "password": "fel"}, format="json"
            )
            assert response.status_code == 400
        person = UserFactory()
        response = client.post(
            reverse("frontend:login"), {"email": person.email, "password": PASSWORD}
        )
        assert response.status_code == 429
