"""API tokens: hashed, named, listed with last use, deleted only by their owner; the
authentication class; the copy of rest_framework.authtoken's keys; the pages."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.errors import AccountError
from accounts.models import ApiToken, token_hash
from accounts.selectors import api_token_list
from accounts.services import api_token_create, api_token_delete
from common.errors import ErrorCode
from hub.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/me/tokens/"


def token_client(secret: str) -> APIClient:
    api = APIClient(enforce_csrf_checks=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api


class TestServices:
    def test_only_the_hash_is_stored(self, participant):
        token, secret = api_token_create(user=participant, name="  Mitt   skript ")
        assert token.name == "Mitt skript"
        assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in str(ApiToken.objects.values().get())

    @pytest.mark.parametrize("name", ["", "   ", "x" * 101])
    def test_bad_names_are_field_errors(self, participant, name):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as caught:
            api_token_create(user=participant, name=name)
        assert set(caught.value.message_dict) == {"name"}
        assert not ApiToken.objects.exists()

    def test_anonymous_people_get_none(self):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(AccountError) as caught:
            api_token_create(user=AnonymousUser(), name="x")  # type: ignore[arg-type]
        assert caught.value.code == ErrorCode.FORBIDDEN

    def test_someone_elses_token_is_not_found_and_stays(self, participant, author):
        token, _secret = api_token_create(user=author, name="Alvas")
        with pytest.raises(AccountError) as caught:
            api_token_delete(user=participant, token_id=token.pk)
        assert caught.value.code == ErrorCode.NOT_FOUND
        assert ApiToken.objects.filter(pk=token.pk).exists()
        api_token_delete(user=author, token_id=token.pk)
        assert not ApiToken.objects.exists()

    def test_list_is_one_query_however_many(self, participant, django_assert_num_queries):
        for n in range(5):
            api_token_create(user=participant, name=f"Nyckel {n}")
        api_token_create(user=UserFactory(), name="Någon annans")
        with django_assert_num_queries(1):
            names = [t.name for t in api_token_list(user=participant)]
        assert len(names) == 5 and "Någon annans" not in names


class TestAuthentication:
    def test_a_token_authenticates_and_notes_its_use_once_a_minute(self, participant):
        token, secret = api_token_create(user=participant, name="Skript")
        api = token_client(secret)
        assert api.get("/api/v1/me/").json()["email"] == participant.email
        token.refresh_from_db()
        first_use = token.last_used_at
        assert first_use is not None
        api.get("/api/v1/me/")
        token.refresh_from_db()
        assert token.last_used_at == first_use  # no write per request
        ApiToken.objects.filter(pk=token.pk).update(
            last_used_at=timezone.now() - timedelta(minutes=2)
        )
        api.get("/api/v1/me/")
        token.refresh_from_db()
        assert token.last_used_at > first_use - timedelta(minutes=2)

    def test_deleted_unknown_and_inactive_tokens_are_refused(self, participant):
        token, secret = api_token_create(user=participant, name="Skript")
        api_token_delete(user=participant, token_id=token.pk)
        assert token_client(secret).get("/api/v1/me/").status_code in (401, 403)
        assert token_client("shb_fel").get("/api/v1/me/").status_code in (401, 403)
        _token, other_secret = api_token_create(user=participant, name="Andra")
        User.objects.filter(pk=participant.pk).update(is_active=False)
        assert token_client(other_secret).get("/api/v1/me/").status_code in (401, 403)


class TestApi:
    def test_list_create_delete_own_tokens(self, participant):
        api = APIClient()
        api.force_authenticate(participant)
        created = api.post(LIST, {"name": "CI"}, format="json")
        assert created.status_code == 201
        body = created.json()
        assert set(body) == {"id", "name", "created_at", "last_used_at", "token"}
        listed = api.get(LIST).json()
        assert listed == [{k: v for k, v in body.items() if k != "token"}]
        assert token_client(body["token"]).get("/api/v1/me/").status_code == 200
        assert api.delete(f"{LIST}{body['id']}/").status_code == 204
        assert api.get(LIST).json() == []

    def test_permissions_matrix(self, participant, author):
        token, _secret = api_token_create(user=author, name="Alvas")
        anonymous = APIClient()
        assert anonymous.get(LIST).status_code in (401, 403)
        assert anonymous.post(LIST, {"name": "x"}, format="json").status_code in (401, 403)
        assert anonymous.delete(f"{LIST}{token.pk}/").status_code in (401, 403)
        other = APIClient()
        other.force_authenticate(participant)
        assert other.get(LIST).json() == []
        assert other.delete(f"{LIST}{token.pk}/").status_code == 404
        assert ApiToken.objects.filter(pk=token.pk).exists()

    def test_bad_name_is_a_field_error(self, participant):
        api = APIClient()
        api.force_authenticate(participant)
        response = api.post(LIST, {"name": ""}, format="json")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["name"]

    def test_the_schema_documents_the_endpoints(self, client):
        schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
        assert "/api/v1/me/tokens/" in schema and "/api/v1/me/tokens/{id}/" in schema


class TestPages:
    def test_create_shows_the_secret_once_then_lists_and_deletes(self, participant):
        client = Client()
        client.force_login(participant)
        response = client.post(reverse("frontend:account-tokens"), {"name": "Mitt skript"})
        assert response.status_code == 201
        assert response["Cache-Control"] == "no-store"
        token = ApiToken.objects.get()
        secret = response.context["secret"]
        assert token.key_hash == token_hash(secret) and secret in response.content.decode()
        page = client.get(reverse("frontend:account-tokens")).content.decode()
        assert "Mitt skript" in page and secret not in page and "Aldrig" in page
        response = client.post(reverse("frontend:account-token-delete", args=[token.pk]))
        assert response.status_code == 302
        assert not ApiToken.objects.exists()

    def test_someone_elses_token_cannot_be_deleted(self, participant, author):
        token, _secret = api_token_create(user=author, name="Alvas")
        client = Client()
        client.force_login(participant)
        response = client.post(reverse("frontend:account-token-delete", args=[token.pk]))
        assert response.status_code == 404
        assert ApiToken.objects.filter(pk=token.pk).exists()

    def test_account_pages_need_sign_in(self, client):
        for name in ("account-tokens", "account-security"):
            assert client.get(reverse(f"frontend:{name}")).status_code == 302

    def test_footer_links_the_privacy_notice_and_accessibility_statement(self, client):
        home = client.get(reverse("frontend:home")).content.decode()
        for name, heading in (
            ("privacy", "Dina rättigheter"),
            ("accessibility", "Tillsyn"),
        ):
            assert f'href="{reverse(f"frontend:{name}")}"' in home
            page = client.get(reverse(f"frontend:{name}"))
            assert page.status_code == 200 and heading in page.content.decode()


def test_old_authtoken_keys_are_copied_hashed(participant):
    """The data migration copies rest_framework.authtoken's keys, so old scripts keep working."""
    migration = __import__(
        "accounts.migrations.0002_copy_authtoken_tokens", fromlist=["copy_old_tokens"]
    )
    key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, "
            "created timestamp with time zone)"
            if connection.vendor == "postgresql"
            else "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, "
            "created datetime)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [key, participant.pk, timezone.now() - timedelta(days=30)],
        )
    try:
        # The function only reads the editor's connection (a schema editor cannot open
        # inside the test's transaction on SQLite).
        migration.copy_old_tokens(apps, SimpleNamespace(connection=connection))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.key_hash) == (participant, "API", token_hash(key))
    assert token.created_at < timezone.now() - timedelta(days=29)
    assert token_client(key).get("/api/v1/me/").json()["email"] == participant.email
