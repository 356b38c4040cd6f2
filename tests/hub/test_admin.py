"""The hub's admin writes through the services, or only reads."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from hub import services
from hub.models import CoreTeamMembership, Notification, Organisation, OrganisationKind, Role
from tests.factories import CoreTeamMembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model",
    ["organisation", "focusarea", "societalgoal", "coreteammembership", "user", "notification"],
)
def test_changelists_open(superuser_client, model, core_team_member):
    response = superuser_client.get(reverse(f"admin:hub_{model}_changelist"))
    assert response.status_code == 200


def test_adding_an_organisation_goes_through_the_service(superuser_client):
    form = {"name": "  Eskilstuna kommun ", "kind": OrganisationKind.MUNICIPALITY, "website": ""}
    with mock.patch.object(
        services, "organisation_create", wraps=services.organisation_create
    ) as create:
        response = superuser_client.post(reverse("admin:hub_organisation_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert create.called
    assert Organisation.objects.get().name == "Eskilstuna kommun"


def test_organisations_are_not_deleted_here(superuser_client):
    org = OrganisationFactory()
    response = superuser_client.post(
        reverse("admin:hub_organisation_delete", args=[org.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Organisation.objects.filter(pk=org.pk).exists()


def test_seats_are_given_and_taken_back_through_the_services(
    superuser_client, participant, focus_area, party
):
    form = {"user": participant.pk, "focus_area": focus_area.pk, "party": party.pk}
    with mock.patch.object(
        services, "core_team_seat_add", wraps=services.core_team_seat_add
    ) as add:
        response = superuser_client.post(reverse("admin:hub_coreteammembership_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert add.called
    seat = CoreTeamMembership.objects.get()
    with mock.patch.object(
        services, "core_team_seat_remove", wraps=services.core_team_seat_remove
    ) as remove:
        response = superuser_client.post(
            reverse("admin:hub_coreteammembership_changelist"),
            {"action": "delete_selected", "_selected_action": [seat.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert remove.called
    assert not CoreTeamMembership.objects.exists()


def test_roles_are_given_as_actions(superuser_client, participant):
    with mock.patch.object(services, "role_grant", wraps=services.role_grant) as grant:
        response = superuser_client.post(
            reverse("admin:hub_user_changelist"),
            {"action": f"grant_{Role.FACILITATOR.value}", "_selected_action": [participant.pk]},
        )
    assert response.status_code == 302
    assert grant.called
    assert participant.groups.filter(name=Role.FACILITATOR.value).exists()


def test_a_person_is_not_edited_behind_their_back(superuser_client, participant):
    url = reverse("admin:hub_user_change", args=[participant.pk])
    form = {"display_name": "Kapat", "is_superuser": "on"}
    superuser_client.post(url, form)
    participant.refresh_from_db()
    assert (participant.display_name, participant.is_superuser) == ("Per Deltagare", False)


def test_notifications_are_only_read(superuser_client, author):
    response = superuser_client.get(reverse("admin:hub_notification_add"))
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_inline_seats_go_through_the_services(superuser_client, focus_area, party, participant):
    seat = CoreTeamMembershipFactory(focus_area=focus_area, party=party)
    url = reverse("admin:hub_focusarea_change", args=[focus_area.pk])
    form = {
        "name": focus_area.name,
        "slug": focus_area.slug,
        "north_star": focus_area.north_star,
        "description": "",
        "order": 0,
        "goals-TOTAL_FORMS": 0,
        "goals-INITIAL_FORMS": 0,
        "core_team-TOTAL_FORMS": 2,
        "core_team-INITIAL_FORMS": 1,
        "core_team-0-id": seat.pk,
        "core_team-0-focus_area": focus_area.pk,
        "core_team-0-user": seat.user.pk,
        "core_team-0-party": party.pk,
        "core_team-0-DELETE": "on",
        "core_team-1-focus_area": focus_area.pk,
        "core_team-1-user": participant.pk,
        "core_team-1-party": party.pk,
    }
    with mock.patch.object(
        services, "core_team_seat_remove", wraps=services.core_team_seat_remove
    ) as remove:
        response = superuser_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert remove.called
    assert [s.user for s in CoreTeamMembership.objects.all()] == [participant]
