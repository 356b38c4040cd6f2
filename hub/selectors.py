"""Reads of the hub core."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from common.ids import parse_id
from hub.models import (
    Consent,
    CoreTeamMembership,
    FocusArea,
    Notification,
    Organisation,
    SocietalGoal,
    User,
)


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.all()


def focus_area_list() -> QuerySet[FocusArea]:
    return FocusArea.objects.prefetch_related(
        Prefetch("goals", queryset=SocietalGoal.objects.order_by("order", "pk"))
    )


def focus_area_named(value: str) -> FocusArea | None:
    """The focus area a client names by its slug or its id, if there is one."""
    lookup = Q(slug=value)
    if (pk := parse_id(value)) is not None:
        lookup |= Q(pk=pk)
    return focus_area_list().filter(lookup).first()


def goal_list(*, focus_area: FocusArea | None = None) -> QuerySet[SocietalGoal]:
    goals = SocietalGoal.objects.select_related("focus_area")
    if focus_area is not None:
        goals = goals.filter(focus_area=focus_area)
    return goals


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor")


def navigation_facts(*, user: User) -> dict[str, object]:
    """What every page's menu needs about a signed-in person, in one query: the unread
    notification count and whether they sit on a Core Team."""
    facts = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread=Count("notifications", filter=Q(notifications__read_at__isnull=True)),
            on_core_team=Exists(CoreTeamMembership.objects.filter(user=OuterRef("pk"))),
        )
        .values("unread", "on_core_team")
        .first()
    )
    return dict(facts) if facts else {"unread": 0, "on_core_team": False}


def consent_history(*, user: User) -> QuerySet[Consent]:
    """Every consent the person gave, newest first, withdrawn ones too."""
    return Consent.objects.filter(user=user).order_by("-given_at", "-pk")
