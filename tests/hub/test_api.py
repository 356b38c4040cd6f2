"""The hub core's API: the signed-in person, tokens, sign-up, reference data, notifications,
and the one error format every endpoint answers with."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.middleware.csrf import _get_new_csrf_string
from django.test import override_settings
from rest_framework import exceptions
from rest_framework.test import APIClient

from accounts.models import ApiToken, token_hash
from common.api_errors import exception_handler
from common.errors import ErrorCode, ServiceError
from hub.models import Notification, OrganisationKind, Role, User
from tests.factories import (
    PASSWORD,
    FocusAreaFactory,
    OrganisationFactory,
    PartyFactory,
    SocietalGoalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> APIClient:
    return APIClient()


@pytest.fixture
def login():
    def make(user) -> APIClient:
        api = APIClient()
        api.force_login(user)
        return api

    return make


# --- The error format -----------------------------------------------------------------------


class TestExceptionHandler:
    def test_service_error_keeps_code_status_and_detail(self):
        response = exception_handler(
            ServiceError(ErrorCode.INVALID_TRANSITION, current="draft", to="promoted"), {}
        )

        assert response.status_code == 409
        assert response.data["code"] == "invalid_transition"
        assert response.data["detail"]
        assert (response.data["current"], response.data["to"]) == ("draft", "promoted")

    def test_extra_data_cannot_overwrite_the_message(self):
        response = exception_handler(ServiceError(ErrorCode.FORBIDDEN, detail="other"), {})
        assert (response.status_code, response.data["code"]) == (403, "forbidden")
        assert response.data["detail"] != "other"

    def test_rate_limited_says_when_to_retry(self):
        response = exception_handler(ServiceError(ErrorCode.RATE_LIMITED, retry_after=42), {})

        assert response.status_code == 429
        assert response["Retry-After"] == "42"
        assert response.data["retry_after"] == 42

    def test_django_validation_error_per_field_and_whole(self):
        exc = DjangoValidationError({"title": ["Tom."], "__all__": ["Krock."]})

        response = exception_handler(exc, {})

        assert response.status_code == 400
        assert response.data["code"] == "invalid"
        assert response.data["errors"] == {"title": ["Tom."], "non_field_errors": ["Krock."]}

    def test_django_validation_error_without_fields(self):
        response = exception_handler(DjangoValidationError("Nej."), {})
        assert response.data["errors"] == {"non_field_errors": ["Nej."]}

    def test_drf_validation_error_is_flattened(self):
        exc = exceptions.ValidationError(
            {"tags": {1: ["För lång."]}, "goals": ["Okänd."], "non_field_errors": ["Hela."]}
        )

        response = exception_handler(exc, {})

        assert response.status_code == 400
        assert response.data["errors"] == {
            "tags.1": ["För lång."],
            "goals": ["Okänd."],
            "non_field_errors": ["Hela."],
        }

    def test_http404(self):
        response = exception_handler(Http404(), {})
        assert (response.status_code, response.data["code"]) == (404, "not_found")

    def test_other_drf_errors_get_a_code(self):
        response = exception_handler(exceptions.MethodNotAllowed("PUT"), {})
        assert (response.status_code, response.data["code"]) == (405, "method_not_allowed")

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_a_too_large_body_is_413_in_json(self, login, participant):
        response = login(participant).patch("/api/v1/me/", {"bio": "x" * 2000}, format="json")
        assert (response.status_code, response.json()["code"]) == (413, "too_large")

    def test_unknown_errors_are_left_to_the_server(self):
        assert exception_handler(RuntimeError("boom"), {}) is None

    def test_method_not_allowed_through_the_stack(self, login, participant):
        response = login(participant).put("/api/v1/organisations/", {})
        assert (response.status_code, response.json()["code"]) == (405, "method_not_allowed")


# --- Me ---------------------------------------------------------------------------------------


class TestMe:
    def test_anonymous(self, client):
        response = client.get("/api/v1/me/")
        assert (response.status_code, response.json()["code"]) == (403, "not_authenticated")

    def test_read(self, login, facilitator, party):
        facilitator.organisation = party
        facilitator.save()

        body = login(facilitator).get("/api/v1/me/").json()

        assert body["display_name"] == "Fia Processtöd"
        assert body["email"] == facilitator.email
        assert body["organisation"]["name"] == "Västerås stad"
        assert body["organisation"]["is_party"] is True
        assert body["roles"] == [Role.FACILITATOR.value]
        assert "password" not in body

    def test_partial_update_through_the_service(self, login, participant, party):
        participant.bio = "Kvar"
        participant.save()

        response = login(participant).patch(
            "/api/v1/me/",
            {"display_name": "Per Nytt", "organisation": party.pk, "profile_type": "researcher"},
            format="json",
        )

        assert response.status_code == 200, response.json()
        participant.refresh_from_db()
        assert participant.display_name == "Per Nytt"
        assert participant.organisation == party
        assert participant.profile_type == "researcher"
        assert participant.bio == "Kvar"

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"display_name": ""}, "display_name"),
            ({"organisation": 99999}, "organisation"),
            ({"profile_type": "astronaut"}, "profile_type"),
            ({"bio": "x" * 2001}, "bio"),
        ],
    )
    def test_bad_input(self, login, participant, data, field):
        response = login(participant).patch("/api/v1/me/", data, format="json")

        assert response.status_code == 400
        assert list(response.json()["errors"]) == [field]
        participant.refresh_from_db()
        assert participant.display_name == "Per Deltagare"

    def test_session_writes_need_the_csrf_token(self, participant):
        api = APIClient(enforce_csrf_checks=True)
        api.force_login(participant)

        refused = api.patch("/api/v1/me/", {"bio": "Ny"}, format="json")
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")

        secret = _get_new_csrf_string()
        api.cookies["csrftoken"] = secret
        accepted = api.patch("/api/v1/me/", {"bio": "Ny"}, format="json", HTTP_X_CSRFTOKEN=secret)
        assert accepted.status_code == 200
        # Reads need no token.
        assert api.get("/api/v1/me/").status_code == 200


# --- Tokens and sign-up ----------------------------------------------------------------------


class TestToken:
    def test_email_and_password_give_a_token_that_authenticates(self, client, participant):
        response = client.post(
            "/api/v1/auth/token/",
            {"email": participant.email.upper(), "password": PASSWORD},
            format="json",
        )

        assert response.status_code == 200
        token = response.json()["token"]
        stored = ApiToken.objects.get(user=participant)
        assert (stored.name, stored.key_hash) == ("API", token_hash(token))
        # Each exchange makes a new named token; only hashes are stored, so none is shown twice.
        again = client.post(
            "/api/v1/auth/token/", {"email": participant.email, "password": PASSWORD}
        )
        assert again.json()["token"] != token
        assert ApiToken.objects.filter(user=participant).count() == 2

        api = APIClient(enforce_csrf_checks=True)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/me/").json()["email"] == participant.email
        # Token requests are not subject to CSRF: no cookie is involved.
        assert api.patch("/api/v1/me/", {"bio": "Via token"}, format="json").status_code == 200

    def test_wrong_password(self, client, participant):
        response = client.post(
            "/api/v1/auth/token/", {"email": participant.email, "password": "fel"}
        )

        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["non_field_errors"]
        assert not ApiToken.objects.exists()

    def test_inactive_people_get_no_token(self, client):
        user = UserFactory(is_active=False)
        response = client.post("/api/v1/auth/token/", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 400

    def test_missing_fields(self, client):
        response = client.post("/api/v1/auth/token/", {}, format="json")
        assert set(response.json()["errors"]) == {"email", "password"}

    @override_settings(RATE_LIMITS={"login": (3, 600)})
    def test_attempts_are_rate_limited_per_client_address(self, client, participant):
        for _n in range(3):
            client.post("/api/v1/auth/token/", {"email": participant.email, "password": "fel"})

        response = client.post(
            "/api/v1/auth/token/", {"email": participant.email, "password": PASSWORD}
        )

        assert response.status_code == 429
        assert response.json()["code"] == "rate_limited"
        assert int(response["Retry-After"]) >= 1
        other_address = client.post(
            "/api/v1/auth/token/",
            {"email": participant.email, "password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
        )
        assert other_address.status_code == 200


class TestSignup:
    def test_creates_an_account(self, client, party):
        response = client.post(
            "/api/v1/auth/signup/",
            {
                "email": "Ny.Person@Example.org",
                "password": "ett-riktigt-bra-lösen",
                "display_name": "Ny Person",
                "profile_type": "student",
                "organisation": party.pk,
            },
            format="json",
        )

        assert response.status_code == 201, response.json()
        assert response.json()["email"] == "ny.person@example.org"
        user = User.objects.get(email="ny.person@example.org")
        assert user.check_password("ett-riktigt-bra-lösen")
        assert user.organisation == party

    def test_bad_input(self, client, participant):
        response = client.post(
            "/api/v1/auth/signup/",
            {"email": participant.email, "password": "123", "display_name": "X"},
            format="json",
        )

        assert response.status_code == 400
        assert {"email", "password"} <= response.json()["errors"].keys()
        assert User.objects.count() == 1

    @override_settings(RATE_LIMITS={"signup": (1, 3600)})
    def test_rate_limited(self, client):
        data = {"email": "a@example.org", "password": "ett-riktigt-bra-lösen", "display_name": "A"}
        assert client.post("/api/v1/auth/signup/", data).status_code == 201

        response = client.post("/api/v1/auth/signup/", {**data, "email": "b@example.org"})

        assert response.status_code == 429
        assert not User.objects.filter(email="b@example.org").exists()


# --- Reference data ---------------------------------------------------------------------------


class TestOrganisations:
    def test_list_and_filters(self, client):
        PartyFactory(name="Västerås stad")
        PartyFactory(name="Mälardalens universitet", kind=OrganisationKind.UNIVERSITY)
        OrganisationFactory(name="Region Västmanland", kind=OrganisationKind.REGION)

        def names(**params) -> list[str]:
            response = client.get("/api/v1/organisations/", params)
            assert response.status_code == 200, response.json()
            return [item["name"] for item in response.json()["results"]]

        # Parties first, then by name.
        assert names() == ["Mälardalens universitet", "Västerås stad", "Region Västmanland"]
        assert names(is_party="true") == ["Mälardalens universitet", "Västerås stad"]
        assert names(is_party="false") == ["Region Västmanland"]
        assert names(kind="university") == ["Mälardalens universitet"]
        item = client.get("/api/v1/organisations/", {"kind": "region"}).json()["results"][0]
        assert (item["kind"], item["kind_label"]) == ("region", "Region")

    def test_bad_filter(self, client):
        response = client.get("/api/v1/organisations/", {"kind": "club"})
        assert (response.status_code, list(response.json()["errors"])) == (400, ["kind"])

    def test_a_boolean_that_is_neither_is_a_400(self, client):
        response = client.get("/api/v1/organisations/", {"is_party": "kanske"})
        assert (response.status_code, list(response.json()["errors"])) == (400, ["is_party"])

    def test_read_only(self, login, administrator):
        response = login(administrator).post("/api/v1/organisations/", {"name": "X"})
        assert response.status_code == 405

    @pytest.mark.parametrize("rows", [5, 50])
    def test_query_count_does_not_grow_with_rows(self, rows, client, django_assert_num_queries):
        OrganisationFactory.create_batch(rows)
        with django_assert_num_queries(2):  # count, page
            response = client.get("/api/v1/organisations/", {"page_size": 100})
        assert len(response.json()["results"]) == rows


class TestFocusAreasAndGoals:
    def test_focus_areas_with_their_goals(self, client, focus_area, goal):
        SocietalGoalFactory(focus_area=focus_area, title="Alla känner sig trygga", order=1)

        body = client.get("/api/v1/focus-areas/").json()

        area = body["results"][0]
        assert (area["slug"], area["north_star"]) == ("barn-och-unga", "Alla lyckas.")
        assert [g["title"] for g in area["goals"]] == [
            "Fler elever klarar skolan",
            "Alla känner sig trygga",
        ]

    @pytest.mark.parametrize("rows", [5, 50])
    def test_query_count_does_not_grow_with_rows(self, rows, client, django_assert_num_queries):
        for area in FocusAreaFactory.create_batch(rows):
            SocietalGoalFactory.create_batch(2, focus_area=area)
        with django_assert_num_queries(3):  # count, page, goals
            response = client.get("/api/v1/focus-areas/", {"page_size": 100})
        assert len(response.json()["results"]) == rows

    def test_goals_filtered_by_focus_area_slug_or_id(self, client, goal, other_focus_area):
        SocietalGoalFactory(focus_area=other_focus_area, title="Äldre lever självständigt")

        def titles(**params) -> list[str]:
            response = client.get("/api/v1/goals/", params)
            assert response.status_code == 200, response.json()
            return [item["title"] for item in response.json()["results"]]

        assert len(titles()) == 2
        assert titles(focus_area="barn-och-unga") == ["Fler elever klarar skolan"]
        assert titles(focus_area=str(other_focus_area.pk)) == ["Äldre lever självständigt"]
        item = client.get("/api/v1/goals/", {"focus_area": "aldre"}).json()["results"][0]
        assert item["focus_area"]["slug"] == "aldre"

    def test_unknown_focus_area(self, client):
        response = client.get("/api/v1/goals/", {"focus_area": "nowhere"})
        assert (response.status_code, list(response.json()["errors"])) == (400, ["focus_area"])


# --- Notifications ----------------------------------------------------------------------------


class TestNotifications:
    @pytest.fixture
    def notifications(self, participant, facilitator):
        older = Notification.objects.create(
            recipient=participant,
            actor=facilitator,
            kind="idea.comment",
            data={"who": "Fia", "title": "Läxhjälp"},
            target_url="/ideer/1/",
        )
        newer = Notification.objects.create(recipient=participant, kind="unknown.kind")
        Notification.objects.create(recipient=facilitator, kind="idea.comment")
        return older, newer

    def test_own_notifications_newest_first(self, login, participant, notifications):
        older, newer = notifications

        body = login(participant).get("/api/v1/notifications/").json()

        assert [item["id"] for item in body["results"]] == [newer.pk, older.pk]
        item = body["results"][1]
        assert item["message"] == "Fia kommenterade ”Läxhjälp”."
        assert (item["url"], item["actor_name"], item["read_at"]) == (
            "/ideer/1/",
            "Fia Processtöd",
            None,
        )
        assert body["results"][0]["actor_name"] is None

    def test_mark_some_or_all_read(self, login, participant, notifications):
        older, _newer = notifications
        api = login(participant)

        assert api.post("/api/v1/notifications/mark-read/", {"ids": [older.pk]}).json() == {
            "marked": 1
        }
        unread = api.get("/api/v1/notifications/", {"unread": "true"}).json()
        assert unread["count"] == 1
        assert api.get("/api/v1/notifications/", {"unread": "false"}).json()["count"] == 1

        assert api.post("/api/v1/notifications/mark-read/", {}, format="json").json() == {
            "marked": 1
        }
        assert Notification.objects.filter(read_at__isnull=True).count() == 1  # not ours

    def test_bad_ids(self, login, participant):
        response = login(participant).post(
            "/api/v1/notifications/mark-read/", {"ids": ["x"]}, format="json"
        )
        assert (response.status_code, list(response.json()["errors"])) == (400, ["ids.0"])

    def test_anonymous(self, client):
        assert client.get("/api/v1/notifications/").status_code == 403
        assert client.post("/api/v1/notifications/mark-read/").status_code == 403
