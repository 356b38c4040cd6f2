"""Organisations, focus areas with their goals, and the people in every role."""

from __future__ import annotations

from django.db.models import Q

from accounts.links import verify_token_make
from accounts.services import email_verify
from demo.builder.state import Build
from demo.specs import ContentError
from hub.models import FocusArea, Organisation, Role, SocietalGoal
from hub.services import (
    consent_give,
    core_team_seat_add,
    focus_area_create,
    focus_area_update,
    goal_create,
    goal_update,
    organisation_create,
    organisation_update,
    profile_update,
    role_grant,
    superuser_grant,
    user_signup,
)

# One shared password for every demo account; it passes Django's password validators.
DEMO_PASSWORD = "demo-losenord-2026"  # noqa: S105 (published on purpose: demo accounts)


def build_configuration(build: Build) -> None:
    """Parties, actors, focus areas and goals, updated in place if they exist already.

    Through the configuration services the admin uses, as the hub itself (`actor=None`):
    others' content may refer to these rows, which is why they are kept, and updated, rather
    than recreated.
    """
    for spec in build.content.organisations:
        org = Organisation.objects.filter(name=spec.name).first()
        if org is None:
            org = organisation_create(actor=None, name=spec.name, kind=spec.kind)
        build.organisations[spec.key] = organisation_update(
            actor=None,
            organisation=org,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            is_party=spec.is_party,
            website=spec.website,
        )
    for order, area_spec in enumerate(build.content.focus_areas, start=1):
        area = FocusArea.objects.filter(Q(slug=area_spec.slug) | Q(name=area_spec.name)).first()
        if area is None:
            area = focus_area_create(
                actor=None,
                name=area_spec.name,
                name_en=area_spec.name_en,
                slug=area_spec.slug,
                north_star=area_spec.north_star,
                description=area_spec.description,
                order=order,
            )
        else:
            area = focus_area_update(
                actor=None,
                focus_area=area,
                name=area_spec.name,
                name_en=area_spec.name_en,
                slug=area_spec.slug,
                north_star=area_spec.north_star,
                description=area_spec.description,
                order=order,
            )
        build.focus_areas[area_spec.key] = area
        for goal_order, goal_spec in enumerate(area_spec.goals, start=1):
            goal = SocietalGoal.objects.filter(focus_area=area, title=goal_spec.title).first()
            if goal is None:
                goal = goal_create(
                    actor=None,
                    focus_area=area,
                    title=goal_spec.title,
                    title_en=goal_spec.title_en,
                    description=goal_spec.description,
                    order=goal_order,
                )
            else:
                goal = goal_update(
                    actor=None,
                    goal=goal,
                    title=goal_spec.title,
                    title_en=goal_spec.title_en,
                    description=goal_spec.description,
                    order=goal_order,
                )
            build.goals[(area_spec.key, goal_spec.key)] = goal
    build.summary.organisations = len(build.organisations)
    build.summary.focus_areas = len(build.focus_areas)
    build.summary.goals = len(build.goals)


def build_people(build: Build, *, password: str = DEMO_PASSWORD) -> None:
    """Everyone signs up and writes their profile through the account services; roles and
    Core Team seats are given through the role services, as an administrator gives them in
    the admin."""
    known_roles = {role.value for role in Role}
    for spec in build.content.people:
        where = f"people.toml: {spec.key}"
        unknown = set(spec.roles) - known_roles
        if unknown:
            raise ContentError(f"{where}: unknown roles {sorted(unknown)}")
        organisation = build.organisations[spec.organisation] if spec.organisation else None
        with build.step(where):
            user = user_signup(
                email=spec.email,
                password=password,
                display_name=spec.name,
                profile_type=spec.profile_type,
                organisation=organisation,
                client_key="demo_data",
            )
            # Demo people have verified their address, as they would have in real use.
            token = verify_token_make(user_id=user.pk, email=user.email)
            user = email_verify(actor=user, token=token)
            user = profile_update(
                actor=user,
                user=user,
                display_name=spec.name,
                profile_type=spec.profile_type,
                organisation=organisation,
                bio=spec.bio,
            )
            # Citizens and external participants are pseudonyms until they consent.
            for kind in spec.consents:
                consent_give(actor=user, user=user, kind=kind)
            if spec.superuser:
                user = superuser_grant(actor=None, user=user)
            for role in spec.roles:
                user = role_grant(actor=None, user=user, role=Role(role))
            for area_key, party_key in spec.core_team:
                core_team_seat_add(
                    actor=None,
                    user=user,
                    focus_area=build.focus_areas[area_key],
                    party=build.organisations[party_key],
                )
        build.people[spec.key] = user
    build.summary.people = len(build.people)
