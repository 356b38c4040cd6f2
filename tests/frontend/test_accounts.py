"""Sign up, sign in (with its rate limit), sign out, profile; CSRF on every form."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from hub.models import ProfileType, User
from tests.factories import PASSWORD
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.django_db


def signup_data(**overrides) -> dict:
    data = {
        "display_name": "Sara Student",
        "email": "Sara@Example.org",
        "password": "ett-langt-losenord-42",
        "password_again": "ett-langt-losenord-42",
        "profile_type": ProfileType.STUDENT,
        "organisation": "",
    }
    data.update(overrides)
    return data


def test_signup_creates_account_and_signs_in(client: Client, party):
    response = client.post(reverse("frontend:signup"), signup_data(organisation=party.pk))
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "sara@example.org"
    assert user.organisation == party
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_errors_in_place(client: Client, author):
    data = signup_data(email=author.email, password="123", password_again="456")
    response = client.post(reverse("frontend:signup"), data)
    assert response.status_code == 400
    html = assert_good_page(response)
    assert 'id="id_password_again_error"' in html
    assert User.objects.count() == 1


def test_signup_service_errors_land_on_fields(client: Client, author):
    data = signup_data(email=author.email, password="123456789", password_again="123456789")
    response = client.post(reverse("frontend:signup"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email_error"' in html
    assert 'id="id_password_error"' in html


def test_signup_is_rate_limited(client: Client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": (1, 3600)}
    client.post(reverse("frontend:signup"), signup_data())
    client.logout()
    response = client.post(reverse("frontend:signup"), signup_data(email="annan@example.org"))
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()
    assert User.objects.count() == 1


def test_login_and_logout(client: Client, author):
    response = client.post(
        reverse("frontend:login"),
        {"email": author.email.upper(), "password": PASSWORD, "next": "/mina-bidrag/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/mina-bidrag/"
    assert client.session["_auth_user_id"] == str(author.pk)
    response = client.post(reverse("frontend:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_refuses_foreign_next(client: Client, author):
    data = {"email": author.email, "password": PASSWORD, "next": "https://evil.example/"}
    response = client.post(reverse("frontend:login"), data)
    assert response["Location"] == reverse("frontend:home")


def test_wrong_password_says_so(client: Client, author):
    response = client.post(reverse("frontend:login"), {"email": author.email, "password": "x"})
    assert response.status_code == 400
    html = assert_good_page(response)
    assert "Fel e-postadress eller lösenord." in html
    assert "_auth_user_id" not in client.session


def test_login_is_rate_limited_per_address(client: Client, author, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 600)}
    for _ in range(2):
        client.post(reverse("frontend:login"), {"email": author.email, "password": "x"})
    response = client.post(reverse("frontend:login"), {"email": author.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "För många försök på kort tid" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(author_client: Client):
    assert author_client.get(reverse("frontend:logout")).status_code == 405


def test_profile_update(author_client: Client, author, party):
    data = {
        "display_name": "Alva Ny",
        "profile_type": ProfileType.RESEARCHER,
        "organisation": party.pk,
        "bio": "Forskar om skola.",
    }
    response = author_client.post(reverse("frontend:profile"), data)
    assert response.status_code == 302
    author.refresh_from_db()
    assert (author.display_name, author.profile_type, author.organisation) == (
        "Alva Ny",
        ProfileType.RESEARCHER,
        party,
    )


def test_profile_errors_in_place(author_client: Client):
    response = author_client.post(reverse("frontend:profile"), {"display_name": ""})
    assert response.status_code == 400
    assert 'id="id_display_name_error"' in assert_good_page(response)


def test_csrf_is_enforced(author, public_idea):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    url = reverse("frontend:comment-create", args=[public_idea.pk])
    response = client.post(url, {"body": "Utan token"})
    assert response.status_code == 403
    assert 'id="error-message"' in response.content.decode()
    response = client.post(reverse("frontend:logout"))
    assert response.status_code == 403


def test_htmx_csrf_header_from_body_attribute_is_accepted(participant, public_idea):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    html = client.get(public_idea.get_absolute_url()).content.decode()
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html).group(1)
    url = reverse("frontend:comment-create", args=[public_idea.pk])
    response = client.post(
        url, {"body": "Med token"}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200
    assert "Med token" in response.content.decode()
