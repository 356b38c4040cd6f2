"""Administrators' access to personal data is logged (the people list, a person's page,
exports, erasure on request) and only administrators read the log, which nobody edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.models import AccessKind, PersonalDataAccess, Role, User
from privacy.models import DataExport
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "inez.invanare@example.org"


@pytest.fixture
def person(db) -> User:
    return UserFactory(display_name="Inez Invånare", email=EMAIL)


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True, display_name="Ada Admin")
    client.force_login(admin)
    client.admin = admin
    return client


def entries() -> list[tuple[str, int | None, int | None]]:
    return list(
        PersonalDataAccess.objects.order_by("pk").values_list("kind", "actor_id", "person_id")
    )


def test_a_persons_page_and_the_list_are_logged(admin_client, person, caplog):
    caplog.set_level("INFO")
    assert admin_client.get(reverse("admin:hub_user_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:hub_user_change", args=[person.pk]))
    assert page.status_code == 200
    admin = admin_client.admin.pk
    assert entries() == [
        (AccessKind.PERSON_LIST, admin, None),
        (AccessKind.PERSON_VIEWED, admin, person.pk),
    ]
    assert PersonalDataAccess.objects.order_by("pk").last().path.endswith(f"/{person.pk}/change/")
    assert EMAIL not in caplog.text and "Inez" not in caplog.text


def test_a_missing_person_is_not_logged(admin_client):
    admin_client.get(reverse("admin:hub_user_change", args=[999999]))
    assert entries() == []


def test_exports_in_the_admin_are_logged(admin_client, person):
    export = DataExport.objects.create(user=person)
    assert admin_client.get(reverse("admin:privacy_dataexport_changelist")).status_code == 200
    assert (
        admin_client.get(reverse("admin:privacy_dataexport_change", args=[export.pk])).status_code
        == 200
    )
    assert [kind for kind, _a, _p in entries()] == [
        AccessKind.EXPORT_LIST,
        AccessKind.EXPORT_VIEWED,
    ]
    assert entries()[1][2] == person.pk


def test_erasure_on_request_is_logged_and_the_log_outlives_it(admin_client, person):
    url = reverse("admin:hub_user_changelist")
    chosen = {"action": "erase_on_request", "_selected_action": [person.pk]}
    admin_client.post(url, chosen)
    admin_client.post(url, {**chosen, "confirm": "yes"})
    assert User.objects.get(pk=person.pk).erased_at is not None
    kinds = [kind for kind, _a, who in entries() if who == person.pk]
    assert kinds == [AccessKind.ERASURE_REVIEWED, AccessKind.ERASED_ON_REQUEST]


def test_only_administrators_read_the_log_and_nobody_edits_it(client, admin_client, person):
    admin_client.get(reverse("admin:hub_user_change", args=[person.pk]))
    listing = reverse("admin:hub_personaldataaccess_changelist")
    assert admin_client.get(listing).status_code == 200
    entry = PersonalDataAccess.objects.get()
    change = reverse("admin:hub_personaldataaccess_change", args=[entry.pk])
    assert admin_client.post(change, {"kind": "person_list"}).status_code == 403
    assert admin_client.get(reverse("admin:hub_personaldataaccess_add")).status_code == 403
    delete = reverse("admin:hub_personaldataaccess_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert PersonalDataAccess.objects.count() == 1

    staff_facilitator = UserFactory(is_staff=True, roles=[Role.FACILITATOR])
    client.force_login(staff_facilitator)
    assert client.get(listing).status_code == 403
    role_admin = UserFactory(is_staff=True, roles=[Role.ADMINISTRATOR])
    client.force_login(role_admin)
    assert client.get(listing).status_code == 200


def test_the_person_finds_the_accesses_in_their_export(admin_client, person):
    from common import personal_data as pd

    admin_client.get(reverse("admin:hub_user_change", args=[person.pk]))
    registration = next(r for r in pd.registrations() if r.model is PersonalDataAccess)
    rows = registration.rows_of(person)
    assert rows.count() == 1
