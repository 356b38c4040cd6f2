"""Organisations, focus areas with their goals, and the people in every role."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Q

from demo.builder.state import Build
from demo.specs import ContentError
from hub.models import CoreTeamMembership, FocusArea, Organisation, Role, SocietalGoal
from hub.services import profile_update, user_signup

# One shared password for every demo account; it passes Django's password validators.
DEMO_PASSWORD = "demo-losenord-2026"  # noqa: S105 (published on purpose: demo accounts)


def build_configuration(build: Build) -> None:
    """Parties, actors, focus areas and goals, updated in place if they exist already.

    Administrators configure these in the admin. There are no services for them yet, so the
    demo writes them the way the admin does today; others' content may refer to them, which
    is why they are kept, and updated, rather than recreated.
    """
    for spec in build.content.organisations:
        org, _created = Organisation.objects.update_or_create(
            name=spec.name,
            defaults={
                "short_name": spec.short_name,
                "kind": spec.kind,
                "is_party": spec.is_party,
                "website": spec.website,
            },
        )
        build.organisations[spec.key] = org
    for order, area_spec in enumerate(build.content.focus_areas, start=1):
        area = FocusArea.objects.filter(Q(slug=area_spec.slug) | Q(name=area_spec.name)).first()
        area = area or FocusArea()
        area.name, area.slug, area.order = area_spec.name, area_spec.slug, order
        area.north_star, area.description = area_spec.north_star, area_spec.description
        area.save()
        build.focus_areas[area_spec.key] = area
        for goal_order, goal_spec in enumerate(area_spec.goals, start=1):
            goal, _created = SocietalGoal.objects.update_or_create(
                focus_area=area,
                title=goal_spec.title,
                defaults={"description": goal_spec.description, "order": goal_order},
            )
            build.goals[(area_spec.key, goal_spec.key)] = goal
    build.summary.organisations = len(build.organisations)
    build.summary.focus_areas = len(build.focus_areas)
    build.summary.goals = len(build.goals)


def build_people(build: Build, *, password: str = DEMO_PASSWORD) -> None:
    """Everyone signs up and writes their profile through the account services; roles and
    Core Team seats are given as an administrator gives them in the admin (no service yet)."""
    groups = {role.value: Group.objects.get(name=role.value) for role in Role}
    for spec in build.content.people:
        where = f"people.toml: {spec.key}"
        unknown = set(spec.roles) - set(groups)
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
            user = profile_update(
                actor=user,
                user=user,
                display_name=spec.name,
                profile_type=spec.profile_type,
                organisation=organisation,
                bio=spec.bio,
            )
        user.is_staff = spec.superuser or Role.ADMINISTRATOR.value in spec.roles
        user.is_superuser = spec.superuser
        user.save(update_fields=["is_staff", "is_superuser"])
        user.groups.add(*(groups[role] for role in spec.roles))
        for area_key, party_key in spec.core_team:
            CoreTeamMembership.objects.create(
                user=user,
                focus_area=build.focus_areas[area_key],
                party=build.organisations[party_key],
            )
        build.people[spec.key] = user
    build.summary.people = len(build.people)
