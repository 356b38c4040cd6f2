"""The preferences page and unsubscribing from a mail's link, signed in or not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from emailing.models import EmailPreference, Frequency
from emailing.selectors import email_preferences
from emailing.tokens import unsubscribe_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPLY = "idea.reply"


def url(token: str) -> str:
    return reverse("frontend:email-unsubscribe", args=[token])


def frequencies(user: Any) -> dict[str, Frequency]:
    return {c.kind: c.frequency for c in email_preferences(user=user)}


def test_get_only_asks_and_changes_nothing(client: Client, reader: Any) -> None:
    response = client.get(url(unsubscribe_token(user_id=reader.pk, kind=REPLY)))
    assert response.status_code == 200
    assert "Vill du sluta få e-post om ”Svar på dina kommentarer”?" in response.text
    assert not EmailPreference.objects.exists()


def test_post_without_signing_in_unsubscribes_one_kind_and_is_idempotent(reader: Any) -> None:
    client = Client(enforce_csrf_checks=True)  # mail clients have no CSRF token
    token = unsubscribe_token(user_id=reader.pk, kind=REPLY)
    for _ in range(2):
        response = client.post(url(token), {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert "Klart." in response.text
    assert frequencies(reader)[REPLY] == Frequency.NEVER
    assert frequencies(reader)["idea.comment"] == Frequency.DAILY
    assert EmailPreference.objects.filter(user=reader).count() == 1


def test_unsubscribe_from_all(client: Client, reader: Any) -> None:
    client.post(url(unsubscribe_token(user_id=reader.pk)))
    assert set(frequencies(reader).values()) == {Frequency.NEVER}
    assert EmailPreference.objects.filter(user=reader, kind="*").exists()


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "abc"])
def test_a_tampered_link_is_refused_and_changes_nothing(
    client: Client, reader: Any, mangle: Any
) -> None:
    token = mangle(unsubscribe_token(user_id=reader.pk))
    assert client.get(url(token)).status_code == 404
    assert client.post(url(token)).status_code == 404
    assert not EmailPreference.objects.exists()


def test_a_link_for_another_person_only_changes_theirs(client: Client, reader: Any) -> None:
    other = UserFactory()
    client.force_login(reader)
    client.post(url(unsubscribe_token(user_id=other.pk, kind=REPLY)))
    assert frequencies(other)[REPLY] == Frequency.NEVER
    assert frequencies(reader)[REPLY] == Frequency.IMMEDIATELY


def test_a_link_for_a_person_who_is_gone_is_refused(client: Client) -> None:
    assert client.post(url(unsubscribe_token(user_id=999_999))).status_code == 404


def test_the_preferences_page_shows_and_saves_choices(client: Client, reader: Any) -> None:
    client.force_login(reader)
    page = client.get(reverse("frontend:email-preferences"))
    assert page.status_code == 200
    assert '<label for="id_idea.reply"' in page.text or "Svar på dina kommentarer" in page.text
    assert "inte bekräftad" not in page.text
    choices = {c.kind: c.frequency.value for c in email_preferences(user=reader)}
    choices[REPLY] = "weekly"
    response = client.post(reverse("frontend:email-preferences"), choices)
    assert response.status_code == 302
    assert frequencies(reader)[REPLY] == Frequency.WEEKLY


def test_a_bad_choice_is_a_field_error_and_nothing_is_saved(client: Client, reader: Any) -> None:
    client.force_login(reader)
    choices = {c.kind: c.frequency.value for c in email_preferences(user=reader)}
    choices[REPLY] = "hourly"
    response = client.post(reverse("frontend:email-preferences"), choices)
    assert response.status_code == 400
    assert not EmailPreference.objects.exists()


def test_the_page_says_unverified_addresses_get_no_mail(client: Client) -> None:
    client.force_login(UserFactory(email_verified_at=None))
    page = client.get(reverse("frontend:email-preferences"))
    assert "Din e-postadress är inte bekräftad ännu" in page.text


def test_the_page_needs_signing_in(client: Client) -> None:
    assert client.get(reverse("frontend:email-preferences")).status_code == 302
