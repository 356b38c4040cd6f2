"""The services the admin (and the demo build) configure the hub with: who may, what is
refused, what they write."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from common.errors import ErrorCode, ServiceError
from hub import services
from hub.models import CoreTeamMembership, FocusArea, Organisation, OrganisationKind, Role
from hub.permissions import is_administrator
from tests.factories import (
    CoreTeamMembershipFactory,
    FocusAreaFactory,
    OrganisationFactory,
    PartyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> None:
    with pytest.raises(ServiceError) as error:
        call(**kwargs)
    assert error.value.code == ErrorCode.FORBIDDEN


class TestOrganisations:
    def test_an_administrator_creates_and_changes_one(self, administrator):
        org = services.organisation_create(
            actor=administrator, name="  Västerås stad ", kind=OrganisationKind.MUNICIPALITY
        )
        assert (org.name, org.is_party) == ("Västerås stad", False)
        services.organisation_update(
            actor=administrator,
            organisation=org,
            name="Västerås stad",
            kind=OrganisationKind.MUNICIPALITY,
            short_name="VST",
            is_party=True,
        )
        org.refresh_from_db()
        assert (org.short_name, org.is_party) == ("VST", True)

    def test_no_one_else_may(self, participant, facilitator):
        for actor in (participant, facilitator):
            refused(services.organisation_create, actor=actor, name="Kapat")
        assert not Organisation.objects.exists()

    def test_bad_input_is_a_field_error(self, administrator):
        OrganisationFactory(name="Finns redan")
        with pytest.raises(ValidationError) as error:
            services.organisation_create(actor=administrator, name="Finns redan", kind="club")
        assert {"name", "kind"} <= set(error.value.message_dict)

    def test_a_party_with_core_team_seats_stays_a_party(self, administrator, core_team_member):
        party = core_team_member.core_teams.get().party
        with pytest.raises(ValidationError) as error:
            services.organisation_update(
                actor=administrator, organisation=party, name=party.name, kind=party.kind
            )
        assert "is_party" in error.value.message_dict
        party.refresh_from_db()
        assert party.is_party


class TestFocusAreasAndGoals:
    def test_an_administrator_creates_and_changes_them(self, administrator):
        area = services.focus_area_create(
            actor=administrator, name="Äldre", slug="aldre", north_star="Ett gott åldrande."
        )
        goal = services.goal_create(actor=administrator, focus_area=area, title="Mindre ensamhet")
        services.focus_area_update(
            actor=administrator,
            focus_area=area,
            name="Äldre",
            slug="aldre",
            north_star="Ett gott och långt liv.",
            order=2,
        )
        services.goal_update(actor=administrator, goal=goal, title="Ingen ofrivilligt ensam")
        area.refresh_from_db()
        goal.refresh_from_db()
        assert (area.north_star, area.order) == ("Ett gott och långt liv.", 2)
        assert (goal.title, goal.focus_area) == ("Ingen ofrivilligt ensam", area)

    def test_no_one_else_may(self, participant, focus_area, goal):
        refused(services.focus_area_create, actor=participant, name="X", slug="x", north_star="X")
        refused(services.goal_create, actor=participant, focus_area=focus_area, title="X")
        refused(services.goal_update, actor=participant, goal=goal, title="X")
        assert FocusArea.objects.count() == 1

    def test_bad_input_is_a_field_error(self, administrator, focus_area, goal):
        with pytest.raises(ValidationError) as error:
            services.focus_area_create(
                actor=administrator, name="Ny", slug=focus_area.slug, north_star=""
            )
        assert {"slug", "north_star"} <= set(error.value.message_dict)
        with pytest.raises(ValidationError):
            services.goal_create(actor=administrator, focus_area=focus_area, title=goal.title)

    def test_the_hub_itself_needs_no_actor(self):
        area = services.focus_area_create(actor=None, name="Barn", slug="barn", north_star="X")
        assert services.goal_create(actor=None, focus_area=area, title="Y").focus_area == area


class TestRoles:
    def test_an_administrator_grants_and_revokes_a_role(self, administrator, participant):
        services.role_grant(actor=administrator, user=participant, role=Role.ADMINISTRATOR)
        fresh = type(participant).objects.get(pk=participant.pk)
        assert is_administrator(fresh) and fresh.is_staff
        services.role_revoke(actor=administrator, user=participant, role=Role.ADMINISTRATOR)
        fresh = type(participant).objects.get(pk=participant.pk)
        assert not is_administrator(fresh) and not fresh.is_staff

    def test_no_one_else_may(self, participant, facilitator):
        refused(services.role_grant, actor=facilitator, user=participant, role=Role.FACILITATOR)
        assert not participant.groups.exists()

    def test_an_unknown_role_is_refused(self, administrator, participant):
        with pytest.raises(ValueError):
            services.role_grant(actor=administrator, user=participant, role="king")

    def test_an_administrator_keeps_their_own_role(self, administrator):
        with pytest.raises(ValidationError):
            services.role_revoke(actor=administrator, user=administrator, role=Role.ADMINISTRATOR)

    def test_only_a_superuser_makes_a_superuser(self, administrator, participant):
        refused(services.superuser_grant, actor=administrator, user=participant)
        boss = UserFactory(is_superuser=True, is_staff=True)
        user = services.superuser_grant(actor=boss, user=participant)
        assert user.is_superuser and user.is_staff


class TestCoreTeamSeats:
    def test_an_administrator_seats_and_unseats(self, administrator, participant, focus_area):
        party = PartyFactory(name="Mälardalens universitet")
        seat = services.core_team_seat_add(
            actor=administrator, user=participant, focus_area=focus_area, party=party
        )
        assert list(participant.core_teams.all()) == [seat]
        services.core_team_seat_remove(actor=administrator, seat=seat)
        assert not CoreTeamMembership.objects.exists()

    def test_no_one_else_may(self, participant, facilitator, focus_area, party):
        refused(
            services.core_team_seat_add,
            actor=facilitator,
            user=participant,
            focus_area=focus_area,
            party=party,
        )
        seat = CoreTeamMembershipFactory()
        refused(services.core_team_seat_remove, actor=facilitator, seat=seat)
        assert CoreTeamMembership.objects.count() == 1

    def test_one_seat_per_area_and_only_for_a_party(self, administrator, participant, focus_area):
        party = PartyFactory(name="Region")
        services.core_team_seat_add(
            actor=administrator, user=participant, focus_area=focus_area, party=party
        )
        with pytest.raises(ValidationError) as error:
            services.core_team_seat_add(
                actor=administrator, user=participant, focus_area=focus_area, party=party
            )
        assert "user" in error.value.message_dict
        other_area = FocusAreaFactory(name="Äldre", slug="aldre")
        with pytest.raises(ValidationError) as error:
            services.core_team_seat_add(
                actor=administrator,
                user=participant,
                focus_area=other_area,
                party=OrganisationFactory(is_party=False),
            )
        assert "party" in error.value.message_dict
        assert CoreTeamMembership.objects.count() == 1
